package mempool

import (
	"container/heap"
	"context"
	"fmt"
	"math/big"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/misc/eip1559"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// PoolConfig configures one rollup's pool.
type PoolConfig struct {
	ChainID      *big.Int            // the rollup's chain id
	ChainConfig  *params.ChainConfig // the rollup's fork rules
	GasLimit     uint64              // L2 block gas limit
	MinTip       *big.Int            // smallest priority fee taken (wei)
	PriceBump    uint64              // percent a replacement must raise tip and fee cap (default 10)
	MaxPerSender int                 // pooled txs per sender (default 64)
	MaxTxs       int                 // pooled txs of this rollup (default 50,000)
	FutureTTL    time.Duration       // how long a non-executable tx stays (default 10 min)
	Now          func() time.Time    // clock (default time.Now)
	// Operator is the L2 address an external block's payment must pay; zero: external
	// blocks are refused.
	Operator common.Address
	// OnExternalBlock, when set, is told (with the pool's lock held) what became of a held
	// external block: "replaced", "sealed" or "dropped_<reason>".
	OnExternalBlock func(outcome string)
}

func (c *PoolConfig) defaults() error {
	if c.ChainID == nil || c.ChainID.Sign() <= 0 || !c.ChainID.IsUint64() {
		return fmt.Errorf("%w: chain id %v", ErrUnknownRollup, c.ChainID)
	}
	if c.ChainConfig == nil {
		return fmt.Errorf("rollup %v: no chain config", c.ChainID)
	}
	if c.ChainConfig.ChainID == nil || c.ChainConfig.ChainID.Cmp(c.ChainID) != 0 {
		return fmt.Errorf("rollup %v: chain config is for chain %v", c.ChainID, c.ChainConfig.ChainID)
	}
	if c.GasLimit == 0 {
		return fmt.Errorf("rollup %v: no gas limit", c.ChainID)
	}
	if c.MinTip == nil {
		c.MinTip = new(big.Int)
	}
	if c.PriceBump == 0 {
		c.PriceBump = 10
	}
	if c.MaxPerSender <= 0 {
		c.MaxPerSender = 64
	}
	if c.MaxTxs <= 0 {
		c.MaxTxs = 50_000
	}
	if c.FutureTTL <= 0 {
		c.FutureTTL = 10 * time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// entry is a pooled transaction with what the hot paths read of it, decoded once (the
// lazy handle: ordering and checks never touch the transaction's big.Int accessors).
type entry struct {
	tx     *types.Transaction
	hash   common.Hash
	sender common.Address
	nonce  uint64
	gas    uint64
	tip    uint256.Int
	feeCap uint256.Int
	cost   uint256.Int // gas × fee cap + value, 2^256−1 when that overflows

	eff       uint256.Int // effective tip at the pool's base fee
	underpaid bool        // fee cap below the base fee
	added     time.Time
	pinned    bool
	pinSeq    uint64
	heapIdx   int     // index in the eviction heap, -1 when not in it
	bundle    *bundle // the cross-rollup bundle this tx is a leg of
	leastGas  uint64  // the least gas the tx can use, 0 until computed (minGas)
}

func newEntry(tx *types.Transaction, from common.Address) *entry {
	e := &entry{tx: tx, hash: tx.Hash(), sender: from, nonce: tx.Nonce(), gas: tx.Gas(), heapIdx: -1}
	e.tip.SetFromBig(tx.GasTipCap())
	e.feeCap.SetFromBig(tx.GasFeeCap())
	e.cost.SetUint64(e.gas)
	_, o1 := e.cost.MulOverflow(&e.cost, &e.feeCap)
	v, o2 := uint256.FromBig(tx.Value())
	if _, o3 := e.cost.AddOverflow(&e.cost, v); o1 || o2 || o3 {
		e.cost.SetAllOne() // no balance pays it
	}
	return e
}

// price sets the effective tip at baseFee: min(tip, fee cap − base fee).
func (e *entry) price(baseFee *uint256.Int) {
	if e.feeCap.Lt(baseFee) {
		e.underpaid = true
		e.eff.Clear()
		return
	}
	e.underpaid = false
	e.eff.Sub(&e.feeCap, baseFee)
	if e.tip.Lt(&e.eff) {
		e.eff.Set(&e.tip)
	}
}

// cheaper reports whether a is evicted before b: underpaid first (lowest fee cap), then the
// lowest effective tip, then the newest.
func cheaper(a, b *entry) bool {
	if a.underpaid != b.underpaid {
		return a.underpaid
	}
	if a.underpaid {
		if c := a.feeCap.Cmp(&b.feeCap); c != 0 {
			return c < 0
		}
	} else if c := a.eff.Cmp(&b.eff); c != 0 {
		return c < 0
	}
	return a.added.After(b.added)
}

// evictHeap orders the unpinned entries, cheapest on top.
type evictHeap []*entry

func (h evictHeap) Len() int           { return len(h) }
func (h evictHeap) Less(i, j int) bool { return cheaper(h[i], h[j]) }
func (h evictHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].heapIdx, h[j].heapIdx = i, j
}
func (h *evictHeap) Push(x any) { e := x.(*entry); e.heapIdx = len(*h); *h = append(*h, e) }
func (h *evictHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	e.heapIdx = -1
	return e
}

// account is one sender's pooled transactions, sorted by nonce, and its state at the head.
type account struct {
	nonce   uint64
	balance uint256.Int
	txs     []*entry
	pending int // length of the run of txs[i].nonce == nonce+i: the executable ones
}

func (a *account) find(nonce uint64) (int, bool) {
	return slices.BinarySearchFunc(a.txs, nonce, func(e *entry, n uint64) int {
		switch {
		case e.nonce < n:
			return -1
		case e.nonce > n:
			return 1
		}
		return 0
	})
}

// counter is a limit shared by several pools.
type counter struct {
	n   atomic.Int64
	max int64
}

// Pool is the transaction pool of one rollup: per-sender nonce-ordered queues split into
// executable (pending) and future (queued) transactions, checked in full before they are
// stored, with replacement by price bump, limits, eviction of the lowest effective tip, a
// time to live for future transactions and pinned (promised) transactions.
type Pool struct {
	cfg    PoolConfig
	signer types.Signer
	vopts  txpool.ValidationOptions
	state  State
	global *counter

	head atomic.Pointer[types.Header]

	mu       sync.Mutex
	baseFee  uint256.Int // of the block built on head
	all      map[common.Hash]*entry
	accounts map[common.Address]*account
	evict    evictHeap
	pins     []*entry // promise order
	pinSeq   uint64
	pinGas   uint64
	pending  int
	ext      *externalBlock // the best external block for the next seal
}

// NewPool returns the pool of one rollup whose state is read through state, starting at head.
func NewPool(cfg PoolConfig, state State, head *types.Header) (*Pool, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	p := &Pool{
		cfg: cfg, signer: types.LatestSignerForChainID(cfg.ChainID), vopts: validationOptions(cfg.ChainConfig, cfg.MinTip),
		state: state, all: make(map[common.Hash]*entry), accounts: make(map[common.Address]*account),
	}
	p.setHead(head)
	return p, nil
}

// ChainID returns the rollup's chain id.
func (p *Pool) ChainID() *big.Int { return p.cfg.ChainID }

// Head returns the L2 head the pool validates against.
func (p *Pool) Head() *types.Header { return p.head.Load() }

// setHead stores head and the base fee of the block after it. p.mu is held or p is new.
func (p *Pool) setHead(head *types.Header) {
	p.head.Store(head)
	if head.BaseFee != nil && p.cfg.ChainConfig.IsLondon(new(big.Int).Add(head.Number, common.Big1)) {
		p.baseFee.SetFromBig(eip1559.CalcBaseFee(p.cfg.ChainConfig, head))
	} else {
		p.baseFee.Clear()
	}
}

// BaseFee returns the base fee of the next L2 block.
func (p *Pool) BaseFee() *uint256.Int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return new(uint256.Int).Set(&p.baseFee)
}

// Add validates and stores transactions; errs[i] says why txs[i] was refused (nil: stored).
// Signature recovery and the stateless rules run before the pool's lock is taken.
func (p *Pool) Add(ctx context.Context, txs []*types.Transaction) []error {
	errs := make([]error, len(txs))
	entries := make([]*entry, len(txs))
	head := p.head.Load()
	for i, tx := range txs {
		from, err := p.validateStateless(tx, head)
		if err != nil {
			errs[i] = err
			continue
		}
		entries[i] = newEntry(tx, from)
	}
	if err := p.loadAccounts(ctx, entries); err != nil {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		return errs
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, e := range entries {
		if e != nil {
			errs[i] = p.add(e)
		}
	}
	return errs
}

// loadAccounts reads, outside the lock, the state of senders the pool does not know yet.
func (p *Pool) loadAccounts(ctx context.Context, entries []*entry) error {
	var missing []common.Address
	p.mu.Lock()
	for _, e := range entries {
		if e != nil && p.accounts[e.sender] == nil && !slices.Contains(missing, e.sender) {
			missing = append(missing, e.sender)
		}
	}
	p.mu.Unlock()
	if len(missing) == 0 {
		return nil
	}
	got := make([]Account, len(missing))
	for i, a := range missing {
		acc, err := p.state.Account(ctx, a)
		if err != nil {
			return fmt.Errorf("%w: account %v: %w", ErrState, a, err)
		}
		got[i] = acc
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, a := range missing {
		if p.accounts[a] == nil {
			acc := &account{nonce: got[i].Nonce}
			if got[i].Balance != nil {
				acc.balance.Set(got[i].Balance)
			}
			p.accounts[a] = acc
		}
	}
	return nil
}

// add stores one checked entry. p.mu is held.
func (p *Pool) add(e *entry) error {
	if p.all[e.hash] != nil {
		return fmt.Errorf("%w: %v", txpool.ErrAlreadyKnown, e.hash)
	}
	acc := p.accounts[e.sender]
	idx, found := acc.find(e.nonce)
	var old *entry
	if found {
		old = acc.txs[idx]
		if err := p.validateReplacement(e, old); err != nil {
			return err
		}
	}
	if err := p.validateState(e, acc, old); err != nil {
		return err
	}
	e.price(&p.baseFee)
	e.added = p.cfg.Now()
	if old == nil {
		for p.full() {
			victim := p.cheapest()
			if victim == nil || !cheaper(victim, e) {
				return fmt.Errorf("%w: %w: pool of rollup %v holds %d txs and none pays less", ErrPoolFull, txpool.ErrUnderpriced, p.cfg.ChainID, len(p.all))
			}
			p.remove(victim)
			if victim.sender == e.sender { // the sender's queue moved
				idx, _ = acc.find(e.nonce)
			}
		}
		acc.txs = slices.Insert(acc.txs, idx, e)
		p.count(1)
	} else {
		p.unindex(old)
		acc.txs[idx] = e
	}
	p.all[e.hash] = e
	if e.bundle == nil {
		heap.Push(&p.evict, e)
	}
	p.repending(acc)
	return nil
}

func (p *Pool) full() bool {
	return len(p.all) >= p.cfg.MaxTxs || (p.global != nil && p.global.n.Load() >= p.global.max)
}

func (p *Pool) count(d int64) {
	if p.global != nil {
		p.global.n.Add(d)
	}
}

func (p *Pool) cheapest() *entry {
	if len(p.evict) == 0 {
		return nil
	}
	return p.evict[0]
}

// unindex drops e from the hash index and the eviction heap.
func (p *Pool) unindex(e *entry) {
	delete(p.all, e.hash)
	if e.heapIdx >= 0 {
		heap.Remove(&p.evict, e.heapIdx)
	}
}

// remove drops e from the pool; its sender's later txs become future. p.mu is held.
func (p *Pool) remove(e *entry) {
	p.unindex(e)
	acc := p.accounts[e.sender]
	if idx, ok := acc.find(e.nonce); ok && acc.txs[idx] == e {
		acc.txs = slices.Delete(acc.txs, idx, idx+1)
		p.count(-1)
	}
	if e.pinned {
		p.unpin(e)
	}
	p.repending(acc)
}

// repending recounts the sender's executable run. p.mu is held.
func (p *Pool) repending(acc *account) {
	n := 0
	for n < len(acc.txs) && acc.txs[n].nonce == acc.nonce+uint64(n) {
		n++
	}
	p.pending += n - acc.pending
	acc.pending = n
}

// Pin marks a pending transaction as promised: it and its sender's earlier txs are kept,
// never evicted or replaced, and listed first (in pin order) in the rollup's block.
func (p *Pool) Pin(hash common.Hash) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.all[hash]
	if e == nil {
		return fmt.Errorf("%w: %v", ErrNotFound, hash)
	}
	if e.pinned {
		return nil
	}
	acc := p.accounts[e.sender]
	idx, _ := acc.find(e.nonce)
	if idx >= acc.pending {
		return fmt.Errorf("%w: nonce %d of %v, next executable is %d", ErrNotPending, e.nonce, e.sender, acc.nonce+uint64(acc.pending))
	}
	gas := uint64(0)
	for _, t := range acc.txs[:idx+1] {
		if t.bundle != nil {
			return fmt.Errorf("%w: %v (nonce %d) is a bundle leg; a bundle is promised whole", ErrBundle, t.hash, t.nonce)
		}
		if !t.pinned {
			gas += t.gas
		}
	}
	if p.pinGas+gas > p.cfg.GasLimit {
		return fmt.Errorf("%w: %d gas promised, %d more, limit %d", ErrBlockGas, p.pinGas, gas, p.cfg.GasLimit)
	}
	for _, t := range acc.txs[:idx+1] {
		if t.pinned {
			continue
		}
		t.pinned = true
		p.pinSeq++
		t.pinSeq = p.pinSeq
		p.pins = append(p.pins, t)
		p.pinGas += t.gas
		if t.heapIdx >= 0 {
			heap.Remove(&p.evict, t.heapIdx)
		}
	}
	return nil
}

// Unpin makes a pinned transaction an ordinary pooled one again (its promise was not
// made); the sender's earlier txs pinned with it stay pinned.
func (p *Pool) Unpin(hash common.Hash) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.all[hash]
	if e == nil || !e.pinned {
		return
	}
	p.unpin(e)
	heap.Push(&p.evict, e)
}

// unpin forgets a pinned entry that left the pool. p.mu is held.
func (p *Pool) unpin(e *entry) {
	e.pinned = false
	p.pinGas -= e.gas
	if i := slices.Index(p.pins, e); i >= 0 {
		p.pins = slices.Delete(p.pins, i, i+1)
	}
}

// Reset moves the pool to a new L2 head: each sender's state is read again, txs whose nonce
// is spent leave (pinned ones too: they are in the chain or can no longer be), unpinned txs
// the balance no longer covers leave, and future txs older than the time to live expire.
func (p *Pool) Reset(ctx context.Context, head *types.Header) error {
	p.mu.Lock()
	senders := make([]common.Address, 0, len(p.accounts))
	for a := range p.accounts {
		senders = append(senders, a)
	}
	p.mu.Unlock()
	fresh := make(map[common.Address]Account, len(senders))
	if bs, ok := p.state.(BatchState); ok && len(senders) > 0 {
		accs, err := bs.Accounts(ctx, senders)
		if err != nil {
			return fmt.Errorf("%w: %d accounts: %w", ErrState, len(senders), err)
		}
		if len(accs) != len(senders) {
			return fmt.Errorf("%w: %d accounts asked, %d read", ErrState, len(senders), len(accs))
		}
		for i, a := range senders {
			fresh[a] = accs[i]
		}
	} else {
		for _, a := range senders {
			acc, err := p.state.Account(ctx, a)
			if err != nil {
				return fmt.Errorf("%w: account %v: %w", ErrState, a, err)
			}
			fresh[a] = acc
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setHead(head)
	for a, acc := range p.accounts {
		st, ok := fresh[a]
		if !ok { // arrived during the reads; its state is from the new head already
			continue
		}
		acc.nonce = st.Nonce
		acc.balance.Clear()
		if st.Balance != nil {
			acc.balance.Set(st.Balance)
		}
		for len(acc.txs) > 0 && acc.txs[0].nonce < acc.nonce {
			p.remove(acc.txs[0])
		}
		var spent uint256.Int
		for i := 0; i < len(acc.txs); i++ {
			t := acc.txs[i]
			if _, overflow := spent.AddOverflow(&spent, &t.cost); overflow {
				spent.SetAllOne()
			}
			if !t.pinned && acc.balance.Lt(&spent) {
				for len(acc.txs) > i {
					p.remove(acc.txs[len(acc.txs)-1])
				}
				break
			}
		}
		p.repending(acc)
		if len(acc.txs) == 0 {
			delete(p.accounts, a)
		}
	}
	for _, e := range p.all {
		e.price(&p.baseFee)
	}
	heap.Init(&p.evict)
	p.expire()
	p.heldExternal() // checked on the old head: dropped
	return nil
}

// Expire drops the future txs older than the time to live.
func (p *Pool) Expire() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.expire()
}

func (p *Pool) expire() {
	cut := p.cfg.Now().Add(-p.cfg.FutureTTL)
	for _, acc := range p.accounts {
		for i := len(acc.txs) - 1; i >= acc.pending; i-- {
			if t := acc.txs[i]; t.added.Before(cut) {
				p.remove(t)
			}
		}
	}
}

// Get returns the pooled transaction with the hash, or nil.
func (p *Pool) Get(hash common.Hash) *types.Transaction {
	p.mu.Lock()
	defer p.mu.Unlock()
	if e := p.all[hash]; e != nil {
		return e.tx
	}
	return nil
}

// Nonce returns the sender's next nonce counting its executable pooled txs.
func (p *Pool) Nonce(ctx context.Context, addr common.Address) (uint64, error) {
	p.mu.Lock()
	acc := p.accounts[addr]
	if acc != nil {
		n := acc.nonce + uint64(acc.pending)
		p.mu.Unlock()
		return n, nil
	}
	p.mu.Unlock()
	st, err := p.state.Account(ctx, addr)
	if err != nil {
		return 0, fmt.Errorf("%w: account %v: %w", ErrState, addr, err)
	}
	return st.Nonce, nil
}

// Stats returns the counts of executable and future txs.
func (p *Pool) Stats() (pending, queued int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pending, len(p.all) - p.pending
}

// Content returns the executable and future txs per sender, each in nonce order.
func (p *Pool) Content() (pending, queued map[common.Address][]*types.Transaction) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pending, queued = map[common.Address][]*types.Transaction{}, map[common.Address][]*types.Transaction{}
	for a, acc := range p.accounts {
		for i, t := range acc.txs {
			if i < acc.pending {
				pending[a] = append(pending[a], t.tx)
			} else {
				queued[a] = append(queued[a], t.tx)
			}
		}
	}
	return pending, queued
}
