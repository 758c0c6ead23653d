package chain

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	eth2client "github.com/attestantio/go-eth2-client"
	"github.com/attestantio/go-eth2-client/api"
	apiv1 "github.com/attestantio/go-eth2-client/api/v1"
	eth2http "github.com/attestantio/go-eth2-client/http"
	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/rs/zerolog"

	"github.com/basedsidecar/based/preconf"
)

var (
	// ErrBeacon is wrapped when no beacon node answered.
	ErrBeacon = errors.New("beacon node unreachable")
	// ErrSpec is wrapped when the beacon node's spec or genesis cannot drive the clock.
	ErrSpec = errors.New("unusable beacon spec")
	// ErrDuties is wrapped when proposer duties do not match what was asked.
	ErrDuties = errors.New("bad proposer duties")
)

// beaconService is the part of go-eth2-client the chain view uses.
type beaconService interface {
	eth2client.GenesisProvider
	eth2client.SpecProvider
	eth2client.NodeSyncingProvider
	eth2client.ProposerDutiesProvider
}

// beaconNode is one configured beacon node; its client is made on first use.
type beaconNode struct {
	url string
	mu  sync.Mutex
	svc beaconService
}

// beacons talks to the first beacon node that answers, starting from the one
// that answered last, so a failed node is retried only after the others.
type beacons struct {
	nodes   []*beaconNode
	timeout time.Duration
	log     *slog.Logger
	m       *metrics

	mu     sync.Mutex
	active int
}

func newBeacons(urls []string, timeout time.Duration, log *slog.Logger, m *metrics) *beacons {
	b := &beacons{timeout: timeout, log: log, m: m}
	for _, u := range urls {
		b.nodes = append(b.nodes, &beaconNode{url: strings.TrimRight(u, "/")})
	}
	return b
}

// activeURL is the beacon node used last.
func (b *beacons) activeURL() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.nodes[b.active].url
}

// order lists the nodes to try, the active one first.
func (b *beacons) order() []int {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]int, 0, len(b.nodes))
	for i := range b.nodes {
		out = append(out, (b.active+i)%len(b.nodes))
	}
	return out
}

func (n *beaconNode) client(ctx context.Context, timeout time.Duration) (beaconService, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.svc != nil {
		return n.svc, nil
	}
	svc, err := eth2http.New(ctx,
		eth2http.WithAddress(n.url),
		eth2http.WithTimeout(timeout),
		eth2http.WithLogLevel(zerolog.Disabled),
		eth2http.WithEnforceJSON(true),
		eth2http.WithAllowDelayedStart(true),
		eth2http.WithCustomSpecSupport(true),
		eth2http.WithHTTPClient(&http.Client{Timeout: timeout}),
	)
	if err != nil {
		return nil, err
	}
	s, ok := svc.(beaconService)
	if !ok {
		return nil, fmt.Errorf("beacon client for %s lacks needed calls", n.url)
	}
	n.svc = s
	return s, nil
}

// do runs call on each beacon node in turn until one succeeds; a node that
// answers becomes the active one. A call error that is the node's answer
// (bad data) is returned at once when accept says so.
func (b *beacons) do(ctx context.Context, op string, call func(ctx context.Context, s beaconService) error) error {
	var errs []error
	for i, idx := range b.order() {
		n := b.nodes[idx]
		s, err := n.client(ctx, b.timeout)
		if err == nil {
			cctx, cancel := context.WithTimeout(ctx, b.timeout)
			start := time.Now()
			err = call(cctx, s)
			cancel()
			b.m.observe("beacon", op, time.Since(start), err)
		}
		if err == nil || errors.Is(err, ErrSpec) || errors.Is(err, ErrDuties) {
			if i > 0 {
				b.mu.Lock()
				b.active = idx
				b.mu.Unlock()
				b.m.failovers.Inc()
				b.log.Warn("beacon node failover", "to", n.url, "op", op)
			}
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		errs = append(errs, fmt.Errorf("%s: %w", n.url, err))
	}
	return fmt.Errorf("%w: %s: %w", ErrBeacon, op, errors.Join(errs...))
}

// chainSpec is what the view needs from genesis and the spec.
type chainSpec struct {
	genesisTime           time.Time
	genesisValidatorsRoot phase0.Root
	genesisForkVersion    phase0.Version
	slot                  time.Duration
	slotsPerEpoch         uint64
	// forkEpochs maps the upper-case fork name (DENEB, ELECTRA, FULU, …) to its activation epoch.
	forkEpochs map[string]uint64
	// depositChainID is the execution chain id the beacon chain expects (0 when not given).
	depositChainID uint64
	// blobSteps are the per-block blob limits by activation epoch, ascending:
	// Deneb's, Electra's, then every BLOB_SCHEDULE entry.
	blobSteps []blobStep
}

// blobStep is a per-block blob limit from an epoch on.
type blobStep struct{ epoch, max uint64 }

// maxBlobs returns the per-block blob limit at epoch (0: unknown).
func (cs *chainSpec) maxBlobs(epoch uint64) uint64 {
	var m uint64
	for _, st := range cs.blobSteps {
		if st.epoch > epoch {
			break
		}
		m = st.max
	}
	return m
}

// blobStepsFrom reads the blob limits from the spec: MAX_BLOBS_PER_BLOCK at
// Deneb, MAX_BLOBS_PER_BLOCK_ELECTRA at Electra, and BLOB_SCHEDULE (Fulu's
// blob-parameter-only forks). Entries it cannot read are skipped.
func blobStepsFrom(spec map[string]any, forks map[string]uint64) []blobStep {
	var steps []blobStep
	add := func(fork, key string) {
		e, ok := forks[fork]
		m, ok2 := spec[key].(uint64)
		if ok && ok2 {
			steps = append(steps, blobStep{e, m})
		}
	}
	add("DENEB", "MAX_BLOBS_PER_BLOCK")
	add("ELECTRA", "MAX_BLOBS_PER_BLOCK_ELECTRA")
	if sched, ok := spec["BLOB_SCHEDULE"].([]any); ok {
		for _, entry := range sched {
			m, ok := entry.(map[string]any)
			if !ok {
				continue
			}
			e, ok1 := m["EPOCH"].(uint64)
			n, ok2 := m["MAX_BLOBS_PER_BLOCK"].(uint64)
			if ok1 && ok2 {
				steps = append(steps, blobStep{e, n})
			}
		}
	}
	// Stable: at one epoch a later source (Electra over Deneb, the schedule
	// over both) wins, as maxBlobs takes the last step at or before an epoch.
	slices.SortStableFunc(steps, func(a, b blobStep) int { return cmp.Compare(a.epoch, b.epoch) })
	return steps
}

// specFrom checks and extracts the spec values the view needs, naming the first missing one.
func specFrom(g *apiv1.Genesis, spec map[string]any) (chainSpec, error) {
	cs := chainSpec{forkEpochs: map[string]uint64{}}
	if g == nil || g.GenesisTime.IsZero() {
		return cs, fmt.Errorf("%w: genesis_time missing", ErrSpec)
	}
	if g.GenesisValidatorsRoot == (phase0.Root{}) {
		return cs, fmt.Errorf("%w: genesis_validators_root missing", ErrSpec)
	}
	cs.genesisTime, cs.genesisValidatorsRoot, cs.genesisForkVersion = g.GenesisTime, g.GenesisValidatorsRoot, g.GenesisForkVersion
	if ms, ok := spec["SLOT_DURATION_MS"].(uint64); ok && ms > 0 {
		cs.slot = time.Duration(ms) * time.Millisecond
	} else if d, ok := spec["SECONDS_PER_SLOT"].(time.Duration); ok && d > 0 {
		cs.slot = d
	} else {
		return cs, fmt.Errorf("%w: SECONDS_PER_SLOT missing or not a positive integer", ErrSpec)
	}
	spe, ok := spec["SLOTS_PER_EPOCH"].(uint64)
	if !ok || spe == 0 {
		return cs, fmt.Errorf("%w: SLOTS_PER_EPOCH missing or not a positive integer", ErrSpec)
	}
	cs.slotsPerEpoch = spe
	cs.depositChainID, _ = spec["DEPOSIT_CHAIN_ID"].(uint64)
	for k, v := range spec {
		name, ok := strings.CutSuffix(k, "_FORK_EPOCH")
		if !ok {
			continue
		}
		if e, ok := v.(uint64); ok {
			cs.forkEpochs[name] = e
		}
	}
	cs.blobSteps = blobStepsFrom(spec, cs.forkEpochs)
	return cs, nil
}

// loadSpec reads genesis and spec from the beacon nodes.
func (b *beacons) loadSpec(ctx context.Context) (chainSpec, error) {
	var cs chainSpec
	err := b.do(ctx, "spec", func(ctx context.Context, s beaconService) error {
		g, err := s.Genesis(ctx, &api.GenesisOpts{})
		if err != nil {
			return err
		}
		sp, err := s.Spec(ctx, &api.SpecOpts{})
		if err != nil {
			return err
		}
		cs, err = specFrom(g.Data, sp.Data)
		return err
	})
	return cs, err
}

// syncState is the beacon node's view of its own sync.
type syncState struct {
	headSlot uint64
	synced   bool
	reason   string
}

func (b *beacons) syncing(ctx context.Context) (syncState, error) {
	var st syncState
	err := b.do(ctx, "syncing", func(ctx context.Context, s beaconService) error {
		r, err := s.NodeSyncing(ctx, &api.NodeSyncingOpts{})
		if err != nil {
			return err
		}
		d := r.Data
		st = syncState{headSlot: uint64(d.HeadSlot), synced: !d.IsSyncing && !d.IsOptimistic}
		switch {
		case d.IsSyncing:
			st.reason = fmt.Sprintf("beacon node is syncing (distance %d slots)", d.SyncDistance)
		case d.IsOptimistic:
			st.reason = "beacon node head is optimistic (execution client not validated)"
		}
		return nil
	})
	return st, err
}

// epochDuties are the proposers of one epoch with the root they depend on.
type epochDuties struct {
	epoch         uint64
	dependentRoot common.Hash
	// bySlot holds one duty per slot of the epoch, in slot order.
	bySlot []preconf.Duty
}

// duties fetches the proposer duties of epoch and checks that they cover it exactly.
func (b *beacons) duties(ctx context.Context, epoch, slotsPerEpoch uint64) (epochDuties, error) {
	var out epochDuties
	err := b.do(ctx, "duties", func(ctx context.Context, s beaconService) error {
		r, err := s.ProposerDuties(ctx, &api.ProposerDutiesOpts{Epoch: phase0.Epoch(epoch)})
		if err != nil {
			if strings.Contains(err.Error(), "outside of range") {
				return fmt.Errorf("%w: epoch %d: %v", ErrDuties, epoch, err)
			}
			return err
		}
		ed, err := checkDuties(epoch, slotsPerEpoch, r.Data)
		if err != nil {
			return err
		}
		if root, ok := r.Metadata["dependent_root"].(phase0.Root); ok {
			ed.dependentRoot = common.Hash(root)
		}
		out = ed
		return nil
	})
	return out, err
}

// checkDuties turns the beacon node's duties into one duty per slot of epoch.
func checkDuties(epoch, slotsPerEpoch uint64, in []*apiv1.ProposerDuty) (epochDuties, error) {
	first := epoch * slotsPerEpoch
	ed := epochDuties{epoch: epoch, bySlot: make([]preconf.Duty, slotsPerEpoch)}
	seen := make([]bool, slotsPerEpoch)
	for _, d := range in {
		if d == nil {
			return ed, fmt.Errorf("%w: epoch %d: null duty", ErrDuties, epoch)
		}
		s := uint64(d.Slot)
		if s < first || s >= first+slotsPerEpoch {
			return ed, fmt.Errorf("%w: epoch %d: duty for slot %d outside the epoch", ErrDuties, epoch, s)
		}
		if seen[s-first] {
			return ed, fmt.Errorf("%w: epoch %d: two duties for slot %d", ErrDuties, epoch, s)
		}
		seen[s-first] = true
		ed.bySlot[s-first] = preconf.Duty{Slot: s, ValidatorIndex: uint64(d.ValidatorIndex), Pubkey: preconf.BLSPubkey(d.PubKey)}
	}
	for i, ok := range seen {
		// Slot 0 has no proposer.
		if !ok && first+uint64(i) != 0 {
			return ed, fmt.Errorf("%w: epoch %d: no duty for slot %d", ErrDuties, epoch, first+uint64(i))
		}
		ed.bySlot[i].Slot = first + uint64(i)
	}
	return ed, nil
}
