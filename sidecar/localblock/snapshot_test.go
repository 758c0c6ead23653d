package localblock

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
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
