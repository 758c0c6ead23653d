package preconf

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// fakeRollup is the engine's Rollup boundary in memory (package sidecar/sequencer tests the
// real one, over the rollup's pool and a real L2 node).
type fakeRollup struct {
	mu       sync.Mutex
	ready    error
	gasLimit uint64
	baseFee  *big.Int
	accounts map[common.Address]account
	code     map[common.Address][]byte
	pool     map[common.Hash]bool // added
	pins     []common.Hash
	addErr   error
	pinErr   error
}

func newFakeRollup() *fakeRollup {
	return &fakeRollup{gasLimit: 30_000_000, baseFee: big.NewInt(7), accounts: map[common.Address]account{}, code: map[common.Address][]byte{}, pool: map[common.Hash]bool{}}
}

func (r *fakeRollup) Ready(uint64) error { r.mu.Lock(); defer r.mu.Unlock(); return r.ready }
func (r *fakeRollup) Next() (uint64, *big.Int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gasLimit, r.baseFee
}
func (r *fakeRollup) Account(_ context.Context, a common.Address) (uint64, *big.Int, []byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	acc, ok := r.accounts[a]
	if !ok {
		return 0, new(big.Int), nil, nil
	}
	return acc.nonce, acc.balance, r.code[a], nil
}
func (r *fakeRollup) Add(_ context.Context, tx *types.Transaction) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.addErr != nil {
		return r.addErr
	}
	r.pool[tx.Hash()] = true
	return nil
}
func (r *fakeRollup) Pin(h common.Hash) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pinErr != nil {
		return r.pinErr
	}
	if !r.pool[h] {
		return fmt.Errorf("%v not pooled", h)
	}
	r.pins = append(r.pins, h)
	return nil
}
func (r *fakeRollup) Unpin(h common.Hash) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pins = slices.DeleteFunc(r.pins, func(x common.Hash) bool { return x == h })
}
func (r *fakeRollup) pinned() []common.Hash {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.pins)
}

var testRollupID = big.NewInt(167001)

func newRollupEnv(t *testing.T) (*testEnv, *fakeRollup) {
	t.Helper()
	r := newFakeRollup()
	env := newEnv(t, func(c *Config) { c.Rollups = map[uint64]Rollup{testRollupID.Uint64(): r} })
	return env, r
}

// l2Wallet is a wallet funded on the rollup only.
func l2Wallet(t *testing.T, env *testEnv, r *fakeRollup) *wallet {
	w := newWallet(t, env.chain, new(big.Int))
	r.accounts[w.addr] = account{0, new(big.Int).Set(ether)}
	return w
}

func TestRollupPromise(t *testing.T) {
	env, r := newRollupEnv(t)
	ctx := context.Background()
	w := l2Wallet(t, env, r)
	raw := w.raw(t, txOpts{typ: 2, chainID: testRollupID})
	p, err := env.e.Request(ctx, 101, testRollupID, raw)
	if err != nil {
		t.Fatal(err)
	}
	if p.Commitment.ChainID.Cmp(testRollupID) != 0 {
		t.Fatalf("promise chain id %v, want %v", p.Commitment.ChainID, testRollupID)
	}
	if got := r.pinned(); len(got) != 1 || got[0] != p.Commitment.TxHash {
		t.Fatalf("pins %v, want [%v]", got, p.Commitment.TxHash)
	}
	if a, err := Recover(p.Commitment.Digest(env.e.cfg.Domain), p.Signature); err != nil || a != committerAddr() {
		t.Fatalf("signer %v (%v), want the committer", a, err)
	}
	// Not an L1 constraint, and not in the L1 gas budget.
	if txs := env.e.SlotTxs(101); len(txs) != 0 {
		t.Fatalf("SlotTxs lists the rollup's promise: %v", txs)
	}
	q, err := env.e.EstimateFee(101, 0)
	if err != nil {
		t.Fatal(err)
	}
	if uint64(q.GasLeft) != env.e.cfg.MaxGas {
		t.Fatalf("L1 gas left %d after a rollup promise, want %d", q.GasLeft, env.e.cfg.MaxGas)
	}
	// Nonces are per chain: the same sender's nonce 0 on L1 is promised too, and its
	// nonce 1 on the rollup follows its rollup promise.
	env.chain.setAccount(w.addr, 0, ether)
	if _, err := env.e.Request(ctx, 101, nil, w.raw(t, txOpts{typ: 2})); err != nil {
		t.Fatalf("L1 nonce 0 after the rollup's nonce 0: %v", err)
	}
	if _, err := env.e.Request(ctx, 101, testRollupID, w.raw(t, txOpts{typ: 2, chainID: testRollupID, nonce: 1})); err != nil {
		t.Fatalf("rollup nonce 1: %v", err)
	}
	if txs := env.e.RollupTxs(testRollupID, 0); len(txs) != 2 || txs[0].Nonce != 0 || txs[1].Nonce != 1 || txs[0].Slot != 101 {
		t.Fatalf("RollupTxs %+v", txs)
	}

	// A restart finds the promise with its chain id, still outside the L1 budget.
	env.lg.Close()
	r2 := newFakeRollup()
	cfg := env.e.cfg
	cfg.Rollups = map[uint64]Rollup{testRollupID.Uint64(): r2}
	env.open(t, cfg)
	sc, err := env.e.Commitment(p.Commitment.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Commitment.ChainID.Cmp(testRollupID) != 0 {
		t.Fatalf("after restart: chain id %v", sc.Commitment.ChainID)
	}
	if q, _ := env.e.EstimateFee(101, 0); uint64(q.GasLeft) != env.e.cfg.MaxGas-21000 {
		t.Fatalf("after restart: L1 gas left %d, want %d (one L1 promise)", q.GasLeft, env.e.cfg.MaxGas-21000)
	}
	if txs := env.e.RollupTxs(testRollupID, 0); len(txs) != 2 {
		t.Fatalf("after restart: RollupTxs %+v", txs)
	}
}

func TestRollupPromiseRefused(t *testing.T) {
	errBusy := errors.New("pool full")
	cases := []struct {
		name  string
		setup func(r *fakeRollup, w *wallet)
		chain *big.Int
		opts  txOpts
		want  *Rule
		field string
	}{
		{name: "unknown chain", chain: big.NewInt(999), opts: txOpts{typ: 2, chainID: big.NewInt(999)}, want: ErrChainID, field: "chainId"},
		{name: "other slot", setup: func(r *fakeRollup, _ *wallet) { r.ready = fmt.Errorf("%w: next sealed slot is 102", ErrSlotOutOfRange) }, opts: txOpts{typ: 2}, want: ErrSlotOutOfRange, field: "slot"},
		{name: "head behind", setup: func(r *fakeRollup, _ *wallet) { r.ready = errors.New("block of slot 100 not on the head yet") }, opts: txOpts{typ: 2}, want: ErrNotReady, field: "chainId"},
		{name: "L1 chain id in a rollup tx", opts: txOpts{typ: 2, chainID: testChainID}, want: ErrChainID, field: "chainId"},
		{name: "blob tx", opts: txOpts{typ: 3, blobs: 1}, want: ErrTxType, field: "tx"},
		{name: "set-code tx", opts: txOpts{typ: 4}, want: ErrTxType, field: "tx"},
		{name: "gas over the L2 block", setup: func(r *fakeRollup, _ *wallet) { r.gasLimit = 50_000 }, opts: txOpts{typ: 2, gas: 60_000}, want: ErrGasBudget, field: "gas"},
		{name: "fee cap below the next L2 base fee", setup: func(r *fakeRollup, _ *wallet) { r.baseFee = big.NewInt(200e9) }, opts: txOpts{typ: 2}, want: ErrMaxFee, field: "maxFeePerGas"},
		{name: "nonce used on the rollup", setup: func(r *fakeRollup, w *wallet) { r.accounts[w.addr] = account{3, ether} }, opts: txOpts{typ: 2, nonce: 2}, want: ErrNonce, field: "nonce"},
		{name: "nonce gap on the rollup", opts: txOpts{typ: 2, nonce: 1}, want: ErrNonce, field: "nonce"},
		{name: "no L2 balance", setup: func(r *fakeRollup, w *wallet) { r.accounts[w.addr] = account{0, big.NewInt(1)} }, opts: txOpts{typ: 2}, want: ErrBalance, field: "value"},
		{name: "code on the rollup", setup: func(r *fakeRollup, w *wallet) { r.code[w.addr] = []byte{0x60} }, opts: txOpts{typ: 2}, want: ErrSenderCode, field: "sender"},
		{name: "pool refuses", setup: func(r *fakeRollup, _ *wallet) { r.addErr = errBusy }, opts: txOpts{typ: 2}, want: ErrRollupPool, field: "tx"},
		{name: "pin refused", setup: func(r *fakeRollup, _ *wallet) { r.pinErr = errBusy }, opts: txOpts{typ: 2}, want: ErrRollupPool, field: "tx"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env, r := newRollupEnv(t)
			w := l2Wallet(t, env, r)
			if tc.setup != nil {
				tc.setup(r, w)
			}
			chain := tc.chain
			if chain == nil {
				chain = testRollupID
			}
			if tc.opts.chainID == nil {
				tc.opts.chainID = testRollupID
			}
			_, err := env.e.Request(context.Background(), 101, chain, w.raw(t, tc.opts))
			re, ok := AsRuleError(err)
			if !ok || re.Rule != tc.want || re.Field != tc.field {
				t.Fatalf("err %v, want %s on %s", err, tc.want.Name, tc.field)
			}
			if len(r.pinned()) != 0 || env.e.Status().Promises != 0 {
				t.Fatalf("a refusal left %d pins and %d promises", len(r.pinned()), env.e.Status().Promises)
			}
		})
	}
}

// TestRollupPromiseExactBaseFee: a rollup's next base fee is known exactly (its parent is
// the head), so a fee cap of it plus the tip is enough, where L1 projects a rise.
func TestRollupPromiseExactBaseFee(t *testing.T) {
	env, r := newRollupEnv(t)
	r.baseFee = big.NewInt(50e9)
	w := l2Wallet(t, env, r)
	// 52 gwei: below the 56.25 that a one-block projection of 50 would ask.
	if _, err := env.e.Request(context.Background(), 101, testRollupID, w.raw(t, txOpts{typ: 2, chainID: testRollupID, feeCap: big.NewInt(52e9), tip: big.NewInt(2e9)})); err != nil {
		t.Fatalf("fee cap = the next L2 base fee + tip: %v", err)
	}
	if _, err := env.e.Request(context.Background(), 101, testRollupID, w.raw(t, txOpts{typ: 2, chainID: testRollupID, nonce: 1, feeCap: big.NewInt(50e9 - 1), tip: big.NewInt(1)})); !errors.Is(err, ErrMaxFee) {
		t.Fatalf("fee cap 1 wei below: %v, want %v", err, ErrMaxFee)
	}
}

// TestRollupBatchUndo: an all-or-nothing request whose second tx is refused unpins the
// first.
func TestRollupBatchUndo(t *testing.T) {
	env, r := newRollupEnv(t)
	w := l2Wallet(t, env, r)
	raws := [][]byte{w.raw(t, txOpts{typ: 2, chainID: testRollupID}), w.raw(t, txOpts{typ: 2, chainID: testRollupID, nonce: 1, value: new(big.Int).Mul(ether, big.NewInt(2))})}
	if _, err := env.e.RequestBatch(context.Background(), 101, testRollupID, raws); !errors.Is(err, ErrBalance) {
		t.Fatalf("err %v, want %v", err, ErrBalance)
	}
	if got := r.pinned(); len(got) != 0 {
		t.Fatalf("pins left after a refused batch: %v", got)
	}
	if _, err := env.e.RequestBatch(context.Background(), 101, testRollupID, raws[:1]); err != nil {
		t.Fatal(err)
	}
	if got := r.pinned(); len(got) != 1 {
		t.Fatalf("pins %v after the first alone", got)
	}
}
