package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/devnet"
	"github.com/basedsidecar/based/rollup"
)

// TestDevnetCommandsWithoutDevnet checks status, down and record on a data
// folder that holds no devnet (the running devnet is TestIntegrationDevnet's).
func TestDevnetCommandsWithoutDevnet(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args     []string
		wantCode int
		want     string
	}{
		{[]string{"devnet", "status", "--datadir", dir}, 1, "no devnet in this data folder"},
		{[]string{"devnet", "down", "--datadir", dir}, 0, "no devnet running in " + dir},
		{[]string{"devnet", "record", "--datadir", dir, "--out", t.TempDir()}, 1, "no devnet in this data folder"},
	}
	for _, tt := range tests {
		t.Run(tt.args[1], func(t *testing.T) {
			out, code, err := runApp(t, context.Background(), tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d (%v), want %d; output %q", code, err, tt.wantCode, out)
			}
			msg := out
			if err != nil {
				msg += err.Error()
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("output %q, want it to contain %q", msg, tt.want)
			}
		})
	}
}

// TestDevnetRollupsShown checks that `based devnet status` shows each rollup's heads as its
// node reports them, and that up's endpoint list names each rollup's wallet endpoint, node
// and accounts.
func TestDevnetRollupsShown(t *testing.T) {
	head := common.HexToHash("0x5a")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/status" {
			http.NotFound(w, r)
			return
		}
		_ = json.NewEncoder(w).Encode(rollup.Status{ChainID: 167001, L1Block: 40,
			Latest: rollup.BlockRef{Number: 5, Hash: head}, Safe: rollup.BlockRef{Number: 4}, Finalized: rollup.BlockRef{Number: 2}})
	}))
	defer srv.Close()
	accts := devnet.RollupAccounts()
	st := devnet.State{Endpoints: devnet.Endpoints{ExecutionHTTP: "http://127.0.0.1:1", BeaconAPI: "http://127.0.0.1:1"},
		Rollups: []devnet.Rollup{{ChainID: 167001, GasLimit: 30_000_000, Wallet: "http://127.0.0.1:8645/rollup/167001",
			NodeRPC: "http://127.0.0.1:9001", NodeStatus: srv.URL, Accounts: accts}}}
	dir := t.TempDir()
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, devnet.StateFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, code, err := runApp(t, context.Background(), "devnet", "status", "--datadir", dir)
	if code != 0 {
		t.Fatalf("exit %d (%v): %s", code, err, out)
	}
	want := "rollup 167001: latest 5 " + head.Hex() + ", safe 4, finalized 2, L1 block 40; wallet http://127.0.0.1:8645/rollup/167001, node http://127.0.0.1:9001"
	if !strings.Contains(out, want) {
		t.Errorf("status output %q, want it to contain %q", out, want)
	}

	var buf strings.Builder
	printEndpoints(&buf, st)
	for _, want := range []string{"rollup 167001", "http://127.0.0.1:8645/rollup/167001", "http://127.0.0.1:9001", accts[0].Address.Hex() + " key " + accts[0].PrivateKey} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("endpoints %q, want them to contain %q", buf.String(), want)
		}
	}
}
