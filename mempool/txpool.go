package mempool

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/klauspost/compress/zstd"

	"github.com/basedsidecar/based/contracts/txroot"
)

// SubPool is one rollup's pool as its users (the rollup's JSON-RPC endpoint, the promise
// logic) see it.
type SubPool interface {
	ChainID() *big.Int
	Head() *types.Header
	Add(ctx context.Context, txs []*types.Transaction) []error
	Get(hash common.Hash) *types.Transaction
	Nonce(ctx context.Context, addr common.Address) (uint64, error)
	Stats() (pending, queued int)
	Content() (pending, queued map[common.Address][]*types.Transaction)
	Pin(hash common.Hash) error
	Reset(ctx context.Context, head *types.Header) error
	Block() []*types.Transaction
	SubmitBlock(ctx context.Context, txs []*types.Transaction, payment *types.Transaction) (BlockValue, error)
}

var _ SubPool = (*Pool)(nil)

// TxPool is the front of the rollups' pools: it routes by chain id, shares the global
// limit, holds the cross-rollup bundles and seals the shared batch.
type TxPool struct {
	pools  map[uint64]*Pool
	ids    []uint64 // sorted: the lock order
	global *counter

	mu      sync.Mutex // bundles and sealing
	bundles []*bundle
	enc     *zstd.Encoder
}

// NewTxPool returns the front of pools, at most maxTxs pooled transactions over all of
// them (0: no global limit beyond each pool's own).
func NewTxPool(maxTxs int, pools ...*Pool) (*TxPool, error) {
	enc, err := newCompressor()
	if err != nil {
		return nil, err
	}
	tp := &TxPool{pools: make(map[uint64]*Pool, len(pools)), enc: enc}
	if maxTxs > 0 {
		tp.global = &counter{max: int64(maxTxs)}
	}
	for _, p := range pools {
		id := p.cfg.ChainID.Uint64()
		if tp.pools[id] != nil {
			return nil, fmt.Errorf("rollup %d configured twice", id)
		}
		p.global = tp.global
		tp.pools[id] = p
		tp.ids = append(tp.ids, id)
	}
	slices.Sort(tp.ids)
	return tp, nil
}

// Pool returns the pool of a rollup chain id.
func (tp *TxPool) Pool(chainID *big.Int) (SubPool, error) {
	p, err := tp.pool(chainID)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (tp *TxPool) pool(chainID *big.Int) (*Pool, error) {
	if chainID != nil && chainID.IsUint64() {
		if p := tp.pools[chainID.Uint64()]; p != nil {
			return p, nil
		}
	}
	return nil, fmt.Errorf("%w: %v", ErrUnknownRollup, chainID)
}

// ChainIDs returns the rollups' chain ids in ascending order.
func (tp *TxPool) ChainIDs() []uint64 { return slices.Clone(tp.ids) }

// Add adds txs to the pool of chainID.
func (tp *TxPool) Add(ctx context.Context, chainID *big.Int, txs []*types.Transaction) []error {
	p, err := tp.pool(chainID)
	if err != nil {
		errs := make([]error, len(txs))
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	return p.Add(ctx, txs)
}

// Stats returns the executable and future txs over all rollups.
func (tp *TxPool) Stats() (pending, queued int) {
	for _, id := range tp.ids {
		p, q := tp.pools[id].Stats()
		pending += p
		queued += q
	}
	return pending, queued
}

// lockAll takes every pool's lock in chain id order.
func (tp *TxPool) lockAll(ids []uint64) func() {
	for _, id := range ids {
		tp.pools[id].mu.Lock()
	}
	return func() {
		for _, id := range ids {
			tp.pools[id].mu.Unlock()
		}
	}
}

// Sealed is one slot's shared batch: the blocks, their inbox headers (each on its pool's
// head), the tx hashes of each block (for tx root proofs), which blocks are external and
// the envelope.
type Sealed struct {
	Blocks   []Block
	Headers  []Header
	Hashes   [][]common.Hash
	External []bool // whether each block is an external builder's (SubmitBlock)
	Envelope []byte
}

// Proof returns the index of the block of chainID and the tx root proof of txHash in it:
// the arguments of PreconfSlasher.defendL2 besides the headers.
func (s *Sealed) Proof(chainID *big.Int, txHash common.Hash) (int, []common.Hash, error) {
	for i, h := range s.Headers {
		if h.ChainID.Cmp(chainID) != 0 {
			continue
		}
		j := slices.Index(s.Hashes[i], txHash)
		if j < 0 {
			break
		}
		proof, err := txroot.Proof(s.Hashes[i], j)
		return i, proof, err
	}
	return 0, nil, fmt.Errorf("%w: %v in the block of rollup %v", ErrNotFound, txHash, chainID)
}

// Seal builds the block of every rollup that has something to include and encodes them as
// one shared batch whose envelope is at most maxEnvelope bytes (transactions of the fill
// phase are left for the next slot to fit; promised ones and bundles never). A rollup's
// held external block (SubmitBlock) is its block instead when it is still valid and worth
// more than the pool's own block now; bundles with a leg on that rollup wait for a later
// slot, and if the external blocks do not fit the envelope they are dropped for the pools'
// own. After a seal no external block is held. Rollups with an empty block are left out;
// with none at all there is no batch (nil, nil).
func (tp *TxPool) Seal(feeRecipient common.Address, maxEnvelope int) (*Sealed, error) {
	return tp.SealOnly(nil, feeRecipient, maxEnvelope)
}

// SealOnly is Seal for the rollups for which include returns true (nil: all). The bundles
// with a leg on another rollup wait.
func (tp *TxPool) SealOnly(include func(chainID uint64) bool, feeRecipient common.Address, maxEnvelope int) (*Sealed, error) {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	defer tp.lockAll(tp.ids)()

	ext := make(map[uint64]*externalBlock, len(tp.ids))
	for _, id := range tp.ids {
		if include != nil && !include(id) {
			continue // its external block stays held for the seal that includes it
		}
		if x := tp.pools[id].sealExternal(); x != nil {
			ext[id] = x
		}
	}
	for {
		s, err := tp.seal(include, feeRecipient, maxEnvelope, ext)
		if errors.Is(err, ErrTooLarge) && len(ext) > 0 {
			for id := range ext {
				tp.pools[id].externalOutcome("dropped_too_large")
			}
			ext = nil
			continue
		}
		if err == nil {
			for _, id := range tp.ids {
				if ext[id] != nil {
					tp.pools[id].externalOutcome("sealed")
				}
			}
		}
		return s, err
	}
}

// seal builds the batch with the external blocks of ext. Every pool's lock is held.
func (tp *TxPool) seal(include func(uint64) bool, feeRecipient common.Address, maxEnvelope int, ext map[uint64]*externalBlock) (*Sealed, error) {
	builders := make(map[uint64]*blockBuilder, len(tp.ids))
	for _, id := range tp.ids {
		if include != nil && !include(id) {
			continue
		}
		b := tp.pools[id].begin()
		if x := ext[id]; x != nil {
			b.txs = x.entries
		} else {
			b.promised()
		}
		builders[id] = b
	}
	tp.bundleLegs(builders, ext)
	fixed := make(map[uint64]int, len(builders))
	ids := make([]uint64, 0, len(builders))
	for _, id := range tp.ids {
		if builders[id] != nil {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		fixed[id] = len(builders[id].txs)
		if ext[id] == nil {
			builders[id].fill()
		}
	}
	for attempt := 0; ; attempt++ {
		s := &Sealed{}
		for _, id := range ids {
			b := builders[id]
			if len(b.txs) == 0 {
				continue
			}
			blk := Block{ChainID: b.p.cfg.ChainID, FeeRecipient: feeRecipient, Txs: make([][]byte, len(b.txs))}
			hashes := make([]common.Hash, len(b.txs))
			for i, e := range b.txs {
				raw, err := e.tx.MarshalBinary()
				if err != nil {
					return nil, fmt.Errorf("rollup %d tx %v: %w", id, e.hash, err)
				}
				blk.Txs[i], hashes[i] = raw, e.hash
			}
			s.Blocks = append(s.Blocks, blk)
			s.Hashes = append(s.Hashes, hashes)
			s.Headers = append(s.Headers, Header{ChainID: blk.ChainID, TxRoot: txroot.Root(hashes), TxCount: uint32(len(hashes)), ParentHash: b.p.head.Load().Hash()})
			s.External = append(s.External, ext[id] != nil)
		}
		if len(s.Blocks) == 0 {
			return nil, nil
		}
		env, err := encodeBatch(tp.enc, s.Blocks)
		if err != nil {
			return nil, err
		}
		if len(env) <= maxEnvelope {
			s.Envelope = env
			return s, nil
		}
		// Too large: keep a share of each block's fill phase and try again.
		shrunk := false
		for _, id := range ids {
			b := builders[id]
			extra := len(b.txs) - fixed[id]
			keep := extra * maxEnvelope / len(env) * 95 / 100
			if attempt >= 3 {
				keep = 0
			}
			if keep < extra {
				b.txs = b.txs[:fixed[id]+keep]
				shrunk = true
			}
		}
		if !shrunk {
			return nil, fmt.Errorf("%w: promised txs, bundles and external blocks alone take %d bytes, at most %d", ErrTooLarge, len(env), maxEnvelope)
		}
	}
}

// bundle is a cross-rollup bundle: its legs are in their pools, flagged, and go into a
// batch all together or not at all.
type bundle struct {
	hash common.Hash
	legs []*entry
	ids  []uint64 // each leg's rollup
}

// Leg is one transaction of a cross-rollup bundle and the rollup it is for.
type Leg struct {
	ChainID *big.Int
	Tx      *types.Transaction
}

// AddBundle validates every leg against its rollup's pool and state and stores them all, or
// none: one invalid leg refuses the bundle (the error names it). It returns the bundle's
// hash, keccak256 of its legs' tx hashes in order.
func (tp *TxPool) AddBundle(ctx context.Context, legs []Leg) (common.Hash, error) {
	if len(legs) < 2 {
		return common.Hash{}, fmt.Errorf("%w: %d legs, at least 2", ErrBundle, len(legs))
	}
	b := &bundle{}
	rollups := map[uint64]bool{}
	type key struct {
		id     uint64
		sender common.Address
	}
	seen := map[key]bool{}
	var ids []uint64
	var hashes []byte
	for i, l := range legs {
		p, err := tp.pool(l.ChainID)
		if err != nil {
			return common.Hash{}, fmt.Errorf("%w: leg %d: %w", ErrBundle, i, err)
		}
		from, err := p.validateStateless(l.Tx, p.head.Load())
		if err != nil {
			return common.Hash{}, fmt.Errorf("%w: leg %d: %w", ErrBundle, i, err)
		}
		id := p.cfg.ChainID.Uint64()
		if seen[key{id, from}] {
			return common.Hash{}, fmt.Errorf("%w: leg %d: a second leg of %v on rollup %d", ErrBundle, i, from, id)
		}
		seen[key{id, from}] = true
		if !rollups[id] {
			rollups[id] = true
			ids = append(ids, id)
		}
		e := newEntry(l.Tx, from)
		e.bundle = b
		if err := p.loadAccounts(ctx, []*entry{e}); err != nil {
			return common.Hash{}, fmt.Errorf("%w: leg %d: %w", ErrBundle, i, err)
		}
		b.legs = append(b.legs, e)
		b.ids = append(b.ids, id)
		hashes = append(hashes, e.hash[:]...)
	}
	if len(ids) < 2 {
		return common.Hash{}, fmt.Errorf("%w: all legs are for rollup %d; a bundle spans two or more", ErrBundle, ids[0])
	}
	b.hash = crypto.Keccak256Hash(hashes)
	slices.Sort(ids)

	tp.mu.Lock()
	defer tp.mu.Unlock()
	defer tp.lockAll(ids)()
	for i, e := range b.legs {
		if err := tp.pools[b.ids[i]].checkLeg(e); err != nil {
			return common.Hash{}, fmt.Errorf("%w: leg %d: %w", ErrBundle, i, err)
		}
	}
	for i, e := range b.legs {
		if err := tp.pools[b.ids[i]].add(e); err != nil { // checked above under the same locks
			return common.Hash{}, fmt.Errorf("%w: leg %d: %w", ErrBundle, i, err)
		}
	}
	tp.bundles = append(tp.bundles, b)
	return b.hash, nil
}

// checkLeg runs add's checks on a bundle leg without storing it, and requires it to be
// executable now (its sender's next nonce or within its executable run) at the base fee.
// p.mu is held.
func (p *Pool) checkLeg(e *entry) error {
	if p.all[e.hash] != nil {
		return fmt.Errorf("%w: %v is pooled already", ErrBundle, e.hash)
	}
	acc := p.accounts[e.sender]
	idx, found := acc.find(e.nonce)
	var old *entry
	if found {
		old = acc.txs[idx]
		if old.bundle != nil {
			return fmt.Errorf("%w: nonce %d of %v is in another bundle", ErrBundle, e.nonce, e.sender)
		}
		if err := p.validateReplacement(e, old); err != nil {
			return err
		}
	}
	if e.nonce > acc.nonce+uint64(acc.pending) {
		return fmt.Errorf("%w: nonce %d of %v, next executable is %d", ErrNotPending, e.nonce, e.sender, acc.nonce+uint64(acc.pending))
	}
	if err := p.validateState(e, acc, old); err != nil {
		return err
	}
	e.price(&p.baseFee)
	if e.underpaid {
		return fmt.Errorf("%w: fee cap %v below the base fee %v", ErrNotPending, &e.feeCap, &p.baseFee)
	}
	if old == nil && p.full() {
		if v := p.cheapest(); v == nil || !cheaper(v, e) {
			return fmt.Errorf("%w: rollup %v", ErrPoolFull, p.cfg.ChainID)
		}
	}
	return nil
}

// bundleLegs puts each live bundle into the blocks whole, in arrival order, or leaves it
// for a later slot if it does not fit now or has a leg on a rollup whose block is external
// (ext); a bundle with a leg gone from its pool is dropped with all its legs. Every pool's
// lock is held.
func (tp *TxPool) bundleLegs(builders map[uint64]*blockBuilder, ext map[uint64]*externalBlock) {
	live := tp.bundles[:0]
	for _, b := range tp.bundles {
		if !tp.alive(b) {
			tp.drop(b)
			continue
		}
		live = append(live, b)
		if slices.ContainsFunc(b.ids, func(id uint64) bool { return ext[id] != nil }) {
			continue
		}
		runs := make([][]*entry, len(b.legs))
		gas := map[uint64]uint64{}
		ok := true
		for i, e := range b.legs {
			bb := builders[b.ids[i]]
			if bb == nil { // a rollup not sealed this time
				ok = false
				break
			}
			runs[i] = bb.chain(e)
			if runs[i] == nil {
				ok = false
				break
			}
			for _, t := range runs[i] {
				gas[b.ids[i]] += t.gas
			}
			if gas[b.ids[i]] > bb.gasLeft {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for i := range b.legs {
			for _, t := range runs[i] {
				builders[b.ids[i]].push(t)
			}
		}
	}
	tp.bundles = live
}

func (tp *TxPool) alive(b *bundle) bool {
	for i, e := range b.legs {
		if tp.pools[b.ids[i]].all[e.hash] != e {
			return false
		}
	}
	return true
}

// drop removes a broken bundle's remaining legs from their pools.
func (tp *TxPool) drop(b *bundle) {
	for i, e := range b.legs {
		p := tp.pools[b.ids[i]]
		if p.all[e.hash] == e {
			p.remove(e)
		}
	}
}

// Bundles returns the hashes of the bundles held, in arrival order.
func (tp *TxPool) Bundles() []common.Hash {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	out := make([]common.Hash, len(tp.bundles))
	for i, b := range tp.bundles {
		out[i] = b.hash
	}
	return out
}
