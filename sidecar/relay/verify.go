package relay

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"math/big"
	"sync"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/flashbots/go-boost-utils/ssz"
	"github.com/prometheus/client_golang/prometheus"
)

// Reasons a relay's bid is refused; each is wrapped by the error Verify
// returns, and names the reason label of based_relay_bids_total.
var (
	ErrBidSignature    = errors.New("relay: bid signature does not verify")
	ErrBidRelayKey     = errors.New("relay: bid not signed by the relay's key")
	ErrBidSlot         = errors.New("relay: bid is for another slot")
	ErrBidParent       = errors.New("relay: bid builds on another parent")
	ErrBidProposer     = errors.New("relay: request is not for the slot's registered proposer")
	ErrBidFeeRecipient = errors.New("relay: bid pays another fee recipient")
	ErrBidGasLimit     = errors.New("relay: bid gas limit does not follow the registration")
	ErrBidNotReady     = errors.New("relay: chain not known yet")
	ErrConstraints     = errors.New("relay: constraints of the slot unknown")
)

// reasons maps each refusal to its metric label, in the order Reason looks.
var reasons = []struct {
	err   error
	label string
}{
	{ErrBidDecode, "malformed"},
	{ErrBidRelayKey, "relay_key"},
	{ErrBidSignature, "signature"},
	{ErrBidSlot, "slot"},
	{ErrBidParent, "parent"},
	{ErrBidProposer, "proposer"},
	{ErrBidFeeRecipient, "fee_recipient"},
	{ErrBidGasLimit, "gas_limit"},
	{ErrNoProofs, "proofs_missing"},
	{ErrProof, "proofs_invalid"},
	{ErrBidNotReady, "not_ready"},
	{ErrConstraints, "constraints_unknown"},
	{ErrStatus, "status"},
}

// Reason is the metric label of a bid's refusal: one of the reasons above,
// "error" for anything else (a relay that did not answer), "" for nil.
func Reason(err error) string {
	if err == nil {
		return ""
	}
	for _, r := range reasons {
		if errors.Is(err, r.err) {
			return r.label
		}
	}
	return "error"
}

// Chain is what the verifier needs of the chain: its timing and builder
// signing domain, and the proposer of a slot.
type Chain interface {
	// Timing returns genesis time, slot length and the genesis fork
	// version; ok is false until they are known.
	Timing() (genesis time.Time, slot time.Duration, forkVersion phase0.Version, ok bool)
	// Proposer returns the public key of slot's proposer; ok is false
	// outside the known lookahead.
	Proposer(slot uint64) (phase0.BLSPubKey, bool)
}

// ParentGasLimits gives the gas limit of a block by hash.
type ParentGasLimits interface {
	GasLimit(ctx context.Context, blockHash common.Hash) (uint64, error)
}

// Constraints gives the transactions promised for a slot, in promise order,
// each in binary form; none for a slot without promises.
type Constraints interface {
	SlotConstraints(slot uint64) ([][]byte, error)
}

// VerifierConfig configures a Verifier; Chain is required.
type VerifierConfig struct {
	Chain Chain
	// Parents, when set, gives the parent's gas limit so the bid's gas limit
	// is checked exactly (core.CalcGasLimit toward the registration);
	// without it the bid's gas limit must equal the registration's.
	Parents ParentGasLimits
	// Constraints, when set, gives each slot's constraints; a relay bid for
	// a slot with constraints needs proofs of all of them, unless the relay
	// is trusted.
	Constraints Constraints
	// Trusted are the relays (by public key) whose bids the operator trusts
	// to honour constraints without proofs the sidecar checks.
	Trusted map[phase0.BLSPubKey]bool
}

// Verifier checks relay bids and counts them in based_relay_bids_total.
type Verifier struct {
	cfg  VerifierConfig
	bids *prometheus.CounterVec

	seed maphash.Seed
	mu   sync.Mutex
	slot uint64
	sum  uint64
	prep []Constraint
}

// NewVerifier returns a verifier with its metric on reg.
func NewVerifier(cfg VerifierConfig, reg prometheus.Registerer) *Verifier {
	v := &Verifier{cfg: cfg, seed: maphash.MakeSeed(), bids: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "based_relay_bids_total",
		Help: "Relay bids received for getHeader, by relay and result (accepted, or the reason for refusal).",
	}, []string{"relay", "result"})}
	reg.MustRegister(v.bids)
	return v
}

// BidRequest is what a getHeader call asks for, with the proposer's registration.
type BidRequest struct {
	Slot       uint64
	ParentHash common.Hash
	Proposer   phase0.BLSPubKey
	// Registered is false when the proposer has no registration.
	Registered   bool
	FeeRecipient common.Address
	GasLimit     uint64
}

// Accepted is a bid that passed every check.
type Accepted struct {
	Bid   *Bid
	Value *big.Int
	// Proven is true when inclusion proofs of the slot's constraints verified.
	Proven bool
}

// Count records a bid refused before it could be verified (the relay did
// not answer, or answered without the proofs asked for).
func (v *Verifier) Count(relay string, err error) {
	if err != nil {
		v.bids.WithLabelValues(relay, Reason(err)).Inc()
	}
}

// Verify checks a relay's getHeader answer for req: the signature against
// relayKey (the key in the relay's URL), the slot (by the payload's
// timestamp), the parent hash, the proposer, the registration's fee
// recipient and gas limit, and, for a slot with constraints, inclusion
// proofs of every one (unless the relay is trusted). relay names the relay
// in metrics.
func (v *Verifier) Verify(ctx context.Context, relay string, relayKey phase0.BLSPubKey, req BidRequest, resp *Response) (*Accepted, error) {
	a, err := v.verify(ctx, relayKey, req, resp)
	if err != nil {
		v.bids.WithLabelValues(relay, Reason(err)).Inc()
		return nil, err
	}
	v.bids.WithLabelValues(relay, "accepted").Inc()
	return a, nil
}

func (v *Verifier) verify(ctx context.Context, relayKey phase0.BLSPubKey, req BidRequest, resp *Response) (*Accepted, error) {
	genesis, slotLen, fork, ok := v.cfg.Chain.Timing()
	if !ok {
		return nil, ErrBidNotReady
	}
	bid, err := DecodeBid(resp.Body)
	if err != nil {
		return nil, err
	}
	h := bid.Header
	if bid.Pubkey != relayKey {
		return nil, fmt.Errorf("%w: bid names %s, the relay's URL %s", ErrBidRelayKey, bid.Pubkey, relayKey)
	}
	domain := ssz.ComputeDomain(ssz.DomainTypeAppBuilder, fork, phase0.Root{})
	okSig, err := ssz.VerifySignature(bid.message, domain, relayKey[:], bid.Signature[:])
	if err != nil || !okSig {
		return nil, fmt.Errorf("%w: relay %s", ErrBidSignature, relayKey)
	}
	want := uint64(genesis.Add(time.Duration(req.Slot) * slotLen).Unix())
	if h.Timestamp != want {
		return nil, fmt.Errorf("%w: payload timestamp %d, slot %d starts at %d", ErrBidSlot, h.Timestamp, req.Slot, want)
	}
	if common.Hash(h.ParentHash) != req.ParentHash {
		return nil, fmt.Errorf("%w: payload parent %x, asked for %s", ErrBidParent, h.ParentHash[:], req.ParentHash)
	}
	if !req.Registered {
		return nil, fmt.Errorf("%w: %s has no registration", ErrBidProposer, req.Proposer)
	}
	if p, ok := v.cfg.Chain.Proposer(req.Slot); ok && p != req.Proposer {
		return nil, fmt.Errorf("%w: slot %d is proposed by %s, not %s", ErrBidProposer, req.Slot, p, req.Proposer)
	}
	if common.Address(h.FeeRecipient) != req.FeeRecipient {
		return nil, fmt.Errorf("%w: payload pays %s, registration says %s", ErrBidFeeRecipient, common.Address(h.FeeRecipient), req.FeeRecipient)
	}
	wantGas := req.GasLimit
	if v.cfg.Parents != nil && req.ParentHash != (common.Hash{}) {
		if pg, err := v.cfg.Parents.GasLimit(ctx, req.ParentHash); err == nil {
			wantGas = core.CalcGasLimit(pg, req.GasLimit)
		}
	}
	if h.GasLimit != wantGas {
		return nil, fmt.Errorf("%w: payload gas limit %d, want %d (registration %d)", ErrBidGasLimit, h.GasLimit, wantGas, req.GasLimit)
	}
	a := &Accepted{Bid: bid, Value: bid.Value.ToBig()}
	cons, err := v.constraints(req.Slot)
	if err != nil {
		return nil, err
	}
	if len(cons) == 0 || v.cfg.Trusted[relayKey] {
		return a, nil
	}
	if len(resp.Proofs) == 0 {
		return nil, fmt.Errorf("%w: slot %d has %d constraints", ErrNoProofs, req.Slot, len(cons))
	}
	p, err := DecodeProofs(resp.Proofs)
	if err != nil {
		return nil, err
	}
	if err := VerifyInclusion(h.TransactionsRoot, cons, p); err != nil {
		return nil, err
	}
	a.Proven = true
	return a, nil
}

// HasConstraints reports whether slot has constraints that a relay must
// prove; a slot whose constraints cannot be read counts as having some.
func (v *Verifier) HasConstraints(slot uint64) bool {
	if v.cfg.Constraints == nil {
		return false
	}
	c, err := v.constraints(slot)
	return err != nil || len(c) > 0
}

// Trusted reports whether the relay with key is trusted for constraints.
func (v *Verifier) Trusted(key phase0.BLSPubKey) bool { return v.cfg.Trusted[key] }

// constraints returns the prepared constraints of slot, prepared again
// when the slot or its transactions changed.
func (v *Verifier) constraints(slot uint64) ([]Constraint, error) {
	if v.cfg.Constraints == nil {
		return nil, nil
	}
	raw, err := v.cfg.Constraints.SlotConstraints(slot)
	if err != nil {
		return nil, fmt.Errorf("%w: slot %d: %w", ErrConstraints, slot, err)
	}
	if len(raw) == 0 {
		return nil, nil
	}
	if len(raw) > MaxConstraints {
		return nil, fmt.Errorf("%w: slot %d: %d constraints, at most %d", ErrConstraints, slot, len(raw), MaxConstraints)
	}
	var mh maphash.Hash
	mh.SetSeed(v.seed)
	for _, r := range raw {
		_, _ = mh.Write(r)
		_ = mh.WriteByte(0)
	}
	sum := mh.Sum64()
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.prep != nil && v.slot == slot && v.sum == sum {
		return v.prep, nil
	}
	prep := make([]Constraint, len(raw))
	for i, r := range raw {
		c, err := NewConstraint(r)
		if err != nil {
			return nil, fmt.Errorf("%w: slot %d: %w", ErrConstraints, slot, err)
		}
		prep[i] = c
	}
	v.slot, v.sum, v.prep = slot, sum, prep
	return prep, nil
}

// Metric is based_relay_bids_total.
func (v *Verifier) Metric() *prometheus.CounterVec { return v.bids }
