package mempool

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// memState is the rollup state of pool tests: accounts set by the test.
type memState struct {
	mu   sync.Mutex
	accs map[common.Address]Account
}

func newMemState() *memState { return &memState{accs: map[common.Address]Account{}} }

func (s *memState) Account(_ context.Context, a common.Address) (Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	acc, ok := s.accs[a]
	if !ok {
		return Account{Balance: new(uint256.Int)}, nil
	}
	return Account{Nonce: acc.Nonce, Balance: new(uint256.Int).Set(acc.Balance)}, nil
}

func (s *memState) set(a common.Address, nonce uint64, balance *uint256.Int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accs[a] = Account{Nonce: nonce, Balance: balance}
}

var ether = uint256.NewInt(1e18)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func rollupConfig(chain int64) *params.ChainConfig {
	cfg := *params.MergedTestChainConfig
	cfg.ChainID = big.NewInt(chain)
	return &cfg
}

func l2Head(number uint64, baseFeeGwei int64, gasLimit uint64) *types.Header {
	return &types.Header{Number: new(big.Int).SetUint64(number), BaseFee: gwei(baseFeeGwei), GasLimit: gasLimit, GasUsed: gasLimit / 2, Difficulty: new(big.Int), Time: 1000 + number}
}

type fixture struct {
	pool  *Pool
	state *memState
	clock *clock
	keys  []*ecdsa.PrivateKey
	chain int64
}

func newFixture(t testing.TB, chain int64, senders int, mod func(*PoolConfig)) *fixture {
	t.Helper()
	f := &fixture{state: newMemState(), clock: &clock{t: time.Unix(1_000_000, 0)}, chain: chain}
	for i := 0; i < senders; i++ {
		k := testKey(t, i)
		f.keys = append(f.keys, k)
		f.state.set(crypto.PubkeyToAddress(k.PublicKey), 0, new(uint256.Int).Mul(ether, uint256.NewInt(10)))
	}
	cfg := PoolConfig{ChainID: big.NewInt(chain), ChainConfig: rollupConfig(chain), GasLimit: 30_000_000, Now: f.clock.now}
	if mod != nil {
		mod(&cfg)
	}
	p, err := NewPool(cfg, f.state, l2Head(1, 1, 30_000_000))
	if err != nil {
		t.Fatal(err)
	}
	f.pool = p
	return f
}

func (f *fixture) addr(i int) common.Address { return crypto.PubkeyToAddress(f.keys[i].PublicKey) }

func (f *fixture) tx(t testing.TB, sender int, nonce uint64, tip, feeCap int64) *types.Transaction {
	return signedTx(t, f.keys[sender], f.chain, nonce, tip, feeCap)
}

func (f *fixture) add(t testing.TB, txs ...*types.Transaction) error {
	t.Helper()
	return f.pool.Add(context.Background(), txs)[0]
}

func TestPoolRefuses(t *testing.T) {
	f := newFixture(t, 1001, 3, func(c *PoolConfig) { c.MinTip = gwei(1); c.MaxPerSender = 4; c.GasLimit = 1_000_000 })
	poor := testKey(t, 77)
	f.state.set(crypto.PubkeyToAddress(poor.PublicKey), 0, uint256.NewInt(21000*30e9+5))
	f.state.set(f.addr(2), 5, new(uint256.Int).Mul(ether, uint256.NewInt(10)))
	if err := f.add(t, f.tx(t, 0, 0, 2, 30)); err != nil {
		t.Fatal(err)
	}
	if err := f.add(t, signedTx(t, poor, 1001, 0, 1, 30)); err != nil {
		t.Fatal(err)
	}
	legacy, _ := types.SignNewTx(f.keys[0], types.HomesteadSigner{}, &types.LegacyTx{Nonce: 1, GasPrice: gwei(30), Gas: 21000, To: &common.Address{1}})
	bigGas, _ := types.SignNewTx(f.keys[0], types.LatestSignerForChainID(big.NewInt(1001)), &types.DynamicFeeTx{ChainID: big.NewInt(1001), Nonce: 1, GasTipCap: gwei(2), GasFeeCap: gwei(30), Gas: 1_000_001, To: &common.Address{1}})
	capped, _ := types.SignNewTx(f.keys[0], types.LatestSignerForChainID(big.NewInt(1001)), &types.DynamicFeeTx{ChainID: big.NewInt(1001), Nonce: 1, GasTipCap: gwei(2), GasFeeCap: gwei(30), Gas: 1 << 25, To: &common.Address{1}})
	costly, _ := types.SignNewTx(f.keys[0], types.LatestSignerForChainID(big.NewInt(1001)), &types.DynamicFeeTx{ChainID: big.NewInt(1001), Nonce: 1, GasTipCap: gwei(2), GasFeeCap: new(big.Int).Lsh(big.NewInt(1), 255), Gas: 21000, To: &common.Address{1}, Value: big.NewInt(1)})
	blob := types.MustSignNewTx(f.keys[0], types.LatestSignerForChainID(big.NewInt(1001)), &types.BlobTx{ChainID: uint256.NewInt(1001), Nonce: 1, GasTipCap: uint256.NewInt(2e9), GasFeeCap: uint256.NewInt(30e9), Gas: 21000, BlobFeeCap: uint256.NewInt(1), BlobHashes: []common.Hash{{1}}})
	for _, tc := range []struct {
		name string
		tx   *types.Transaction
		want error
	}{
		{"already known", f.tx(t, 0, 0, 2, 30), txpool.ErrAlreadyKnown},
		{"other chain", signedTx(t, f.keys[0], 1002, 1, 2, 30), types.ErrInvalidChainId},
		{"not replay protected", legacy, types.ErrInvalidChainId},
		{"tip below minimum", f.tx(t, 0, 1, 0, 30), txpool.ErrTxGasPriceTooLow},
		{"tip above fee cap", f.tx(t, 0, 1, 40, 30), core.ErrTipAboveFeeCap},
		{"above block gas", bigGas, txpool.ErrGasLimit},
		{"above tx gas cap", capped, txpool.ErrGasLimit},
		{"blob tx", blob, core.ErrTxTypeNotSupported},
		{"nonce spent", f.tx(t, 2, 4, 2, 30), core.ErrNonceTooLow},
		{"nonce too far ahead", f.tx(t, 1, 5, 2, 30), core.ErrNonceTooHigh},
		{"cannot pay with earlier txs", signedTx(t, poor, 1001, 1, 1, 30), core.ErrInsufficientFunds},
		{"cost above 2^256 (gas × fee cap wraps to 0)", costly, core.ErrInsufficientFunds},
		{"replacement tip +5%", f.tx(t, 0, 0, 2, 40), txpool.ErrReplaceUnderpriced},
		{"replacement fee cap +0%", f.tx(t, 0, 0, 3, 30), txpool.ErrReplaceUnderpriced},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := f.pool.Content()
			err := f.add(t, tc.tx)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			after, _ := f.pool.Content()
			if len(before) != len(after) || len(before[f.addr(0)]) != len(after[f.addr(0)]) || after[f.addr(0)][0].Hash() != before[f.addr(0)][0].Hash() {
				t.Fatal("a refused tx changed the pool")
			}
		})
	}
	// The sender limit: 4 pooled, the fifth refused.
	for n := uint64(1); n < 4; n++ {
		if err := f.add(t, f.tx(t, 0, n, 2, 30)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.add(t, f.tx(t, 0, 4, 2, 30)); !errors.Is(err, txpool.ErrAccountLimitExceeded) {
		t.Fatalf("fifth tx of a sender: %v", err)
	}
	// A 10 % bump of both replaces.
	repl := signedTx(t, f.keys[0], 1001, 0, 3, 33)
	if err := f.add(t, repl); err != nil {
		t.Fatalf("10%% bump: %v", err)
	}
	if f.pool.Get(repl.Hash()) == nil || f.pool.Get(f.tx(t, 0, 0, 2, 30).Hash()) != nil {
		t.Fatal("replacement did not replace")
	}
	checkInvariants(t, f.pool, nil)
}

func TestPoolPendingAndQueued(t *testing.T) {
	f := newFixture(t, 1001, 1, nil)
	ctx := context.Background()
	for _, n := range []uint64{0, 2, 3} {
		if err := f.add(t, f.tx(t, 0, n, 2, 30)); err != nil {
			t.Fatal(err)
		}
	}
	if p, q := f.pool.Stats(); p != 1 || q != 2 {
		t.Fatalf("pending %d queued %d, want 1 2", p, q)
	}
	if n, _ := f.pool.Nonce(ctx, f.addr(0)); n != 1 {
		t.Fatalf("pending nonce %d, want 1", n)
	}
	if err := f.pool.Pin(f.tx(t, 0, 2, 2, 30).Hash()); !errors.Is(err, ErrNotPending) {
		t.Fatalf("pinning a future tx: %v", err)
	}
	if err := f.add(t, f.tx(t, 0, 1, 2, 30)); err != nil {
		t.Fatal(err)
	}
	if p, q := f.pool.Stats(); p != 4 || q != 0 {
		t.Fatalf("after the gap filled: pending %d queued %d", p, q)
	}
	if n, _ := f.pool.Nonce(ctx, f.addr(0)); n != 4 {
		t.Fatalf("pending nonce %d, want 4", n)
	}
	checkInvariants(t, f.pool, nil)
}

func TestPoolEvictsLowestTip(t *testing.T) {
	f := newFixture(t, 1001, 6, func(c *PoolConfig) { c.MaxTxs = 3 })
	for i, tip := range []int64{5, 2, 7} {
		if err := f.add(t, f.tx(t, i, 0, tip, 100)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.pool.Pin(f.tx(t, 0, 0, 5, 100).Hash()); err != nil {
		t.Fatal(err)
	}
	if err := f.add(t, f.tx(t, 3, 0, 1, 100)); !errors.Is(err, ErrPoolFull) || !errors.Is(err, txpool.ErrUnderpriced) {
		t.Fatalf("cheapest newcomer: %v", err)
	}
	if err := f.add(t, f.tx(t, 3, 0, 3, 100)); err != nil {
		t.Fatal(err)
	}
	if f.pool.Get(f.tx(t, 1, 0, 2, 100).Hash()) != nil {
		t.Fatal("the tip-2 tx should have been evicted")
	}
	// Pinned (tip 5) stays while cheaper unpinned ones go.
	if err := f.add(t, f.tx(t, 4, 0, 9, 100)); err != nil {
		t.Fatal(err)
	}
	if err := f.add(t, f.tx(t, 5, 0, 10, 100)); err != nil {
		t.Fatal(err)
	}
	if f.pool.Get(f.tx(t, 0, 0, 5, 100).Hash()) == nil {
		t.Fatal("a pinned tx was evicted")
	}
	if err := f.add(t, f.tx(t, 0, 0, 50, 200)); !errors.Is(err, ErrPinned) {
		t.Fatalf("replacing a pinned tx: %v", err)
	}
	checkInvariants(t, f.pool, nil)
}

func TestPoolFutureTTL(t *testing.T) {
	f := newFixture(t, 1001, 1, func(c *PoolConfig) { c.FutureTTL = time.Minute })
	if err := f.add(t, f.tx(t, 0, 0, 2, 30)); err != nil {
		t.Fatal(err)
	}
	if err := f.add(t, f.tx(t, 0, 5, 2, 30)); err != nil {
		t.Fatal(err)
	}
	f.clock.t = f.clock.t.Add(59 * time.Second)
	f.pool.Expire()
	if p, q := f.pool.Stats(); p != 1 || q != 1 {
		t.Fatalf("before the TTL: %d %d", p, q)
	}
	f.clock.t = f.clock.t.Add(2 * time.Second)
	f.pool.Expire()
	if p, q := f.pool.Stats(); p != 1 || q != 0 {
		t.Fatalf("after the TTL: pending %d queued %d, want 1 0", p, q)
	}
	checkInvariants(t, f.pool, nil)
}

func TestPoolReset(t *testing.T) {
	f := newFixture(t, 1001, 2, nil)
	ctx := context.Background()
	for n := uint64(0); n < 4; n++ {
		if err := f.add(t, f.tx(t, 0, n, 2, 30)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.add(t, f.tx(t, 1, 0, 2, 30)); err != nil {
		t.Fatal(err)
	}
	if err := f.pool.Pin(f.tx(t, 0, 1, 2, 30).Hash()); err != nil {
		t.Fatal(err)
	}
	// Sender 0's first two txs are in the chain; sender 1 is left with too little to pay.
	f.state.set(f.addr(0), 2, new(uint256.Int).Mul(ether, uint256.NewInt(10)))
	f.state.set(f.addr(1), 0, uint256.NewInt(1000))
	if err := f.pool.Reset(ctx, l2Head(2, 1, 30_000_000)); err != nil {
		t.Fatal(err)
	}
	pending, queued := f.pool.Content()
	if len(pending[f.addr(0)]) != 2 || pending[f.addr(0)][0].Nonce() != 2 || len(pending[f.addr(1)]) != 0 || len(queued) != 0 {
		t.Fatalf("after reset: pending %v queued %v", pending, queued)
	}
	if n, _ := f.pool.Nonce(ctx, f.addr(0)); n != 4 {
		t.Fatalf("nonce %d", n)
	}
	checkInvariants(t, f.pool, nil)
}

// batchState is memState that also reads accounts in batches, counting them.
type batchState struct {
	*memState
	batches int
}

func (b *batchState) Accounts(ctx context.Context, addrs []common.Address) ([]Account, error) {
	b.batches++
	out := make([]Account, len(addrs))
	for i, a := range addrs {
		out[i], _ = b.Account(ctx, a)
	}
	return out, nil
}

func TestPoolResetReadsInBatches(t *testing.T) {
	f := newFixture(t, 1001, 3, nil)
	bs := &batchState{memState: f.state}
	f.pool.state = bs
	for s := 0; s < 3; s++ {
		if err := f.add(t, f.tx(t, s, 0, 2, 30), f.tx(t, s, 1, 2, 30)); err != nil {
			t.Fatal(err)
		}
	}
	f.state.set(f.addr(1), 1, new(uint256.Int).Mul(ether, uint256.NewInt(10)))
	if err := f.pool.Reset(context.Background(), l2Head(2, 1, 30_000_000)); err != nil {
		t.Fatal(err)
	}
	if bs.batches != 1 {
		t.Fatalf("%d batched reads, want 1", bs.batches)
	}
	if p, _ := f.pool.Stats(); p != 5 {
		t.Fatalf("pending %d after sender 1's nonce 0 was included, want 5", p)
	}
	checkInvariants(t, f.pool, nil)
}

func TestPoolBlockOrder(t *testing.T) {
	f := newFixture(t, 1001, 4, func(c *PoolConfig) { c.GasLimit = 21000 * 6 })
	if err := f.pool.Reset(context.Background(), l2Head(2, 10, 30_000_000)); err != nil {
		t.Fatal(err)
	}
	txs := []*types.Transaction{
		f.tx(t, 0, 0, 1, 30), f.tx(t, 0, 1, 9, 30), // low tip then high tip, same sender
		f.tx(t, 1, 0, 5, 30), f.tx(t, 2, 0, 7, 30), f.tx(t, 3, 0, 3, 30),
		f.tx(t, 3, 1, 8, 30), f.tx(t, 2, 1, 2, 30),
		f.tx(t, 1, 1, 1, 5), // fee cap below the next base fee: never listed
	}
	for _, tx := range txs {
		if err := f.add(t, tx); err != nil {
			t.Fatal(err)
		}
	}
	// Promised, in this order: sender 1's nonce 0, then sender 3's nonce 1 (pins its nonce 0 first).
	for _, h := range []common.Hash{txs[2].Hash(), txs[5].Hash()} {
		if err := f.pool.Pin(h); err != nil {
			t.Fatal(err)
		}
	}
	got := f.pool.Block()
	want := []common.Hash{txs[2].Hash(), txs[4].Hash(), txs[5].Hash(), txs[3].Hash(), txs[6].Hash(), txs[0].Hash()}
	if len(got) != len(want) {
		t.Fatalf("%d txs, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Hash() != want[i] {
			t.Fatalf("tx %d: nonce %d from another place than expected", i, got[i].Nonce())
		}
	}
	if err := f.pool.Pin(txs[1].Hash()); err != nil { // 6 × 21000 fit, the promised ones are 4 (with nonce 0 of sender 0)
		t.Fatal(err)
	}
	if err := f.pool.Pin(txs[6].Hash()); !errors.Is(err, ErrBlockGas) {
		t.Fatalf("promising past the gas limit: %v", err)
	}
}

// checkInvariants checks the pool's structure; pinned lists hashes promised earlier that
// must still be in the pool unless their nonce is spent.
func checkInvariants(t testing.TB, p *Pool, pinned map[common.Hash]bool) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	total, pending := 0, 0
	var pinGas uint64
	for a, acc := range p.accounts {
		if len(acc.txs) > p.cfg.MaxPerSender {
			t.Fatalf("%v holds %d txs, limit %d", a, len(acc.txs), p.cfg.MaxPerSender)
		}
		run := 0
		var spent uint256.Int
		allPinned := true
		for i, e := range acc.txs {
			if p.all[e.hash] != e || e.sender != a {
				t.Fatalf("%v nonce %d not indexed", a, e.nonce)
			}
			if i > 0 && acc.txs[i-1].nonce >= e.nonce {
				t.Fatalf("%v not in nonce order", a)
			}
			if e.nonce < acc.nonce {
				t.Fatalf("%v holds spent nonce %d (state %d)", a, e.nonce, acc.nonce)
			}
			if run == i && e.nonce == acc.nonce+uint64(i) {
				run++
			}
			if e.pinned {
				pinGas += e.gas
				if i >= acc.pending {
					t.Fatalf("pinned %v nonce %d is not executable", a, e.nonce)
				}
				if i > 0 && !acc.txs[i-1].pinned {
					t.Fatalf("pinned %v nonce %d after an unpinned one", a, e.nonce)
				}
				if e.heapIdx >= 0 {
					t.Fatal("pinned tx in the eviction heap")
				}
			} else {
				allPinned = false
				if e.bundle == nil && (e.heapIdx < 0 || e.heapIdx >= len(p.evict) || p.evict[e.heapIdx] != e) {
					t.Fatalf("%v nonce %d missing from the eviction heap", a, e.nonce)
				}
			}
			spent.Add(&spent, &e.cost)
		}
		if run != acc.pending {
			t.Fatalf("%v pending %d, run %d", a, acc.pending, run)
		}
		if acc.balance.Lt(&spent) && !allPinned {
			t.Fatalf("%v cannot pay its pooled txs", a)
		}
		total += len(acc.txs)
		pending += acc.pending
	}
	if total != len(p.all) || pending != p.pending {
		t.Fatalf("counts: %d in queues, %d indexed; pending %d, counted %d", total, len(p.all), pending, p.pending)
	}
	if len(p.all) > p.cfg.MaxTxs {
		t.Fatalf("%d txs, limit %d", len(p.all), p.cfg.MaxTxs)
	}
	if pinGas != p.pinGas || pinGas > p.cfg.GasLimit {
		t.Fatalf("pinned gas %d, counted %d, limit %d", pinGas, p.pinGas, p.cfg.GasLimit)
	}
	for i := 1; i < len(p.pins); i++ {
		if p.pins[i-1].pinSeq >= p.pins[i].pinSeq || !p.pins[i].pinned {
			t.Fatal("pins out of order")
		}
	}
	for i := range p.evict {
		if p.evict[i].heapIdx != i {
			t.Fatal("heap index")
		}
		if l := 2*i + 1; l < len(p.evict) && cheaper(p.evict[l], p.evict[i]) {
			t.Fatal("heap order")
		}
	}
	for h := range pinned {
		e := p.all[h]
		if e == nil {
			continue // checked by the caller against the state nonce
		}
		if !e.pinned {
			t.Fatalf("promised %v lost its pin", h)
		}
	}
}

// TestPoolInvariantsRandom runs random sequences of adds, replacements, pins, resets (with
// nonces spent and balances changed) and expiries, checking the invariants after each.
func TestPoolInvariantsRandom(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		f := newFixture(t, 1001, 8, func(c *PoolConfig) {
			c.MaxTxs = 14
			c.MaxPerSender = 6
			c.FutureTTL = 5 * time.Minute
			c.GasLimit = 21000 * 10
		})
		ctx := context.Background()
		promised := map[common.Hash]*types.Transaction{}
		number := uint64(1)
		for step := 0; step < 300; step++ {
			switch op := rng.IntN(10); {
			case op < 6: // add or replace
				s := rng.IntN(len(f.keys))
				st, _ := f.state.Account(ctx, f.addr(s))
				nonce := st.Nonce + uint64(rng.IntN(3))
				tip := int64(1 + rng.IntN(20))
				_ = f.add(t, f.tx(t, s, nonce, tip, tip+int64(rng.IntN(40))))
			case op < 8: // promise a random pending tx
				pending, _ := f.pool.Content()
				for _, txs := range pending {
					tx := txs[rng.IntN(len(txs))]
					if f.pool.Pin(tx.Hash()) == nil {
						promised[tx.Hash()] = tx
					}
					break
				}
			case op < 9: // a new head: some senders' txs included, some balances cut
				for s := range f.keys {
					st, _ := f.state.Account(ctx, f.addr(s))
					n, bal := st.Nonce, st.Balance
					if rng.IntN(3) == 0 {
						n += uint64(rng.IntN(3))
					}
					switch rng.IntN(6) {
					case 0:
						bal = uint256.NewInt(uint64(rng.IntN(3)) * 21000 * 30e9)
					case 1, 2:
						bal = new(uint256.Int).Mul(ether, uint256.NewInt(10))
					}
					f.state.set(f.addr(s), n, bal)
				}
				number++
				if err := f.pool.Reset(ctx, l2Head(number, int64(1+rng.IntN(3)), 30_000_000)); err != nil {
					t.Fatal(err)
				}
			default:
				f.clock.t = f.clock.t.Add(time.Duration(rng.IntN(40)) * time.Second)
				f.pool.Expire()
			}
			hashes := map[common.Hash]bool{}
			for h, tx := range promised {
				from, _ := types.Sender(types.LatestSignerForChainID(big.NewInt(1001)), tx)
				st, _ := f.state.Account(ctx, from)
				if tx.Nonce() < st.Nonce {
					delete(promised, h) // in the chain
					continue
				}
				if f.pool.Get(h) == nil {
					t.Fatalf("seed %d step %d: promised tx %v left the pool with its nonce unspent", seed, step, h)
				}
				hashes[h] = true
			}
			checkInvariants(t, f.pool, hashes)
			block := f.pool.Block()
			checkBlock(t, f, block, promised)
		}
	}
}

// checkBlock checks a built block: within the gas limit, each sender's nonces consecutive
// from its state nonce, every promised tx present, promised ones first.
func checkBlock(t testing.TB, f *fixture, block []*types.Transaction, promised map[common.Hash]*types.Transaction) {
	t.Helper()
	ctx := context.Background()
	next := map[common.Address]uint64{}
	var gas uint64
	seenUnpromised := false
	found := 0
	for _, tx := range block {
		from, _ := types.Sender(types.LatestSignerForChainID(big.NewInt(f.chain)), tx)
		n, ok := next[from]
		if !ok {
			st, _ := f.state.Account(ctx, from)
			n = st.Nonce
		}
		if tx.Nonce() != n {
			t.Fatalf("block lists nonce %d of %v, next is %d", tx.Nonce(), from, n)
		}
		next[from] = n + 1
		gas += tx.Gas()
		if _, ok := promised[tx.Hash()]; ok {
			found++
			if seenUnpromised {
				t.Fatal("a promised tx after an unpromised one")
			}
		} else if !isPinned(f.pool, tx.Hash()) { // pinned as an earlier nonce of a promised tx
			seenUnpromised = true
		}
	}
	if gas > f.pool.cfg.GasLimit {
		t.Fatalf("block gas %d over %d", gas, f.pool.cfg.GasLimit)
	}
	if found != len(promised) {
		t.Fatalf("block has %d of %d promised txs", found, len(promised))
	}
}

func isPinned(p *Pool, h common.Hash) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.all[h]
	return e != nil && e.pinned
}

func TestOutcome(t *testing.T) {
	f := newFixture(t, 1001, 1, func(c *PoolConfig) { c.MinTip = gwei(1) })
	if err := f.add(t, f.tx(t, 0, 0, 2, 30)); Outcome(err) != "ok" {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tx   *types.Transaction
		want string
	}{
		{f.tx(t, 0, 0, 2, 30), "already_known"},
		{f.tx(t, 0, 0, 2, 31), "replace_underpriced"},
		{f.tx(t, 0, 1, 0, 30), "tip_too_low"},
		{signedTx(t, f.keys[0], 5, 1, 2, 30), "chain_id"},
		{f.tx(t, 0, 1, 40, 30), "invalid"},
	} {
		if got := Outcome(f.add(t, tc.tx)); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
	}
}
