package challenge

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/basedsidecar/based/preconf"
)

// ErrNotChallengeable is wrapped when a promise may not (or need not) be
// challenged now: kept, void, not final, or outside the slasher's window.
var ErrNotChallengeable = errors.New("not challengeable")

// ErrNotSlashable is wrapped when a challenge cannot be slashed (yet).
var ErrNotSlashable = errors.New("not slashable")

// Result is what an action did.
type Result struct {
	// Sent is the transaction sent (nil when nothing had to be sent: the
	// challenge was already open, or already slashed).
	Sent    *types.Transaction
	Receipt *types.Receipt
	Note    string
}

// chainTime is the head's timestamp: what the next block's must exceed, and
// what eth_estimateGas runs at.
func (c *Challenger) chainTime(ctx context.Context) (uint64, error) {
	h, err := c.el.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("head: %w", err)
	}
	return h.Time, nil
}

// Open opens a challenge against sc with the slasher's bond, sent by auth,
// once Check finds it broken or missed, final, and the chain's time is in the
// slasher's window. An already open (or settled) challenge of the promise is
// reported, never opened again. others are as for Check.
func (c *Challenger) Open(ctx context.Context, auth *bind.TransactOpts, sc *preconf.SignedCommitment, others ...*preconf.SignedCommitment) (*Result, error) {
	r, err := c.Check(ctx, sc, others...)
	if err != nil {
		return nil, err
	}
	if r.Challenge.Status != StatusNone {
		return &Result{Note: fmt.Sprintf("challenge of %s already %s (by %s, opened at %d)", r.Digest, r.Challenge.Status, r.Challenge.Challenger, r.Challenge.OpenedAt)}, nil
	}
	if r.Verdict != Broken && r.Verdict != Missed {
		return nil, fmt.Errorf("%w: %s: %s", ErrNotChallengeable, r.Verdict, r.Reason)
	}
	now, err := c.chainTime(ctx)
	if err != nil {
		return nil, err
	}
	if now < r.OpenFrom {
		return nil, fmt.Errorf("%w: the slasher opens challenges of slot %d from time %d (finality delay), the chain is at %d", ErrNotChallengeable, sc.Commitment.Slot, r.OpenFrom, now)
	}
	if now > r.OpenUntil {
		return nil, fmt.Errorf("%w: the challenge window of slot %d closed at time %d, the chain is at %d", ErrNotChallengeable, sc.Commitment.Slot, r.OpenUntil, now)
	}
	opts := *auth
	opts.Context = ctx
	opts.Value = new(big.Int).Set(c.params.Bond)
	tx, err := c.slasher.OpenChallenge(&opts, onchain(&sc.Commitment), sc.Signature)
	if err != nil {
		return nil, fmt.Errorf("openChallenge: %w", decodeRevert(err))
	}
	rc, err := c.wait(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("openChallenge: %w", err)
	}
	return &Result{Sent: tx, Receipt: rc, Note: fmt.Sprintf("challenge of %s opened (%s, bond %v wei)", r.Digest, r.Verdict, c.params.Bond)}, nil
}

// Slash slashes sc's open challenge once its defence window has passed. An
// already slashed challenge is reported, never slashed again.
func (c *Challenger) Slash(ctx context.Context, auth *bind.TransactOpts, sc *preconf.SignedCommitment) (*Result, error) {
	if err := c.Verify(sc); err != nil {
		return nil, err
	}
	d := sc.Commitment.Digest(c.domain)
	ch, err := c.Challenge(ctx, d)
	if err != nil {
		return nil, err
	}
	switch ch.Status {
	case StatusSlashed:
		return &Result{Note: fmt.Sprintf("challenge of %s already slashed", d)}, nil
	case StatusNone:
		return nil, fmt.Errorf("%w: no challenge of %s is open", ErrNotSlashable, d)
	case StatusDefended:
		return nil, fmt.Errorf("%w: the challenge of %s was defended", ErrNotSlashable, d)
	}
	now, err := c.chainTime(ctx)
	if err != nil {
		return nil, err
	}
	if now < ch.SlashFrom {
		return nil, fmt.Errorf("%w: the defence window of %s runs until time %d, the chain is at %d", ErrNotSlashable, d, ch.SlashFrom-1, now)
	}
	opts := *auth
	opts.Context = ctx
	tx, err := c.slasher.Slash(&opts, onchain(&sc.Commitment))
	if err != nil {
		return nil, fmt.Errorf("slash: %w", decodeRevert(err))
	}
	rc, err := c.wait(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("slash: %w", err)
	}
	return &Result{Sent: tx, Receipt: rc, Note: fmt.Sprintf("challenge of %s slashed", d)}, nil
}

// Claimable is what account can claim from the slasher.
func (c *Challenger) Claimable(ctx context.Context, account common.Address) (*big.Int, error) {
	v, err := c.slasher.Claimable(&bind.CallOpts{Context: ctx}, account)
	if err != nil {
		return nil, fmt.Errorf("slasher claimable(%s): %w", account, decodeRevert(err))
	}
	return v, nil
}

// Claim takes what auth.From is owed (penalties, bonds, rewards). With
// nothing to claim it sends nothing and returns ErrNothingToClaim.
func (c *Challenger) Claim(ctx context.Context, auth *bind.TransactOpts) (*Result, *big.Int, error) {
	owed, err := c.Claimable(ctx, auth.From)
	if err != nil {
		return nil, nil, err
	}
	if owed.Sign() == 0 {
		return nil, owed, fmt.Errorf("%s: %w", auth.From, ErrNothingToClaim)
	}
	opts := *auth
	opts.Context = ctx
	tx, err := c.slasher.Claim(&opts)
	if err != nil {
		return nil, nil, fmt.Errorf("claim: %w", decodeRevert(err))
	}
	rc, err := c.wait(ctx, tx)
	if err != nil {
		return nil, nil, fmt.Errorf("claim: %w", err)
	}
	return &Result{Sent: tx, Receipt: rc, Note: fmt.Sprintf("claimed %v wei for %s", owed, auth.From)}, owed, nil
}

// ErrReverted is wrapped when a sent transaction reverted.
var ErrReverted = errors.New("transaction reverted")

// wait waits for tx's receipt. The gas estimate before sending names the
// contract's error of a call that would revert; a revert after it (the chain
// moved in between) is reported with the receipt's block.
func (c *Challenger) wait(ctx context.Context, tx *types.Transaction) (*types.Receipt, error) {
	rc, err := bind.WaitMined(ctx, c.el, tx)
	if err != nil {
		return nil, fmt.Errorf("waiting for %s: %w", tx.Hash(), err)
	}
	if rc.Status == types.ReceiptStatusSuccessful {
		return rc, nil
	}
	return rc, fmt.Errorf("%w: %s in block %v", ErrReverted, tx.Hash(), rc.BlockNumber)
}
