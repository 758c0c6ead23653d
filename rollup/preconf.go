package rollup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// StreamBlock is one message of the sequencer's `rollupBlocks` stream
// (`preconf_subscribe("rollupBlocks", {"chainId": …})`, docs/BATCH.md §9): the sealed L2
// block of one rollup for one slot, sent at the slot's deadline, before L1 has the batch.
type StreamBlock struct {
	ChainID      hexutil.Uint64  `json:"chainId"`
	Slot         hexutil.Uint64  `json:"slot"`
	ParentHash   common.Hash     `json:"parentHash"` // the L2 block it builds on (the header's parentHash)
	FeeRecipient common.Address  `json:"feeRecipient"`
	Txs          []hexutil.Bytes `json:"txs"` // EIP-2718 binary, in order: the block's list in the batch
}

// StreamFilter is the parameter of the `rollupBlocks` subscription.
type StreamFilter struct {
	ChainID hexutil.Uint64 `json:"chainId"`
	// Cursor, when set, asks for every stored block of a later slot first (a resume).
	Cursor *hexutil.Uint64 `json:"cursor,omitempty"`
}

// preconfBlock is a preconfirmed block applied on top of the derived chain.
type preconfBlock struct {
	slot   uint64
	parent common.Hash
	hash   common.Hash
	number uint64
}

// preconfState is the preconfirmed chain: blocks applied from the stream, in order, the first
// built on the derived head.
type preconfState struct {
	pending []preconfBlock
}

func newPreconfState() *preconfState { return &preconfState{} }

// subscribe keeps a `rollupBlocks` subscription open to url (redialling after a second when
// it drops, resuming after the last slot received) and delivers its blocks for chainID until
// ctx ends.
func (p *preconfState) subscribe(ctx context.Context, url string, chainID uint64, log *slog.Logger) <-chan StreamBlock {
	out := make(chan StreamBlock, 64)
	go func() {
		var last *hexutil.Uint64 // the slot of the last block received
		for ctx.Err() == nil {
			err := streamOnce(ctx, url, chainID, last, func(b StreamBlock) bool {
				s := b.Slot
				last = &s
				select {
				case out <- b:
					return true
				case <-ctx.Done():
					return false
				}
			})
			if ctx.Err() != nil {
				return
			}
			var refused rpc.Error
			if last != nil && errors.As(err, &refused) {
				// The sequencer refused the resume (a cursor older than it keeps, or more
				// blocks than one subscription replays): go on live; L1 has the rest.
				log.Warn("sequencer refused to resume the stream; subscribing without a cursor", "cursor", uint64(*last), "err", err)
				last = nil
			}
			log.Warn("sequencer stream ended; reconnecting", "url", url, "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}()
	return out
}

func streamOnce(ctx context.Context, url string, chainID uint64, cursor *hexutil.Uint64, deliver func(StreamBlock) bool) error {
	c, err := rpc.DialContext(ctx, url)
	if err != nil {
		return err
	}
	defer c.Close()
	ch := make(chan StreamBlock, 64)
	sub, err := c.Subscribe(ctx, "preconf", ch, "rollupBlocks", StreamFilter{ChainID: hexutil.Uint64(chainID), Cursor: cursor})
	if err != nil {
		return err
	}
	defer sub.Unsubscribe()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-sub.Err():
			return err
		case b := <-ch:
			if uint64(b.ChainID) != chainID {
				continue
			}
			if !deliver(b) {
				return ctx.Err()
			}
		}
	}
}

// tip is the head the next preconfirmed block must build on.
func (p *preconfState) tip(safe Checkpoint) (common.Hash, uint64) {
	if n := len(p.pending); n > 0 {
		return p.pending[n-1].hash, p.pending[n-1].slot
	}
	return safe.L2Hash, uint64(safe.Slot)
}

// applyPreconf applies a streamed block at once when it builds on the current tip (the
// derived head or the last preconfirmed block) for a later slot; others are ignored.
func (n *Node) applyPreconf(ctx context.Context, b StreamBlock) {
	safe := n.d.Head()
	parent, slot := n.pre.tip(safe)
	log := n.log.With("slot", uint64(b.Slot), "parent", b.ParentHash)
	if b.ParentHash != parent || uint64(b.Slot) <= slot {
		log.Info("preconfirmed block not on the tip; ignored", "tip", parent, "tip_slot", slot)
		return
	}
	txs := make([][]byte, len(b.Txs))
	for i, t := range b.Txs {
		txs[i] = t
	}
	in := BlockInput{Slot: uint64(b.Slot), Timestamp: n.d.cfg.SlotTime(uint64(b.Slot)), FeeRecipient: b.FeeRecipient, Txs: txs}
	built, err := n.x.Apply(ctx, parent, in)
	if err != nil {
		log.Warn("preconfirmed block not applied", "err", err)
		_ = n.forkchoice(ctx)
		return
	}
	n.pre.pending = append(n.pre.pending, preconfBlock{slot: in.Slot, parent: parent, hash: built.Hash, number: built.Number})
	n.m.preconfBlocks.Inc()
	log.Info("preconfirmed", "l2_block", built.Number, "hash", built.Hash, "txs", built.Included)
	if err := n.forkchoice(ctx); err != nil {
		log.Warn("forkchoice update failed", "err", err)
	}
}

// reconcilePreconf compares the preconfirmed blocks with the derived chain after a step:
// those L1 has confirmed (the derived head reached their hash) leave the list; if the
// remaining first one no longer builds on the derived head (L1 derived another block, or a
// reorg took one away), or L1 has passed its slot without its batch, every preconfirmed
// block is dropped and the head goes back to the derived one. It returns the head to set.
func (n *Node) reconcilePreconf(ctx context.Context, safe Checkpoint) common.Hash {
	p := n.pre
	for i, b := range p.pending {
		if b.hash == safe.L2Hash {
			p.pending = p.pending[i+1:]
			break
		}
	}
	if len(p.pending) == 0 {
		return safe.L2Hash
	}
	first := p.pending[0]
	l1Slot := uint64(0)
	if safe.L1Time >= hexutil.Uint64(n.d.cfg.GenesisTime) {
		l1Slot = (uint64(safe.L1Time) - n.d.cfg.GenesisTime) / n.d.cfg.SecondsPerSlot
	}
	reason := ""
	switch {
	case first.parent != safe.L2Hash:
		reason = fmt.Sprintf("derived head %s is not the parent %s of the first preconfirmed block", safe.L2Hash, first.parent)
	case safe.L1Time > 0 && l1Slot >= first.slot:
		reason = fmt.Sprintf("L1 reached slot %d without the batch of slot %d", l1Slot, first.slot)
	}
	if reason == "" {
		return p.pending[len(p.pending)-1].hash
	}
	last := p.pending[len(p.pending)-1]
	n.log.Warn("preconfirmed blocks rolled back to the L1-derived chain", "reason", reason,
		"dropped", len(p.pending), "from", last.number, "to", uint64(safe.L2Number))
	n.m.preconfRollbacks.Inc()
	p.pending = nil
	return safe.L2Hash
}
