package mempool

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/basedsidecar/based/contracts/txroot"
)

// rollups returns a TxPool over n rollups (chain ids 1001…), each with its own state and
// the same funded senders.
func rollups(t testing.TB, n, senders int, mod func(*PoolConfig)) (*TxPool, []*fixture) {
	t.Helper()
	var fs []*fixture
	var pools []*Pool
	for i := 0; i < n; i++ {
		f := newFixture(t, int64(1001+i), senders, mod)
		fs = append(fs, f)
		pools = append(pools, f.pool)
	}
	tp, err := NewTxPool(0, pools...)
	if err != nil {
		t.Fatal(err)
	}
	return tp, fs
}

func TestTxPoolRoutesAndRefusesUnknownRollups(t *testing.T) {
	tp, fs := rollups(t, 2, 2, nil)
	ctx := context.Background()
	if errs := tp.Add(ctx, big.NewInt(1002), []*types.Transaction{fs[1].tx(t, 0, 0, 2, 30)}); errs[0] != nil {
		t.Fatal(errs[0])
	}
	if errs := tp.Add(ctx, big.NewInt(1001), []*types.Transaction{fs[1].tx(t, 0, 0, 2, 30)}); !errors.Is(errs[0], types.ErrInvalidChainId) {
		t.Fatalf("a rollup-1002 tx sent to 1001: %v", errs[0])
	}
	if errs := tp.Add(ctx, big.NewInt(9), []*types.Transaction{fs[1].tx(t, 0, 1, 2, 30)}); !errors.Is(errs[0], ErrUnknownRollup) {
		t.Fatalf("unknown rollup: %v", errs[0])
	}
	if _, err := tp.Pool(big.NewInt(9)); !errors.Is(err, ErrUnknownRollup) {
		t.Fatal(err)
	}
	if p, q := tp.Stats(); p != 1 || q != 0 {
		t.Fatalf("stats %d %d", p, q)
	}
}

func TestTxPoolGlobalLimit(t *testing.T) {
	var pools []*Pool
	var fs []*fixture
	for i := 0; i < 2; i++ {
		f := newFixture(t, int64(1001+i), 3, nil)
		fs, pools = append(fs, f), append(pools, f.pool)
	}
	tp, err := NewTxPool(3, pools...)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct {
		r, s int
		tip  int64
	}{{0, 0, 5}, {0, 1, 6}, {1, 0, 7}} {
		if errs := tp.Add(ctx, big.NewInt(int64(1001+c.r)), []*types.Transaction{fs[c.r].tx(t, c.s, 0, c.tip, 100)}); errs[0] != nil {
			t.Fatal(errs[0])
		}
	}
	// Rollup 1002 is at the global limit with only its own tip-7 tx to give up.
	if errs := tp.Add(ctx, big.NewInt(1002), []*types.Transaction{fs[1].tx(t, 1, 0, 3, 100)}); !errors.Is(errs[0], ErrPoolFull) {
		t.Fatalf("over the global limit: %v", errs[0])
	}
	if errs := tp.Add(ctx, big.NewInt(1002), []*types.Transaction{fs[1].tx(t, 1, 0, 8, 100)}); errs[0] != nil {
		t.Fatal(errs[0])
	}
	if p, _ := tp.Stats(); p != 3 {
		t.Fatalf("%d pooled over the global limit of 3", p)
	}
}

func TestBundleAllOrNothing(t *testing.T) {
	tp, fs := rollups(t, 3, 3, nil)
	ctx := context.Background()
	good0 := Leg{big.NewInt(1001), fs[0].tx(t, 0, 0, 2, 30)}
	good1 := Leg{big.NewInt(1002), fs[1].tx(t, 1, 0, 2, 30)}
	poor := testKey(t, 55)
	for _, tc := range []struct {
		name string
		legs []Leg
		want error
		leg  string
	}{
		{"one leg", []Leg{good0}, ErrBundle, ""},
		{"one rollup", []Leg{good0, {big.NewInt(1001), fs[0].tx(t, 1, 0, 2, 30)}}, ErrBundle, ""},
		{"unknown rollup", []Leg{good0, {big.NewInt(7), fs[1].tx(t, 1, 0, 2, 30)}}, ErrUnknownRollup, "leg 1"},
		{"wrong chain", []Leg{good0, {big.NewInt(1002), fs[2].tx(t, 1, 0, 2, 30)}}, types.ErrInvalidChainId, "leg 1"},
		{"nonce gap", []Leg{good0, {big.NewInt(1002), fs[1].tx(t, 1, 3, 2, 30)}}, ErrNotPending, "leg 1"},
		{"cannot pay", []Leg{good0, good1, {big.NewInt(1003), signedTx(t, poor, 1003, 0, 2, 30)}}, core.ErrInsufficientFunds, "leg 2"},
		{"below base fee", []Leg{{big.NewInt(1001), fs[0].tx(t, 2, 0, 0, 0)}, good1}, ErrNotPending, "leg 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tp.AddBundle(ctx, tc.legs)
			if !errors.Is(err, ErrBundle) || !errors.Is(err, tc.want) || (tc.leg != "" && !strings.Contains(err.Error(), tc.leg)) {
				t.Fatalf("got %v, want %v naming %q", err, tc.want, tc.leg)
			}
			if p, q := tp.Stats(); p+q != 0 || len(tp.Bundles()) != 0 {
				t.Fatalf("a refused bundle left %d txs", p+q)
			}
		})
	}
	h, err := tp.AddBundle(ctx, []Leg{good0, good1})
	if err != nil {
		t.Fatal(err)
	}
	if want := crypto.Keccak256Hash(good0.Tx.Hash().Bytes(), good1.Tx.Hash().Bytes()); h != want {
		t.Fatal("bundle hash")
	}
	// Its legs cannot be replaced, evicted or promised alone.
	if errs := tp.Add(ctx, big.NewInt(1001), []*types.Transaction{fs[0].tx(t, 0, 0, 20, 300)}); !errors.Is(errs[0], ErrBundle) {
		t.Fatalf("replacing a leg: %v", errs[0])
	}
	if err := fs[0].pool.Pin(good0.Tx.Hash()); !errors.Is(err, ErrBundle) {
		t.Fatalf("promising a leg alone: %v", err)
	}
}

func TestSealBundles(t *testing.T) {
	ctx := context.Background()
	t.Run("in the batch whole", func(t *testing.T) {
		tp, fs := rollups(t, 2, 3, nil)
		if _, err := tp.AddBundle(ctx, []Leg{{big.NewInt(1001), fs[0].tx(t, 0, 0, 2, 30)}, {big.NewInt(1002), fs[1].tx(t, 1, 0, 2, 30)}}); err != nil {
			t.Fatal(err)
		}
		tp.Add(ctx, big.NewInt(1001), []*types.Transaction{fs[0].tx(t, 2, 0, 50, 100)})
		s, err := tp.Seal(common.Address{0xfe}, MaxBlobsEnvelope)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Blocks) != 2 || len(s.Blocks[0].Txs) != 2 || len(s.Blocks[1].Txs) != 1 {
			t.Fatalf("blocks %v", s.Headers)
		}
		// The bundle leg comes before the higher-tip tx: bundles precede the tip order.
		if crypto.Keccak256Hash(s.Blocks[0].Txs[0]) != fs[0].tx(t, 0, 0, 2, 30).Hash() {
			t.Fatal("bundle leg not first")
		}
	})
	t.Run("a leg gone takes the bundle out", func(t *testing.T) {
		tp, fs := rollups(t, 2, 3, nil)
		legB := fs[1].tx(t, 1, 0, 2, 30)
		if _, err := tp.AddBundle(ctx, []Leg{{big.NewInt(1001), fs[0].tx(t, 0, 0, 2, 30)}, {big.NewInt(1002), legB}}); err != nil {
			t.Fatal(err)
		}
		// Sender 1 spends nonce 0 on rollup 1002 elsewhere: leg B is no longer valid.
		fs[1].state.set(fs[1].addr(1), 1, new(uint256.Int).Mul(ether, uint256.NewInt(10)))
		if err := fs[1].pool.Reset(ctx, l2Head(2, 1, 30_000_000)); err != nil {
			t.Fatal(err)
		}
		tp.Add(ctx, big.NewInt(1002), []*types.Transaction{fs[1].tx(t, 2, 0, 2, 30)})
		s, err := tp.Seal(common.Address{}, MaxBlobsEnvelope)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Blocks) != 1 || s.Blocks[0].ChainID.Int64() != 1002 || len(s.Blocks[0].Txs) != 1 {
			t.Fatalf("want only the unrelated tx of 1002, got %v", s.Headers)
		}
		if fs[0].pool.Get(fs[0].tx(t, 0, 0, 2, 30).Hash()) != nil || len(tp.Bundles()) != 0 {
			t.Fatal("the broken bundle's other leg stayed")
		}
	})
	t.Run("a leg without gas waits whole", func(t *testing.T) {
		tp, fs := rollups(t, 2, 3, func(c *PoolConfig) { c.GasLimit = 21000 })
		if _, err := tp.AddBundle(ctx, []Leg{{big.NewInt(1001), fs[0].tx(t, 0, 0, 2, 30)}, {big.NewInt(1002), fs[1].tx(t, 1, 0, 2, 30)}}); err != nil {
			t.Fatal(err)
		}
		// Rollup 1002's block is full of a promised tx: the bundle cannot go in this slot.
		tp.Add(ctx, big.NewInt(1002), []*types.Transaction{fs[1].tx(t, 2, 0, 2, 30)})
		if err := fs[1].pool.Pin(fs[1].tx(t, 2, 0, 2, 30).Hash()); err != nil {
			t.Fatal(err)
		}
		s, err := tp.Seal(common.Address{}, MaxBlobsEnvelope)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Blocks) != 1 || s.Blocks[0].ChainID.Int64() != 1002 {
			t.Fatalf("want only rollup 1002's promised tx, got %v", s.Headers)
		}
		if len(tp.Bundles()) != 1 {
			t.Fatal("a bundle that did not fit was dropped instead of waiting")
		}
	})
}

func TestSealBatch(t *testing.T) {
	ctx := context.Background()
	tp, fs := rollups(t, 3, 20, nil)
	var promised *types.Transaction
	for r, f := range fs {
		for s := 0; s < 20; s++ {
			for n := uint64(0); n < 3; n++ {
				if errs := tp.Add(ctx, f.pool.ChainID(), []*types.Transaction{f.tx(t, s, n, int64(1+s), 100)}); errs[0] != nil {
					t.Fatal(errs[0])
				}
			}
		}
		if r == 1 {
			promised = f.tx(t, 0, 0, 1, 100)
			if err := f.pool.Pin(promised.Hash()); err != nil {
				t.Fatal(err)
			}
		}
	}
	s, err := tp.Seal(common.Address{0xfe}, MaxBlobsEnvelope)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeBatch(s.Envelope)
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckHeaders(s.Headers, got); err != nil {
		t.Fatal(err)
	}
	for i, h := range s.Headers {
		if h.ParentHash != fs[i].pool.Head().Hash() || h.TxCount != 60 {
			t.Fatalf("header %d: %d txs on %v", i, h.TxCount, h.ParentHash)
		}
	}
	idx, proof, err := s.Proof(big.NewInt(1002), promised.Hash())
	if err != nil || idx != 1 || !txroot.Verify(proof, s.Headers[1].TxRoot, promised.Hash()) {
		t.Fatalf("proof of the promised tx: %v", err)
	}
	if crypto.Keccak256Hash(got[1].Txs[0]) != promised.Hash() {
		t.Fatal("promised tx not first in its block")
	}
	// Squeezed to a third of its size, the batch keeps the promised tx and drops tips from the tail.
	small, err := tp.Seal(common.Address{0xfe}, len(s.Envelope)/3)
	if err != nil {
		t.Fatal(err)
	}
	if len(small.Envelope) > len(s.Envelope)/3 {
		t.Fatalf("envelope %d bytes over %d", len(small.Envelope), len(s.Envelope)/3)
	}
	if _, _, err := small.Proof(big.NewInt(1002), promised.Hash()); err != nil {
		t.Fatal("the promised tx was squeezed out")
	}
	if _, err := tp.Seal(common.Address{}, 10); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("promised txs that cannot fit: %v", err)
	}
}

func TestSealOnly(t *testing.T) {
	ctx := context.Background()
	tp, fs := rollups(t, 2, 3, nil)
	if _, err := tp.AddBundle(ctx, []Leg{{big.NewInt(1001), fs[0].tx(t, 0, 0, 2, 30)}, {big.NewInt(1002), fs[1].tx(t, 0, 0, 2, 30)}}); err != nil {
		t.Fatal(err)
	}
	solo := fs[0].tx(t, 1, 0, 2, 30)
	tp.Add(ctx, big.NewInt(1001), []*types.Transaction{solo})
	tp.Add(ctx, big.NewInt(1002), []*types.Transaction{fs[1].tx(t, 1, 0, 2, 30)})
	s, err := tp.SealOnly(func(id uint64) bool { return id == 1001 }, common.Address{}, MaxBlobsEnvelope)
	if err != nil {
		t.Fatal(err)
	}
	// Only rollup 1001, without the bundle whose other leg is on the rollup left out.
	if len(s.Blocks) != 1 || s.Blocks[0].ChainID.Int64() != 1001 || len(s.Blocks[0].Txs) != 1 || crypto.Keccak256Hash(s.Blocks[0].Txs[0]) != solo.Hash() {
		t.Fatalf("blocks %v", s.Headers)
	}
	if len(tp.Bundles()) != 1 {
		t.Fatal("the bundle was dropped instead of waiting")
	}
	if s, err := tp.SealOnly(func(uint64) bool { return false }, common.Address{}, MaxBlobsEnvelope); s != nil || err != nil {
		t.Fatalf("no rollup: %v, %v", s, err)
	}
}

func TestUnpin(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, 1001, 2, nil)
	a, b := f.tx(t, 0, 0, 50, 100), f.tx(t, 1, 0, 2, 30)
	for _, err := range f.pool.Add(ctx, []*types.Transaction{a, b}) {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := f.pool.Pin(b.Hash()); err != nil {
		t.Fatal(err)
	}
	if got := f.pool.Block(); len(got) != 2 || got[0].Hash() != b.Hash() {
		t.Fatal("the pinned tx is not first")
	}
	f.pool.Unpin(b.Hash())
	f.pool.Unpin(b.Hash()) // twice: no effect
	if got := f.pool.Block(); len(got) != 2 || got[0].Hash() != a.Hash() {
		t.Fatal("after Unpin the higher tip is not first")
	}
	// Unpinned, it can be replaced again.
	if errs := f.pool.Add(ctx, []*types.Transaction{f.tx(t, 1, 0, 3, 40)}); errs[0] != nil {
		t.Fatalf("replacing an unpinned tx: %v", errs[0])
	}
}
