package builderapi

import (
	"context"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/sidecar/relay"
)

// VerifiedBids is the BidChecker that serves only relay bids the relay
// package's Verifier accepts for the proposer's latest registration.
type VerifiedBids struct {
	Verifier      *relay.Verifier
	Registrations *Registrations
}

// CheckBid verifies the bid against the request and the registration of its proposer.
func (v VerifiedBids) CheckBid(ctx context.Context, req HeaderRequest, rl Relay, resp *relay.Response) (*big.Int, error) {
	br := relay.BidRequest{Slot: req.Slot, ParentHash: common.HexToHash(req.ParentHash)}
	copy(br.Proposer[:], common.FromHex(req.Pubkey))
	if reg, ok := v.Registrations.Get(br.Proposer); ok {
		br.Registered, br.FeeRecipient, br.GasLimit = true, reg.FeeRecipient, reg.GasLimit
	}
	a, err := v.Verifier.Verify(ctx, rl.String(), rl.Pubkey(), br, resp)
	if err != nil {
		return nil, err
	}
	return a.Value, nil
}

// Refused counts a relay that gave no bid to verify.
func (v VerifiedBids) Refused(rl Relay, err error) { v.Verifier.Count(rl.String(), err) }
