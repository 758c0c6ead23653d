package faults

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestHandler(t *testing.T) {
	d := NewDrops()
	srv := httptest.NewServer(d.Handler())
	defer srv.Close()
	h := common.Hash{0xab}
	for _, tc := range []struct {
		name, body string
		code       int // JSON-RPC error code, 0 for a result
		field      string
	}{
		{"drop", `{"jsonrpc":"2.0","id":1,"method":"testing_dropPromisedTx","params":["` + h.Hex() + `"]}`, 0, ""},
		{"short hash", `{"jsonrpc":"2.0","id":2,"method":"testing_dropPromisedTx","params":["0xab"]}`, -32602, "txHash"},
		{"no params", `{"jsonrpc":"2.0","id":3,"method":"testing_dropPromisedTx"}`, -32602, "txHash"},
		{"unknown", `{"jsonrpc":"2.0","id":4,"method":"preconf_status"}`, -32601, ""},
		{"not JSON", `drop it`, -32700, ""},
		{"no version", `{"id":5,"method":"testing_droppedTxs"}`, -32600, ""},
		{"list", `{"jsonrpc":"2.0","id":6,"method":"testing_droppedTxs"}`, 0, ""},
		{"withhold", `{"jsonrpc":"2.0","id":7,"method":"testing_withholdBatches","params":["0x1"]}`, 0, ""},
		{"withhold zero", `{"jsonrpc":"2.0","id":8,"method":"testing_withholdBatches","params":["0x0"]}`, -32602, "count"},
		{"withhold a bare number", `{"jsonrpc":"2.0","id":9,"method":"testing_withholdBatches","params":[1]}`, -32602, "count"},
		{"withhold too many", `{"jsonrpc":"2.0","id":10,"method":"testing_withholdBatches","params":["0x41"]}`, -32602, "count"},
		{"withheld", `{"jsonrpc":"2.0","id":11,"method":"testing_withheldBatches"}`, 0, ""},
		{"foreign", `{"jsonrpc":"2.0","id":12,"method":"testing_foreignBlocksUntil","params":["0xc"]}`, 0, ""},
		{"foreign lower", `{"jsonrpc":"2.0","id":13,"method":"testing_foreignBlocksUntil","params":["0x5"]}`, 0, ""},
		{"foreign bare number", `{"jsonrpc":"2.0","id":14,"method":"testing_foreignBlocksUntil","params":[20]}`, -32602, "slot"},
		{"foreign no slot", `{"jsonrpc":"2.0","id":15,"method":"testing_foreignBlocksUntil"}`, -32602, "slot"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL, "application/json", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out struct {
				Result json.RawMessage
				Error  *rpcError
			}
			if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
				t.Fatal(err)
			}
			if tc.code == 0 {
				if out.Error != nil || len(out.Result) == 0 {
					t.Fatalf("error %+v, want a result", out.Error)
				}
				return
			}
			if out.Error == nil || out.Error.Code != tc.code || (tc.field != "" && out.Error.Data["field"] != tc.field) {
				t.Fatalf("error %+v, want code %d field %q", out.Error, tc.code, tc.field)
			}
		})
	}
	if !d.Has(h) || d.Has(common.Hash{1}) || len(d.List()) != 1 {
		t.Fatalf("drops %v", d.List())
	}
	// One batch withheld: the first slot asking, every time it asks; not the next slot.
	first := d.WithholdBatch(7)
	again := d.WithholdBatch(7) // a rebuild of slot 7's block
	if !first || !again || d.WithholdBatch(8) {
		t.Fatal("withholding one batch")
	}
	if w := d.Withheld(); len(w) != 1 || w[0] != 7 {
		t.Fatalf("withheld %v, want [7]", w)
	}
	// Foreign blocks before slot 12: a lower slot set later does not shorten it.
	if !d.Foreign(5) || !d.Foreign(11) || d.Foreign(12) || d.Foreign(13) {
		t.Fatal("foreign blocks until slot 12")
	}
	if resp, err := http.Get(srv.URL); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %v %v", resp, err)
	}
}
