package localblock

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/builderapi"
	"github.com/basedsidecar/based/sidecar/chain"
)

// Chain is what the service needs of the chain view.
type Chain interface {
	Duties() []preconf.Duty
	PayloadAttributes(slot uint64) (chain.PayloadAttributesEvent, bool)
	Clock() (chain.Clock, bool)
}

// Registrations gives a validator's latest builder registration.
type Registrations interface {
	Get(pubkey [48]byte) (builderapi.Registration, bool)
}

// BlockBuilder builds one block (Builder is the real one).
type BlockBuilder interface {
	Build(ctx context.Context, a Attributes) (*Block, error)
}

// Prefetcher reads the execution client's pool ahead of a build on parent
// (Builder is one), so that the build at the deadline reads only what is new.
type Prefetcher interface {
	Prefetch(ctx context.Context, parent common.Hash) error
}

// ErrNoAttributes is wrapped when the beacon node announced no payload
// attributes for the slot and parent asked for.
var ErrNoAttributes = errors.New("localblock: no payload attributes for this slot and parent")

// Service prepares our block at the commitment deadline of each of our
// slots and serves it to the Builder API: it implements builderapi.LocalBlock.
type Service struct {
	b         BlockBuilder
	chain     Chain
	regs      Registrations
	bidderFn  func() (*Bidder, error)
	bidderMu  sync.Mutex
	bidderVal *Bidder
	pub       *Publisher
	log       *slog.Logger
	m         *serviceMetrics
	// attrsWait is how long Bid waits for payload attributes naming the
	// requested parent before giving up.
	attrsWait time.Duration

	mu        sync.Mutex
	blocks    map[uint64]map[common.Hash]*built // slot → parent hash → our block
	prepared  map[uint64]bool
	prefetch  map[uint64]common.Hash // slot → the parent whose pool was read ahead
	published map[uint64]common.Hash // slot → block hash unblinded (at most one per slot)
}

// built is one block and, once made, its signed bid.
type built struct {
	once  sync.Once
	done  chan struct{}
	blk   *Block
	err   error
	bid   *Bid
	ready time.Time
}

// NewService returns a service building with b, for the duties and payload
// attributes of ch, with fee recipients and gas limits from regs, bidding
// with the bidder that bidder returns (called until it succeeds: the
// builder domain needs the chain's genesis) and publishing through pub.
func NewService(b BlockBuilder, ch Chain, regs Registrations, bidder func() (*Bidder, error), pub *Publisher, reg prometheus.Registerer, log *slog.Logger) *Service {
	return &Service{b: b, chain: ch, regs: regs, bidderFn: bidder, pub: pub, log: log, m: newServiceMetrics(reg), attrsWait: 150 * time.Millisecond,
		blocks: map[uint64]map[common.Hash]*built{}, prepared: map[uint64]bool{}, prefetch: map[uint64]common.Hash{}, published: map[uint64]common.Hash{}}
}

// Run prepares our block at the deadline of each of our slots until ctx ends.
func (s *Service) Run(ctx context.Context) error {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case now := <-t.C:
			for _, d := range s.chain.Duties() {
				if d.Ours && now.Before(d.Deadline.Add(2*time.Second)) {
					s.readAhead(ctx, d)
				}
				if !d.Ours || now.Before(d.Deadline) || now.After(d.Deadline.Add(2*time.Second)) {
					continue
				}
				s.mu.Lock()
				done := s.prepared[d.Slot]
				s.prepared[d.Slot] = true
				s.mu.Unlock()
				if done {
					continue
				}
				go s.prepare(ctx, d)
			}
			s.prune()
		}
	}
}

// readAhead has the builder read the pool for duty's slot once the beacon
// node has announced the parent, before the deadline, and after it for a
// late parent our prepared block is not built on; a read the execution
// client's pool reset had not caught up with is tried again.
func (s *Service) readAhead(ctx context.Context, d preconf.Duty) {
	p, ok := s.b.(Prefetcher)
	if !ok {
		return
	}
	ev, ok := s.chain.PayloadAttributes(d.Slot)
	if !ok {
		return
	}
	s.mu.Lock()
	// After the deadline only a parent that came late, whose block the
	// prepared one is not, is read ahead for the rebuild getHeader will ask.
	_, building := s.blocks[d.Slot][ev.ParentBlockHash]
	late := !time.Now().Before(d.Deadline) && (!s.prepared[d.Slot] || building)
	if s.prefetch[d.Slot] == ev.ParentBlockHash || late {
		s.mu.Unlock()
		return
	}
	s.prefetch[d.Slot] = ev.ParentBlockHash
	s.mu.Unlock()
	go func() {
		err := p.Prefetch(ctx, ev.ParentBlockHash)
		if err == nil {
			return
		}
		s.log.Debug("pool not read ahead", "slot", d.Slot, "parent", ev.ParentBlockHash, "err", err)
		if errors.Is(err, ErrStaleSnapshot) || errors.Is(err, ErrParentNotHead) {
			s.mu.Lock()
			if s.prefetch[d.Slot] == ev.ParentBlockHash {
				delete(s.prefetch, d.Slot) // the next tick tries again
			}
			s.mu.Unlock()
		}
	}()
}

// prepare builds the block of duty's slot on the parent the beacon node announces.
func (s *Service) prepare(ctx context.Context, d preconf.Duty) {
	ev, ok := s.chain.PayloadAttributes(d.Slot)
	if !ok {
		s.log.Warn("no payload attributes at the deadline; our block waits for getHeader", "slot", d.Slot)
		return
	}
	if _, err := s.block(ctx, d, ev); err != nil {
		s.log.Warn("our block not prepared", "slot", d.Slot, "parent", ev.ParentBlockHash, "err", err)
	}
}

// block returns our block for ev's slot and parent, building it once.
func (s *Service) block(ctx context.Context, d preconf.Duty, ev chain.PayloadAttributesEvent) (*built, error) {
	s.mu.Lock()
	byParent := s.blocks[d.Slot]
	if byParent == nil {
		byParent = map[common.Hash]*built{}
		s.blocks[d.Slot] = byParent
	}
	bb := byParent[ev.ParentBlockHash]
	if bb == nil {
		bb = &built{done: make(chan struct{})}
		byParent[ev.ParentBlockHash] = bb
	}
	s.mu.Unlock()
	bb.once.Do(func() {
		defer close(bb.done)
		bb.blk, bb.err = s.b.Build(ctx, s.attributes(d, ev))
		if bb.err == nil {
			var bidder *Bidder
			if bidder, bb.err = s.bidder(); bb.err == nil {
				bb.bid, bb.err = bidder.Sign(bb.blk, d)
			}
		}
		bb.ready = time.Now()
	})
	select {
	case <-bb.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if bb.err != nil {
		// A later call may try again (the head may have moved to this parent).
		s.mu.Lock()
		if s.blocks[d.Slot][ev.ParentBlockHash] == bb {
			delete(s.blocks[d.Slot], ev.ParentBlockHash)
		}
		s.mu.Unlock()
		return nil, bb.err
	}
	return bb, nil
}

// attributes are the build attributes of duty's slot from the beacon node's
// event and the validator's registration.
func (s *Service) attributes(d preconf.Duty, ev chain.PayloadAttributesEvent) Attributes {
	a := Attributes{
		Slot: d.Slot, ParentHash: ev.ParentBlockHash, Timestamp: ev.Timestamp, PrevRandao: ev.PrevRandao,
		ParentBeaconRoot: ev.ParentBeaconBlockRoot, FeeRecipient: ev.FeeRecipient, BeaconFeeRecipient: ev.FeeRecipient,
	}
	for _, w := range ev.Withdrawals {
		a.Withdrawals = append(a.Withdrawals, &types.Withdrawal{Index: w.Index, Validator: w.ValidatorIndex, Address: w.Address, Amount: w.Amount})
	}
	if r, ok := s.regs.Get(d.Pubkey); ok {
		a.FeeRecipient, a.GasLimit = r.FeeRecipient, r.GasLimit
	}
	return a
}

// bidder returns the bidder, making it on first success.
func (s *Service) bidder() (*Bidder, error) {
	s.bidderMu.Lock()
	defer s.bidderMu.Unlock()
	if s.bidderVal != nil {
		return s.bidderVal, nil
	}
	b, err := s.bidderFn()
	if err != nil {
		return nil, err
	}
	s.bidderVal = b
	return b, nil
}

// ErrNotReady is wrapped by Ready while no bid of ours can be made.
var ErrNotReady = errors.New("localblock: not ready")

// Ready says why no bid of ours could be made now (the chain view has no
// clock yet, or the bid's signer cannot be made), nil when one can.
func (s *Service) Ready() error {
	if _, ok := s.chain.Clock(); !ok {
		return fmt.Errorf("%w: the chain view has no clock yet", ErrNotReady)
	}
	if _, err := s.bidder(); err != nil {
		return fmt.Errorf("%w: bidder: %w", ErrNotReady, err)
	}
	return nil
}

// duty returns our duty for slot.
func (s *Service) duty(slot uint64) (preconf.Duty, bool) {
	for _, d := range s.chain.Duties() {
		if d.Slot == slot {
			return d, d.Ours
		}
	}
	return preconf.Duty{}, false
}

// Bid returns the signed bid for our block of req's slot on req's parent,
// building it at once when the prepared one has another parent (a late
// block or a reorg); nil when the slot is not ours.
func (s *Service) Bid(ctx context.Context, req builderapi.HeaderRequest) (*builderapi.Candidate, error) {
	d, ok := s.duty(req.Slot)
	if !ok {
		return nil, nil
	}
	parent := common.HexToHash(req.ParentHash)
	s.mu.Lock()
	bb := s.blocks[req.Slot][parent]
	pub, published := s.published[req.Slot]
	s.mu.Unlock()
	if published && (bb == nil || bb.blk == nil || bb.blk.Payload.BlockHash != pub) {
		return nil, fmt.Errorf("localblock: slot %d already has our payload %s published", req.Slot, pub)
	}
	start := time.Now()
	if bb != nil {
		select {
		case <-bb.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if bb.err != nil {
			bb = nil
		}
	}
	rebuild := bb == nil
	if rebuild {
		ev, err := s.waitAttributes(ctx, req.Slot, parent)
		if err != nil {
			return nil, err
		}
		s.log.Info("getHeader names another parent than the one prepared; building on it", "slot", req.Slot, "parent", parent)
		s.m.rebuilds.Inc()
		if bb, err = s.block(ctx, d, ev); err != nil {
			return nil, err
		}
		s.m.rebuildSecs.Observe(time.Since(start).Seconds())
	} else {
		s.m.margin.Observe(start.Sub(bb.ready).Seconds())
	}
	s.log.Info("our bid", "slot", req.Slot, "parent", parent, "block", bb.blk.Payload.BlockHash, "value", bb.blk.Value,
		"rebuilt", rebuild, "ready_before_request", start.Sub(bb.ready))
	return &builderapi.Candidate{Source: "local", Value: bb.blk.Value, Body: bb.bid.JSON, Local: true}, nil
}

// waitAttributes waits (up to attrsWait) for the beacon node's payload
// attributes of slot on parent.
func (s *Service) waitAttributes(ctx context.Context, slot uint64, parent common.Hash) (chain.PayloadAttributesEvent, error) {
	deadline := time.Now().Add(s.attrsWait)
	for {
		ev, ok := s.chain.PayloadAttributes(slot)
		if ok && ev.ParentBlockHash == parent {
			return ev, nil
		}
		if time.Now().After(deadline) {
			if !ok {
				// Nothing announced for the slot at all: its time is the clock's.
				if clock, known := s.chain.Clock(); known {
					ev, ok = chain.PayloadAttributesEvent{ProposalSlot: slot, Timestamp: uint64(clock.SlotStart(slot).Unix())}, true
				}
			}
			if ok && s.pub != nil {
				// The beacon node announced the slot on another parent only (or
				// not at all): derive the attributes on its head.
				return s.pub.headAttributes(ctx, slot, parent, ev)
			}
			return chain.PayloadAttributesEvent{}, fmt.Errorf("%w: slot %d parent %s", ErrNoAttributes, slot, parent)
		}
		select {
		case <-ctx.Done():
			return chain.PayloadAttributesEvent{}, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// lookup returns our built block whose payload hash is h.
func (s *Service) lookup(slot uint64, h common.Hash) *built {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, bb := range s.blocks[slot] {
		select {
		case <-bb.done:
			if bb.err == nil && bb.blk.Payload.BlockHash == h {
				return bb
			}
		default:
		}
	}
	return nil
}

// prune forgets blocks of slots long past.
func (s *Service) prune() {
	var newest uint64
	for _, d := range s.chain.Duties() {
		newest = max(newest, d.Slot)
	}
	if newest < 128 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for slot := range s.blocks {
		if slot+128 < newest {
			delete(s.blocks, slot)
			delete(s.prepared, slot)
			delete(s.published, slot)
		}
	}
	for slot := range s.prefetch {
		if slot+128 < newest {
			delete(s.prefetch, slot)
		}
	}
}
