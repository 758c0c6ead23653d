package localblock

import (
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

func TestFillOrder(t *testing.T) {
	chainID := big.NewInt(7)
	to := common.HexToAddress("0xaa")
	keys := make([]*ecdsa.PrivateKey, 4)
	addrs := make([]common.Address, 4)
	for i := range keys {
		keys[i], _ = crypto.GenerateKey()
		addrs[i] = crypto.PubkeyToAddress(keys[i].PublicKey)
	}
	tx := func(k int, nonce uint64, tip, cap int64) *types.Transaction {
		x, err := types.SignNewTx(keys[k], types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
			ChainID: chainID, Nonce: nonce, GasTipCap: big.NewInt(tip), GasFeeCap: big.NewInt(cap), Gas: 21000, To: &to,
		})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	baseFee := big.NewInt(100)
	c0 := tx(0, 0, 1, 1000) // a constraint of sender 0
	cons := []candidate{{tx: c0, from: addrs[0], constraint: true}}
	s0n0dup, s0n1 := c0, tx(0, 1, 50, 1000)
	s0n0rival := tx(0, 0, 90, 1000)
	s1n0, s1n1 := tx(1, 0, 10, 1000), tx(1, 1, 80, 1000)
	s2n0 := tx(2, 0, 30, 1000)
	s3n0, s3n1 := tx(3, 0, 500, 120), tx(3, 1, 5, 99) // effective tip 20; then under the base fee
	pool := map[common.Address][]*types.Transaction{
		addrs[0]: {s0n1, s0n0dup, s0n0rival},
		addrs[1]: {s1n1, s1n0},
		addrs[2]: {s2n0},
		addrs[3]: {s3n0, s3n1},
	}
	tests := []struct {
		name     string
		gasLimit uint64
		want     []*types.Transaction
	}{
		// s0n1 (50), s2n0 (30), s3n0 (eff. 20), s1n0 (10) then s1n1 (80); s3n1 under the base fee.
		{"all that fit", 60_000_000, []*types.Transaction{s0n1, s2n0, s3n0, s1n0, s1n1}},
		{"gas limit cuts", 21000 * 3, []*types.Transaction{s0n1, s2n0}},
		{"only the constraint", 21000, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fill(cons, pool, baseFee, tt.gasLimit)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d txs, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if got[i].tx.Hash() != tt.want[i].Hash() || got[i].constraint || len(got[i].raw) == 0 {
					t.Errorf("tx %d: %s (nonce %d), want %s (nonce %d)", i, got[i].tx.Hash(), got[i].tx.Nonce(), tt.want[i].Hash(), tt.want[i].Nonce())
				}
			}
		})
	}
}

func TestCalcGasLimit(t *testing.T) {
	tests := []struct{ parent, target, want uint64 }{
		{60_000_000, 60_000_000, 60_000_000},
		{30_000_000, 60_000_000, 30_000_000 + 30_000_000/1024 - 1},
		{60_000_000, 59_990_000, 59_990_000},
		{60_000_000, 30_000_000, 60_000_000 - 60_000_000/1024 + 1},
		{6000, 0, 5996}, // toward the 5000 minimum, by the bound
	}
	for _, tt := range tests {
		if got := calcGasLimit(tt.parent, tt.target); got != tt.want {
			t.Errorf("calcGasLimit(%d, %d) = %d, want %d", tt.parent, tt.target, got, tt.want)
		}
	}
}
