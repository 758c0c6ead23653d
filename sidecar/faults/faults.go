// Package faults is fault injection for tests on the devnet only: it makes
// the sidecar break chosen promises on purpose, so that the tools that hold
// a sidecar to its promises (`based challenge`) can be tested end to end.
//
// The sidecar serves it only with --testing.faults-addr, on a loopback
// address, and refuses to start with it on any chain other than the devnet's.
// The faults are set at run time over a small JSON-RPC API:
//
//	testing_dropPromisedTx(txHash) -> true   our own block leaves that promised tx out
//	testing_droppedTxs() -> [txHash…]        the txs dropped so far
//	testing_withholdBatches(count) -> true   our block leaves out the shared batch of the next count slots
//	testing_withheldBatches() -> [slot…]     the slots whose batch was withheld
//	testing_foreignBlocksUntil(slot) -> true our blocks of earlier slots are built as another
//	                                         builder's would be, blind to our promises of later
//	                                         slots (so a sender can spend a promised nonce there)
package faults

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Drops is the set of promised transactions our own block leaves out.
type Drops struct {
	mu       sync.Mutex
	set      map[common.Hash]bool
	withhold int             // batches still to withhold
	withheld map[uint64]bool // slots whose batch is withheld
	foreign  uint64          // blocks of slots below it ignore later promises
}

// NewDrops returns an empty set.
func NewDrops() *Drops { return &Drops{set: map[common.Hash]bool{}, withheld: map[uint64]bool{}} }

// Add makes our block drop h.
func (d *Drops) Add(h common.Hash) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.set[h] = true
}

// Has reports whether h is dropped.
func (d *Drops) Has(h common.Hash) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.set[h]
}

// List returns the dropped hashes, sorted.
// Withhold makes our block leave out the shared batch of the next n slots that have one.
func (d *Drops) Withhold(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.withhold += n
}

// WithholdBatch reports whether the batch of slot is left out of our block; the first call
// for a slot with a batch decides, later ones (a rebuild) answer the same.
func (d *Drops) WithholdBatch(slot uint64) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.withheld[slot] {
		return true
	}
	if d.withhold > 0 {
		d.withhold--
		d.withheld[slot] = true
		return true
	}
	return false
}

// ForeignUntil makes our blocks of slots before slot ignore our promises of
// later slots, as a block another builder makes for another proposer would.
func (d *Drops) ForeignUntil(slot uint64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.foreign = max(d.foreign, slot)
}

// Foreign reports whether our block of slot ignores our promises of later slots.
func (d *Drops) Foreign(slot uint64) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slot < d.foreign
}

// Withheld lists the slots whose batch was withheld, in order.
func (d *Drops) Withheld() []uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]uint64, 0, len(d.withheld))
	for s := range d.withheld {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func (d *Drops) List() []common.Hash {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]common.Hash, 0, len(d.set))
	for h := range d.set {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b common.Hash) int { return a.Cmp(b) })
	return out
}

type request struct {
	Version string            `json:"jsonrpc"`
	ID      json.RawMessage   `json:"id"`
	Method  string            `json:"method"`
	Params  []json.RawMessage `json:"params"`
}

type rpcError struct {
	Code    int            `json:"code"`
	Message string         `json:"message"`
	Data    map[string]any `json:"data,omitempty"`
}

type response struct {
	Version string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  any             `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

// Handler serves the fault API (one JSON-RPC call per POST).
func (d *Drops) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			_ = json.NewEncoder(w).Encode(response{Version: "2.0", ID: json.RawMessage("null"), Error: &rpcError{Code: -32600, Message: "POST a JSON-RPC call", Data: map[string]any{"field": "method"}}})
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		var req request
		if err == nil {
			err = json.Unmarshal(body, &req)
		}
		if len(req.ID) == 0 {
			req.ID = json.RawMessage("null")
		}
		out := response{Version: "2.0", ID: req.ID}
		switch {
		case err != nil:
			out.Error = &rpcError{Code: -32700, Message: fmt.Sprintf("parse error: %v", err)}
		case req.Version != "2.0" || req.Method == "":
			out.Error = &rpcError{Code: -32600, Message: `want {"jsonrpc":"2.0","method":…}`}
		case req.Method == "testing_dropPromisedTx":
			var h common.Hash
			if len(req.Params) != 1 {
				out.Error = &rpcError{Code: -32602, Message: "want one parameter, the tx hash", Data: map[string]any{"field": "txHash"}}
			} else if err := json.Unmarshal(req.Params[0], &h); err != nil {
				out.Error = &rpcError{Code: -32602, Message: fmt.Sprintf("txHash: %v", err), Data: map[string]any{"field": "txHash"}}
			} else {
				d.Add(h)
				out.Result = true
			}
		case req.Method == "testing_droppedTxs":
			out.Result = d.List()
		case req.Method == "testing_withholdBatches":
			var n hexutil.Uint64
			if len(req.Params) != 1 {
				out.Error = &rpcError{Code: -32602, Message: "want one parameter, the number of batches (a 0x quantity)", Data: map[string]any{"field": "count"}}
			} else if err := json.Unmarshal(req.Params[0], &n); err != nil || n == 0 || n > 64 {
				out.Error = &rpcError{Code: -32602, Message: fmt.Sprintf("count: a 0x quantity from 0x1 to 0x40 (%v)", err), Data: map[string]any{"field": "count"}}
			} else {
				d.Withhold(int(n))
				out.Result = true
			}
		case req.Method == "testing_foreignBlocksUntil":
			var slot hexutil.Uint64
			if len(req.Params) != 1 {
				out.Error = &rpcError{Code: -32602, Message: "want one parameter, the slot (a 0x quantity)", Data: map[string]any{"field": "slot"}}
			} else if err := json.Unmarshal(req.Params[0], &slot); err != nil {
				out.Error = &rpcError{Code: -32602, Message: fmt.Sprintf("slot: a 0x quantity (%v)", err), Data: map[string]any{"field": "slot"}}
			} else {
				d.ForeignUntil(uint64(slot))
				out.Result = true
			}
		case req.Method == "testing_withheldBatches":
			slots := d.Withheld()
			qs := make([]hexutil.Uint64, len(slots))
			for i, s := range slots {
				qs[i] = hexutil.Uint64(s)
			}
			out.Result = qs
		default:
			out.Error = &rpcError{Code: -32601, Message: fmt.Sprintf("method %q not found", req.Method)}
		}
		_ = json.NewEncoder(w).Encode(out)
	})
}
