package rpc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/basedsidecar/based/preconf"
)

func inclusionCall(id int, slot uint64, raw []byte) string {
	return fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"preconf_requestInclusion","params":[{"slot":%d,"tx":"%s"}]}`, id, slot, hexutil.Encode(raw))
}

type testReply struct {
	ID     json.RawMessage           `json:"id"`
	Result *preconf.SignedCommitment `json:"result"`
	Error  *struct {
		Code    int             `json:"code"`
		Message string          `json:"message"`
		Data    json.RawMessage `json:"data"`
	} `json:"error"`
}

// TestJSONRPCBatch sends one batch of mixed calls: each gets its own answer
// by id, inclusion requests are decided in order (consecutive nonces of one
// sender both pass) and notifications get none.
func TestJSONRPCBatch(t *testing.T) {
	env := start(t, nil)
	key := newKey(t)
	tx0, tx1, gap := signedTx(t, key, 0), signedTx(t, key, 1), signedTx(t, newKey(t), 3)
	body := "[" + strings.Join([]string{
		inclusionCall(1, 110, tx0),
		inclusionCall(2, 110, tx1),
		inclusionCall(3, 110, gap),
		`{"jsonrpc":"2.0","id":4,"method":"preconf_nope"}`,
		`{"jsonrpc":"1.0","id":5,"method":"preconf_status"}`,
		`{"jsonrpc":"2.0","id":6,"method":"preconf_estimateFee","params":[110,21000,7]}`,
		`{"jsonrpc":"2.0","id":7,"method":"preconf_requestInclusion","params":[{"slot":"x"}]}`,
		`{"jsonrpc":"2.0","method":"preconf_status"}`,
		`{"jsonrpc":"2.0","id":"s","method":"preconf_status"}`,
		`17`,
	}, ",") + "]"
	code, b := post(t, env.url, []byte(body), nil)
	if code != http.StatusOK {
		t.Fatalf("HTTP %d %s", code, b)
	}
	var replies []testReply
	if err := json.Unmarshal(b, &replies); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	if len(replies) != 9 { // ten calls, one notification
		t.Fatalf("%d replies: %s", len(replies), b)
	}
	byID := map[string]testReply{}
	for _, r := range replies {
		byID[string(r.ID)] = r
	}
	for _, id := range []string{"1", "2"} {
		if r := byID[id]; r.Error != nil || r.Result == nil {
			t.Fatalf("call %s: %s", id, b)
		}
	}
	if byID["1"].Result.Commitment.Seq+1 != byID["2"].Result.Commitment.Seq {
		t.Fatalf("seqs out of order: %s", b)
	}
	wantCode := map[string]int{"3": preconf.ErrNonce.Code, "4": codeNoMethod, "5": codeInvalidRequest, "6": codeInvalidParams, "7": codeInvalidParams, "null": codeInvalidRequest}
	for id, c := range wantCode {
		if r := byID[id]; r.Error == nil || r.Error.Code != c {
			t.Fatalf("call %s: want code %d: %s", id, c, b)
		}
	}
	if !strings.Contains(string(byID["3"].Error.Data), `"field":"nonce"`) {
		t.Fatalf("rule error without its field: %s", byID["3"].Error.Data)
	}
	if r := byID[`"s"`]; r.Error != nil {
		t.Fatalf("status: %s", b)
	}
	if n := env.engine.Status().Promises; n != 2 {
		t.Fatalf("%d promises, want 2", n)
	}
}

func TestJSONRPCBadEnvelopes(t *testing.T) {
	env := start(t, nil)
	many := "[" + strings.Repeat(`{"jsonrpc":"2.0","id":1,"method":"preconf_status"},`, MaxBatch) + `{"jsonrpc":"2.0","id":1,"method":"preconf_status"}]`
	for _, tc := range []struct {
		name, body, ctype string
		status, code      int
	}{
		{"parse error", `{"jsonrpc":`, "", http.StatusOK, codeParse},
		{"batch parse error", `[{"jsonrpc":"2.0"`, "", http.StatusOK, codeParse},
		{"empty batch", `[]`, "", http.StatusOK, codeInvalidRequest},
		{"batch too large", many, "", http.StatusOK, codeInvalidRequest},
		{"params not an array", `{"jsonrpc":"2.0","id":1,"method":"preconf_getManifest","params":{"slot":1}}`, "", http.StatusOK, codeInvalidParams},
		{"missing param", `{"jsonrpc":"2.0","id":1,"method":"preconf_getManifest"}`, "", http.StatusOK, codeInvalidParams},
		{"object without method", `{}`, "", http.StatusOK, codeInvalidRequest},
		{"no method, version only", `{"jsonrpc":"2.0"}`, "", http.StatusOK, codeInvalidRequest},
		{"no method, with id", `{"jsonrpc":"2.0","id":3,"params":[]}`, "", http.StatusOK, codeInvalidRequest},
		{"subscribe over HTTP", `{"jsonrpc":"2.0","id":1,"method":"preconf_subscribe","params":["commitments"]}`, "", http.StatusOK, codeNoMethod},
		{"wrong content type", `{"jsonrpc":"2.0","id":1,"method":"preconf_status"}`, "text/plain", http.StatusUnsupportedMediaType, preconf.ErrBadRequest.Code},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hdr := map[string]string{}
			if tc.ctype != "" {
				hdr["Content-Type"] = tc.ctype
			}
			status, b := post(t, env.url, []byte(tc.body), hdr)
			if status != tc.status {
				t.Fatalf("HTTP %d, want %d: %s", status, tc.status, b)
			}
			var e struct {
				Code  int `json:"code"`
				Error struct {
					Code int `json:"code"`
				} `json:"error"`
			}
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatalf("%v: %s", err, b)
			}
			got := e.Error.Code
			if got == 0 { // a REST-style refusal
				got = e.Code
			}
			if got != tc.code {
				t.Fatalf("code %d/%d, want %d: %s", e.Code, e.Error.Code, tc.code, b)
			}
		})
	}
	if n := env.engine.Status().Promises; n != 0 {
		t.Fatalf("bad envelopes made %d promises", n)
	}
}

// TestBatchCountsEachCall checks that every call of a batch takes from the
// client's IP rate budget, not just the HTTP request.
func TestBatchCountsEachCall(t *testing.T) {
	env := start(t, func(c *Config) { c.IPRate, c.IPBurst = 0.001, 10 })
	batch := func(n int) []byte {
		calls := make([]string, n)
		for i := range calls {
			calls[i] = fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"preconf_status"}`, i)
		}
		return []byte("[" + strings.Join(calls, ",") + "]")
	}
	if code, b := post(t, env.url, batch(8), nil); code != http.StatusOK {
		t.Fatalf("batch within the burst: %d %s", code, b)
	}
	if code, b := post(t, env.url, batch(8), nil); code != http.StatusTooManyRequests || !bytes.Contains(b, []byte(`"field":"ip"`)) {
		t.Fatalf("second batch over the burst: %d %s", code, b)
	}
}

// TestRoutes checks that JSON-RPC answers at "/" only: any other path is a
// 404 with a JSON error body, a JSON object without a method is answered
// -32600 (not taken for a notification), and the REST routes still work.
func TestRoutes(t *testing.T) {
	env := start(t, nil)
	call := []byte(`{"jsonrpc":"2.0","id":1,"method":"preconf_status"}`)
	for _, tc := range []struct {
		method, path string
		body         []byte
	}{
		{http.MethodPost, "/made/up", call},
		{http.MethodPost, "/commitments/v0/gateway/unknown", call},
		{http.MethodPost, "/commitments/v0/gateway/commitmentRequest/extra", call},
		{http.MethodGet, "/eth/v1/builder/status", nil},
	} {
		req, _ := http.NewRequest(tc.method, env.url+tc.path, bytes.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Field   string `json:"field"`
		}
		if resp.StatusCode != http.StatusNotFound || json.Unmarshal(b, &e) != nil || e.Code != preconf.ErrNotFound.Code || e.Field != "path" {
			t.Errorf("%s %s: HTTP %d %q, want 404 with a JSON error", tc.method, tc.path, resp.StatusCode, b)
		}
	}
	for _, path := range []string{"/status", "/commitments/v0/gateway/slots"} {
		if code, b := get(t, env.url+path); code != http.StatusOK || !json.Valid(b) {
			t.Errorf("GET %s: %d %s", path, code, b)
		}
	}
	if code, b := post(t, env.url+"/", call, nil); code != http.StatusOK || !strings.Contains(string(b), `"result"`) {
		t.Errorf("POST /: %d %s", code, b)
	}
	// A batch: the object without method is answered, the notification is not.
	_, b := post(t, env.url, []byte(`[{"jsonrpc":"2.0"},{"jsonrpc":"2.0","method":"preconf_status"},{"jsonrpc":"2.0","id":2,"method":"preconf_status"}]`), nil)
	var replies []struct {
		ID    json.RawMessage `json:"id"`
		Error *struct {
			Code int `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal(b, &replies); err != nil || len(replies) != 2 || replies[0].Error == nil || replies[0].Error.Code != codeInvalidRequest ||
		string(replies[0].ID) != "null" || string(replies[1].ID) != "2" {
		t.Fatalf("batch: %s", b)
	}
}
