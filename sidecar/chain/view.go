// Package chain is the sidecar's view of Ethereum: a wall-clock slot clock,
// the proposer lookahead for the current and next epoch, the execution head
// and account state, read from beacon nodes and an execution client.
package chain

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/preconf"
)

// ErrNotReady is wrapped by Ready's answer while promises must not be offered.
var ErrNotReady = errors.New("chain view not ready")

// ErrHeadStale is wrapped by Ready's answer while the beacon head is more
// than Config.MaxHeadLag slots behind the clock: a stalled chain (or a beacon
// node that stopped following it) must not sell promises on old state.
var ErrHeadStale = errors.New("no new head block for too many slots")

// DefaultMaxHeadLag is the default of Config.MaxHeadLag: four slots (48 s on
// mainnet) without a head block is rarer than a few missed proposals in a row.
const DefaultMaxHeadLag = 4

var _ preconf.ChainView = (*View)(nil)

// Config says where the chain view reads the chain and which validators are ours.
type Config struct {
	// BeaconURLs are tried in order; the first that answers is used until it fails.
	BeaconURLs []string
	// ExecutionURL is the execution client's JSON-RPC endpoint; empty leaves the view never ready.
	ExecutionURL string
	// ChainID is the expected execution chain id; zero takes the beacon spec's DEPOSIT_CHAIN_ID.
	ChainID uint64
	// Deadline is the commitment deadline's offset into the slot before ours; zero is two thirds of a slot.
	Deadline time.Duration
	// Validators maps each of our validators' pubkeys to the committer address that signs for it.
	Validators map[preconf.BLSPubkey]common.Address
	// MaxHeadLag is how many slots the head block may trail the clock's
	// slot before the view is not ready (ErrHeadStale); zero is DefaultMaxHeadLag.
	MaxHeadLag uint64
	// Timeout bounds one upstream request; zero is 2 s.
	Timeout time.Duration
	// BlobSchedule overrides the blob fee schedule derived from the beacon fork epochs.
	BlobSchedule BlobSchedule
	// EngineURL and JWTSecret (a file) reach the execution client's Engine
	// API; checked at start and offered to the fallback builder. Optional.
	EngineURL string
	JWTSecret string
	// OnGenesis, when set, checks the chain's identity once genesis is known
	// (e.g. that delegations were signed for this chain); an error keeps the
	// view from ever being ready.
	OnGenesis func(g Genesis) error
	// Now replaces the wall clock (tests); nil is time.Now.
	Now func() time.Time
}

// Genesis identifies the beacon chain the view follows.
type Genesis struct {
	Time           time.Time
	ForkVersion    [4]byte
	ValidatorsRoot [32]byte
}

// View is the chain view: it implements preconf.ChainView and serves the lookahead and status.
type View struct {
	cfg     Config
	log     *slog.Logger
	m       *metrics
	beacons *beacons
	exec    *execution
	now     func() time.Time
	kick    chan struct{}
	stream  *http.Client
	engine  *Engine

	mu        sync.RWMutex
	clock     *Clock
	spec      chainSpec
	duties    map[uint64]epochDuties
	dutiesErr error
	// staleGen counts events that may have changed duties; cleanGen is the
	// count the last complete duty refresh covered.
	staleGen, cleanGen uint64
	beaconOK           bool
	beaconErr          error
	streamUp           bool      // the event stream is open
	streamEver         bool      // it has been open once
	beaconLost         time.Time // when an open event stream was lost and could not be reopened
	sync               syncState
	headSlot           uint64
	depRoots           [2]common.Hash
	eventErr           error
	execOK             bool
	execErr            error
	head               preconf.Head
	attrs              map[uint64]PayloadAttributesEvent
	subs               map[chan preconf.Head]struct{}
	startupError       error
	identityErr        error
}

// New prepares a chain view; it talks to nobody until Run.
func New(ctx context.Context, cfg Config, log *slog.Logger, reg prometheus.Registerer) (*View, error) {
	if len(cfg.BeaconURLs) == 0 {
		return nil, fmt.Errorf("%w: beacon-url: at least one is needed", ErrNotReady)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 2 * time.Second
	}
	if cfg.Deadline < 0 {
		return nil, fmt.Errorf("%w: commitment deadline %s: must not be negative", ErrClock, cfg.Deadline)
	}
	v := &View{
		cfg:    cfg,
		log:    log.With("component", "chain"),
		m:      newMetrics(reg),
		now:    cfg.Now,
		kick:   make(chan struct{}, 1),
		stream: &http.Client{},
		duties: map[uint64]epochDuties{},
		attrs:  map[uint64]PayloadAttributesEvent{},
		subs:   map[chan preconf.Head]struct{}{},
	}
	if v.now == nil {
		v.now = time.Now
	}
	v.beacons = newBeacons(cfg.BeaconURLs, cfg.Timeout, v.log, v.m)
	if cfg.EngineURL != "" {
		e, err := DialEngine(ctx, cfg.EngineURL, cfg.JWTSecret)
		if err != nil {
			return nil, err
		}
		v.engine = e
	}
	if cfg.ExecutionURL != "" {
		e, err := dialExecution(ctx, cfg.ExecutionURL, cfg.ChainID, cfg.Timeout, v.m)
		if err != nil {
			return nil, err
		}
		v.exec = e
	}
	return v, nil
}

// Run follows the chain until ctx ends; upstream failures are reported by
// Ready and Status, never returned.
func (v *View) Run(ctx context.Context) error {
	if v.exec != nil {
		defer v.exec.close()
	}
	if v.engine != nil {
		defer v.engine.Close()
		cctx, cancel := context.WithTimeout(ctx, v.cfg.Timeout)
		caps, err := v.engine.ExchangeCapabilities(cctx, []string{"engine_newPayloadV4", "engine_forkchoiceUpdatedV3", "engine_getPayloadV5"})
		cancel()
		if err != nil {
			v.log.Error("Engine API not usable", "url", v.cfg.EngineURL, "err", err)
		} else {
			v.log.Info("Engine API ready", "url", v.cfg.EngineURL, "capabilities", len(caps))
		}
	}
	if !v.bootstrap(ctx) {
		return nil
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		v.followEvents(ctx)
	}()
	defer func() { <-done }()
	for {
		v.tick(ctx)
		v.mu.RLock()
		next := v.clock.NextSlotStart(v.now())
		v.mu.RUnlock()
		t := time.NewTimer(next.Sub(v.now()))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-v.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

// bootstrap loads genesis and spec, retrying until it works or ctx ends.
func (v *View) bootstrap(ctx context.Context) bool {
	for wait := 250 * time.Millisecond; ; wait = min(2*wait, 10*time.Second) {
		err := v.loadSpec(ctx)
		if err == nil {
			return true
		}
		v.log.Warn("cannot load beacon genesis and spec; retrying", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(wait):
		}
	}
}

// loadSpec reads genesis and spec once and sets up the clock.
func (v *View) loadSpec(ctx context.Context) error {
	cs, err := v.beacons.loadSpec(ctx)
	if err == nil {
		var c Clock
		c, err = NewClock(cs.genesisTime, cs.slot, cs.slotsPerEpoch, v.cfg.Deadline)
		if err == nil {
			var idErr error
			if v.cfg.OnGenesis != nil {
				if idErr = v.cfg.OnGenesis(Genesis{Time: cs.genesisTime, ForkVersion: cs.genesisForkVersion, ValidatorsRoot: cs.genesisValidatorsRoot}); idErr != nil {
					v.log.Error("chain identity check failed; no promises will be offered", "err", idErr)
				}
			}
			v.mu.Lock()
			v.clock, v.spec, v.startupError, v.identityErr = &c, cs, nil, idErr
			v.mu.Unlock()
			if v.exec != nil {
				if v.exec.wantID == 0 {
					v.exec.wantID = cs.depositChainID
				}
				sched := v.cfg.BlobSchedule
				if sched == nil {
					sched = blobScheduleFromSpec(cs)
				}
				v.exec.setBlobSchedule(sched)
			}
			v.log.Info("chain spec loaded", "genesis", cs.genesisTime.UTC(), "slot", cs.slot, "slots_per_epoch", cs.slotsPerEpoch,
				"deadline_offset", c.deadline, "beacon", v.beacons.activeURL())
			return nil
		}
	}
	v.mu.Lock()
	v.startupError = err
	v.beaconOK = !errors.Is(err, ErrBeacon)
	v.mu.Unlock()
	return err
}

// Once loads genesis and spec and refreshes sync state, duties and the
// execution head one time, for one-shot use such as `based lookahead`.
func (v *View) Once(ctx context.Context) error {
	if err := v.loadSpec(ctx); err != nil {
		return err
	}
	v.tick(ctx)
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.beaconErr != nil {
		return v.beaconErr
	}
	return v.dutiesErr
}

// Close releases the connections of a view that was not Run.
func (v *View) Close() {
	if v.exec != nil {
		v.exec.close()
	}
	if v.engine != nil {
		v.engine.Close()
	}
}

// BeaconLost returns when the beacon node's event stream, once open, was
// lost and could not be reopened (the node restarted, or cannot be reached);
// zero when that has not happened since the view started. A restarted beacon
// node has lost its validators' builder registrations.
func (v *View) BeaconLost() time.Time {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.beaconLost
}

// streamState records whether the event stream could be opened.
func (v *View) streamState(open bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	switch {
	case open:
		v.streamUp, v.streamEver = true, true
	case v.streamEver && v.streamUp:
		v.streamUp, v.beaconLost = false, v.now()
		v.log.Warn("beacon event stream cannot be reopened: promises wait for the validators' registrations once it is back", "beacon", v.beacons.activeURL())
	}
}

// Engine is the authenticated Engine API client; nil when no engine URL is configured.
func (v *View) Engine() *Engine { return v.engine }

// Genesis returns the chain identity; ok is false until genesis is loaded.
func (v *View) Genesis() (Genesis, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.clock == nil {
		return Genesis{}, false
	}
	return Genesis{Time: v.spec.genesisTime, ForkVersion: v.spec.genesisForkVersion, ValidatorsRoot: v.spec.genesisValidatorsRoot}, true
}

// tick brings sync state, duties and the execution head up to date.
func (v *View) tick(ctx context.Context) {
	v.mu.RLock()
	clock := *v.clock
	gen := v.staleGen
	stale := gen != v.cleanGen
	v.mu.RUnlock()
	slot := clock.SlotAt(v.now())
	v.m.clockSlot.Set(float64(slot))

	st, err := v.beacons.syncing(ctx)
	v.mu.Lock()
	v.beaconOK, v.beaconErr = err == nil, err
	if err == nil {
		v.sync = st
		if st.headSlot > v.headSlot || stale {
			v.headSlot = st.headSlot
		}
	}
	v.mu.Unlock()
	if err != nil {
		v.log.Warn("beacon node unreachable", "err", err)
	} else {
		v.refreshDuties(ctx, clock, clock.Epoch(slot), stale, gen)
	}
	v.refreshExecution(ctx, clock)
	v.mu.RLock()
	v.m.headSlot.Set(float64(v.headSlot))
	v.mu.RUnlock()
	if v.Ready() == nil {
		v.m.ready.Set(1)
	} else {
		v.m.ready.Set(0)
	}
}

// refreshDuties fetches the duties of epoch and epoch+1 when missing or stale.
func (v *View) refreshDuties(ctx context.Context, clock Clock, epoch uint64, stale bool, gen uint64) {
	var errs []error
	for e := epoch; e <= epoch+1; e++ {
		v.mu.RLock()
		old, have := v.duties[e]
		v.mu.RUnlock()
		if have && !stale {
			continue
		}
		ed, err := v.beacons.duties(ctx, e, clock.SlotsPerEpoch())
		v.m.dutyRefreshes.Inc()
		if err != nil {
			v.log.Warn("cannot load proposer duties", "epoch", e, "err", err)
			errs = append(errs, err)
			continue
		}
		for i := range ed.bySlot {
			d := &ed.bySlot[i]
			d.Deadline = clock.CommitmentDeadline(d.Slot)
			if c, ok := v.cfg.Validators[d.Pubkey]; ok && d.Pubkey != (preconf.BLSPubkey{}) {
				d.Ours, d.Committer = true, c
			}
		}
		if have && !sameProposers(old, ed) {
			v.m.dutyChanges.Inc()
			v.log.Warn("proposer duties changed", "epoch", e, "old_dependent_root", old.dependentRoot, "new_dependent_root", ed.dependentRoot)
		}
		v.mu.Lock()
		v.duties[e] = ed
		v.mu.Unlock()
		v.log.Debug("proposer duties loaded", "epoch", e, "dependent_root", ed.dependentRoot, "ours", countOurs(ed))
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	for e := range v.duties {
		if e < epoch {
			delete(v.duties, e)
		}
	}
	for s := range v.attrs {
		if s+clock.SlotsPerEpoch() < clock.EpochStart(epoch) {
			delete(v.attrs, s)
		}
	}
	v.dutiesErr = errors.Join(errs...)
	if len(errs) == 0 && gen > v.cleanGen {
		v.cleanGen = gen
	}
	if v.cleanGen == v.staleGen {
		v.eventErr = nil
	}
}

func sameProposers(a, b epochDuties) bool {
	if len(a.bySlot) != len(b.bySlot) {
		return false
	}
	for i := range a.bySlot {
		if a.bySlot[i].ValidatorIndex != b.bySlot[i].ValidatorIndex || a.bySlot[i].Pubkey != b.bySlot[i].Pubkey {
			return false
		}
	}
	return true
}

func countOurs(ed epochDuties) int {
	n := 0
	for _, d := range ed.bySlot {
		if d.Ours {
			n++
		}
	}
	return n
}

// refreshExecution checks the chain id until it matches, then reads the head.
func (v *View) refreshExecution(ctx context.Context, clock Clock) {
	if v.exec == nil {
		return
	}
	v.mu.RLock()
	ok := v.execOK
	v.mu.RUnlock()
	if !ok {
		if _, err := v.exec.checkChainID(ctx); err != nil {
			v.setExecErr(err)
			return
		}
	}
	head, changed, err := v.exec.refreshHead(ctx, clock.SlotAtTimestamp)
	if err != nil {
		v.setExecErr(err)
		return
	}
	v.mu.Lock()
	if !v.execOK {
		v.log.Info("execution client ready", "head", head.Number)
	}
	v.execOK, v.execErr = true, nil
	if changed {
		v.head = head
	}
	v.mu.Unlock()
	if changed {
		v.publish(head)
	}
}

func (v *View) setExecErr(err error) {
	v.mu.Lock()
	was := v.execOK
	v.execOK, v.execErr = false, err
	v.mu.Unlock()
	if was || errors.Is(err, ErrChainID) {
		v.log.Error("execution client not usable", "err", err)
	} else {
		v.log.Debug("execution client still not usable", "err", err)
	}
}

// Ready returns nil when promises may be offered, or an error that says why not.
func (v *View) Ready() error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if err := v.notReadyLocked(); err != nil {
		return fmt.Errorf("%w: %w", ErrNotReady, err)
	}
	return nil
}

func (v *View) notReadyLocked() error {
	switch {
	case v.clock == nil && v.startupError != nil:
		return fmt.Errorf("genesis and spec not loaded: %w", v.startupError)
	case v.clock == nil:
		return errors.New("genesis and spec not loaded yet")
	case v.identityErr != nil:
		return v.identityErr
	case !v.beaconOK && v.beaconErr != nil:
		return v.beaconErr
	case !v.beaconOK:
		return errors.New("beacon node not checked yet")
	case !v.sync.synced:
		return errors.New(v.sync.reason)
	case v.eventErr != nil:
		return fmt.Errorf("rechecking after bad beacon event: %w", v.eventErr)
	case v.staleGen != v.cleanGen:
		return errors.New("proposer duties being refreshed after a head change")
	case v.exec == nil:
		return errors.New("no execution client configured")
	case !v.execOK && v.execErr != nil:
		return v.execErr
	case !v.execOK:
		return errors.New("execution client not checked yet")
	}
	slot := v.clock.SlotAt(v.now())
	if lag := v.maxHeadLag(); slot > v.headSlot && slot-v.headSlot > lag {
		return fmt.Errorf("%w: head at slot %d, clock at slot %d (more than %d slots)", ErrHeadStale, v.headSlot, slot, lag)
	}
	epoch := v.clock.Epoch(slot)
	for e := epoch; e <= epoch+1; e++ {
		if _, ok := v.duties[e]; !ok {
			if v.dutiesErr != nil {
				return fmt.Errorf("proposer duties of epoch %d not loaded: %w", e, v.dutiesErr)
			}
			return fmt.Errorf("proposer duties of epoch %d not loaded yet", e)
		}
	}
	return nil
}

// maxHeadLag is Config.MaxHeadLag with its default.
func (v *View) maxHeadLag() uint64 {
	if v.cfg.MaxHeadLag == 0 {
		return DefaultMaxHeadLag
	}
	return v.cfg.MaxHeadLag
}

// MaxBlobs returns the chain's per-block blob limit at slot, from the beacon
// spec (0 before the spec is known).
func (v *View) MaxBlobs(slot uint64) int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.spec.slotsPerEpoch == 0 {
		return 0
	}
	return int(v.spec.maxBlobs(slot / v.spec.slotsPerEpoch))
}

// ClockSlot is the slot the wall clock is in now (0 before the spec is known).
func (v *View) ClockSlot() uint64 {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.clock == nil {
		return 0
	}
	return v.clock.SlotAt(v.now())
}

// Clock returns the slot clock; ok is false until genesis and spec are loaded.
func (v *View) Clock() (Clock, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.clock == nil {
		return Clock{}, false
	}
	return *v.clock, true
}

// Duty returns the proposer of slot; ok is false outside the known lookahead.
func (v *View) Duty(slot uint64) (preconf.Duty, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.clock == nil {
		return preconf.Duty{}, false
	}
	ed, ok := v.duties[v.clock.Epoch(slot)]
	if !ok {
		return preconf.Duty{}, false
	}
	return ed.bySlot[slot-v.clock.EpochStart(ed.epoch)], true
}

// Duties returns every known slot of the current and next epoch, in slot order.
func (v *View) Duties() []preconf.Duty {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.clock == nil {
		return nil
	}
	epoch := v.clock.Epoch(v.clock.SlotAt(v.now()))
	var out []preconf.Duty
	for e := epoch; e <= epoch+1; e++ {
		if ed, ok := v.duties[e]; ok {
			out = append(out, ed.bySlot...)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slot < out[j].Slot })
	return out
}

// Head returns the latest execution head.
func (v *View) Head() preconf.Head {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.head
}

// AccountState is an account at the execution head.
type AccountState struct {
	Nonce   uint64
	Balance *big.Int
	Code    []byte
}

// Account returns the nonce and balance of addr at the head.
func (v *View) Account(ctx context.Context, addr common.Address) (uint64, *big.Int, error) {
	m, err := v.Accounts(ctx, []common.Address{addr})
	if err != nil {
		return 0, nil, err
	}
	a := m[addr]
	return a.Nonce, a.Balance, nil
}

// Code returns the code of addr at the head (fetched with its nonce and balance).
func (v *View) Code(ctx context.Context, addr common.Address) ([]byte, error) {
	m, err := v.Accounts(ctx, []common.Address{addr})
	if err != nil {
		return nil, err
	}
	return m[addr].Code, nil
}

// Accounts returns the state of addrs at the head, fetching uncached ones in one batch.
func (v *View) Accounts(ctx context.Context, addrs []common.Address) (map[common.Address]AccountState, error) {
	if v.exec == nil {
		return nil, fmt.Errorf("%w: no execution client configured", ErrExecution)
	}
	m, err := v.exec.accounts(ctx, addrs)
	if err != nil {
		return nil, err
	}
	out := make(map[common.Address]AccountState, len(m))
	for a, acc := range m {
		out[a] = AccountState{Nonce: acc.nonce, Balance: new(big.Int).Set(acc.balance), Code: bytes.Clone(acc.code)}
	}
	return out, nil
}

// Status is the view's health as preconf_status reports it.
func (v *View) Status() preconf.ChainStatus {
	v.mu.RLock()
	defer v.mu.RUnlock()
	st := preconf.ChainStatus{
		Synced:      v.beaconOK && v.sync.synced,
		HeadSlot:    v.headSlot,
		BeaconOK:    v.beaconOK,
		ExecutionOK: v.execOK,
	}
	if v.clock != nil {
		st.ClockSlot = v.clock.SlotAt(v.now())
		st.GenesisTime = uint64(v.clock.Genesis().Unix())
		st.SlotDurationMs = uint64(v.clock.SlotDuration().Milliseconds())
		epochs := make([]uint64, 0, len(v.duties))
		for e := range v.duties {
			epochs = append(epochs, e)
		}
		sort.Slice(epochs, func(i, j int) bool { return epochs[i] < epochs[j] })
	find:
		for _, e := range epochs {
			for _, d := range v.duties[e].bySlot {
				if d.Ours && d.Slot > st.ClockSlot {
					st.NextSlot = d.Slot
					break find
				}
			}
		}
	}
	if err := v.notReadyLocked(); err != nil {
		st.Reason = err.Error()
	}
	return st
}

// PayloadAttributes returns the latest payload attributes the beacon node
// announced for a proposal slot.
func (v *View) PayloadAttributes(slot uint64) (PayloadAttributesEvent, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	pa, ok := v.attrs[slot]
	return pa, ok
}

// SubscribeHeads delivers every new execution head (a reorg shows as a new
// head with another hash) until ctx ends; a slow reader sees only the latest.
func (v *View) SubscribeHeads(ctx context.Context) <-chan preconf.Head {
	ch := make(chan preconf.Head, 1)
	v.mu.Lock()
	v.subs[ch] = struct{}{}
	v.mu.Unlock()
	go func() {
		<-ctx.Done()
		v.mu.Lock()
		delete(v.subs, ch)
		close(ch)
		v.mu.Unlock()
	}()
	return ch
}

func (v *View) publish(h preconf.Head) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for ch := range v.subs {
		select {
		case ch <- h:
		default:
			select {
			case <-ch:
			default:
			}
			ch <- h
		}
	}
}

// wake makes Run refresh now instead of at the next slot.
func (v *View) wake() {
	select {
	case v.kick <- struct{}{}:
	default:
	}
}
