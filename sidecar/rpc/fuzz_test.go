package rpc

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/preconf"
)

func FuzzDecodeCommitmentRequest(f *testing.F) {
	f.Add([]byte(`{"commitment_type":1,"payload":"0x7b7d","slasher":"0x5FbDB2315678afecb367f032d93F642f64180aa3"}`))
	f.Add([]byte(`{"commitment_type":1,"payload":"0x7b2274785f64617461223a22307830312c22736c6f74223a312c22636861696e5f6964223a317d","slasher":"0x5FbDB2315678afecb367f032d93F642f64180aa3"}`))
	f.Add([]byte(`{"commitment_type":2}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req, p, err := DecodeCommitmentRequest(body, testDomain.VerifyingContract)
		if err != nil {
			if _, ok := preconf.AsRuleError(err); !ok {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if req.CommitmentType != InclusionType || len(p.TxData) == 0 {
			t.Fatalf("accepted %+v %+v", req, p)
		}
		_ = req.RequestHash()
	})
}

func FuzzDecodeBoltRequest(f *testing.F) {
	f.Add([]byte(`{"jsonrpc":"2.0","id":1,"method":"bolt_requestInclusion","params":[{"slot":5,"txs":["0x02"]}]}`), "0x0000000000000000000000000000000000000001:0x"+string(bytes.Repeat([]byte("11"), 65)))
	f.Add([]byte(`{"method":"bolt_requestInclusion","params":[]}`), ":")
	f.Fuzz(func(t *testing.T, body []byte, header string) {
		env, _, sig, err := DecodeBoltRequest(body, header)
		if err != nil {
			if _, ok := preconf.AsRuleError(err); !ok {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(sig) != 65 || len(env.Params) != 1 || len(env.Params[0].Txs) == 0 {
			t.Fatalf("accepted %+v", env)
		}
	})
}

// FuzzJSONRPC sends arbitrary bodies through the whole handler: every answer
// is JSON, and nothing panics.
func FuzzJSONRPC(f *testing.F) {
	f.Add([]byte(`{"jsonrpc":"2.0","id":1,"method":"preconf_requestInclusion","params":[{"slot":110,"tx":"0x02f86b"}]}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":1,"method":"preconf_getCommitment","params":["0x00"]}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":1,"method":"preconf_estimateFee","params":[110,21000]}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":1,"method":"preconf_estimateFee","params":["0x6e","0x5208"]}`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":1,"method":"preconf_requestInclusion","params":[{"slot":"0x6e","tx":"0x02f86b"}]}`))
	f.Add([]byte(`[{"jsonrpc":"2.0","id":1,"method":"preconf_status"}]`))
	f.Add([]byte(`[{"jsonrpc":"2.0","id":1,"method":"preconf_requestInclusion","params":[{"slot":110,"tx":"0x02f86b"}]},{"jsonrpc":"2.0","method":"preconf_lookahead"},{"jsonrpc":"2.0","id":"x","method":"preconf_getManifest","params":[110]},7]`))
	f.Add([]byte(`{"jsonrpc":"2.0","id":1,"method":"bolt_requestInclusion","params":[{"slot":110,"txs":["0x02"]}]}`))
	env := start(f, nil)
	s, err := New(DefaultConfig(), env.engine, env.chain, prometheus.NewRegistry(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, r)
		if w.Code == http.StatusOK && w.Body.Len() > 0 && !json.Valid(w.Body.Bytes()) {
			t.Fatalf("invalid JSON answer %q", w.Body.String())
		}
	})
}
