package localblock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"
	"github.com/prometheus/client_golang/prometheus"
)

// TestMerge adds what became pending since a snapshot: a new nonce is
// appended, a replacement takes its nonce's place, a new sender gets a queue,
// a blob tx is left to the blob pool's reader, and the snapshot is unchanged.
func TestMerge(t *testing.T) {
	chainID := big.NewInt(7)
	to := common.HexToAddress("0xaa")
	keys, addrs := senders(3)
	tx := func(k int, nonce uint64, tip int64) *types.Transaction {
		x, err := types.SignNewTx(keys[k], types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
			ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(tip), GasFeeCap: big.NewInt(1000), Gas: 21000, To: &to,
		})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	blob, err := types.SignNewTx(keys[2], types.LatestSignerForChainID(chainID), &types.BlobTx{
		ChainID: uint256.MustFromBig(chainID), Nonce: 0, GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(1000),
		Gas: 21000, To: to, BlobFeeCap: uint256.NewInt(1), BlobHashes: []common.Hash{{0x01}},
	})
	if err != nil {
		t.Fatal(err)
	}
	a0, a1, b0 := tx(0, 0, 1), tx(0, 1, 1), tx(1, 0, 1)
	a1bump, a2, c0 := tx(0, 1, 5), tx(0, 2, 1), tx(2, 1, 1)
	snap := map[common.Address][]*types.Transaction{addrs[0]: {a0, a1}, addrs[1]: {b0}}
	tests := []struct {
		name  string
		delta []pooledTx
		want  map[common.Address][]*types.Transaction
	}{
		{"nothing new", nil, snap},
		{"next nonce", []pooledTx{{addrs[0], a2}}, map[common.Address][]*types.Transaction{addrs[0]: {a0, a1, a2}, addrs[1]: {b0}}},
		{"replacement", []pooledTx{{addrs[0], a1bump}}, map[common.Address][]*types.Transaction{addrs[0]: {a0, a1bump}, addrs[1]: {b0}}},
		{"new sender", []pooledTx{{addrs[2], c0}}, map[common.Address][]*types.Transaction{addrs[0]: {a0, a1}, addrs[1]: {b0}, addrs[2]: {c0}}},
		{"blob tx", []pooledTx{{addrs[2], blob}}, snap},
		{"replaced, then the next", []pooledTx{{addrs[0], a1bump}, {addrs[0], a2}}, map[common.Address][]*types.Transaction{addrs[0]: {a0, a1bump, a2}, addrs[1]: {b0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := merge(snap, tc.delta)
			if len(got) != len(tc.want) {
				t.Fatalf("%d senders, want %d", len(got), len(tc.want))
			}
			for from, want := range tc.want {
				if len(got[from]) != len(want) {
					t.Fatalf("%s: %d txs, want %d", from, len(got[from]), len(want))
				}
				for i := range want {
					if got[from][i].Hash() != want[i].Hash() {
						t.Fatalf("%s tx %d: %s, want %s", from, i, got[from][i].Hash(), want[i].Hash())
					}
				}
			}
			if len(snap) != 2 || len(snap[addrs[0]]) != 2 || snap[addrs[0]][1] != a1 {
				t.Fatal("the snapshot was changed")
			}
		})
	}
}

// fakeEth answers the calls of a read ahead from canned values.
type fakeEth struct {
	head, parentTxs []common.Hash // eth_getBlockByNumber latest (head[0]); the parent block's txs
	pool            map[common.Address]map[string]*types.Transaction
	changes         []common.Hash // eth_getFilterChanges
	changesErr      error
	byHash          map[common.Hash]*types.Transaction
	uninstalled     []string
}

func (f *fakeEth) CallContext(_ context.Context, result any, method string, args ...any) error {
	var v any
	switch method {
	case "eth_getBlockByNumber":
		v = map[string]any{"hash": f.head[0]}
	case "eth_newPendingTransactionFilter":
		v = "0x1f"
	case "txpool_content":
		v = map[string]any{"pending": f.pool}
	case "eth_getBlockByHash":
		v = map[string]any{"transactions": f.parentTxs}
	case "eth_getFilterChanges":
		if f.changesErr != nil {
			return f.changesErr
		}
		v = f.changes
	case "eth_uninstallFilter":
		f.uninstalled = append(f.uninstalled, args[0].(string))
		v = true
	default:
		return fmt.Errorf("unexpected %s", method)
	}
	b, _ := json.Marshal(v)
	return json.Unmarshal(b, result)
}

func (f *fakeEth) BatchCallContext(_ context.Context, batch []rpc.BatchElem) error {
	for i := range batch {
		tx := f.byHash[batch[i].Args[0].(common.Hash)]
		from, _ := types.Sender(types.LatestSignerForChainID(tx.ChainId()), tx)
		b, _ := json.Marshal(tx)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		m["from"], m["blockHash"] = from, nil
		b, _ = json.Marshal(m)
		*batch[i].Result.(*json.RawMessage) = b
	}
	return nil
}

// TestReadAheadFallsBack refuses a snapshot older than the pool's reset to
// the parent, and serves a build from the snapshot only when it is for the
// build's parent, the filter answers, and not too much is new; the filter is
// removed in every case.
func TestReadAheadFallsBack(t *testing.T) {
	chainID := big.NewInt(7)
	to := common.HexToAddress("0xaa")
	keys, addrs := senders(2)
	tx := func(k int, nonce uint64) *types.Transaction {
		x, err := types.SignNewTx(keys[k], types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
			ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(1000), Gas: 21000, To: &to,
		})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	a0, b0 := tx(0, 0), tx(1, 0)
	parent := common.Hash{0x0a}
	newBuilder := func(f *fakeEth) *Builder {
		return NewBuilder(f, nil, nil, nil, prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	}
	pool := map[common.Address]map[string]*types.Transaction{addrs[0]: {"0": a0}}
	ctx := context.Background()

	// A read still holding a tx of the parent block: refused, the filter removed.
	f := &fakeEth{head: []common.Hash{parent}, parentTxs: []common.Hash{a0.Hash()}, pool: pool}
	bl := newBuilder(f)
	if err := bl.Prefetch(ctx, parent); !errors.Is(err, ErrStaleSnapshot) {
		t.Fatalf("stale read: %v, want ErrStaleSnapshot", err)
	}
	if bl.fromSnapshot(ctx, parent) != nil || len(f.uninstalled) != 1 {
		t.Fatalf("a stale read was kept (filters removed %v)", f.uninstalled)
	}

	tests := []struct {
		name      string
		buildOn   common.Hash
		changes   []common.Hash
		err       error
		wantTxs   int // -1: no snapshot served
		wantAddrs []common.Address
	}{
		{"fits", parent, []common.Hash{b0.Hash()}, nil, 2, []common.Address{addrs[0], addrs[1]}},
		{"another parent", common.Hash{0x0b}, nil, nil, -1, nil},
		{"filter gone", parent, nil, errors.New("filter not found"), -1, nil},
		{"too much new", parent, make([]common.Hash, maxDelta+1), nil, -1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeEth{head: []common.Hash{parent}, pool: pool, changes: tc.changes, changesErr: tc.err, byHash: map[common.Hash]*types.Transaction{b0.Hash(): b0}}
			bl := newBuilder(f)
			if err := bl.Prefetch(ctx, parent); err != nil {
				t.Fatal(err)
			}
			got := bl.fromSnapshot(ctx, tc.buildOn)
			if len(f.uninstalled) != 1 {
				t.Fatalf("filters removed: %v, want the one", f.uninstalled)
			}
			if tc.wantTxs < 0 {
				if got != nil {
					t.Fatalf("served %v, want a whole read", got)
				}
				return
			}
			n := 0
			for _, a := range tc.wantAddrs {
				n += len(got[a])
			}
			if n != tc.wantTxs {
				t.Fatalf("served %v, want %d txs", got, tc.wantTxs)
			}
			if bl.fromSnapshot(ctx, parent) != nil {
				t.Fatal("a snapshot served twice")
			}
		})
	}
}
