package challenge

import (
	"context"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/preconf"
)

// BlockAt returns the header of the L1 block whose timestamp is t (the block of
// the slot starting at t), or nil when the chain has none.
func (c *Challenger) BlockAt(ctx context.Context, t uint64) (*types.Header, error) {
	return c.blockAt(ctx, t)
}

// LastBefore returns the newest L1 block with a timestamp below t, or nil.
func (c *Challenger) LastBefore(ctx context.Context, t uint64) (*types.Header, error) {
	return c.lastBefore(ctx, t)
}

// DecodeRevert turns an error carrying the revert data of one of the
// contracts' custom errors into a *RevertError, and returns others unchanged.
func DecodeRevert(err error) error { return decodeRevert(err) }

// Onchain is c as the slasher's bindings take it.
func Onchain(c *preconf.InclusionCommitment) bindings.PreconfSlasherInclusionCommitment {
	return onchain(c)
}
