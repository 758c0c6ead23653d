// Package sequencer seals the shared batch of the rollups at each of our slots' commitment
// deadline, keeps it durable, puts its L1 transaction first in our block, follows it on L1
// and streams the sealed rollup blocks; it is also what the promise engine asks whether a
// rollup promise for a slot can be kept.
package sequencer

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"sync"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/localblock"
)

// Chain is what the sequencer needs of the chain view.
type Chain interface {
	Duties() []preconf.Duty
	Head() preconf.Head
}

// L1 is the execution client the batch is checked against.
type L1 interface {
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Engine is what the sequencer needs of the promise engine.
type Engine interface {
	SlotTxs(slot uint64) []preconf.PromisedTx
	Closed(slot uint64) bool
	RollupTxs(chainID *big.Int, from uint64) []preconf.PromisedTx
}

// Config says how batches are made and sent.
type Config struct {
	Key          *ecdsa.PrivateKey // the committer: signs the batch tx (defendL2 reads the committer's batch)
	L1ChainID    *big.Int
	Inbox        common.Address
	FeeRecipient common.Address // of the rollup blocks (default: the committer)
	Tip          *big.Int       // priority fee of the batch tx (default 1 gwei)
	MaxEnvelope  int            // default mempool.MaxBlobsEnvelope
	Dir          string         // the store
	// MaxLate is how long after a deadline a slot is still sealed when first seen (after a
	// restart or a stall); later ones are skipped (default 500 ms).
	MaxLate time.Duration
	Poll    time.Duration // default 20 ms
	// Blobs lets the batch go in blobs when they are cheaper; without it, blobs only when
	// the batch does not fit calldata (docs/BATCH.md section 7).
	Blobs bool
	Now   func() time.Time
}

// Sequencer seals, stores and follows the shared batches of our slots.
type Sequencer struct {
	cfg    Config
	from   common.Address
	chain  Chain
	l1     L1
	engine Engine
	tp     *mempool.TxPool
	lanes  map[uint64]*Lane
	st     *store
	log    *slog.Logger
	m      *Metrics

	mu      sync.Mutex
	records map[uint64]*Record // recent slots, sealed or decided
	skipped map[uint64]bool    // deadlines seen too late to seal
	pruned  uint64             // the store holds no record before this slot (Run's goroutine only)
	sealed  chan struct{}      // closed (and replaced) at every seal or skip

	closeOnce sync.Once
	subs      map[*subscription]struct{}
}

// New opens the sequencer's store and returns a sequencer over the rollups of tp; Attach
// gives it the promise engine before Run.
func New(cfg Config, ch Chain, l1 L1, tp *mempool.TxPool, rollups []RollupNode, m *Metrics, log *slog.Logger) (*Sequencer, error) {
	if cfg.Key == nil || cfg.L1ChainID == nil || cfg.Inbox == (common.Address{}) {
		return nil, errors.New("sequencer: the committer key, L1 chain id and inbox are required")
	}
	from := crypto.PubkeyToAddress(cfg.Key.PublicKey)
	if cfg.FeeRecipient == (common.Address{}) {
		cfg.FeeRecipient = from
	}
	if cfg.Tip == nil {
		cfg.Tip = big.NewInt(1e9)
	}
	if cfg.MaxEnvelope == 0 {
		cfg.MaxEnvelope = mempool.MaxBlobsEnvelope
	}
	if cfg.MaxLate == 0 {
		cfg.MaxLate = 500 * time.Millisecond
	}
	if cfg.Poll == 0 {
		cfg.Poll = 20 * time.Millisecond
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	st, err := openStore(cfg.Dir)
	if err != nil {
		return nil, err
	}
	s := &Sequencer{cfg: cfg, from: from, chain: ch, l1: l1, tp: tp, lanes: map[uint64]*Lane{}, st: st, log: log, m: m,
		records: map[uint64]*Record{}, skipped: map[uint64]bool{}, subs: map[*subscription]struct{}{}, sealed: make(chan struct{})}
	for _, r := range rollups {
		id := r.Config().ChainID.Uint64()
		s.lanes[id] = &Lane{s: s, id: id, node: r}
	}
	// The recent records: what the lanes and Constraints need after a restart.
	from0 := uint64(0)
	if h := ch.Head(); h.Slot > keepSlots {
		from0 = h.Slot - keepSlots
	}
	if err := st.each(from0, func(r *Record) error {
		s.records[uint64(r.Slot)] = r
		if r.Status == Missed {
			s.missedLocked(r) // the pools start empty: the missed blocks' txs go back
		}
		return nil
	}); err != nil {
		st.close()
		return nil, err
	}
	return s, nil
}

// keepSlots is how many slots of records stay in memory; retainSlots how many the store
// keeps (for streams resumed from a cursor, and for the operator's defences).
const (
	keepSlots   = 64
	retainSlots = 8192
)

// Attach sets the promise engine (made after the sequencer: its rollups are the lanes).
func (s *Sequencer) Attach(e Engine) { s.engine = e }

// Close closes the store (once; later calls return nil).
func (s *Sequencer) Close() error {
	var err error
	s.closeOnce.Do(func() { err = s.st.close() })
	return err
}

// Lanes returns the engine's view of each rollup, by chain id.
func (s *Sequencer) Lanes() map[uint64]preconf.Rollup {
	out := make(map[uint64]preconf.Rollup, len(s.lanes))
	for id, l := range s.lanes {
		out[id] = l
	}
	return out
}

// Run re-pins the open rollup promises, then seals each of our slots at its deadline and
// follows the sealed batches on L1, until ctx ends.
func (s *Sequencer) Run(ctx context.Context) error {
	s.repin(ctx)
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	var lastHead common.Hash
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		s.sealDue(ctx)
		if h := s.chain.Head(); h.Hash != lastHead {
			if err := s.follow(ctx, h); err != nil {
				s.log.Warn("batch follow", "head", h.Number, "err", err)
			} else {
				lastHead = h.Hash
			}
		}
	}
}

// repin puts the promised rollup txs of unsealed slots back into their pools (pools live in
// memory; the promises are in the commitment log).
func (s *Sequencer) repin(ctx context.Context) {
	next := s.nextSlot()
	for id, l := range s.lanes {
		for _, p := range s.engine.RollupTxs(new(big.Int).SetUint64(id), next) {
			tx := new(types.Transaction)
			err := tx.UnmarshalBinary(p.Raw)
			if err == nil {
				err = l.Add(ctx, tx)
			}
			if err == nil {
				err = l.Pin(p.TxHash)
			}
			if err != nil {
				s.log.Error("promised rollup tx not pinned again after a restart", "rollup", id, "slot", p.Slot, "tx", p.TxHash, "err", err)
				continue
			}
			s.log.Info("promised rollup tx pinned again", "rollup", id, "slot", p.Slot, "tx", p.TxHash)
		}
	}
}

// nextSlot is the first of our slots whose deadline has not passed (0: none known).
func (s *Sequencer) nextSlot() uint64 {
	now := s.cfg.Now()
	var next uint64
	for _, d := range s.chain.Duties() {
		if d.Ours && d.Committer == s.from && now.Before(d.Deadline) && (next == 0 || d.Slot < next) {
			next = d.Slot
		}
	}
	return next
}

// sealDue seals every slot of ours whose deadline has passed and that has no record.
func (s *Sequencer) sealDue(ctx context.Context) {
	now := s.cfg.Now()
	for _, d := range s.chain.Duties() {
		if !d.Ours || d.Committer != s.from || now.Before(d.Deadline) {
			continue
		}
		s.mu.Lock()
		_, done := s.records[d.Slot]
		skip := s.skipped[d.Slot]
		s.mu.Unlock()
		if done || skip {
			continue
		}
		if late := now.Sub(d.Deadline); late > s.cfg.MaxLate {
			s.mu.Lock()
			s.skipped[d.Slot] = true
			s.notifySealed()
			s.mu.Unlock()
			s.log.Warn("slot's deadline seen too late to seal its batch", "slot", d.Slot, "late", late)
			continue
		}
		if !s.engine.Closed(d.Slot) {
			continue
		}
		if err := s.seal(ctx, d.Slot); err != nil {
			s.log.Error("batch not sealed", "slot", d.Slot, "err", err)
			s.m.sealErrors.Inc()
			s.mu.Lock()
			s.skipped[d.Slot] = true // our block goes without it; its txs wait in the pools
			s.notifySealed()
			s.mu.Unlock()
		}
	}
}

// seal builds the batch of slot from the pools, signs its tx and stores it.
func (s *Sequencer) seal(ctx context.Context, slot uint64) error {
	start := time.Now()
	for _, l := range s.lanes {
		s.mu.Lock()
		pending := len(l.missed) > 0
		s.mu.Unlock()
		if pending && l.blocked() == nil {
			l.reinject(ctx)
		}
	}
	include := func(id uint64) bool {
		l := s.lanes[id]
		return l != nil && l.blocked() == nil
	}
	sealed, err := s.tp.SealOnly(include, s.cfg.FeeRecipient, s.cfg.MaxEnvelope)
	if err != nil {
		return err
	}
	rec := &Record{Slot: hexutil.Uint64(slot), Status: Missed} // nothing to post: nothing to follow
	if sealed != nil {
		rec = recordFrom(slot, sealed)
		tx, err := s.sign(ctx, rec, sealed, nil)
		if err != nil {
			return err
		}
		raw, err := tx.MarshalBinary()
		if err != nil {
			return err
		}
		rec.Txs = []hexutil.Bytes{raw}
	}
	if err := s.st.put(rec); err != nil {
		return fmt.Errorf("store batch of slot %d: %w", slot, err)
	}
	s.mu.Lock()
	s.records[slot] = rec
	s.notifySealed()
	s.mu.Unlock()
	if sealed == nil {
		return nil
	}
	txs := 0
	for _, b := range rec.Blocks {
		txs += len(b.Txs)
		s.publish(streamEvent{kind: topicRollupBlocks, chainID: b.ChainID.ToInt().Uint64(), slot: slot, block: b})
	}
	s.m.sealed.Inc()
	s.m.sealSeconds.Observe(time.Since(start).Seconds())
	s.log.Info("batch sealed", "slot", slot, "rollups", len(rec.Blocks), "txs", txs, "bytes", len(rec.Envelope), "took", time.Since(start))
	return nil
}

// sign signs the batch tx of rec at the committer's nonce on L1's latest block (nonce, when
// not nil, is that nonce already read).
func (s *Sequencer) sign(ctx context.Context, rec *Record, sealed *mempool.Sealed, nonce *uint64) (*types.Transaction, error) {
	if nonce == nil {
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		n, err := s.l1.NonceAt(cctx, s.from, nil)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("committer nonce: %w", err)
		}
		nonce = &n
	}
	h := s.chain.Head()
	fees := mempool.L1Fees{BaseFee: h.BaseFee, Tip: s.cfg.Tip, BlobBaseFee: h.BlobBaseFee}
	if fees.BaseFee == nil {
		fees.BaseFee = big.NewInt(1e9)
	}
	if fees.BlobBaseFee == nil || fees.BlobBaseFee.Sign() == 0 {
		fees.BlobBaseFee = big.NewInt(1)
	}
	if !s.cfg.Blobs && mempool.CalldataGas(len(sealed.Headers), sealed.Envelope) <= params.MaxTxGas {
		// Calldata whenever it fits: the cell proofs of a blob take 1.25 s each with the
		// pure-Go KZG backend (BENCHMARKS.md), longer than a short slot leaves after the
		// deadline. A blob fee no blob pays makes ChooseCarrier pick calldata.
		fees.BlobBaseFee = new(big.Int).Lsh(big.NewInt(1), 200)
	}
	tx, _, err := sealed.Transaction(s.cfg.Key, mempool.BatchTxParams{ChainID: s.cfg.L1ChainID, Nonce: *nonce, Inbox: s.cfg.Inbox, Fees: fees})
	return tx, err
}

// Constraints returns the slot's constraints in block order: the batch tx (signed for the
// committer's nonce at L1's latest block, so a block built on a later parent gets a valid
// one), then the slot's promised L1 txs. It implements localblock.Constraints.
func (s *Sequencer) Constraints(slot uint64) []localblock.Constraint {
	var out []localblock.Constraint
	if c, ok := s.batchConstraint(slot); ok {
		out = append(out, c)
	}
	for _, t := range s.engine.SlotTxs(slot) {
		out = append(out, localblock.Constraint{TxHash: t.TxHash, Raw: t.Raw, Void: t.Void})
	}
	return out
}

func (s *Sequencer) batchConstraint(slot uint64) (localblock.Constraint, bool) {
	rec := s.awaitSeal(slot, sealWait)
	if rec == nil || len(rec.Txs) == 0 {
		return localblock.Constraint{}, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	last := rec.Txs[len(rec.Txs)-1]
	cur := new(types.Transaction)
	if err := cur.UnmarshalBinary(last); err != nil {
		s.log.Error("stored batch tx does not decode", "slot", slot, "err", err)
		return localblock.Constraint{}, false
	}
	nonce, err := s.l1.NonceAt(ctx, s.from, nil)
	if err == nil && nonce != cur.Nonce() {
		// The parent moved (a late block carried an earlier batch, or one was reorged out):
		// the same blocks, signed for the nonce of now.
		tx, serr := s.sign(ctx, rec, rec.sealed(), &nonce)
		if serr == nil {
			raw, merr := tx.MarshalBinary()
			if merr == nil {
				s.mu.Lock()
				rec.Txs = append(rec.Txs, raw)
				perr := s.st.put(rec)
				s.mu.Unlock()
				if perr == nil {
					s.log.Info("batch tx signed again for a new nonce", "slot", slot, "nonce", nonce, "was", cur.Nonce())
					return localblock.Constraint{TxHash: tx.Hash(), Raw: raw, Batch: true}, true
				}
				err = perr
			} else {
				err = merr
			}
		} else {
			err = serr
		}
	}
	if err != nil {
		s.log.Warn("batch tx nonce not checked", "slot", slot, "err", err)
	}
	return localblock.Constraint{TxHash: cur.Hash(), Raw: last, Batch: true}, true
}

// sealWait bounds how long our block waits for its slot's batch (sealing takes
// milliseconds with calldata; BENCHMARKS.md).
const sealWait = time.Second

// awaitSeal returns the record of slot, waiting up to max for it to be sealed when the
// slot is ours and its deadline has passed (our block is built at the same deadline).
func (s *Sequencer) awaitSeal(slot uint64, max time.Duration) *Record {
	stop := time.Now().Add(max)
	for {
		s.mu.Lock()
		rec, skipped, sealed := s.records[slot], s.skipped[slot], s.sealed
		s.mu.Unlock()
		if rec != nil || skipped || !s.ours(slot) || !time.Now().Before(stop) {
			return rec
		}
		t := time.NewTimer(time.Until(stop))
		select {
		case <-sealed:
		case <-t.C:
		}
		t.Stop()
	}
}

// ours reports whether slot is one of our duties.
func (s *Sequencer) ours(slot uint64) bool {
	for _, d := range s.chain.Duties() {
		if d.Slot == slot {
			return d.Ours && d.Committer == s.from
		}
	}
	return false
}

// notifySealed wakes the waiters of awaitSeal; s.mu must be held.
func (s *Sequencer) notifySealed() {
	close(s.sealed)
	s.sealed = make(chan struct{})
}

// follow decides the sealed batches whose slot L1 has reached, and notices a landed one
// reorged out.
func (s *Sequencer) follow(ctx context.Context, head preconf.Head) error {
	s.mu.Lock()
	var open []*Record
	for slot, r := range s.records {
		if slot+keepSlots < head.Slot {
			delete(s.records, slot)
			delete(s.skipped, slot)
			continue
		}
		if (r.Status == Sealed && head.Slot >= slot) || r.Status == Landed {
			open = append(open, r)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(open, func(a, b *Record) int { return int(a.Slot) - int(b.Slot) })
	var errs []error
	if head.Slot > retainSlots && head.Slot-retainSlots > s.pruned {
		if err := s.st.prune(head.Slot - retainSlots); err != nil {
			errs = append(errs, fmt.Errorf("prune: %w", err))
		} else {
			s.pruned = head.Slot - retainSlots
		}
	}
	for _, r := range open {
		if err := s.decide(ctx, r, head); err != nil {
			errs = append(errs, fmt.Errorf("slot %d: %w", r.Slot, err))
		}
	}
	return errors.Join(errs...)
}

func (s *Sequencer) decide(ctx context.Context, r *Record, head preconf.Head) error {
	if r.Status == Landed {
		h, err := s.l1.HeaderByNumber(ctx, new(big.Int).SetUint64(uint64(r.L1Block)))
		if err != nil && !errors.Is(err, ethereum.NotFound) {
			return err
		}
		if h != nil && h.Hash() == r.L1Hash {
			return nil
		}
		return s.mark(r, Sealed, common.Hash{}, 0, common.Hash{}, topicReorged) // decided again from the new branch
	}
	for _, raw := range slices.Backward(r.Txs) {
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(raw); err != nil {
			return err
		}
		rc, err := s.l1.TransactionReceipt(ctx, tx.Hash())
		if errors.Is(err, ethereum.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if rc.Status != types.ReceiptStatusSuccessful {
			s.log.Error("batch tx reverted on L1", "slot", r.Slot, "tx", tx.Hash(), "block", rc.BlockNumber)
			return s.mark(r, Missed, tx.Hash(), rc.BlockNumber.Uint64(), rc.BlockHash, topicMissed)
		}
		return s.mark(r, Landed, tx.Hash(), rc.BlockNumber.Uint64(), rc.BlockHash, topicLanded)
	}
	// L1's head is at or past the slot without the batch: the slot was missed or its block
	// is not ours. The blocks stay in the pools (nothing left them) and are sealed again at
	// our next slot; the promises of this slot were broken (a liveness fault).
	return s.mark(r, Missed, common.Hash{}, 0, common.Hash{}, topicMissed)
}

func (s *Sequencer) mark(r *Record, st Status, tx common.Hash, block uint64, hash common.Hash, kind string) error {
	s.mu.Lock()
	old := *r
	r.Status, r.TxHash, r.L1Block, r.L1Hash = st, tx, hexutil.Uint64(block), hash
	err := s.st.put(r)
	if err != nil {
		*r = old
	} else if st == Missed {
		s.missedLocked(r)
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	s.m.outcomes.WithLabelValues(kind).Inc()
	lvl := slog.LevelInfo
	if kind != topicLanded {
		lvl = slog.LevelWarn
	}
	s.log.Log(context.Background(), lvl, "batch "+kind, "slot", r.Slot, "tx", tx, "l1_block", block)
	for _, b := range r.Blocks {
		s.publish(streamEvent{kind: kind, chainID: b.ChainID.ToInt().Uint64(), slot: uint64(r.Slot), batch: &BatchEvent{
			Kind: kind, Slot: r.Slot, ChainID: b.ChainID, TxHash: tx, L1Block: hexutil.Uint64(block), L1Hash: hash}})
	}
	return nil
}

// missedLocked queues the blocks of a missed record for their lanes' pools; s.mu is held.
func (s *Sequencer) missedLocked(r *Record) {
	for _, b := range r.Blocks {
		if id := b.ChainID.ToInt(); id.IsUint64() {
			if l := s.lanes[id.Uint64()]; l != nil && !slices.Contains(l.missed, uint64(r.Slot)) {
				l.missed = append(l.missed, uint64(r.Slot))
			}
		}
	}
}

// Record returns the stored batch of slot.
func (s *Sequencer) Record(slot uint64) (*Record, error) {
	s.mu.Lock()
	r := s.records[slot]
	s.mu.Unlock()
	if r != nil {
		cp := *r
		return &cp, nil
	}
	r, err := s.st.get(slot)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, fmt.Errorf("no batch for slot %d", slot)
	}
	return r, err
}

// lastBlock returns the newest record with a block of chainID.
func (s *Sequencer) lastBlock(chainID uint64) (*Record, *Block) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var best *Record
	var blk *Block
	for _, r := range s.records {
		if b := r.block(chainID); b != nil && (best == nil || r.Slot > best.Slot) {
			best, blk = r, b
		}
	}
	return best, blk
}
