package chain

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/basedsidecar/based/preconf"
)

// harness is a chain view on replayed Prysm answers and a real in-process
// execution client, with a wall clock the test sets.
type harness struct {
	v      *View
	now    *fakeNow
	log    *testLog
	rec    recorded
	ctx    context.Context
	cancel context.CancelFunc
	el     *simulated.Backend
}

// slotTime is mid-slot of slot s.
func (h *harness) slotTime(s uint64) time.Time {
	return h.rec.genesis.Add(time.Duration(s)*h.rec.slot + h.rec.slot/2)
}

func newHarness(t testing.TB, tweak func(*Config), beacons ...*replay) *harness {
	t.Helper()
	rec := readRecorded(t)
	el, ipc, _ := newSimChain(t)
	h := &harness{now: &fakeNow{}, log: &testLog{}, rec: rec, el: el}
	cfg := Config{
		ExecutionURL: ipc,
		ChainID:      params.AllDevChainProtocolChanges.ChainID.Uint64(),
		Now:          h.now.Now,
		Timeout:      2 * time.Second,
	}
	for _, b := range beacons {
		cfg.BeaconURLs = append(cfg.BeaconURLs, b.srv.URL)
	}
	if tweak != nil {
		tweak(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	h.ctx, h.cancel = ctx, cancel
	v, err := New(ctx, cfg, h.log.logger(), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if v.exec != nil {
			v.exec.close()
		}
	})
	h.v = v
	return h
}

// start loads the spec and runs one refresh at slot s.
func (h *harness) start(t *testing.T, s uint64) {
	t.Helper()
	h.now.set(h.slotTime(s))
	if err := h.v.loadSpec(h.ctx); err != nil {
		t.Fatalf("loadSpec: %v\n%s", err, h.log)
	}
	h.v.tick(h.ctx)
}

// follow reads the first beacon node's event stream in the background.
func (h *harness) follow(t *testing.T, r *replay) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.v.followEvents(h.ctx)
	}()
	t.Cleanup(func() {
		h.cancel()
		<-done
	})
	waitFor(t, "event stream connected", func() bool { return r.streamsOpen() == 1 })
}

func TestReplayStartMidEpoch(t *testing.T) {
	r := newReplay(t)
	rec := readRecorded(t)
	epoch := rec.epochs[len(rec.epochs)-2] // the recording's current epoch
	d0 := readDuties(t, epoch)
	// Our validator is the proposer of the epoch's 20th slot.
	ours := d0.Data[20]
	committer := common.HexToAddress("0x00000000000000000000000000000000000c0117")
	h := newHarness(t, func(c *Config) {
		c.Validators = map[preconf.BLSPubkey]common.Address{mustPubkey(t, ours.Pubkey): committer}
	}, r)
	first := epoch * rec.slotsPerEpoch
	h.start(t, first+13)

	if err := h.v.Ready(); err != nil {
		t.Fatalf("Ready: %v\n%s", err, h.log)
	}
	if got := h.v.ClockSlot(); got != first+13 {
		t.Fatalf("ClockSlot = %d, want %d", got, first+13)
	}
	// The recorded spec: Electra's 9 blobs per block from epoch 0, no blob schedule.
	if got := h.v.MaxBlobs(first + 13); got != 9 {
		t.Fatalf("MaxBlobs = %d, want 9", got)
	}
	duties := h.v.Duties()
	if len(duties) != int(2*rec.slotsPerEpoch) || duties[0].Slot != first || duties[len(duties)-1].Slot != first+2*rec.slotsPerEpoch-1 {
		t.Fatalf("Duties cover %d slots from %d", len(duties), duties[0].Slot)
	}
	for i := 1; i < len(duties); i++ {
		if duties[i].Slot != duties[i-1].Slot+1 {
			t.Fatalf("Duties not in slot order at %d", i)
		}
	}
	dutiesEqual(t, duties, d0)
	dutiesEqual(t, duties, readDuties(t, epoch+1))

	oursSlot, _ := strconv.ParseUint(ours.Slot, 10, 64)
	for _, d := range duties {
		wantOurs := d.Pubkey == mustPubkey(t, ours.Pubkey)
		if d.Ours != wantOurs || (d.Ours && d.Committer != committer) || (!d.Ours && d.Committer != (common.Address{})) {
			t.Fatalf("slot %d: Ours=%v Committer=%s", d.Slot, d.Ours, d.Committer)
		}
		if want := rec.genesis.Add(time.Duration(d.Slot-1)*rec.slot + rec.slot*2/3); !d.Deadline.Equal(want) {
			t.Fatalf("slot %d: deadline %s, want two thirds into the slot before (%s)", d.Slot, d.Deadline, want)
		}
	}
	d, ok := h.v.Duty(oursSlot)
	if !ok || !d.Ours || d.Committer != committer {
		t.Fatalf("Duty(%d) = %+v, %v", oursSlot, d, ok)
	}
	if _, ok := h.v.Duty(first + 2*rec.slotsPerEpoch); ok {
		t.Fatal("Duty answered beyond the next epoch")
	}
	st := h.v.Status()
	if !st.Synced || !st.BeaconOK || !st.ExecutionOK || st.Reason != "" || st.ClockSlot != first+13 || st.HeadSlot == 0 {
		t.Fatalf("Status = %+v", st)
	}
	if st.NextSlot <= first+13 || !mustDuty(t, h.v, st.NextSlot).Ours {
		t.Fatalf("Status.NextSlot = %d is not our next slot", st.NextSlot)
	}
	if h.v.Head().Hash == (common.Hash{}) || h.v.Head().BaseFee == nil {
		t.Fatalf("Head = %+v", h.v.Head())
	}
}

func mustDuty(t *testing.T, v *View, slot uint64) preconf.Duty {
	t.Helper()
	d, ok := v.Duty(slot)
	if !ok {
		t.Fatalf("no duty for slot %d", slot)
	}
	return d
}

func TestReplayEpochRollover(t *testing.T) {
	r := newReplay(t)
	rec := readRecorded(t)
	epoch := rec.epochs[len(rec.epochs)-3]
	h := newHarness(t, nil, r)
	last := (epoch+1)*rec.slotsPerEpoch - 1
	h.start(t, last)
	dutiesEqual(t, h.v.Duties(), readDuties(t, epoch+1))
	nextPath := fmt.Sprintf("/eth/v1/validator/duties/proposer/%d", epoch+1)
	if n := r.hitCount(nextPath); n != 1 {
		t.Fatalf("duties of epoch %d fetched %d times", epoch+1, n)
	}

	// The wall clock crosses the boundary with no event: the lookahead moves on.
	h.now.set(h.slotTime(last + 1))
	h.v.tick(h.ctx)
	if err := h.v.Ready(); err != nil {
		t.Fatalf("Ready after rollover: %v", err)
	}
	duties := h.v.Duties()
	if duties[0].Slot != last+1 || len(duties) != int(2*rec.slotsPerEpoch) {
		t.Fatalf("after rollover Duties start at %d (%d slots)", duties[0].Slot, len(duties))
	}
	dutiesEqual(t, duties, readDuties(t, epoch+2))
	if _, ok := h.v.Duty(last); ok {
		t.Fatal("the past epoch is still in the lookahead")
	}
	if n := r.hitCount(nextPath); n != 1 {
		t.Fatalf("duties of epoch %d refetched (%d fetches) though nothing changed", epoch+1, n)
	}
	if got := testutil.ToFloat64(h.v.m.dutyRefreshes); got != 3 {
		t.Fatalf("duty refreshes = %v, want 3", got)
	}
}

// TestReplayRecordedEvents replays the recorded event stream: head events move
// the head slot, payload attributes are kept per proposal slot, and the
// dependent roots changing at the epoch boundary make the view re-read duties.
func TestReplayRecordedEvents(t *testing.T) {
	r := newReplay(t)
	rec := readRecorded(t)
	raw, err := os.ReadFile(filepath.Join(prysmDir, "events.sse"))
	if err != nil {
		t.Fatal(err)
	}
	var heads, attrs []uint64
	er := NewEventReader(strings.NewReader(string(raw)))
	for {
		ev, err := er.Next()
		if err != nil {
			break
		}
		switch ev.Name {
		case "head":
			hd, err := ParseHead(ev.Data)
			if err != nil {
				t.Fatalf("recorded head event: %v", err)
			}
			heads = append(heads, hd.Slot)
		case "payload_attributes":
			pa, err := ParsePayloadAttributes(ev.Data)
			if err != nil {
				t.Fatalf("recorded payload_attributes event: %v", err)
			}
			if pa.Version != "fulu" {
				t.Fatalf("payload_attributes version %q", pa.Version)
			}
			attrs = append(attrs, pa.ProposalSlot)
		}
	}
	if len(heads) < 2 || len(attrs) == 0 {
		t.Fatalf("recording has %d heads and %d payload attributes", len(heads), len(attrs))
	}
	crossing := heads[0]/rec.slotsPerEpoch != heads[len(heads)-1]/rec.slotsPerEpoch

	h := newHarness(t, nil, r)
	h.start(t, heads[0])
	h.follow(t, r)
	fetchesBefore := r.hitCount(fmt.Sprintf("/eth/v1/validator/duties/proposer/%d", heads[0]/rec.slotsPerEpoch+1))
	r.push(string(raw))
	lastHead := heads[len(heads)-1]
	waitFor(t, "the last recorded head", func() bool { return h.v.Status().HeadSlot == lastHead })
	lastAttr := attrs[len(attrs)-1]
	waitFor(t, "the last payload attributes", func() bool { _, ok := h.v.PayloadAttributes(lastAttr); return ok })
	pa, _ := h.v.PayloadAttributes(lastAttr)
	if pa.ProposalSlot != lastAttr || pa.Timestamp != uint64(h.rec.genesis.Unix())+lastAttr*uint64(h.rec.slot/time.Second) {
		t.Fatalf("payload attributes for %d: %+v", lastAttr, pa)
	}
	if crossing {
		// The head events' dependent roots changed at the boundary: the next
		// refresh re-reads the duties it already had.
		if err := h.v.Ready(); err == nil {
			t.Fatal("Ready while the duties are stale")
		}
		h.now.set(h.slotTime(lastHead))
		h.v.tick(h.ctx)
		if got := r.hitCount(fmt.Sprintf("/eth/v1/validator/duties/proposer/%d", heads[0]/rec.slotsPerEpoch+1)); got <= fetchesBefore {
			t.Fatalf("duties not re-read after the dependent root changed (%d fetches)", got)
		}
		if err := h.v.Ready(); err != nil {
			t.Fatalf("Ready after the boundary: %v", err)
		}
	}
	if got := testutil.ToFloat64(h.v.m.badEvents); got != 0 {
		t.Fatalf("%v recorded events refused", got)
	}
}

// TestReplayReorgChangesNextEpoch: a reorg makes the beacon node answer other
// duties for the next epoch (derived from the recording: two proposers
// swapped, and another dependent root); the view follows and our slot moves.
func TestReplayReorgChangesNextEpoch(t *testing.T) {
	r := newReplay(t)
	rec := readRecorded(t)
	epoch := rec.epochs[len(rec.epochs)-2]
	next := readDuties(t, epoch+1)
	// Swap slot a's proposer with the first later slot that has another one.
	a, b := 5, -1
	for i := a + 1; i < len(next.Data); i++ {
		if next.Data[i].Pubkey != next.Data[a].Pubkey {
			b = i
			break
		}
	}
	if b < 0 {
		t.Fatalf("recorded duties of epoch %d have one proposer from slot index %d on; re-record them", epoch+1, a)
	}
	ours := mustPubkey(t, next.Data[a].Pubkey)
	h := newHarness(t, func(c *Config) { c.Validators = map[preconf.BLSPubkey]common.Address{ours: {1}} }, r)
	first := epoch * rec.slotsPerEpoch
	// The head the node reports is the reorg's, a slot behind the clock.
	r.override("/eth/v1/node/syncing", fmt.Appendf(nil, `{"data":{"head_slot":"%d","sync_distance":"1","is_syncing":false,"is_optimistic":false,"el_offline":false}}`, first+19))
	h.start(t, first+20)
	h.follow(t, r)
	slotA, _ := strconv.ParseUint(next.Data[a].Slot, 10, 64)
	slotB, _ := strconv.ParseUint(next.Data[b].Slot, 10, 64)
	if !mustDuty(t, h.v, slotA).Ours || mustDuty(t, h.v, slotB).Ours && next.Data[b].Pubkey != next.Data[a].Pubkey {
		t.Fatal("before the reorg our slot is not where the recording puts it")
	}

	// Derived, not recorded: the next epoch's duties after the reorg.
	changed := next
	changed.Data = append([]recordedDuty(nil), next.Data...)
	changed.Data[a].Pubkey, changed.Data[b].Pubkey = next.Data[b].Pubkey, next.Data[a].Pubkey
	changed.Data[a].ValidatorIndex, changed.Data[b].ValidatorIndex = next.Data[b].ValidatorIndex, next.Data[a].ValidatorIndex
	changed.DependentRoot = "0x" + strings.Repeat("ab", 32)
	body, _ := jsonMarshal(changed)
	r.override(fmt.Sprintf("/eth/v1/validator/duties/proposer/%d", epoch+1), body)
	r.push("event: chain_reorg\ndata: {\"slot\":\"" + strconv.FormatUint(first+19, 10) + "\",\"depth\":\"2\",\"old_head_block\":\"" + root1 + "\",\"new_head_block\":\"" + root2 + "\",\"old_head_state\":\"" + root1 + "\",\"new_head_state\":\"" + root2 + "\",\"epoch\":\"" + strconv.FormatUint(epoch, 10) + "\",\"execution_optimistic\":false}\n\n")

	waitFor(t, "the reorg to be counted", func() bool { return testutil.ToFloat64(h.v.m.reorgs) == 1 })
	h.v.tick(h.ctx)
	if err := h.v.Ready(); err != nil {
		t.Fatalf("Ready after the reorg: %v", err)
	}
	if mustDuty(t, h.v, slotA).Ours || !mustDuty(t, h.v, slotB).Ours {
		t.Fatalf("after the reorg: slot %d ours=%v, slot %d ours=%v", slotA, mustDuty(t, h.v, slotA).Ours, slotB, mustDuty(t, h.v, slotB).Ours)
	}
	if got := testutil.ToFloat64(h.v.m.dutyChanges); got != 1 {
		t.Fatalf("duty changes = %v, want 1", got)
	}
	if !strings.Contains(h.log.String(), "proposer duties changed") || !strings.Contains(h.log.String(), "chain reorg") {
		t.Fatalf("log lacks the reorg and the change:\n%s", h.log)
	}
}

// TestReplayMissedSlot: no block and no event for several slots; the clock
// goes on and the lookahead stays usable.
func TestReplayMissedSlot(t *testing.T) {
	r := newReplay(t)
	rec := readRecorded(t)
	epoch := rec.epochs[len(rec.epochs)-2]
	h := newHarness(t, nil, r)
	first := epoch * rec.slotsPerEpoch
	h.start(t, first+2)
	headBefore := h.v.Status().HeadSlot
	h.now.set(h.slotTime(first + 6))
	h.v.tick(h.ctx)
	st := h.v.Status()
	if st.ClockSlot != first+6 || h.v.ClockSlot() != first+6 {
		t.Fatalf("clock slot %d after missed slots, want %d", st.ClockSlot, first+6)
	}
	if st.HeadSlot != headBefore {
		t.Fatalf("head slot moved from %d to %d without a block", headBefore, st.HeadSlot)
	}
	if err := h.v.Ready(); err != nil {
		t.Fatalf("a missed slot stopped promises: %v", err)
	}
	if _, ok := h.v.Duty(first + 7); !ok {
		t.Fatal("lookahead lost after a missed slot")
	}
}

func TestReplayBeaconDownThenBack(t *testing.T) {
	r := newReplay(t)
	rec := readRecorded(t)
	epoch := rec.epochs[len(rec.epochs)-2]
	h := newHarness(t, nil, r)
	h.start(t, epoch*rec.slotsPerEpoch+3)
	if err := h.v.Ready(); err != nil {
		t.Fatal(err)
	}
	r.setDown(true)
	h.now.set(h.slotTime(epoch*rec.slotsPerEpoch + 4))
	h.v.tick(h.ctx)
	err := h.v.Ready()
	if !errors.Is(err, ErrNotReady) || !errors.Is(err, ErrBeacon) {
		t.Fatalf("Ready with the beacon node down: %v", err)
	}
	st := h.v.Status()
	if st.BeaconOK || st.Synced || !strings.Contains(st.Reason, "beacon node unreachable") {
		t.Fatalf("Status with the beacon node down: %+v", st)
	}
	if !strings.Contains(h.log.String(), "beacon node unreachable") {
		t.Fatalf("no log line:\n%s", h.log)
	}
	r.setDown(false)
	h.v.tick(h.ctx)
	if err := h.v.Ready(); err != nil {
		t.Fatalf("Ready after the beacon node came back: %v", err)
	}
	if st := h.v.Status(); !st.BeaconOK || !st.Synced || st.Reason != "" {
		t.Fatalf("Status after recovery: %+v", st)
	}
}

func TestReplayFailover(t *testing.T) {
	first, second := newReplay(t), newReplay(t)
	rec := readRecorded(t)
	epoch := rec.epochs[len(rec.epochs)-2]
	first.setDown(true)
	h := newHarness(t, nil, first, second)
	h.start(t, epoch*rec.slotsPerEpoch+1)
	if err := h.v.Ready(); err != nil {
		t.Fatalf("Ready with the first beacon node down: %v", err)
	}
	if got := h.v.beacons.activeURL(); got != second.srv.URL {
		t.Fatalf("active beacon node %s, want the second %s", got, second.srv.URL)
	}
	if got := testutil.ToFloat64(h.v.m.failovers); got != 1 {
		t.Fatalf("failovers = %v, want 1", got)
	}
	dutiesEqual(t, h.v.Duties(), readDuties(t, epoch))
	h.follow(t, second) // the event stream comes from the node in use

	// The second fails too and the first is back: the view moves back, events included.
	first.setDown(false)
	second.setDown(true)
	h.v.tick(h.ctx)
	if err := h.v.Ready(); err != nil {
		t.Fatalf("Ready after failing back: %v", err)
	}
	if got := h.v.beacons.activeURL(); got != first.srv.URL {
		t.Fatalf("active beacon node %s, want the first", got)
	}
	waitFor(t, "the event stream to move to the first node", func() bool { return first.streamsOpen() == 1 })
}

// TestReplayBadInput: each bad answer gives a log line and a status reason,
// and the view offers no promises; nothing panics.
func TestReplayBadInput(t *testing.T) {
	rec := readRecorded(t)
	epoch := rec.epochs[len(rec.epochs)-2]
	var spec struct {
		Data map[string]any `json:"data"`
	}
	readJSON(t, "config_spec.json", &spec)
	delete(spec.Data, "SECONDS_PER_SLOT")
	delete(spec.Data, "SLOT_DURATION_MS")
	noSlot, _ := jsonMarshal(spec)
	wrongEpoch, _ := os.ReadFile(filepath.Join(prysmDir, fmt.Sprintf("duties_proposer_%d.json", epoch)))

	t.Run("spec missing SECONDS_PER_SLOT", func(t *testing.T) {
		r := newReplay(t)
		r.override("/eth/v1/config/spec", noSlot)
		h := newHarness(t, nil, r)
		h.now.set(h.slotTime(epoch * rec.slotsPerEpoch))
		err := h.v.loadSpec(h.ctx)
		if !errors.Is(err, ErrSpec) || !strings.Contains(err.Error(), "SECONDS_PER_SLOT") {
			t.Fatalf("loadSpec: %v", err)
		}
		if err := h.v.Ready(); err == nil || !strings.Contains(err.Error(), "SECONDS_PER_SLOT") {
			t.Fatalf("Ready: %v", err)
		}
		if st := h.v.Status(); !strings.Contains(st.Reason, "SECONDS_PER_SLOT") {
			t.Fatalf("Status: %+v", st)
		}
		if len(h.v.Duties()) != 0 {
			t.Fatal("duties without a clock")
		}
	})
	t.Run("duties for the wrong epoch", func(t *testing.T) {
		r := newReplay(t)
		r.override(fmt.Sprintf("/eth/v1/validator/duties/proposer/%d", epoch+1), wrongEpoch)
		h := newHarness(t, nil, r)
		h.start(t, epoch*rec.slotsPerEpoch+4)
		err := h.v.Ready()
		if !errors.Is(err, ErrDuties) || !strings.Contains(err.Error(), fmt.Sprintf("epoch %d", epoch+1)) {
			t.Fatalf("Ready: %v", err)
		}
		if _, ok := h.v.Duty((epoch + 1) * rec.slotsPerEpoch); ok {
			t.Fatal("a duty of the epoch with bad duties")
		}
		if st := h.v.Status(); st.Reason == "" || !strings.Contains(h.log.String(), "cannot load proposer duties") {
			t.Fatalf("no reason or log line: %+v\n%s", st, h.log)
		}
	})
	t.Run("wrong execution chain id", func(t *testing.T) {
		r := newReplay(t)
		h := newHarness(t, func(c *Config) { c.ChainID = 0 }, r) // take the beacon node's DEPOSIT_CHAIN_ID
		h.start(t, epoch*rec.slotsPerEpoch+4)
		err := h.v.Ready()
		if !errors.Is(err, ErrChainID) || !strings.Contains(err.Error(), strconv.FormatUint(rec.chainID, 10)) {
			t.Fatalf("Ready: %v", err)
		}
		if st := h.v.Status(); st.ExecutionOK || !strings.Contains(st.Reason, "wrong chain") {
			t.Fatalf("Status: %+v", st)
		}
		if !strings.Contains(h.log.String(), "execution client not usable") {
			t.Fatalf("no log line:\n%s", h.log)
		}
	})
	t.Run("malformed and truncated events", func(t *testing.T) {
		r := newReplay(t)
		h := newHarness(t, nil, r)
		h.start(t, epoch*rec.slotsPerEpoch+4)
		h.follow(t, r)
		if err := h.v.Ready(); err != nil {
			t.Fatal(err)
		}
		r.push("event: head\ndata: {\"slot\":\"12\",\"block\":\"0x01\"}\n\n")
		waitFor(t, "the bad event to be refused", func() bool { return testutil.ToFloat64(h.v.m.badEvents) == 1 })
		err := h.v.Ready()
		if err == nil || !strings.Contains(err.Error(), "bad beacon event") || !strings.Contains(err.Error(), "block") {
			t.Fatalf("Ready after a malformed event: %v", err)
		}
		h.v.tick(h.ctx)
		if err := h.v.Ready(); err != nil {
			t.Fatalf("Ready after the re-check: %v", err)
		}
		// A stream cut inside an event.
		r.push("event: head\ndata: {\"slot\":\"1")
		r.setDown(true)
		waitFor(t, "the truncated event to be refused", func() bool { return testutil.ToFloat64(h.v.m.badEvents) == 2 })
		if err := h.v.Ready(); err == nil {
			t.Fatal("Ready right after a truncated event")
		}
		r.setDown(false)
		waitFor(t, "the event stream to reconnect", func() bool { return r.streamsOpen() == 1 })
		h.v.tick(h.ctx)
		if err := h.v.Ready(); err != nil {
			t.Fatalf("Ready after reconnecting: %v", err)
		}
		if !strings.Contains(h.log.String(), "bad beacon event") {
			t.Fatalf("no log line:\n%s", h.log)
		}
	})
}

// TestRunFollowsAndStops runs the whole view loop: it becomes ready by itself
// and returns when its context ends.
func TestRunFollowsAndStops(t *testing.T) {
	r := newReplay(t)
	rec := readRecorded(t)
	h := newHarness(t, nil, r)
	h.now.set(h.slotTime(rec.epochs[len(rec.epochs)-2]*rec.slotsPerEpoch + 9))
	ctx, cancel := context.WithCancel(h.ctx)
	done := make(chan error, 1)
	go func() { done <- h.v.Run(ctx) }()
	waitFor(t, "the view to become ready", func() bool { return h.v.Ready() == nil })
	waitFor(t, "the event stream", func() bool { return r.streamsOpen() == 1 })
	heads := h.v.SubscribeHeads(ctx)
	r.push("event: head\ndata: {\"slot\":\"5000\",\"block\":\"" + root1 + "\",\"state\":\"" + root2 + "\",\"epoch_transition\":false,\"previous_duty_dependent_root\":\"" + root1 + "\",\"current_duty_dependent_root\":\"" + root2 + "\",\"execution_optimistic\":false}\n\n")
	waitFor(t, "the head event", func() bool { return h.v.Status().HeadSlot == 5000 })
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	for range heads { // closed once ctx ends
	}
}

// TestSubscribeHeads: every new execution head reaches subscribers, and a
// reorg shows as a head with another hash; state is read at the new head.
func TestSubscribeHeads(t *testing.T) {
	r := newReplay(t)
	rec := readRecorded(t)
	h := newHarness(t, nil, r)
	heads := h.v.SubscribeHeads(h.ctx)
	h.start(t, rec.epochs[len(rec.epochs)-2]*rec.slotsPerEpoch+9)
	first := <-heads
	if first.Hash != h.v.Head().Hash {
		t.Fatalf("first head %s, view says %s", first.Hash, h.v.Head().Hash)
	}
	parent := first.Hash
	h.el.Commit()
	h.v.tick(h.ctx)
	second := <-heads
	if second.Number != first.Number+1 {
		t.Fatalf("second head %d after %d", second.Number, first.Number)
	}
	if err := h.el.Fork(parent); err != nil {
		t.Fatal(err)
	}
	h.el.Commit()
	h.el.Commit()
	h.v.tick(h.ctx)
	third := <-heads
	if third.Hash == second.Hash || third.Number != first.Number+2 {
		t.Fatalf("head after the reorg: %+v", third)
	}
	if _, _, err := h.v.Account(h.ctx, common.Address{0xaa}); err != nil {
		t.Fatalf("Account after the reorg: %v", err)
	}
}

// TestReplayIdentityCheck: the chain identity check (delegations signed for
// this chain) sees the recorded genesis, and its failure keeps the view from
// ever offering promises, with the reason in the status.
func TestReplayIdentityCheck(t *testing.T) {
	var g struct {
		Data struct {
			Root        string `json:"genesis_validators_root"`
			ForkVersion string `json:"genesis_fork_version"`
		} `json:"data"`
	}
	readJSON(t, "beacon_genesis.json", &g)
	rec := readRecorded(t)
	epoch := rec.epochs[len(rec.epochs)-2]
	for _, wrong := range []bool{false, true} {
		r := newReplay(t)
		var seen Genesis
		h := newHarness(t, func(c *Config) {
			c.OnGenesis = func(gen Genesis) error {
				seen = gen
				if wrong {
					return errors.New("delegations signed for another chain")
				}
				return nil
			}
		}, r)
		h.start(t, epoch*rec.slotsPerEpoch+4)
		if fmt.Sprintf("0x%x", seen.ValidatorsRoot) != g.Data.Root || fmt.Sprintf("0x%x", seen.ForkVersion) != g.Data.ForkVersion || !seen.Time.Equal(rec.genesis) {
			t.Fatalf("identity check saw %+v, recorded %+v", seen, g.Data)
		}
		h.v.tick(h.ctx)
		err := h.v.Ready()
		if wrong != (err != nil) {
			t.Fatalf("wrong=%v: Ready = %v", wrong, err)
		}
		if wrong && (!strings.Contains(h.v.Status().Reason, "another chain") || !strings.Contains(h.log.String(), "chain identity check failed")) {
			t.Fatalf("no reason or log line: %+v\n%s", h.v.Status(), h.log)
		}
	}
}

// TestReplayStalledHead checks that the view stops offering promises once
// the head block trails the clock by more than MaxHeadLag slots, says so with
// ErrHeadStale, and offers them again when a new head arrives.
func TestReplayStalledHead(t *testing.T) {
	const head = 110 // node_syncing.json's head_slot
	for _, tc := range []struct {
		name    string
		lag     uint64
		wantLag uint64
	}{
		{"default", 0, DefaultMaxHeadLag},
		{"two slots", 2, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newReplay(t)
			h := newHarness(t, func(c *Config) { c.MaxHeadLag = tc.lag }, r)
			h.start(t, head+tc.wantLag)
			if err := h.v.Ready(); err != nil {
				t.Fatalf("%d slots behind the clock: %v", tc.wantLag, err)
			}
			h.now.set(h.slotTime(head + tc.wantLag + 1))
			h.v.tick(h.ctx)
			err := h.v.Ready()
			if !errors.Is(err, ErrHeadStale) || !errors.Is(err, ErrNotReady) {
				t.Fatalf("%d slots without a head: %v, want ErrHeadStale", tc.wantLag+1, err)
			}
			if st := h.v.Status(); !strings.Contains(st.Reason, "no new head") {
				t.Fatalf("status reason %q", st.Reason)
			}
			r.override("/eth/v1/node/syncing", fmt.Appendf(nil, `{"data":{"head_slot":"%d","sync_distance":"0","is_syncing":false,"is_optimistic":false,"el_offline":false}}`, head+tc.wantLag+1))
			h.v.tick(h.ctx)
			if err := h.v.Ready(); err != nil {
				t.Fatalf("after a new head: %v", err)
			}
		})
	}
}

// TestReplayBeaconLost records when an event stream that was open is lost
// and cannot be reopened (a restarted beacon node), not a first connection
// that fails, and keeps that time once the stream is back.
func TestReplayBeaconLost(t *testing.T) {
	r := newReplay(t)
	rec := readRecorded(t)
	h := newHarness(t, nil, r)
	h.start(t, rec.epochs[len(rec.epochs)-2]*rec.slotsPerEpoch+3)
	r.setDown(true) // down before the stream was ever open
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.v.followEvents(h.ctx)
	}()
	t.Cleanup(func() {
		h.cancel()
		<-done
	})
	waitFor(t, "a refused first connection", func() bool { return r.hitCount("/eth/v1/events") >= 1 })
	r.setDown(false)
	waitFor(t, "event stream connected", func() bool { return r.streamsOpen() == 1 })
	if lost := h.v.BeaconLost(); !lost.IsZero() {
		t.Fatalf("lost at %v after a refused first connection", lost)
	}
	downAt := h.now.Now()
	r.setDown(true)
	waitFor(t, "the loss recorded", func() bool { return !h.v.BeaconLost().IsZero() })
	if lost := h.v.BeaconLost(); !lost.Equal(downAt) {
		t.Fatalf("lost at %v, want %v", lost, downAt)
	}
	h.now.set(downAt.Add(time.Minute))
	r.setDown(false)
	waitFor(t, "event stream reconnected", func() bool { return r.streamsOpen() == 1 })
	if lost := h.v.BeaconLost(); !lost.Equal(downAt) {
		t.Fatalf("lost at %v once back, want it kept at %v", lost, downAt)
	}
}
