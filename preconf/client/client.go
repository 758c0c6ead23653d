// Package client talks to a based sidecar's JSON-RPC API and checks what it
// gets back: EIP-712 signatures, the committer against the lookahead, and
// manifest membership proofs.
package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
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

// call makes one JSON-RPC call and decodes its result with Decode: the
// answer of a sidecar is untrusted input, and a bad one is an error, never a
// panic.
func call[T any](ctx context.Context, c *Client, method string, args ...any) (*T, error) {
	var raw json.RawMessage
	if err := c.rpc.CallContext(ctx, &raw, method, args...); err != nil {
		return nil, err
	}
	return Decode[T](raw)
}

// RequestInclusion asks for a promise that raw lands in slot (chainID nil: L1).
// It checks only that the answer decodes; CheckRequest and VerifyCommitment
// check what it says.
func (c *Client) RequestInclusion(ctx context.Context, slot uint64, chainID *big.Int, raw []byte) (*preconf.SignedCommitment, error) {
	return call[preconf.SignedCommitment](ctx, c, "preconf_requestInclusion", preconf.InclusionRequest{Slot: preconf.Quantity(slot), ChainID: (*hexutil.Big)(chainID), Tx: raw})
}

// Commitment returns the promise for txHash, with its current void state.
func (c *Client) Commitment(ctx context.Context, txHash common.Hash) (*preconf.SignedCommitment, error) {
	return call[preconf.SignedCommitment](ctx, c, "preconf_getCommitment", txHash)
}

// EstimateFee quotes slot for a transaction of gas gas.
func (c *Client) EstimateFee(ctx context.Context, slot, gas uint64) (*preconf.Quote, error) {
	return call[preconf.Quote](ctx, c, "preconf_estimateFee", preconf.Quantity(slot), preconf.Quantity(gas))
}

// Lookahead returns the proposer duties the sidecar says it knows.
func (c *Client) Lookahead(ctx context.Context) ([]preconf.LookaheadEntry, error) {
	l, err := call[[]preconf.LookaheadEntry](ctx, c, "preconf_lookahead")
	if err != nil {
		return nil, err
	}
	return *l, nil
}

// Status returns the sidecar's status.
func (c *Client) Status(ctx context.Context) (*preconf.NodeStatus, error) {
	return call[preconf.NodeStatus](ctx, c, "preconf_status")
}

// Manifest returns the signed manifest of slot.
func (c *Client) Manifest(ctx context.Context, slot uint64) (*preconf.SignedManifest, error) {
	return call[preconf.SignedManifest](ctx, c, "preconf_getManifest", preconf.Quantity(slot))
}

// ManifestProof returns the membership proof of txHash's promise.
func (c *Client) ManifestProof(ctx context.Context, txHash common.Hash) (*preconf.ManifestProof, error) {
	return call[preconf.ManifestProof](ctx, c, "preconf_getManifestProof", txHash)
}

// ErrBadAnswer is wrapped by every answer of a sidecar that does not decode.
var ErrBadAnswer = errors.New("bad answer from the sidecar")

// Decode decodes a sidecar's answer into a T. The decoders of some parts
// (go-verkle's proof JSON) panic on input they do not expect: a panic is
// turned into an ErrBadAnswer, as is any other decoding failure.
func Decode[T any](b []byte) (v *T, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("%w: %T: decoder panicked: %v", ErrBadAnswer, v, r)
		}
	}()
	v = new(T)
	if err := json.Unmarshal(b, v); err != nil {
		return nil, fmt.Errorf("%w: %T: %v", ErrBadAnswer, v, err)
	}
	return v, nil
}

// ErrMismatch is wrapped when a promise is not for the request it answers.
var ErrMismatch = errors.New("promise is not for the request")

// CheckRequest checks that sc promises what was asked: the transaction raw
// (its hash), in slot, on chainID (nil: the domain's L1 chain).
func CheckRequest(sc *preconf.SignedCommitment, slot uint64, chainID *big.Int, raw []byte, domain preconf.Domain) error {
	var tx types.Transaction
	if err := tx.UnmarshalBinary(raw); err != nil {
		return fmt.Errorf("the request's own tx: %w", err)
	}
	if chainID == nil {
		chainID = domain.ChainID
	}
	c := sc.Commitment
	switch {
	case c.TxHash != tx.Hash():
		return fmt.Errorf("%w: tx %s, asked for %s", ErrMismatch, c.TxHash, tx.Hash())
	case c.Slot != slot:
		return fmt.Errorf("%w: slot %d, asked for %d", ErrMismatch, c.Slot, slot)
	case c.ChainID == nil || chainID == nil || c.ChainID.Cmp(chainID) != 0:
		return fmt.Errorf("%w: chain %v, asked for %v", ErrMismatch, c.ChainID, chainID)
	}
	return nil
}

// Subscribe streams commitment events into ch (WebSocket URLs only).
func (c *Client) Subscribe(ctx context.Context, ch chan<- preconf.Event) (*gethrpc.ClientSubscription, error) {
	return c.rpc.Subscribe(ctx, "preconf", ch, "commitments")
}

// SubscribeFrom streams the commitment events of chainID (nil: every chain)
// into ch, replaying first every event after cursor when it is set (nil:
// live events only). To resume after a disconnect or a restart of the
// sidecar, pass the Cursor of the last event processed: no event is missed
// or repeated.
func (c *Client) SubscribeFrom(ctx context.Context, ch chan<- preconf.Event, chainID *big.Int, cursor *uint64) (*gethrpc.ClientSubscription, error) {
	p := map[string]any{}
	if chainID != nil {
		p["chainId"] = (*hexutil.Big)(chainID)
	}
	if cursor != nil {
		p["cursor"] = hexutil.Uint64(*cursor)
	}
	return c.rpc.Subscribe(ctx, "preconf", ch, "commitments", p)
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
	if err := verifyProof(proof); err != nil {
		return fmt.Errorf("%w: %v", ErrVerify, err)
	}
	return nil
}

// verifyProof runs go-verkle's verification, which may panic on a malformed
// proof, and turns a panic into an error.
func verifyProof(p *preconf.ManifestProof) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed proof: %v", r)
		}
	}()
	return p.Verify()
}

// ReportedDomain returns the EIP-712 domain the sidecar reports. A wallet
// must not verify with it: a sidecar can name any chain or contract. It is
// for load tools and for comparing with ChainDomain.
func (c *Client) ReportedDomain(ctx context.Context) (preconf.Domain, error) {
	st, err := c.Status(ctx)
	if err != nil {
		return preconf.Domain{}, err
	}
	if st.Engine.ChainID == nil {
		return preconf.Domain{}, fmt.Errorf("%w: status has no chain id", ErrBadAnswer)
	}
	return preconf.Domain{ChainID: st.Engine.ChainID.ToInt(), VerifyingContract: st.Engine.Slasher}, nil
}

// ChainIDReader is what ChainDomain needs of an execution client
// (go-ethereum's ethclient.Client has it).
type ChainIDReader interface {
	ChainID(ctx context.Context) (*big.Int, error)
}

// ChainDomain is the EIP-712 domain of promises on the chain el follows,
// under the PreconfSlasher at slasher (from the deployment or the Registry,
// never from the sidecar).
func ChainDomain(ctx context.Context, el ChainIDReader, slasher common.Address) (preconf.Domain, error) {
	if slasher == (common.Address{}) {
		return preconf.Domain{}, errors.New("slasher: the zero address; no promise under it can be enforced")
	}
	id, err := el.ChainID(ctx)
	if err != nil {
		return preconf.Domain{}, fmt.Errorf("chain id from the execution client: %w", err)
	}
	return preconf.Domain{ChainID: id, VerifyingContract: slasher}, nil
}
