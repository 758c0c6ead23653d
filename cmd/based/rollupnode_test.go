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
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/rollup"
)

func TestRollupNodeCommand(t *testing.T) {
	dir := t.TempDir()
	jwt := filepath.Join(dir, "jwt.hex")
	if err := os.WriteFile(jwt, []byte(strings.Repeat("ab", 32)), 0o600); err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(dir, "short.hex")
	if err := os.WriteFile(short, []byte("abcd"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/status" {
			http.NotFound(w, r)
			return
		}
		_ = json.NewEncoder(w).Encode(rollup.Status{ChainID: 167001, L1Block: 42,
			Latest:    rollup.BlockRef{Number: 7, Hash: common.Hash{7}},
			Safe:      rollup.BlockRef{Number: 6, Hash: common.Hash{6}},
			Finalized: rollup.BlockRef{Number: 2, Hash: common.Hash{2}},
			Voids:     []rollup.Void{{TxHash: common.Hash{9}, Reason: "tx root"}}})
	}))
	defer srv.Close()
	base := []string{"rollup-node", "--rollup.chain-id", "167001", "--l1.rpc", "http://127.0.0.1:1", "--engine-url", "http://127.0.0.1:1",
		"--l2.rpc", "http://127.0.0.1:1", "--datadir", dir}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantText []string
	}{
		{"help", []string{"rollup-node", "--help"}, 0, []string{"--rollup.chain-id", "--l1.beacon-url", "--engine-jwt", "--sequencer-ws", "status"}},
		{"no inbox", append(base, "--engine-jwt", jwt), 2, []string{"--inbox"}},
		{"bad jwt", append(base, "--engine-jwt", short, "--inbox", "0x00000000000000000000000000000000000000aa"), 2, []string{"--engine-jwt", "32 hex bytes"}},
		{"missing chain id", []string{"rollup-node", "--l1.rpc", "x"}, 2, []string{"rollup.chain-id"}},
		{"status", []string{"rollup-node", "status", "--url", srv.URL}, 0, []string{"chain id    167001", "L1 block    42", "latest      7", "safe        6", "finalized   2", "tx root"}},
		{"genesis", []string{"rollup-node", "genesis", "--rollup.chain-id", "167001", "--time", "1700000000", "--alloc", "0x00000000000000000000000000000000000000aa=1000"},
			0, []string{`"chainId": 167001`, `"osakaTime": 0`, `"timestamp": "0x6553f100"`, `00000000000000000000000000000000000000aa": {`, `"balance": "0x3e8"`, `"gasLimit": "0x1c9c380"`}},
		{"genesis bad alloc", []string{"rollup-node", "genesis", "--rollup.chain-id", "1", "--alloc", "0xzz=1"}, 2, []string{"--alloc"}},
		{"genesis no chain id", []string{"rollup-node", "genesis"}, 2, []string{"--rollup.chain-id"}},
		{"status unreachable", []string{"rollup-node", "status", "--url", "http://127.0.0.1:1"}, 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			text, code, err := runApp(t, ctx, tc.args...)
			if err != nil {
				text += err.Error()
			}
			if code != tc.wantCode && !(tc.wantCode == nonZero && code != 0) {
				t.Fatalf("exit code %d, want %d; output:\n%s", code, tc.wantCode, text)
			}
			for _, w := range tc.wantText {
				if !strings.Contains(text, w) {
					t.Errorf("output lacks %q:\n%s", w, text)
				}
			}
		})
	}
}
