package rpc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	gethrpc "github.com/ethereum/go-ethereum/rpc"

	"github.com/basedsidecar/based/preconf"
)

// fakeStreams serves the rollup topics for one rollup (package sidecar/sequencer tests the
// real one's replay and order).
type fakeStreams struct {
	mu    sync.Mutex
	chain uint64
	asked []string
	live  chan any
}

func (f *fakeStreams) Subscribe(topic string, chainID *big.Int, after *uint64, buf int) (<-chan any, func(), error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if chainID.Uint64() != f.chain {
		return nil, nil, errors.New("rollup not sequenced here")
	}
	a := "live"
	if after != nil {
		a = fmt.Sprint(*after)
	}
	f.asked = append(f.asked, topic+"/"+a)
	out := make(chan any, buf)
	go func() {
		for v := range f.live {
			out <- v
		}
		close(out)
	}()
	return out, func() {}, nil
}

// TestRollupStreamTopics subscribes as the rollup node does (go-ethereum's client,
// namespace preconf, topic rollupBlocks with a chain id filter) and gets the stream's items;
// bad parameters are refused with -32602 naming the field.
func TestRollupStreamTopics(t *testing.T) {
	env := start(t, nil)
	fs := &fakeStreams{chain: 167001, live: make(chan any, 4)}
	env.server.SetStreams(fs)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := gethrpc.DialContext(ctx, "ws"+strings.TrimPrefix(env.url, "http"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	type block struct {
		ChainID hexutil.Uint64 `json:"chainId"`
		Slot    hexutil.Uint64 `json:"slot"`
		Cursor  hexutil.Uint64 `json:"cursor"`
	}
	ch := make(chan block, 4)
	sub, err := c.Subscribe(ctx, "preconf", ch, "rollupBlocks", map[string]any{"chainId": "0x28c59", "cursor": "0x9"})
	if err != nil {
		t.Fatal(err)
	}
	fs.live <- map[string]any{"chainId": "0x28c59", "slot": "0xa", "cursor": "0xa"}
	select {
	case b := <-ch:
		if b.ChainID != 167001 || b.Slot != 10 || b.Cursor != 10 {
			t.Fatalf("item %+v", b)
		}
	case err := <-sub.Err():
		t.Fatal(err)
	case <-ctx.Done():
		t.Fatal("no item")
	}
	fs.mu.Lock()
	asked := strings.Join(fs.asked, ",")
	fs.mu.Unlock()
	if asked != "rollupBlocks/9" {
		t.Fatalf("asked %q, want rollupBlocks after slot 9", asked)
	}
	sub.Unsubscribe()

	for _, tc := range []struct {
		params string
		field  string
	}{
		{`["rollupBlocks"]`, "params[1]"},
		{`["rollupBlocks", {}]`, "chainId"},
		{`["batches", {"chainId": 5}]`, "params[1]"},
		{`["batches", {"chainId": "0x28c59", "cursor": "ten"}]`, "params[1]"},
		{`["rollupBlocks", {"chainId": "0x5"}]`, "not sequenced"},
	} {
		var args []any
		if err := json.Unmarshal([]byte(tc.params), &args); err != nil {
			t.Fatal(err)
		}
		var raw json.RawMessage
		err := c.CallContext(ctx, &raw, "preconf_subscribe", args...)
		var re gethrpc.Error
		if !errors.As(err, &re) || re.ErrorCode() != -32602 || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%s: %v, want -32602 naming %s", tc.params, err, tc.field)
		}
	}
}

// onlySlot is a rollup lane ready for one slot only (package sidecar/sequencer is the real one).
type onlySlot struct{ slot uint64 }

func (o onlySlot) Ready(slot uint64) error {
	if slot != o.slot {
		return fmt.Errorf("%w: next sealed slot %d", preconf.ErrSlotOutOfRange, o.slot)
	}
	return nil
}
func (onlySlot) Next() (uint64, *big.Int) { return 30_000_000, big.NewInt(1) }
func (onlySlot) Account(context.Context, common.Address) (uint64, *big.Int, []byte, error) {
	return 0, new(big.Int), nil, nil
}
func (onlySlot) Add(context.Context, *types.Transaction) error { return nil }
func (onlySlot) Pin(common.Hash) error                         { return nil }
func (onlySlot) Unpin(common.Hash)                             {}

// TestSlotsOfferRollups: the Commitments API's slots list a rollup's chain id only for the
// slot the rollup can be promised for.
func TestSlotsOfferRollups(t *testing.T) {
	env := startWith(t, func(c *preconf.Config) { c.Rollups = map[uint64]preconf.Rollup{167001: onlySlot{105}} }, nil)
	seen := false
	for _, si := range env.server.gatewaySlots().Slots {
		seen = seen || si.Slot == 105
		ids := map[uint64]bool{}
		for _, o := range si.Offerings {
			ids[o.ChainID] = true
		}
		if !ids[testDomain.ChainID.Uint64()] || ids[167001] != (si.Slot == 105) {
			t.Errorf("slot %d offers %v", si.Slot, ids)
		}
	}
	if !seen {
		t.Fatal("slot 105 not listed")
	}
}

// FuzzStreamParams feeds any parameter to a rollup topic's subscription decoder: no panic,
// and either a positive chain id below 2^64 or a -32602 error.
func FuzzStreamParams(f *testing.F) {
	for _, seed := range []string{`{"chainId":"0x28c59"}`, `{"chainId":"0x28c59","cursor":"0x9"}`, `{}`, `{"chainId":5}`, `{"chainId":"0x0"}`,
		`{"chainId":"0x10000000000000000"}`, `{"cursor":"ten"}`, `[]`, `null`, `"x"`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := decodeStreamParams("rollupBlocks", []json.RawMessage{json.RawMessage(`"rollupBlocks"`), json.RawMessage(b)})
		if err != nil {
			if err.code != codeInvalidParams || err.msg == "" {
				t.Fatalf("error %+v", err)
			}
			return
		}
		if id := p.ChainID.ToInt(); !id.IsUint64() || id.Sign() <= 0 {
			t.Fatalf("accepted chain id %v", id)
		}
	})
}
