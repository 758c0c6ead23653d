package localblock

import (
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
)

// senders are n fresh keys and their addresses.
func senders(n int) ([]*ecdsa.PrivateKey, []common.Address) {
	keys := make([]*ecdsa.PrivateKey, n)
	addrs := make([]common.Address, n)
	for i := range keys {
		keys[i], _ = crypto.GenerateKey()
		addrs[i] = crypto.PubkeyToAddress(keys[i].PublicKey)
	}
	return keys, addrs
}

func TestFillOrder(t *testing.T) {
	chainID := big.NewInt(7)
	to := common.HexToAddress("0xaa")
	keys, addrs := senders(4)
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
		later    map[common.Address]uint64 // nonces promised for later slots
		want     []*types.Transaction
	}{
		// s0n1 (50), s2n0 (30), s3n0 (eff. 20), s1n0 (10) then s1n1 (80); s3n1 under the base fee.
		{"all that fit", 60_000_000, nil, []*types.Transaction{s0n1, s2n0, s3n0, s1n0, s1n1}},
		{"gas limit cuts", 21000 * 3, nil, []*types.Transaction{s0n1, s2n0}},
		{"only the constraint", 21000, nil, nil},
		// Sender 1's nonce 1 is promised for a later slot: its nonce 0 still fits, nonce 1 waits for its slot.
		{"a later promise keeps its nonce", 60_000_000, map[common.Address]uint64{addrs[1]: 1}, []*types.Transaction{s0n1, s2n0, s3n0, s1n0}},
		// Sender 2's next nonce and sender 0's after the constraint are promised later: none of theirs.
		{"later promises at the next nonce", 60_000_000, map[common.Address]uint64{addrs[2]: 0, addrs[0]: 1}, []*types.Transaction{s3n0, s1n0, s1n1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fill(cons, pool, tt.later, baseFee, tt.gasLimit, blobRoom{})
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

// TestFillBlobRoom fills blob transactions (no sidecars: as the pool lists
// them) into the blob room by tip: what does not fit the blobs left, or pays
// less than the blob base fee, goes with its sender's later nonces.
func TestFillBlobRoom(t *testing.T) {
	chainID := big.NewInt(7)
	to := common.HexToAddress("0xaa")
	keys, addrs := senders(4)
	blobTx := func(k int, nonce uint64, tip int64, blobs int, blobFee uint64) *types.Transaction {
		hs := make([]common.Hash, blobs)
		for i := range hs {
			hs[i] = common.Hash{0x01, byte(k), byte(nonce), byte(i)}
		}
		x, err := types.SignNewTx(keys[k], types.LatestSignerForChainID(chainID), &types.BlobTx{
			ChainID: uint256.NewInt(7), Nonce: nonce, GasTipCap: uint256.NewInt(uint64(tip)), GasFeeCap: uint256.NewInt(1000), Gas: 21000, To: to,
			BlobFeeCap: uint256.NewInt(blobFee), BlobHashes: hs,
		})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	a0, a1 := blobTx(0, 0, 90, 2, 50), blobTx(0, 1, 80, 1, 50) // 3 blobs in all
	b0 := blobTx(1, 0, 70, 3, 50)                              // does not fit after a's
	c0 := blobTx(2, 0, 60, 1, 5)                               // below the blob base fee
	d0 := blobTx(3, 0, 10, 1, 50)
	pool := map[common.Address][]*types.Transaction{addrs[0]: {a0, a1}, addrs[1]: {b0}, addrs[2]: {c0}, addrs[3]: {d0}}
	for _, tt := range []struct {
		name string
		room blobRoom
		want []*types.Transaction
	}{
		{"no room", blobRoom{}, nil},
		{"four blobs at fee 10", blobRoom{left: 4, fee: big.NewInt(10)}, []*types.Transaction{a0, a1, d0}},
		{"six blobs at fee 10", blobRoom{left: 6, fee: big.NewInt(10)}, []*types.Transaction{a0, a1, b0}},
		{"seven blobs at fee 5", blobRoom{left: 7, fee: big.NewInt(5)}, []*types.Transaction{a0, a1, b0, c0}},
		{"two blobs", blobRoom{left: 2, fee: big.NewInt(10)}, []*types.Transaction{a0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := fill(nil, pool, nil, big.NewInt(100), 60_000_000, tt.room)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d txs, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if got[i].tx.Hash() != tt.want[i].Hash() {
					t.Errorf("tx %d: %s, want %s", i, got[i].tx.Hash(), tt.want[i].Hash())
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
