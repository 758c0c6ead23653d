package rollup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"

	"github.com/basedsidecar/based/mempool"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// Checkpoint is the derived L2 head after all of one L1 block: where a restart or an L1
// reorg resumes (from L1Number+1).
type Checkpoint struct {
	L1Number hexutil.Uint64 `json:"l1Number"`
	L1Hash   common.Hash    `json:"l1Hash"` // zero for the anchor (the block before the first one read)
	L1Time   hexutil.Uint64 `json:"l1Time"`
	L2Hash   common.Hash    `json:"l2Hash"`
	L2Number hexutil.Uint64 `json:"l2Number"`
	L2Time   hexutil.Uint64 `json:"l2Time"`
	Slot     hexutil.Uint64 `json:"slot"` // L1 slot of the L2 head (0 for genesis)
}

// Void is a posting derivation refused (docs/BATCH.md §6.1 and §6.2), with the reason.
type Void struct {
	L1Number uint64      `json:"-"`
	TxHash   common.Hash `json:"txHash"`
	Slot     uint64      `json:"-"`
	Reason   string      `json:"reason"`
	// Err is the refusal: it wraps ErrData or mempool.ErrBatch (the batch is void) or
	// ErrVoidBlock (our block of it is).
	Err error `json:"-"`
}

// ErrVoidBlock is wrapped by the refusals of a block of a valid batch (docs/BATCH.md §6,
// level 2: not on our head, or a second block of one slot, or not after the head's time).
var ErrVoidBlock = errors.New("block void")

// DeriveConfig is what derivation needs to know of the rollup and of L1.
type DeriveConfig struct {
	ChainID        uint64
	GenesisTime    uint64 // L1 beacon genesis (RollupInbox.genesisTime)
	SecondsPerSlot uint64 // RollupInbox.secondsPerSlot
	MaxRange       uint64 // L1 blocks per log query (default 1000)
}

// SlotTime is the timestamp of an L1 slot, and so of the L2 block derived from it.
func (c DeriveConfig) SlotTime(slot uint64) uint64 { return c.GenesisTime + slot*c.SecondsPerSlot }

// Deriver derives the rollup's chain from the inbox and applies it to the execution client.
// It is not safe for concurrent use.
type Deriver struct {
	cfg   DeriveConfig
	l1    L1
	inbox *Inbox
	x     *Execution
	store *Store
	log   *slog.Logger
	m     *Metrics

	cps       []Checkpoint // oldest first; the last is the derived head
	finalized Checkpoint   // newest checkpoint at or below L1's finalized block
	voids     []Void       // recent refusals, newest last
}

// NewDeriver returns a deriver resuming from the store's checkpoints, or from anchor (the
// L2 genesis, with the L1 block before the first one to read) on a new data folder.
func NewDeriver(cfg DeriveConfig, l1 L1, inbox *Inbox, x *Execution, store *Store, anchor Checkpoint, log *slog.Logger, m *Metrics) (*Deriver, error) {
	if cfg.MaxRange == 0 {
		cfg.MaxRange = 1000
	}
	if cfg.SecondsPerSlot == 0 {
		return nil, errors.New("rollup: seconds per slot is zero")
	}
	cps, err := store.Load()
	if err != nil {
		return nil, err
	}
	if len(cps) == 0 {
		anchor.L1Hash = common.Hash{}
		cps = []Checkpoint{anchor}
	}
	if m == nil {
		m = NewMetrics(nil)
	}
	return &Deriver{cfg: cfg, l1: l1, inbox: inbox, x: x, store: store, log: log, m: m, cps: cps, finalized: cps[0]}, nil
}

// Head is the derived head (the L1-confirmed chain: safe).
func (d *Deriver) Head() Checkpoint { return d.cps[len(d.cps)-1] }

// Finalized is the derived head as of L1's finalized block.
func (d *Deriver) Finalized() Checkpoint { return d.finalized }

// Voids returns the recent refused postings.
func (d *Deriver) Voids() []Void { return append([]Void(nil), d.voids...) }

// Start makes sure the execution client has the derived head, going back to an older
// checkpoint when it lost blocks (an unclean stop of geth), and makes it the head.
func (d *Deriver) Start(ctx context.Context) error {
	for i := len(d.cps) - 1; i >= 0; i-- {
		if _, err := d.x.Header(ctx, d.cps[i].L2Hash); err == nil {
			if i < len(d.cps)-1 {
				d.log.Warn("execution client lacks derived blocks; re-deriving", "from_l1", uint64(d.cps[i].L1Number)+1, "l2_head", d.cps[i].L2Hash)
				d.cps = d.cps[:i+1]
			}
			return d.x.Forkchoice(ctx, d.cps[i].L2Hash, d.cps[i].L2Hash, d.finalizedHash())
		} else if !errors.Is(err, ethereum.NotFound) {
			return fmt.Errorf("execution client: %w", err)
		}
	}
	return fmt.Errorf("%w: the execution client has none of the derived blocks, not even %s (another genesis?)", ErrExecution, d.cps[0].L2Hash)
}

func (d *Deriver) finalizedHash() common.Hash {
	if d.finalized.L2Number == 0 {
		return common.Hash{}
	}
	return d.finalized.L2Hash
}

// Step reads the L1 blocks after the derived head's (at most MaxRange of them), applies
// every posting of them and persists the result; it first rolls back what an L1 reorg
// removed. It reports whether it read any block. On an error nothing is persisted and the
// next Step starts again from the last persisted checkpoint.
func (d *Deriver) Step(ctx context.Context) (bool, error) {
	saved := append([]Checkpoint(nil), d.cps...)
	ok, err := d.step(ctx)
	if err != nil {
		d.cps = saved
		d.m.errors.Inc()
	}
	return ok, err
}

func (d *Deriver) step(ctx context.Context) (bool, error) {
	if err := d.unwindReorg(ctx); err != nil {
		return false, err
	}
	head, err := d.l1.HeaderByNumber(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("L1 head: %w", err)
	}
	tip := d.Head()
	from := uint64(tip.L1Number) + 1
	if head.Number.Uint64() < from {
		return false, d.updateFinalized(ctx)
	}
	to := min(head.Number.Uint64(), from+d.cfg.MaxRange-1)
	toHdr, err := d.l1.HeaderByNumber(ctx, new(big.Int).SetUint64(to))
	if err != nil {
		return false, fmt.Errorf("L1 header %d: %w", to, err)
	}
	postings, err := d.inbox.Postings(ctx, from, to)
	if err != nil {
		return false, err
	}
	for _, p := range postings {
		if err := d.apply(ctx, p); err != nil {
			return false, err
		}
	}
	again, err := d.l1.HeaderByNumber(ctx, new(big.Int).SetUint64(to))
	if err != nil {
		return false, fmt.Errorf("L1 header %d: %w", to, err)
	}
	if again.Hash() != toHdr.Hash() {
		return false, fmt.Errorf("L1 block %d changed while it was read (%s → %s)", to, toHdr.Hash(), again.Hash())
	}
	d.push(Checkpoint{L1Number: hexutil.Uint64(to), L1Hash: toHdr.Hash(), L1Time: hexutil.Uint64(toHdr.Time), L2Hash: d.Head().L2Hash, L2Number: d.Head().L2Number, L2Time: d.Head().L2Time, Slot: d.Head().Slot})
	if err := d.updateFinalized(ctx); err != nil {
		return false, err
	}
	d.prune()
	if err := d.store.Save(d.cps); err != nil {
		return false, err
	}
	d.m.l1Block.Set(float64(to))
	d.m.derivedHead.Set(float64(d.Head().L2Number))
	return true, nil
}

// push appends a checkpoint; one for the same L1 block replaces the previous.
func (d *Deriver) push(c Checkpoint) {
	if last := d.cps[len(d.cps)-1]; len(d.cps) > 1 && last.L1Number == c.L1Number {
		d.cps[len(d.cps)-1] = c
		return
	}
	d.cps = append(d.cps, c)
}

// prune drops checkpoints that no rewind needs: those older than the finalized one, and
// those that repeat the L2 head of both neighbours.
func (d *Deriver) prune() {
	out := d.cps[:0:0]
	for i, c := range d.cps {
		if i > 0 && c.L1Number < d.finalized.L1Number {
			continue
		}
		if i > 0 && i < len(d.cps)-1 && c.L2Hash == d.cps[i-1].L2Hash && c.L2Hash == d.cps[i+1].L2Hash {
			continue
		}
		out = append(out, c)
	}
	d.cps = out
}

// unwindReorg rolls back to the newest checkpoint whose L1 block is still canonical.
func (d *Deriver) unwindReorg(ctx context.Context) error {
	for i := len(d.cps) - 1; i >= 0; i-- {
		c := d.cps[i]
		if c.L1Hash == (common.Hash{}) {
			if i == len(d.cps)-1 {
				return nil
			}
			return d.rewind(ctx, i)
		}
		h, err := d.l1.HeaderByNumber(ctx, new(big.Int).SetUint64(uint64(c.L1Number)))
		if err != nil && !errors.Is(err, ethereum.NotFound) {
			return fmt.Errorf("L1 header %d: %w", c.L1Number, err)
		}
		if err == nil && h.Hash() == c.L1Hash {
			if i == len(d.cps)-1 {
				return nil
			}
			return d.rewind(ctx, i)
		}
	}
	return fmt.Errorf("rollup: no checkpoint left")
}

func (d *Deriver) rewind(ctx context.Context, i int) error {
	old := d.Head()
	d.cps = d.cps[:i+1]
	c := d.Head()
	d.log.Warn("L1 reorg: derived chain rolled back", "l1_from", uint64(old.L1Number), "l1_to", uint64(c.L1Number),
		"l2_from", uint64(old.L2Number), "l2_to", uint64(c.L2Number), "l2_head", c.L2Hash)
	d.m.reorgs.Inc()
	if d.finalized.L1Number > c.L1Number {
		d.finalized = d.cps[0]
	}
	return d.x.Forkchoice(ctx, c.L2Hash, c.L2Hash, d.finalizedHash())
}

// updateFinalized moves the finalized checkpoint to the newest one at or below L1's
// finalized block (L1 without a finalized block keeps the anchor).
func (d *Deriver) updateFinalized(ctx context.Context) error {
	f, err := d.l1.HeaderByNumber(ctx, big.NewInt(int64(rpc.FinalizedBlockNumber)))
	if err != nil {
		return nil // no finality yet: nothing moves
	}
	for i := len(d.cps) - 1; i >= 0; i-- {
		if uint64(d.cps[i].L1Number) <= f.Number.Uint64() {
			d.finalized = d.cps[i]
			break
		}
	}
	d.m.finalizedHead.Set(float64(d.finalized.L2Number))
	return nil
}

// void records a refused posting.
func (d *Deriver) void(p Posting, kind string, err error) {
	reason := err.Error()
	v := Void{L1Number: p.L1Number, TxHash: p.TxHash, Slot: p.Slot, Reason: reason, Err: err}
	d.voids = append(d.voids, v)
	if len(d.voids) > 32 {
		d.voids = d.voids[1:]
	}
	d.m.voids.WithLabelValues(kind).Inc()
	d.log.Warn("posting refused", "l1_block", p.L1Number, "tx", p.TxHash, "slot", p.Slot, "level", kind, "reason", reason)
}

// apply derives one posting: the batch rules (void for every rollup), then the block rules
// for ours (void for us), then execution.
func (d *Deriver) apply(ctx context.Context, p Posting) error {
	env, err := d.inbox.Envelope(ctx, p, func(t uint64) uint64 { return (t - d.cfg.GenesisTime) / d.cfg.SecondsPerSlot })
	if err != nil {
		if errors.Is(err, ErrData) || errors.Is(err, mempool.ErrBatch) {
			d.void(p, "batch", err)
			return nil
		}
		return err
	}
	blocks, err := mempool.DecodeBatch(env)
	if err == nil {
		err = mempool.CheckHeaders(p.Headers, blocks)
	}
	if err != nil {
		d.void(p, "batch", err)
		return nil
	}
	var blk *mempool.Block
	var hdr mempool.Header
	for i := range blocks {
		if blocks[i].ChainID.Uint64() == d.cfg.ChainID && blocks[i].ChainID.IsUint64() {
			blk, hdr = &blocks[i], p.Headers[i]
		}
	}
	head := d.Head()
	ts := d.cfg.SlotTime(p.Slot)
	switch {
	case blk == nil:
		return fmt.Errorf("rollup: posting %s has no block of chain %d", p.TxHash, d.cfg.ChainID)
	case hdr.ParentHash != head.L2Hash:
		d.void(p, "block", fmt.Errorf("%w: parent hash %s is not the head %s", ErrVoidBlock, common.Hash(hdr.ParentHash), head.L2Hash))
		return nil
	case head.L2Number > 0 && p.Slot <= uint64(head.Slot):
		d.void(p, "block", fmt.Errorf("%w: slot %d already has a block (head is of slot %d)", ErrVoidBlock, p.Slot, head.Slot))
		return nil
	case ts <= uint64(head.L2Time):
		d.void(p, "block", fmt.Errorf("%w: slot %d's time %d is not after the head's %d", ErrVoidBlock, p.Slot, ts, head.L2Time))
		return nil
	}
	built, err := d.x.Apply(ctx, head.L2Hash, BlockInput{Slot: p.Slot, Timestamp: ts, FeeRecipient: blk.FeeRecipient, Txs: blk.Txs})
	if err != nil {
		return err
	}
	d.m.blocks.Inc()
	d.m.txs.Add(float64(built.Included))
	d.m.skipped.Add(float64(len(built.Skipped)))
	for _, s := range built.Skipped {
		d.log.Info("transaction skipped", "l2_block", built.Number, "index", s.Index, "reason", s.Reason)
	}
	d.log.Info("derived", "l2_block", built.Number, "hash", built.Hash, "txs", built.Included, "skipped", len(built.Skipped), "slot", p.Slot, "l1_block", p.L1Number)
	d.push(Checkpoint{L1Number: hexutil.Uint64(p.L1Number), L1Hash: p.L1Hash, L1Time: hexutil.Uint64(p.L1Time), L2Hash: built.Hash,
		L2Number: hexutil.Uint64(built.Number), L2Time: hexutil.Uint64(ts), Slot: hexutil.Uint64(p.Slot)})
	return nil
}
