package sidecar

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/builderapi"
)

type lostAt time.Time

func (l lostAt) BeaconLost() time.Time { return time.Time(l) }

// TestRegisteredSince promises every slot while the beacon node was never
// lost, and after it was, only the slots of validators whose registration the
// beacon node sent again since, or every slot once it asked for a header.
func TestRegisteredSince(t *testing.T) {
	regs := builderapi.NewRegistrations()
	srv := builderapi.New(nil, prometheus.NewRegistry(), slog.New(slog.DiscardHandler), builderapi.WithRegistrations(regs))
	register := func(pk [48]byte, ts string) {
		t.Helper()
		body := `[{"message":{"fee_recipient":"0x00000000000000000000000000000000000000fe","gas_limit":"36000000","timestamp":"` + ts + `","pubkey":"` + hexutil.Encode(pk[:]) + `"},"signature":"0x` + strings.Repeat("ab", 96) + `"}]`
		resp := httptest.NewRecorder()
		srv.Handler().ServeHTTP(resp, httptest.NewRequest(http.MethodPost, "/eth/v1/builder/validators", strings.NewReader(body)))
		if resp.Code != 200 {
			t.Fatalf("registration: %d %s", resp.Code, resp.Body)
		}
	}
	a, b := preconf.Duty{Slot: 40, ValidatorIndex: 1, Pubkey: preconf.BLSPubkey{1}}, preconf.Duty{Slot: 41, ValidatorIndex: 2, Pubkey: preconf.BLSPubkey{2}}
	register(a.Pubkey, "9")
	register(b.Pubkey, "9")
	if err := registeredSince(lostAt{}, regs, a); err != nil {
		t.Fatalf("never lost: %v", err)
	}
	lost := time.Now()
	for !time.Now().After(lost) { // the registrations below come strictly after
		time.Sleep(time.Millisecond)
	}
	if err := registeredSince(lostAt(lost), regs, a); err == nil || !strings.Contains(err.Error(), "validator 1") {
		t.Fatalf("lost, registered only before: %v", err)
	}
	register(a.Pubkey, "9") // the same registration sent again
	if err := registeredSince(lostAt(lost), regs, a); err != nil {
		t.Fatalf("registered again after the loss: %v", err)
	}
	if err := registeredSince(lostAt(lost), regs, b); err == nil {
		t.Fatal("validator 2 was not registered again")
	}
	register(b.Pubkey, "8") // an older registration sent again: the beacon node holds one
	if err := registeredSince(lostAt(lost), regs, b); err != nil {
		t.Fatalf("older registration sent again: %v", err)
	}
	if r, _ := regs.Get(b.Pubkey); r.Timestamp != 9 {
		t.Fatalf("the older registration replaced the newer: %+v", r)
	}
	unknown := preconf.Duty{Slot: 42, ValidatorIndex: 3, Pubkey: preconf.BLSPubkey{3}}
	if err := registeredSince(lostAt(lost), regs, unknown); err == nil {
		t.Fatal("a validator never registered, after the loss")
	}
	// A header request after the loss: the beacon node holds its registrations again.
	resp := httptest.NewRecorder()
	path := "/eth/v1/builder/header/42/0x" + strings.Repeat("11", 32) + "/" + hexutil.Encode(unknown.Pubkey[:])
	srv.Handler().ServeHTTP(resp, httptest.NewRequest(http.MethodGet, path, nil))
	if resp.Code != http.StatusNoContent {
		t.Fatalf("header: %d %s", resp.Code, resp.Body)
	}
	if err := registeredSince(lostAt(lost), regs, unknown); err != nil {
		t.Fatalf("after a header request: %v", err)
	}
	if err := registeredSince(lostAt(time.Now().Add(time.Hour)), regs, unknown); err == nil {
		t.Fatal("a header request before the loss counted")
	}
}
