package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/flashbots/go-boost-utils/bls"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/keys"
)

// prysmDir holds the Beacon API answers recorded from the devnet's Prysm.
var prysmDir = filepath.Join("..", "..", "sidecar", "chain", "testdata", "prysm")

// recordedBeacon serves the recorded answers; genesis is moved (derived, not
// recorded) so that the wall clock now falls in recorded epoch 3.
func recordedBeacon(t *testing.T) *httptest.Server {
	t.Helper()
	files := map[string]string{
		"/eth/v1/config/spec":  "config_spec.json",
		"/eth/v1/node/syncing": "node_syncing.json",
		"/eth/v1/node/version": "node_version.json",
	}
	var g struct {
		Data map[string]string `json:"data"`
	}
	raw, err := os.ReadFile(filepath.Join(prysmDir, "beacon_genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/eth/v1/beacon/genesis" {
			// 2 s slots: the wall clock is at slot 100 (epoch 3) when asked.
			d := map[string]string{"genesis_time": strconv.FormatInt(time.Now().Add(-200*time.Second).Unix(), 10)}
			for k, v := range g.Data {
				if k != "genesis_time" {
					d[k] = v
				}
			}
			genesis, _ := json.Marshal(map[string]any{"data": d})
			w.Write(genesis)
			return
		}
		name, ok := files[r.URL.Path]
		if e, found := strings.CutPrefix(r.URL.Path, "/eth/v1/validator/duties/proposer/"); found {
			name, ok = "duties_proposer_"+e+".json", true
		}
		b, err := os.ReadFile(filepath.Join(prysmDir, name))
		if !ok || err != nil {
			http.Error(w, `{"code":404,"message":"not recorded"}`, http.StatusNotFound)
			return
		}
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestLookaheadCommand(t *testing.T) {
	srv := recordedBeacon(t)
	var duties struct {
		Data []struct {
			Pubkey string `json:"pubkey"`
			Slot   string `json:"slot"`
		} `json:"data"`
	}
	raw, _ := os.ReadFile(filepath.Join(prysmDir, "duties_proposer_4.json"))
	json.Unmarshal(raw, &duties)
	pubs := filepath.Join(t.TempDir(), "pubkeys.txt")
	os.WriteFile(pubs, []byte(duties.Data[7].Pubkey+"\n"), 0o600)

	out, code, err := runApp(t, context.Background(), "lookahead", "--beacon-url", "http://127.0.0.1:1", "--beacon-url", srv.URL, "--validator.pubkeys", pubs, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %v\n%s", code, err, out)
	}
	var entries []lookaheadEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(entries) != 64 || entries[0].Epoch != 3 || entries[63].Epoch != 4 {
		t.Fatalf("%d entries from epoch %d", len(entries), entries[0].Epoch)
	}
	oursSlot, _ := strconv.ParseUint(duties.Data[7].Slot, 10, 64)
	for _, e := range entries {
		if e.Ours != (e.Pubkey == duties.Data[7].Pubkey) {
			t.Fatalf("slot %d: ours=%v", e.Slot, e.Ours)
		}
		if e.Slot == oursSlot && !e.Ours {
			t.Fatalf("our slot %d not marked", oursSlot)
		}
		if !e.Deadline.Before(e.Start) {
			t.Fatalf("slot %d: deadline %s not before start %s", e.Slot, e.Deadline, e.Start)
		}
	}
	table, code, _ := runApp(t, context.Background(), "lookahead", "--beacon-url", srv.URL)
	if code != 0 || !strings.Contains(table, "SLOT") || strings.Count(table, "\n") != 66 {
		t.Fatalf("table (exit %d):\n%s", code, table)
	}
	if _, code, _ := runApp(t, context.Background(), "lookahead"); code != 2 {
		t.Fatalf("no --beacon-url: exit %d, want 2", code)
	}
	if _, code, err := runApp(t, context.Background(), "lookahead", "--beacon-url", "http://127.0.0.1:1"); code != 1 || err == nil || !strings.Contains(err.Error(), "beacon node unreachable") {
		t.Fatalf("unreachable beacon: exit %d: %v", code, err)
	}
}

func TestKeysAndDelegateCommands(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	keyFile := filepath.Join(dir, "committer.hex")
	out, code, err := runApp(t, ctx, "keys", "new-committer", "--out", keyFile)
	if code != 0 {
		t.Fatalf("new-committer: %v\n%s", err, out)
	}
	addr, code, _ := runApp(t, ctx, "keys", "show-committer", "--key", keyFile)
	addr = strings.TrimSpace(addr)
	if code != 0 || !common.IsHexAddress(addr) || !strings.Contains(out, addr) {
		t.Fatalf("show-committer %q, new-committer said %q", addr, out)
	}
	if _, code, _ := runApp(t, ctx, "keys", "new-committer", "--out", keyFile); code == 0 {
		t.Fatal("new-committer overwrote a key")
	}

	// Two validator keystores (low scrypt cost for the test).
	ksDir := filepath.Join(dir, "validators")
	os.Mkdir(ksDir, 0o700)
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("validator pw\n"), 0o600)
	var validators []keys.Validator
	for i := range 2 {
		sk, pk, _ := bls.GenerateNewKeypair()
		ks, err := keys.EncryptKeystore(bls.SecretKeyToBytes(sk), bls.PublicKeyToBytes(pk), "validator pw", 1<<10)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := json.Marshal(ks)
		os.WriteFile(filepath.Join(ksDir, fmt.Sprintf("keystore-%d.json", i)), js, 0o600)
		var p preconf.BLSPubkey
		copy(p[:], bls.PublicKeyToBytes(pk))
		validators = append(validators, keys.Validator{Pubkey: p})
	}
	list, code, _ := runApp(t, ctx, "keys", "validators", "--validator.keys", ksDir, "--validator.password-file", pw)
	for _, v := range validators {
		if code != 0 || !strings.Contains(list, hex.EncodeToString(v.Pubkey[:])) {
			t.Fatalf("validators (exit %d):\n%s", code, list)
		}
	}

	_, delegatePK, _ := bls.GenerateNewKeypair()
	var delegate preconf.BLSPubkey
	copy(delegate[:], bls.PublicKeyToBytes(delegatePK))
	dfile := filepath.Join(dir, "delegations.json")
	const fv, root = "0x10000038", "0x83431ec7fcf92cfc44947fc0418e831c25e1d0806590231c439830db7ad54fda"
	out, code, err = runApp(t, ctx, "delegate", "--validator.keys", ksDir, "--validator.password-file", pw,
		"--committer", addr, "--delegate", fmt.Sprintf("0x%x", delegate[:]),
		"--genesis-fork-version", fv, "--genesis-validators-root", root, "--out", dfile)
	if code != 0 {
		t.Fatalf("delegate: %v\n%s", err, out)
	}
	ds, err := keys.ReadDelegations(dfile)
	if err != nil {
		t.Fatal(err)
	}
	domain := keys.DelegationDomain(phase0.Version(common.FromHex(fv)), phase0.Root(common.FromHex(root)))
	if _, err := keys.CheckDelegations(ds, validators, common.HexToAddress(addr), delegate, domain); err != nil {
		t.Fatalf("CheckDelegations: %v", err)
	}
	if _, code, _ := runApp(t, ctx, "delegate", "--validator.keys", ksDir, "--validator.password-file", pw,
		"--committer", "nope", "--out", filepath.Join(dir, "x.json")); code != 2 {
		t.Fatalf("bad committer: exit %d, want 2", code)
	}
}

// TestRunWithBeacon: `based run --beacon-url` starts the chain view, whose
// based_chain_* metrics appear; without the flag the view stays off.
func TestRunWithBeacon(t *testing.T) {
	srv := recordedBeacon(t)
	metrics := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := runApp(t, ctx, "run", "--datadir", t.TempDir(), "--metrics.addr", metrics, "--beacon-url", srv.URL, "--chain.deadline-ms", "1500")
		done <- err
	}()
	waitHTTP(t, "http://"+metrics+"/metrics", "based_chain_clock_slot 10")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not stop")
	}
	if _, code, err := runApp(t, context.Background(), "run", "--datadir", t.TempDir(), "--metrics.addr", "", "--beacon-url", srv.URL, "--chain.deadline-ms", "-1"); code != 2 {
		t.Fatalf("negative deadline: exit %d (%v), want 2", code, err)
	}
}
