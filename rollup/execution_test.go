package rollup_test

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/basedsidecar/based/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

const (
	l1Genesis   = 1_700_000_000
	slotSeconds = 12
)

func slotTime(slot uint64) uint64 { return l1Genesis + slot*slotSeconds }

// TestIntegrationExecutionSameHashes feeds two real geth nodes the same derived tx lists,
// with transactions that must be skipped, and checks they build the same blocks with
// exactly the transactions that the rule of docs/BATCH.md §6.3 keeps.
func TestIntegrationExecutionSameHashes(t *testing.T) {
	keys, alloc := testKeys(t, 3)
	poor, err := crypto.ToECDSA(crypto.Keccak256([]byte("poor")))
	if err != nil {
		t.Fatal(err)
	}
	alloc[crypto.PubkeyToAddress(poor.PublicKey)] = types.Account{Balance: big.NewInt(1e15)}
	gen := rollup.Genesis(l2ChainID, l2GasLimit, l1Genesis, alloc)
	a, b := startGeth(t, gen), startGeth(t, gen)
	xa, xb := a.dial(t), b.dial(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	to := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	fee := common.HexToAddress("0x00000000000000000000000000000000000000fe")
	wrongChain := transfer(t, keys[2], l2ChainID+1, 0, to, 1)
	bigGas := types.MustSignNewTx(keys[2], types.LatestSignerForChainID(big.NewInt(l2ChainID)), &types.DynamicFeeTx{
		ChainID: big.NewInt(l2ChainID), Nonce: 0, To: &to, Gas: l2GasLimit + 1, GasFeeCap: big.NewInt(10e9), GasTipCap: big.NewInt(1e9),
	})
	bigGasRaw, _ := bigGas.MarshalBinary()
	blocks := []struct {
		in       rollup.BlockInput
		included int
		skipped  map[int]string // index → part of the reason
	}{
		{rollup.BlockInput{Slot: 1, FeeRecipient: fee, Txs: [][]byte{
			transfer(t, keys[0], l2ChainID, 0, to, 1),
			transfer(t, keys[1], l2ChainID, 0, to, 2),
			{0x02, 0xc0, 0x01},                        // does not decode
			transfer(t, keys[0], l2ChainID, 5, to, 3), // nonce gap
			wrongChain,
			transfer(t, keys[0], l2ChainID, 1, to, 4),
		}}, 3, map[int]string{2: "decode", 3: "nonce", 4: "chain id"}},
		{rollup.BlockInput{Slot: 3, FeeRecipient: fee}, 0, nil},
		{rollup.BlockInput{Slot: 4, FeeRecipient: fee, Txs: [][]byte{
			transfer(t, poor, l2ChainID, 0, to, 1e18), // cannot pay
			bigGasRaw, // gas above the block's
			transfer(t, keys[2], l2ChainID, 0, to, 5),
			transfer(t, keys[0], l2ChainID, 1, to, 6), // nonce already used in slot 1
		}}, 1, map[int]string{0: "funds", 1: "gas", 3: "nonce"}},
	}
	parentA, err := xa.Header(ctx, common.Hash{})
	if err != nil {
		t.Fatal(err)
	}
	parent := parentA.Hash()
	var hashes []common.Hash
	for i, blk := range blocks {
		blk.in.Timestamp = slotTime(blk.in.Slot)
		ba, err := xa.Apply(ctx, parent, blk.in)
		if err != nil {
			t.Fatalf("block %d on a: %v", i, err)
		}
		bb, err := xb.Apply(ctx, parent, blk.in)
		if err != nil {
			t.Fatalf("block %d on b: %v", i, err)
		}
		if ba.Hash != bb.Hash {
			t.Fatalf("block %d: a built %s, b built %s", i, ba.Hash, bb.Hash)
		}
		if ba.Included != blk.included || len(ba.Skipped) != len(blk.skipped) {
			t.Fatalf("block %d: included %d skipped %+v, want %d and %v", i, ba.Included, ba.Skipped, blk.included, blk.skipped)
		}
		t.Logf("block %d: %s, %d txs, skipped %+v", i, ba.Hash, ba.Included, ba.Skipped)
		for _, s := range ba.Skipped {
			if want, ok := blk.skipped[s.Index]; !ok || !strings.Contains(s.Reason, want) {
				t.Fatalf("block %d: skip %+v, want reasons %v", i, s, blk.skipped)
			}
		}
		// What geth holds: its head, with the rule's timestamp, prevRandao and fee recipient.
		h, err := xb.Header(ctx, common.Hash{})
		if err != nil {
			t.Fatal(err)
		}
		if h.Hash() != ba.Hash || h.Time != blk.in.Timestamp || h.MixDigest != rollup.PrevRandao(parent, blk.in.Slot) ||
			h.Coinbase != fee || h.GasLimit != l2GasLimit || h.ParentHash != parent {
			t.Fatalf("block %d: geth head %+v", i, h)
		}
		parent = ba.Hash
		hashes = append(hashes, ba.Hash)
	}
	// The receipts of the kept transactions are there.
	bal, err := xa.Client().BalanceAt(ctx, to, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bal.Int64() != 1+2+4+5 {
		t.Fatalf("recipient balance %s, want 12", bal)
	}

	// A roll back to block 1, then another block 2 on it: geth follows.
	if err := xa.Forkchoice(ctx, hashes[0], common.Hash{}, common.Hash{}); err != nil {
		t.Fatal(err)
	}
	if h, _ := xa.Header(ctx, common.Hash{}); h.Hash() != hashes[0] {
		t.Fatalf("after roll back head %s, want %s", h.Hash(), hashes[0])
	}
	alt, err := xa.Apply(ctx, hashes[0], rollup.BlockInput{Slot: 2, Timestamp: slotTime(2), FeeRecipient: fee,
		Txs: [][]byte{transfer(t, keys[2], l2ChainID, 0, to, 7)}})
	if err != nil {
		t.Fatal(err)
	}
	if alt.Number != 2 || alt.Hash == hashes[1] || alt.Included != 1 {
		t.Fatalf("alternative block %+v", alt)
	}
	// And back to the first branch, which geth still has.
	if err := xa.Forkchoice(ctx, hashes[2], common.Hash{}, common.Hash{}); err != nil {
		t.Fatal(err)
	}
	if h, _ := xa.Header(ctx, common.Hash{}); h.Hash() != hashes[2] {
		t.Fatalf("head %s, want %s", h.Hash(), hashes[2])
	}
}
