package sequencer

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/misc/eip1559"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/rollup"
)

// RollupNode is what a lane needs of a served rollup (sidecar/rollup.Rollup).
type RollupNode interface {
	Config() rollup.Config
	Pool() *mempool.Pool
	Account(ctx context.Context, addr common.Address) (uint64, *big.Int, []byte, error)
}

// Lane is one rollup as the promise engine sees it: it implements preconf.Rollup.
type Lane struct {
	s    *Sequencer
	id   uint64
	node RollupNode

	// missed are the slots whose batch L1 did not take with a block of this rollup: their
	// txs go back into the pool (a node's preconfirmed block took them out) once the head no
	// longer has that block. Guarded by s.mu.
	missed []uint64
}

// reinject puts the txs of this rollup's missed blocks back into its pool, pinning the
// ones promised for those slots again, so they are sealed first at the next slot. It runs
// when the lane is not blocked: the head is no longer the missed block.
func (l *Lane) reinject(ctx context.Context) {
	l.s.mu.Lock()
	slots := l.missed
	l.missed = nil
	recs := make([]*Record, 0, len(slots))
	for _, slot := range slots {
		if r := l.s.records[slot]; r != nil {
			recs = append(recs, r)
		}
	}
	l.s.mu.Unlock()
	for _, r := range recs {
		b := r.block(l.id)
		if b == nil {
			continue
		}
		txs := make([]*types.Transaction, 0, len(b.Txs))
		for _, raw := range b.Txs {
			tx := new(types.Transaction)
			if err := tx.UnmarshalBinary(raw); err == nil {
				txs = append(txs, tx)
			}
		}
		back := 0
		for _, err := range l.node.Pool().Add(ctx, txs) {
			if err == nil || errors.Is(err, txpool.ErrAlreadyKnown) {
				back++
			}
		}
		pinned := 0
		if l.s.engine != nil {
			for _, p := range l.s.engine.RollupTxs(new(big.Int).SetUint64(l.id), uint64(r.Slot)) {
				if p.Slot == uint64(r.Slot) && l.Pin(p.TxHash) == nil {
					pinned++
				}
			}
		}
		l.s.log.Info("missed block's txs back in the pool", "rollup", l.id, "slot", r.Slot, "txs", len(txs), "back", back, "promised_pinned", pinned)
	}
}

var _ preconf.Rollup = (*Lane)(nil)

// ErrHeadBehind is wrapped when the rollup's head does not have our last sealed block yet.
var ErrHeadBehind = errors.New("the rollup's head does not have our last sealed block yet")

// Ready requires slot to be the next one sealed and the rollup's head to carry every block
// sealed before it that L1 did not refuse, so the next block builds on the head.
func (l *Lane) Ready(slot uint64) error {
	if next := l.s.nextSlot(); slot != next {
		return fmt.Errorf("%w: rollup promises are for the next slot sealed, %d", preconf.ErrSlotOutOfRange, next)
	}
	return l.blocked()
}

// blocked says why the rollup's next block cannot be sealed (or promised) on its current
// head: our last block of it is not decided on L1 yet (its slot may still be missed, and a
// block on top of it would then be void), or landed but not on the head yet, or missed while
// the head still is that dead block (a rollup node's preconfirmed one, until it rolls back).
func (l *Lane) blocked() error {
	rec, blk := l.s.lastBlock(l.id)
	if rec == nil {
		return nil
	}
	head := l.node.Pool().Head()
	switch rec.Status {
	case Sealed:
		return fmt.Errorf("%w: the batch of slot %d is not decided on L1 yet", ErrHeadBehind, rec.Slot)
	case Landed:
		if head.Hash() == blk.ParentHash {
			return fmt.Errorf("%w: the block of slot %d (landed on L1)", ErrHeadBehind, rec.Slot)
		}
	case Missed:
		if head.ParentHash == blk.ParentHash && head.Hash() != blk.ParentHash {
			return fmt.Errorf("%w: the head is the block of the missed slot %d (preconfirmed, not rolled back yet)", ErrHeadBehind, rec.Slot)
		}
	}
	return nil
}

// Next returns the L2 gas limit and the base fee of the block after the pool's head.
func (l *Lane) Next() (uint64, *big.Int) {
	cfg := l.node.Config()
	return cfg.GasLimit, eip1559.CalcBaseFee(cfg.ChainConfig, l.node.Pool().Head())
}

// Account reads the account at the pool's head.
func (l *Lane) Account(ctx context.Context, addr common.Address) (uint64, *big.Int, []byte, error) {
	return l.node.Account(ctx, addr)
}

// Add pools tx (a tx already pooled is fine).
func (l *Lane) Add(ctx context.Context, tx *types.Transaction) error {
	err := l.node.Pool().Add(ctx, []*types.Transaction{tx})[0]
	if errors.Is(err, txpool.ErrAlreadyKnown) {
		return nil
	}
	return err
}

// Pin pins a pooled tx.
func (l *Lane) Pin(hash common.Hash) error { return l.node.Pool().Pin(hash) }

// Unpin unpins a tx whose promise was not made.
func (l *Lane) Unpin(hash common.Hash) { l.node.Pool().Unpin(hash) }
