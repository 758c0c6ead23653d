package builderapi

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/relay"
)

func TestChoose(t *testing.T) {
	c := func(src string, v int64, local bool) *Candidate {
		return &Candidate{Source: src, Value: big.NewInt(v), Local: local}
	}
	tests := []struct {
		name  string
		cands []*Candidate
		want  string
	}{
		{"none", nil, ""},
		{"nil skipped", []*Candidate{nil, {Source: "novalue"}}, ""},
		{"highest", []*Candidate{c("a", 1, false), c("b", 3, false), c("local", 2, true)}, "b"},
		{"local on tie", []*Candidate{c("a", 3, false), c("local", 3, true), c("b", 3, false)}, "local"},
		{"first relay on relay tie", []*Candidate{c("a", 3, false), c("b", 3, false)}, "a"},
		{"local alone", []*Candidate{c("local", 0, true)}, "local"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Choose(tt.cands)
			if (got == nil) != (tt.want == "") || (got != nil && got.Source != tt.want) {
				t.Fatalf("Choose = %+v, want %q", got, tt.want)
			}
		})
	}
}

func TestRegistrationsLatestPerPubkey(t *testing.T) {
	reg := func(pk byte, fee byte, gas, ts uint64) string {
		return fmt.Sprintf(`{"message":{"fee_recipient":"0x%040x","gas_limit":"%d","timestamp":"%d","pubkey":"0x%096x"},"signature":"0x%s"}`,
			fee, gas, ts, pk, strings.Repeat("ab", 96))
	}
	hs, r := newLocalServer(t, nil, nil)
	for _, body := range []string{
		"[" + reg(1, 0xa, 30_000_000, 5) + "," + reg(2, 0xb, 36_000_000, 5) + "]",
		"[" + reg(1, 0xc, 60_000_000, 7) + "]", // newer: replaces
		"[" + reg(2, 0xd, 1, 4) + "]",          // older: ignored
	} {
		if resp, b := do(t, http.MethodPost, hs.URL+"/eth/v1/builder/validators", contentJSON, body); resp.StatusCode != 200 {
			t.Fatalf("validators: %d %s", resp.StatusCode, b)
		}
	}
	// SSZ: validator 3.
	ssz := make([]byte, sszRegistrationSize)
	ssz[19] = 0xe
	binary.LittleEndian.PutUint64(ssz[20:], 45_000_000)
	binary.LittleEndian.PutUint64(ssz[28:], 9)
	ssz[83] = 3
	if resp, b := do(t, http.MethodPost, hs.URL+"/eth/v1/builder/validators", contentSSZ, string(ssz)); resp.StatusCode != 200 {
		t.Fatalf("validators ssz: %d %s", resp.StatusCode, b)
	}
	for _, tt := range []struct {
		pk  byte
		fee byte
		gas uint64
	}{{1, 0xc, 60_000_000}, {2, 0xb, 36_000_000}, {3, 0xe, 45_000_000}} {
		var pk [48]byte
		pk[47] = tt.pk
		got, ok := r.Get(pk)
		if !ok || got.FeeRecipient != common.BytesToAddress([]byte{tt.fee}) || got.GasLimit != tt.gas {
			t.Errorf("validator %d: %+v %v, want fee 0x%x gas %d", tt.pk, got, ok, tt.fee, tt.gas)
		}
	}
	if r.Len() != 3 {
		t.Errorf("Len = %d, want 3", r.Len())
	}
	// A bad body changes nothing.
	if resp, _ := do(t, http.MethodPost, hs.URL+"/eth/v1/builder/validators", contentJSON, "["+strings.Replace(reg(4, 1, 1, 1), `"gas_limit":"1"`, `"gas_limit":"0x1"`, 1)+"]"); resp.StatusCode != 400 || r.Len() != 3 {
		t.Errorf("bad gas_limit: code %d, Len %d", resp.StatusCode, r.Len())
	}
}

// fakeLocal is a LocalBlock with a fixed bid that owns blinded blocks whose
// body contains "ours".
type fakeLocal struct {
	bid      *Candidate
	err      error
	notReady error
	unblinds []string
}

func (f *fakeLocal) Ready() error { return f.notReady }

func (f *fakeLocal) Bid(context.Context, HeaderRequest) (*Candidate, error) { return f.bid, f.err }

func (f *fakeLocal) Unblind(_ context.Context, version string, body []byte, _ string) ([]byte, error) {
	if !strings.Contains(string(body), "ours") {
		return nil, ErrNotOurs
	}
	if strings.Contains(string(body), "swapped") {
		return nil, fmt.Errorf("%w: header is not the one we bid", ErrBadRequest)
	}
	f.unblinds = append(f.unblinds, version)
	return []byte(`{"version":"fulu","data":"full"}`), nil
}

// refuseAll is a BidChecker refusing every relay bid.
type refuseAll struct{}

func (refuseAll) CheckBid(context.Context, HeaderRequest, Relay, *relay.Response) (*big.Int, error) {
	return nil, errors.New("no inclusion proofs")
}

func newLocalServer(t *testing.T, local LocalBlock, checker BidChecker, fakes ...*fakeRelay) (*httptest.Server, *Registrations) {
	t.Helper()
	relays := relayClients(t, fakes...)
	opts := []Option{}
	if local != nil {
		opts = append(opts, WithLocalBlock(local))
	}
	if checker != nil {
		opts = append(opts, WithBidChecker(checker))
	}
	s := New(relays, prometheus.NewRegistry(), slog.New(slog.DiscardHandler), opts...)
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return hs, s.Registrations()
}

func TestHeaderWithLocalBlock(t *testing.T) {
	relayBid := func(v string) string { return `{"version":"fulu","data":{"message":{"value":"` + v + `"}}}` }
	ours := &Candidate{Source: "local", Value: big.NewInt(50), Body: []byte(`{"version":"fulu","data":"ours"}`)}
	tests := []struct {
		name     string
		local    *fakeLocal
		checker  BidChecker
		relays   []*fakeRelay
		wantBody string
	}{
		{"local beats lower relay", &fakeLocal{bid: ours}, nil, []*fakeRelay{{header: relayBid("49")}}, string(ours.Body)},
		{"local wins a tie", &fakeLocal{bid: ours}, nil, []*fakeRelay{{header: relayBid("50")}}, string(ours.Body)},
		{"higher relay bid wins", &fakeLocal{bid: ours}, nil, []*fakeRelay{{header: relayBid("51")}}, relayBid("51")},
		{"refused relay bid cannot win", &fakeLocal{bid: ours}, refuseAll{}, []*fakeRelay{{header: relayBid("1000")}}, string(ours.Body)},
		{"no local bid: relay", &fakeLocal{}, nil, []*fakeRelay{{header: relayBid("7")}}, relayBid("7")},
		{"local fails: relay", &fakeLocal{err: errors.New("not ready")}, nil, []*fakeRelay{{header: relayBid("7")}}, relayBid("7")},
		{"local alone", &fakeLocal{bid: ours}, nil, nil, string(ours.Body)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs, _ := newLocalServer(t, tt.local, tt.checker, tt.relays...)
			resp, body := do(t, http.MethodGet, hs.URL+"/eth/v1/builder/header/9/"+testParent+"/"+testPubkey, "", "")
			if resp.StatusCode != 200 || body != tt.wantBody {
				t.Fatalf("got %d %q, want 200 %q", resp.StatusCode, body, tt.wantBody)
			}
		})
	}
}

func TestBlindedBlocksLocalFirst(t *testing.T) {
	l := &fakeLocal{}
	f := &fakeRelay{}
	hs, _ := newLocalServer(t, l, nil, f)
	// Ours, v1: the full payload from the local block, no relay asked.
	resp, body := do(t, http.MethodPost, hs.URL+"/eth/v1/builder/blinded_blocks", contentJSON, `{"ours":1}`)
	if resp.StatusCode != 200 || !strings.Contains(body, "full") {
		t.Errorf("v1 ours: %d %q", resp.StatusCode, body)
	}
	// Ours, v2: 202, published by the local block.
	resp, _ = do(t, http.MethodPost, hs.URL+"/eth/v2/builder/blinded_blocks", contentJSON, `{"ours":2}`)
	if resp.StatusCode != http.StatusAccepted || f.blindedV2.Load() != 0 {
		t.Errorf("v2 ours: %d, relay calls %d", resp.StatusCode, f.blindedV2.Load())
	}
	// A header swapped under our bid: refused, not sent to a relay.
	resp, _ = do(t, http.MethodPost, hs.URL+"/eth/v2/builder/blinded_blocks", contentJSON, `{"ours":"swapped"}`)
	if resp.StatusCode != 400 || f.blindedV2.Load() != 0 {
		t.Errorf("swapped: %d, relay calls %d", resp.StatusCode, f.blindedV2.Load())
	}
	// Not ours: the relay's.
	resp, _ = do(t, http.MethodPost, hs.URL+"/eth/v2/builder/blinded_blocks", contentJSON, `{"relay":1}`)
	if resp.StatusCode != http.StatusAccepted || f.blindedV2.Load() != 1 {
		t.Errorf("relay's: %d, relay calls %d", resp.StatusCode, f.blindedV2.Load())
	}
	if strings.Join(l.unblinds, ",") != "v1,v2" {
		t.Errorf("local unblinds = %v, want v1,v2", l.unblinds)
	}
}
