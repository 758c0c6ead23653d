// Package client talks to a based sidecar's JSON-RPC API and checks what it
// gets back: EIP-712 signatures, the committer against the lookahead, and
// manifest membership proofs.
package client

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	gethrpc "github.com/ethereum/go-ethereum/rpc"

	"github.com/basedsidecar/based/preconf"
)

// Client is a connection to one sidecar (HTTP or WebSocket URL).
type Client struct {
	rpc *gethrpc.Client
}

// Dial connects to url.
func Dial(ctx context.Context, url string) (*Client, error) {
	c, err := gethrpc.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", url, err)
	}
	return &Client{rpc: c}, nil
}

// Close ends the connection.
func (c *Client) Close() { c.rpc.Close() }

// RequestInclusion asks for a promise that raw lands in slot (chainID nil: L1).
func (c *Client) RequestInclusion(ctx context.Context, slot uint64, chainID *big.Int, raw []byte) (*preconf.SignedCommitment, error) {
	var sc preconf.SignedCommitment
	err := c.rpc.CallContext(ctx, &sc, "preconf_requestInclusion", preconf.InclusionRequest{Slot: preconf.Quantity(slot), ChainID: (*hexutil.Big)(chainID), Tx: raw})
	if err != nil {
		return nil, err
	}
	return &sc, nil
}

// Commitment returns the promise for txHash, with its current void state.
func (c *Client) Commitment(ctx context.Context, txHash common.Hash) (*preconf.SignedCommitment, error) {
	var sc preconf.SignedCommitment
	return &sc, c.rpc.CallContext(ctx, &sc, "preconf_getCommitment", txHash)
}

// EstimateFee quotes slot for a transaction of gas gas.
func (c *Client) EstimateFee(ctx context.Context, slot, gas uint64) (*preconf.Quote, error) {
	var q preconf.Quote
	return &q, c.rpc.CallContext(ctx, &q, "preconf_estimateFee", preconf.Quantity(slot), preconf.Quantity(gas))
}

// Lookahead returns the proposer duties the sidecar knows.
func (c *Client) Lookahead(ctx context.Context) ([]preconf.LookaheadEntry, error) {
	var l []preconf.LookaheadEntry
	return l, c.rpc.CallContext(ctx, &l, "preconf_lookahead")
}

// Status returns the sidecar's status, which includes the EIP-712 domain.
func (c *Client) Status(ctx context.Context) (*preconf.NodeStatus, error) {
	var s preconf.NodeStatus
	return &s, c.rpc.CallContext(ctx, &s, "preconf_status")
}

// Manifest returns the signed manifest of slot.
func (c *Client) Manifest(ctx context.Context, slot uint64) (*preconf.SignedManifest, error) {
	var m preconf.SignedManifest
	return &m, c.rpc.CallContext(ctx, &m, "preconf_getManifest", preconf.Quantity(slot))
}

// ManifestProof returns the membership proof of txHash's promise.
func (c *Client) ManifestProof(ctx context.Context, txHash common.Hash) (*preconf.ManifestProof, error) {
	var p preconf.ManifestProof
	return &p, c.rpc.CallContext(ctx, &p, "preconf_getManifestProof", txHash)
}

// Subscribe streams commitment events into ch (WebSocket URLs only).
func (c *Client) Subscribe(ctx context.Context, ch chan<- preconf.Event) (*gethrpc.ClientSubscription, error) {
	return c.rpc.Subscribe(ctx, "preconf", ch, "commitments")
}

// ErrVerify is wrapped by every check of a promise that fails.
var ErrVerify = errors.New("promise does not verify")

// VerifyCommitment checks that sc's digest is its commitment's EIP-712 digest
// under domain (and that its typedData, when present, names that domain),
// that the signature recovers to the commitment's committer, and, when
// lookahead is given, that this committer is the one the lookahead names for
// the slot.
func VerifyCommitment(sc *preconf.SignedCommitment, domain preconf.Domain, lookahead []preconf.LookaheadEntry) error {
	if td := sc.Domain; td != nil && (td.ChainID == nil || domain.ChainID == nil || td.ChainID.Cmp(domain.ChainID) != 0 || td.VerifyingContract != domain.VerifyingContract) {
		return fmt.Errorf("%w: typedData names chain %v and slasher %s, want %v and %s", ErrVerify, td.ChainID, td.VerifyingContract, domain.ChainID, domain.VerifyingContract)
	}
	d := sc.Commitment.Digest(domain)
	if d != sc.Digest {
		return fmt.Errorf("%w: digest %s, computed %s", ErrVerify, sc.Digest, d)
	}
	who, err := preconf.Recover(d, sc.Signature)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrVerify, err)
	}
	if who != sc.Commitment.Committer {
		return fmt.Errorf("%w: signed by %s, commitment names %s", ErrVerify, who, sc.Commitment.Committer)
	}
	if lookahead == nil {
		return nil
	}
	for _, e := range lookahead {
		if e.Slot != sc.Commitment.Slot {
			continue
		}
		if !e.Ours || e.Committer == nil || *e.Committer != who {
			return fmt.Errorf("%w: slot %d's committer in the lookahead is not %s", ErrVerify, e.Slot, who)
		}
		return nil
	}
	return fmt.Errorf("%w: slot %d is not in the lookahead", ErrVerify, sc.Commitment.Slot)
}

// VerifyManifestProof checks that m is signed by sc's committer, and that
// proof shows sc's digest under sc's tx hash in m's root.
func VerifyManifestProof(sc *preconf.SignedCommitment, m *preconf.SignedManifest, proof *preconf.ManifestProof, domain preconf.Domain) error {
	who, err := preconf.Recover(m.Digest(domain), m.Signature)
	if err != nil {
		return fmt.Errorf("%w: manifest: %v", ErrVerify, err)
	}
	switch {
	case who != sc.Commitment.Committer:
		return fmt.Errorf("%w: manifest signed by %s, not the committer %s", ErrVerify, who, sc.Commitment.Committer)
	case m.Slot != sc.Commitment.Slot:
		return fmt.Errorf("%w: manifest of slot %d for a promise of slot %d", ErrVerify, m.Slot, sc.Commitment.Slot)
	case proof.Root != m.Root:
		return fmt.Errorf("%w: proof root %s, manifest root %s", ErrVerify, proof.Root, m.Root)
	case proof.Key != sc.Commitment.TxHash || proof.Value != sc.Commitment.Digest(domain):
		return fmt.Errorf("%w: proof is for another promise", ErrVerify)
	}
	if err := proof.Verify(); err != nil {
		return fmt.Errorf("%w: %v", ErrVerify, err)
	}
	return nil
}

// Domain returns the EIP-712 domain the sidecar reports.
func (s *Client) Domain(ctx context.Context) (preconf.Domain, error) {
	st, err := s.Status(ctx)
	if err != nil {
		return preconf.Domain{}, err
	}
	if st.Engine.ChainID == nil {
		return preconf.Domain{}, fmt.Errorf("status has no chain id")
	}
	return preconf.Domain{ChainID: st.Engine.ChainID.ToInt(), VerifyingContract: st.Engine.Slasher}, nil
}
