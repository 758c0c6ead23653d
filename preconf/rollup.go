package preconf

import (
	"context"
	"fmt"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Rollup is a rollup whose blocks the engine promises inclusion in: a promise for one of
// its txs says the tx is listed in the rollup's block of the slot's shared batch, which the
// committer posts in the L1 block of that slot (PreconfSlasher.defendL2).
type Rollup interface {
	// Ready returns nil when a promise for slot can be kept from the rollup's current head:
	// slot is the next one whose batch is sealed, and every block sealed before it is on the
	// head. Its error wraps ErrSlotOutOfRange (another slot) or ErrNotReady.
	Ready(slot uint64) error
	// Next returns the gas limit and the base fee of the rollup's next block.
	Next() (gasLimit uint64, baseFee *big.Int)
	// Account returns an account's nonce, balance and code at the rollup's head.
	Account(ctx context.Context, addr common.Address) (nonce uint64, balance *big.Int, code []byte, err error)
	// Add puts tx in the rollup's pool, unpinned (an ordinary pooled tx until Pin).
	Add(ctx context.Context, tx *types.Transaction) error
	// Pin makes a pooled tx promised: listed first, in pin order, in the next block, and
	// never evicted or replaced. It does not wait.
	Pin(hash common.Hash) error
	// Unpin undoes Pin for a promise that was not made durable. It does not wait.
	Unpin(hash common.Hash)
}

// chainAccount is one sender on one chain: nonces are per chain.
type chainAccount struct {
	chain uint64
	addr  common.Address
}

// accountOf is the account of p's sender on p's chain.
func accountOf(p *Promise) chainAccount {
	return chainAccount{p.Commitment.ChainID.Uint64(), p.Commitment.Sender}
}

// rollupOf returns the configured rollup of chainID, or nil.
func (e *Engine) rollupOf(chainID *big.Int) Rollup {
	if len(e.cfg.Rollups) == 0 || !chainID.IsUint64() {
		return nil
	}
	return e.cfg.Rollups[chainID.Uint64()]
}

// rollupList names the configured rollups for an error message.
func (e *Engine) rollupList() string {
	if len(e.cfg.Rollups) == 0 {
		return ""
	}
	return fmt.Sprintf(", rollups %v", e.RollupIDs())
}

// checkRollupTx reads the sender's account on its rollup and puts the tx in the rollup's
// pool; the promise pins it there (reserveOne).
func (e *Engine) checkRollupTx(ctx context.Context, c *checked) (*checked, error) {
	nonce, balance, code, err := c.rollup.Account(ctx, c.sender)
	if err != nil {
		return nil, fail(ErrNotReady, "sender", "account of %s on rollup %d: %v", c.sender, c.account.chain, err)
	}
	if len(code) > 0 {
		if _, delegated := types.ParseDelegation(code); delegated {
			return nil, fail(ErrSenderCode, "sender", "%s is delegated (EIP-7702) on rollup %d: its code can move its funds without its nonce", c.sender, c.account.chain)
		}
		return nil, fail(ErrSenderCode, "sender", "%s has code on rollup %d (EIP-3607)", c.sender, c.account.chain)
	}
	c.nonce, c.balance = nonce, balance
	if c.tx.Nonce() != nonce {
		// Only the next nonce on the rollup, or the one after the sender's promises, is
		// promised; the pool gets the tx once the engine's nonce rule has passed (it keeps
		// future txs too, which a promise never covers).
		e.mu.Lock()
		next := nonce
		for _, p := range e.senders[c.account] {
			if p.Void == "" && p.Commitment.Nonce >= next {
				next = p.Commitment.Nonce + 1
			}
		}
		e.mu.Unlock()
		if c.tx.Nonce() != next {
			return c, nil // reserveOne refuses it with the nonce rule's error
		}
	}
	if err := c.rollup.Add(ctx, c.tx); err != nil {
		return nil, rollupPoolErr(err)
	}
	return c, nil
}

// rollupPoolErr is the refusal of a tx that the rollup's pool did not take or pin.
func rollupPoolErr(err error) error {
	return fail(ErrRollupPool, "tx", "%v", err)
}

// RollupTxs returns the durable, binding promises of rollup chainID for slot from on, in
// slot and promise order: what a restarted sidecar pins in the rollup's pool again.
func (e *Engine) RollupTxs(chainID *big.Int, from uint64) []PromisedTx {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []PromisedTx
	for slot, st := range e.slots {
		if slot < from {
			continue
		}
		for _, p := range st.promises {
			c := p.Commitment
			if !p.durable() || p.Void != "" || c.ChainID.Cmp(chainID) != 0 {
				continue
			}
			out = append(out, PromisedTx{Slot: c.Slot, Seq: c.Seq, TxHash: c.TxHash, Sender: c.Sender, Nonce: c.Nonce, Raw: p.Raw})
		}
	}
	slices.SortFunc(out, func(a, b PromisedTx) int {
		if a.Slot != b.Slot {
			return cmpU64(a.Slot, b.Slot)
		}
		return cmpU64(a.Seq, b.Seq)
	})
	return out
}

// Closed reports whether slot's deadline has passed; once it returns true, every promise
// for slot has been reserved (its rollup tx pinned): none can be added after.
func (e *Engine) Closed(slot uint64) bool {
	d, ok := e.chain.Duty(slot)
	e.mu.Lock() // reservations hold the lock from their deadline check to their pin
	now := e.cfg.now()
	e.mu.Unlock()
	return ok && !now.Before(d.Deadline)
}

// RollupIDs returns the chain ids of the configured rollups, in order.
func (e *Engine) RollupIDs() []uint64 {
	ids := make([]uint64, 0, len(e.cfg.Rollups))
	for id := range e.cfg.Rollups {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
