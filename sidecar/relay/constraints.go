package relay

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/flashbots/go-boost-utils/bls"
	"github.com/flashbots/go-boost-utils/ssz"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/keys"
)

// Constraints API v0 paths (eth-fabric constraints-specs), under the relay's URL.
const (
	PathCapabilities = "/constraints/v0/builder/capabilities"
	PathDelegate     = "/constraints/v0/builder/delegate"
	PathConstraints  = "/constraints/v0/builder/constraints"
)

// ConstraintTypeInclusion is the constraint type of an inclusion promise:
// its payload is the transaction in network form.
const ConstraintTypeInclusion uint64 = 1

// DomainTypeConstraints is the domain type of SignedConstraints ("\x00Con").
var DomainTypeConstraints = phase0.DomainType{0x00, 0x43, 0x6f, 0x6e}

// ErrConstraintsAPI is wrapped when a relay refuses a Constraints API call.
var ErrConstraintsAPI = errors.New("relay: constraints API call refused")

// maxConstraintPayload bounds one constraint's payload in the SSZ hash (a
// transaction with up to 6 blobs and their cell proofs fits).
const maxConstraintPayload = 1 << 20

// ConstraintItem is one Constraint{constraintType, payload}.
type ConstraintItem struct {
	Type    uint64
	Payload []byte
}

// ConstraintsMessage is the Constraints API's ConstraintsMessage.
type ConstraintsMessage struct {
	Proposer    phase0.BLSPubKey
	Delegate    phase0.BLSPubKey
	Slot        uint64
	Constraints []ConstraintItem
	Receivers   []phase0.BLSPubKey
}

// HashTreeRoot is the SSZ hash tree root of the message (constraints up to
// MaxConstraints, payloads up to 1 MiB, receivers up to 256).
func (m *ConstraintsMessage) HashTreeRoot() ([32]byte, error) {
	if len(m.Constraints) > MaxConstraints || len(m.Receivers) > MaxConstraints {
		return [32]byte{}, fmt.Errorf("constraints message: %d constraints, %d receivers, at most %d each", len(m.Constraints), len(m.Receivers), MaxConstraints)
	}
	cs := make([][32]byte, len(m.Constraints))
	for i, c := range m.Constraints {
		if len(c.Payload) > maxConstraintPayload {
			return [32]byte{}, fmt.Errorf("constraint %d: payload %d bytes, at most %d", i, len(c.Payload), maxConstraintPayload)
		}
		var t [32]byte
		binary.LittleEndian.PutUint64(t[:], c.Type)
		cs[i] = hashPair(t, byteListRoot(c.Payload, maxConstraintPayload))
	}
	rs := make([][32]byte, len(m.Receivers))
	for i, r := range m.Receivers {
		rs[i] = pubkeyRoot(r)
	}
	var slot [32]byte
	binary.LittleEndian.PutUint64(slot[:], m.Slot)
	fields := [][32]byte{pubkeyRoot(m.Proposer), pubkeyRoot(m.Delegate), slot,
		mixInLength(merkleizeLimit(cs, MaxConstraints), uint64(len(cs))),
		mixInLength(merkleizeLimit(rs, MaxConstraints), uint64(len(rs)))}
	return merkleizeLimit(fields, 8), nil
}

func pubkeyRoot(pk phase0.BLSPubKey) [32]byte {
	var a, b [32]byte
	copy(a[:], pk[:32])
	copy(b[:], pk[32:])
	return hashPair(a, b)
}

// byteListRoot is the hash tree root of a ByteList[limit].
func byteListRoot(b []byte, limit int) [32]byte {
	chunks := make([][32]byte, (len(b)+31)/32)
	for i := range chunks {
		copy(chunks[i][:], b[32*i:])
	}
	return mixInLength(merkleizeLimit(chunks, (limit+31)/32), uint64(len(b)))
}

// merkleizeLimit merkleizes chunks padded to the next power of two of limit.
func merkleizeLimit(chunks [][32]byte, limit int) [32]byte {
	depth := 0
	for 1<<depth < limit {
		depth++
	}
	return merkleizeDepth(chunks, depth)
}

// SignedConstraints is a ConstraintsMessage signed by the delegate key;
// Nonce and SigningID are the reference code's (Commit-Boost) fields, sent as zero.
type SignedConstraints struct {
	Message   ConstraintsMessage
	Nonce     uint64
	SigningID [32]byte
	Signature phase0.BLSSignature
}

type constraintJSON struct {
	ConstraintType string        `json:"constraint_type"`
	Payload        hexutil.Bytes `json:"payload"`
}

type signedConstraintsJSON struct {
	Message struct {
		Proposer    hexutil.Bytes    `json:"proposer"`
		Delegate    hexutil.Bytes    `json:"delegate"`
		Slot        string           `json:"slot"`
		Constraints []constraintJSON `json:"constraints"`
		Receivers   []hexutil.Bytes  `json:"receivers"`
	} `json:"message"`
	Nonce     string        `json:"nonce"`
	SigningID hexutil.Bytes `json:"signing_id"`
	Signature hexutil.Bytes `json:"signature"`
}

// MarshalJSON writes the Constraints API JSON form (decimal integers as strings, hex bytes).
func (s SignedConstraints) MarshalJSON() ([]byte, error) {
	var j signedConstraintsJSON
	j.Message.Proposer, j.Message.Delegate = s.Message.Proposer[:], s.Message.Delegate[:]
	j.Message.Slot = strconv.FormatUint(s.Message.Slot, 10)
	j.Message.Constraints = make([]constraintJSON, len(s.Message.Constraints))
	for i, c := range s.Message.Constraints {
		j.Message.Constraints[i] = constraintJSON{ConstraintType: strconv.FormatUint(c.Type, 10), Payload: c.Payload}
	}
	j.Message.Receivers = make([]hexutil.Bytes, len(s.Message.Receivers))
	for i, r := range s.Message.Receivers {
		j.Message.Receivers[i] = r[:]
	}
	j.Nonce, j.SigningID, j.Signature = strconv.FormatUint(s.Nonce, 10), s.SigningID[:], s.Signature[:]
	return json.Marshal(j)
}

// UnmarshalJSON reads the JSON form, naming the first bad field.
func (s *SignedConstraints) UnmarshalJSON(b []byte) error {
	var j signedConstraintsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("%w: %v", ErrConstraintsAPI, err)
	}
	m := j.Message
	slot, err := strconv.ParseUint(m.Slot, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: message.slot %q: want a decimal integer", ErrConstraintsAPI, m.Slot)
	}
	if len(m.Proposer) != 48 || len(m.Delegate) != 48 || len(j.Signature) != 96 {
		return fmt.Errorf("%w: message.proposer, message.delegate (48 bytes) and signature (96 bytes) are required", ErrConstraintsAPI)
	}
	out := SignedConstraints{Message: ConstraintsMessage{Slot: slot}}
	copy(out.Message.Proposer[:], m.Proposer)
	copy(out.Message.Delegate[:], m.Delegate)
	copy(out.Signature[:], j.Signature)
	copy(out.SigningID[:], j.SigningID)
	for i, c := range m.Constraints {
		t, err := strconv.ParseUint(c.ConstraintType, 10, 64)
		if err != nil {
			return fmt.Errorf("%w: message.constraints[%d].constraint_type %q", ErrConstraintsAPI, i, c.ConstraintType)
		}
		out.Message.Constraints = append(out.Message.Constraints, ConstraintItem{Type: t, Payload: c.Payload})
	}
	for i, r := range m.Receivers {
		if len(r) != 48 {
			return fmt.Errorf("%w: message.receivers[%d]: want 48 bytes", ErrConstraintsAPI, i)
		}
		var pk phase0.BLSPubKey
		copy(pk[:], r)
		out.Message.Receivers = append(out.Message.Receivers, pk)
	}
	*s = out
	return nil
}

// ConstraintsDomain is the signing domain of SignedConstraints on a chain.
func ConstraintsDomain(genesisForkVersion phase0.Version, genesisValidatorsRoot phase0.Root) phase0.Domain {
	return ssz.ComputeDomain(DomainTypeConstraints, genesisForkVersion, genesisValidatorsRoot)
}

// SignConstraints signs m with the delegate key sk under domain.
func SignConstraints(m ConstraintsMessage, sk *bls.SecretKey, domain phase0.Domain) (SignedConstraints, error) {
	sig, err := ssz.SignMessage(&m, domain, sk)
	if err != nil {
		return SignedConstraints{}, err
	}
	return SignedConstraints{Message: m, Signature: sig}, nil
}

// Verify checks the delegate's signature under domain.
func (s SignedConstraints) Verify(domain phase0.Domain) error {
	ok, err := ssz.VerifySignature(&s.Message, domain, s.Message.Delegate[:], s.Signature[:])
	if err != nil || !ok {
		return fmt.Errorf("%w: signature of delegate %s does not verify", ErrConstraintsAPI, s.Message.Delegate)
	}
	return nil
}

// Capabilities reads the relay's builder/capabilities: the constraint
// types it takes; a relay without the endpoint takes none.
func (c *Client) Capabilities(ctx context.Context) ([]uint64, error) {
	r, err := c.Do(ctx, http.MethodGet, PathCapabilities, nil, http.Header{"Accept": {"application/json"}})
	if err != nil {
		return nil, err
	}
	switch {
	case r.Status == http.StatusNotFound || r.Status == http.StatusMethodNotAllowed:
		return nil, nil
	case r.Status != http.StatusOK:
		return nil, fmt.Errorf("%w: capabilities: %d", ErrConstraintsAPI, r.Status)
	}
	var caps struct {
		ConstraintTypes []json.RawMessage `json:"constraint_types"`
	}
	if err := json.Unmarshal(r.Body, &caps); err != nil {
		return nil, fmt.Errorf("%w: capabilities: %v", ErrConstraintsAPI, err)
	}
	out := make([]uint64, 0, len(caps.ConstraintTypes))
	for i, t := range caps.ConstraintTypes {
		v, err := parseIndex(t)
		if err != nil {
			return nil, fmt.Errorf("%w: capabilities: constraint_types[%d]: %v", ErrConstraintsAPI, i, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// post sends a JSON body and wants a 2xx.
func (c *Client) post(ctx context.Context, path string, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	r, err := c.Do(ctx, http.MethodPost, path, body, http.Header{"Content-Type": {"application/json"}})
	if err != nil {
		return err
	}
	if r.Status/100 != 2 {
		return fmt.Errorf("%w: %s: %d: %s", ErrConstraintsAPI, path, r.Status, bytes.TrimSpace(r.Body))
	}
	return nil
}

// Delegate posts a signed delegation to builder/delegate.
func (c *Client) Delegate(ctx context.Context, d keys.SignedDelegation) error {
	return c.post(ctx, PathDelegate, d)
}

// PostConstraints posts signed constraints to builder/constraints.
func (c *Client) PostConstraints(ctx context.Context, s []SignedConstraints) error {
	return c.post(ctx, PathConstraints, s)
}

// Duty is one of our upcoming slots and its proposer.
type Duty struct {
	Slot     uint64
	Proposer phase0.BLSPubKey
}

// Schedule is what the constraints publisher needs of the chain.
type Schedule interface {
	// OurSlots lists our validators' known upcoming slots.
	OurSlots() []Duty
	// Deadline is the commitment deadline of slot, Start its start.
	Deadline(slot uint64) (time.Time, bool)
	Start(slot uint64) (time.Time, bool)
	// ConstraintsDomain is the signing domain of constraints; ok false until genesis is known.
	ConstraintsDomain() (phase0.Domain, bool)
}

// PublisherConfig configures a constraints Publisher.
type PublisherConfig struct {
	Relays   []*Client
	Schedule Schedule
	// Txs gives each slot's promised transactions in promise order.
	Txs Constraints
	// Key is the delegated BLS key that signs constraints.
	Key *bls.SecretKey
	// Delegations are the validators' signed delegations to Key (by proposer).
	Delegations []keys.SignedDelegation
	// Retry is the pause between attempts within a slot (default 250 ms).
	Retry time.Duration
}

// Publisher sends delegations ahead of our slots and each slot's signed
// constraints at its commitment deadline to the relays that take them.
type Publisher struct {
	cfg   PublisherConfig
	pub   phase0.BLSPubKey
	log   *slog.Logger
	calls *prometheus.CounterVec

	mu        sync.Mutex
	capable   map[*Client]bool
	delegated map[string]bool // relay + proposer + slot
	sent      map[uint64]bool
}

// NewPublisher returns a publisher with its metric on reg.
func NewPublisher(cfg PublisherConfig, reg prometheus.Registerer, log *slog.Logger) (*Publisher, error) {
	if cfg.Key == nil || cfg.Schedule == nil || cfg.Txs == nil {
		return nil, errors.New("relay: constraints publisher needs a key, a schedule and the promised txs")
	}
	if cfg.Retry <= 0 {
		cfg.Retry = 250 * time.Millisecond
	}
	pk, err := bls.PublicKeyFromSecretKey(cfg.Key)
	if err != nil {
		return nil, err
	}
	p := &Publisher{cfg: cfg, log: log, capable: map[*Client]bool{}, delegated: map[string]bool{}, sent: map[uint64]bool{},
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "based_relay_constraints_calls_total",
			Help: "Constraints API calls to relays, by relay, call (capabilities, delegate, constraints) and result.",
		}, []string{"relay", "call", "result"})}
	copy(p.pub[:], bls.PublicKeyToBytes(pk))
	reg.MustRegister(p.calls)
	return p, nil
}

// Run reads the relays' capabilities (again every refresh), and works our
// upcoming slots until ctx ends.
func (p *Publisher) Run(ctx context.Context, refresh time.Duration) error {
	p.readCapabilities(ctx)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		if time.Since(last) > refresh {
			p.readCapabilities(ctx)
			last = time.Now()
		}
		p.Step(ctx, time.Now())
	}
}

// readCapabilities asks each relay which constraint types it takes.
func (p *Publisher) readCapabilities(ctx context.Context) {
	var wg sync.WaitGroup
	for _, c := range p.cfg.Relays {
		wg.Go(func() {
			cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			types, err := c.Capabilities(cctx)
			ok := err == nil && slices.Contains(types, ConstraintTypeInclusion)
			p.mu.Lock()
			p.capable[c] = ok
			p.mu.Unlock()
			p.count(c, "capabilities", err)
			if err != nil {
				p.log.Warn("relay capabilities", "relay", c.String(), "err", err)
			}
		})
	}
	wg.Wait()
}

// Capable reports whether relay c takes inclusion constraints.
func (p *Publisher) Capable(c *Client) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.capable[c]
}

func (p *Publisher) count(c *Client, call string, err error) {
	res := "ok"
	if err != nil {
		res = "error"
	}
	p.calls.WithLabelValues(c.String(), call, res).Inc()
}

// Step does what is due at now: delegations for our upcoming slots not yet
// posted, and the constraints of each slot whose deadline has passed and
// whose start has not, sent once and retried within the slot.
func (p *Publisher) Step(ctx context.Context, now time.Time) {
	domain, ok := p.cfg.Schedule.ConstraintsDomain()
	if !ok {
		return
	}
	for _, d := range p.cfg.Schedule.OurSlots() {
		start, ok1 := p.cfg.Schedule.Start(d.Slot)
		deadline, ok2 := p.cfg.Schedule.Deadline(d.Slot)
		if !ok1 || !ok2 || !now.Before(start) {
			continue
		}
		p.delegate(ctx, d)
		p.mu.Lock()
		due := !now.Before(deadline) && !p.sent[d.Slot]
		if due {
			p.sent[d.Slot] = true
		}
		for s := range p.sent {
			if s+64 < d.Slot {
				delete(p.sent, s)
			}
		}
		p.mu.Unlock()
		if due {
			go p.send(ctx, d, domain, start)
		}
	}
}

// delegation returns the proposer's delegation to our key (for the slot or every slot).
func (p *Publisher) delegation(d Duty) (keys.SignedDelegation, bool) {
	for _, x := range p.cfg.Delegations {
		if phase0.BLSPubKey(x.Message.Proposer) == d.Proposer && phase0.BLSPubKey(x.Message.Delegate) == p.pub &&
			(x.Message.Slot == 0 || x.Message.Slot == d.Slot) {
			return x, true
		}
	}
	return keys.SignedDelegation{}, false
}

// delegate posts the slot's delegation to every capable relay that has not had it.
func (p *Publisher) delegate(ctx context.Context, d Duty) {
	sd, ok := p.delegation(d)
	if !ok {
		return
	}
	for _, c := range p.cfg.Relays {
		key := fmt.Sprintf("%s/%x/%d", c.String(), d.Proposer[:], d.Slot)
		p.mu.Lock()
		skip := !p.capable[c] || p.delegated[key]
		if !skip {
			p.delegated[key] = true
		}
		p.mu.Unlock()
		if skip {
			continue
		}
		go func() {
			cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			err := c.Delegate(cctx, sd)
			p.count(c, "delegate", err)
			if err != nil {
				p.log.Warn("relay refused delegation", "relay", c.String(), "slot", d.Slot, "err", err)
				p.mu.Lock()
				delete(p.delegated, key) // tried again at the next step
				p.mu.Unlock()
			}
		}()
	}
}

// send signs the slot's constraints and posts them to every capable relay,
// retrying each until it accepts or the slot starts.
func (p *Publisher) send(ctx context.Context, d Duty, domain phase0.Domain, start time.Time) {
	txs, err := p.cfg.Txs.SlotConstraints(d.Slot)
	if err != nil {
		p.log.Warn("constraints of the slot unreadable", "slot", d.Slot, "err", err)
		return
	}
	if len(txs) == 0 {
		return
	}
	if len(txs) > MaxConstraints {
		txs = txs[:MaxConstraints]
		p.log.Warn("more promised txs than constraints a relay takes; the rest only in our block", "slot", d.Slot, "max", MaxConstraints)
	}
	m := ConstraintsMessage{Proposer: d.Proposer, Delegate: p.pub, Slot: d.Slot, Receivers: []phase0.BLSPubKey{}}
	for _, tx := range txs {
		m.Constraints = append(m.Constraints, ConstraintItem{Type: ConstraintTypeInclusion, Payload: tx})
	}
	sc, err := SignConstraints(m, p.cfg.Key, domain)
	if err != nil {
		p.log.Error("sign constraints", "slot", d.Slot, "err", err)
		return
	}
	sctx, cancel := context.WithDeadline(ctx, start)
	defer cancel()
	var wg sync.WaitGroup
	for _, c := range p.cfg.Relays {
		if !p.Capable(c) {
			continue
		}
		wg.Go(func() {
			for {
				err := c.PostConstraints(sctx, []SignedConstraints{sc})
				p.count(c, "constraints", err)
				if err == nil {
					p.log.Info("constraints sent", "relay", c.String(), "slot", d.Slot, "count", len(m.Constraints))
					return
				}
				p.log.Warn("relay refused constraints; retrying within the slot", "relay", c.String(), "slot", d.Slot, "err", err)
				select {
				case <-sctx.Done():
					return
				case <-time.After(p.cfg.Retry):
				}
			}
		})
	}
	wg.Wait()
}
