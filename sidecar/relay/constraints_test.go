package relay_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/flashbots/go-boost-utils/bls"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/keys"
	"github.com/basedsidecar/based/sidecar/relay"
	"github.com/basedsidecar/based/sidecar/relay/relaytest"
)

// schedule is one slot of ours with times the test moves.
type schedule struct {
	duty            relay.Duty
	domain          phase0.Domain
	mu              sync.Mutex
	deadline, start time.Time
}

func (s *schedule) OurSlots() []relay.Duty { return []relay.Duty{s.duty} }
func (s *schedule) Deadline(uint64) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.deadline, true
}
func (s *schedule) Start(uint64) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.start, true
}
func (s *schedule) ConstraintsDomain() (phase0.Domain, bool) { return s.domain, true }

func (s *schedule) set(deadline, start time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deadline, s.start = deadline, start
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestPublisherSendsConstraints: the delegation goes out before the
// deadline, the signed constraints (promised txs in order) at it, retried
// within the slot; relays without the capability are not asked.
func TestPublisherSendsConstraints(t *testing.T) {
	b := relaytest.NewBlock(t, 10, 4, -1)
	txs := fixedConstraints{b.Raw[2], b.Raw[0], b.Raw[3]}
	propSK, propPK, _ := bls.GenerateNewKeypair()
	delSK, delPK, _ := bls.GenerateNewKeypair()
	var proposer, delegate phase0.BLSPubKey
	copy(proposer[:], bls.PublicKeyToBytes(propPK))
	copy(delegate[:], bls.PublicKeyToBytes(delPK))
	delDomain := keys.DelegationDomain(relaytest.ForkVersion, phase0.Root{1})
	sd, err := keys.SignDelegation(keys.Delegation{Proposer: preconf.BLSPubkey(proposer), Delegate: preconf.BLSPubkey(delegate),
		Committer: common.Address{0xc0}}, propSK, delDomain)
	if err != nil {
		t.Fatal(err)
	}
	capable := relaytest.New(t, b, 1)
	capable.Capabilities, capable.FailConstraints = []uint64{1}, 2
	without := relaytest.New(t, b, 1) // no Constraints API
	other := relaytest.New(t, b, 1)   // takes another constraint type only
	other.Capabilities = []uint64{2}
	var clients []*relay.Client
	for _, d := range []*relaytest.Relay{capable, without, other} {
		c, err := relay.New(d.URL(), d.Client())
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	domain := relay.ConstraintsDomain(relaytest.ForkVersion, phase0.Root{1})
	now := time.Now()
	sch := &schedule{duty: relay.Duty{Slot: 10, Proposer: proposer}, domain: domain}
	sch.set(now.Add(time.Hour), now.Add(2*time.Hour))
	p, err := relay.NewPublisher(relay.PublisherConfig{Relays: clients, Schedule: sch, Txs: txs, Key: delSK,
		Delegations: []keys.SignedDelegation{sd}, Retry: 20 * time.Millisecond}, prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, time.Hour) }()

	// Before the deadline: the delegation only.
	waitFor(t, "the delegation", func() bool { d, _, _ := capable.Received(); return len(d) == 1 })
	var got keys.SignedDelegation
	d, _, posts := capable.Received()
	if err := json.Unmarshal(d[0], &got); err != nil || got.Verify(delDomain) != nil || got.Message.Delegate != preconf.BLSPubkey(delegate) {
		t.Fatalf("delegation posted: %s (%v)", d[0], err)
	}
	if posts != 0 {
		t.Fatalf("%d constraints posts before the deadline", posts)
	}

	// At the deadline: constraints, after two refusals.
	sch.set(time.Now(), time.Now().Add(10*time.Second))
	waitFor(t, "the constraints", func() bool { _, c, _ := capable.Received(); return len(c) == 1 })
	_, cs, posts := capable.Received()
	if posts != 3 {
		t.Errorf("%d constraints posts, want 3 (two refused, then taken)", posts)
	}
	var sc []relay.SignedConstraints
	if err := json.Unmarshal(cs[0], &sc); err != nil || len(sc) != 1 {
		t.Fatalf("constraints posted: %.200s (%v)", cs[0], err)
	}
	if err := sc[0].Verify(domain); err != nil {
		t.Fatal(err)
	}
	m := sc[0].Message
	if m.Slot != 10 || m.Proposer != proposer || m.Delegate != delegate || len(m.Constraints) != len(txs) {
		t.Fatalf("message %+v", m)
	}
	for i, c := range m.Constraints {
		if c.Type != relay.ConstraintTypeInclusion || string(c.Payload) != string(txs[i]) {
			t.Errorf("constraint %d is not promised tx %d in order", i, i)
		}
	}
	for name, r := range map[string]*relaytest.Relay{"without the API": without, "other types": other} {
		if d, c, n := r.Received(); len(d)+len(c)+n != 0 {
			t.Errorf("relay %s was asked: %d delegations, %d constraints posts", name, len(d), n)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestSignedConstraintsRoundTrip(t *testing.T) {
	sk, pk, _ := bls.GenerateNewKeypair()
	var del phase0.BLSPubKey
	copy(del[:], bls.PublicKeyToBytes(pk))
	m := relay.ConstraintsMessage{Proposer: phase0.BLSPubKey{1}, Delegate: del, Slot: 1 << 60,
		Constraints: []relay.ConstraintItem{{Type: 1, Payload: []byte{1, 2, 3}}}, Receivers: []phase0.BLSPubKey{{9}}}
	domain := relay.ConstraintsDomain(relaytest.ForkVersion, phase0.Root{})
	sc, err := relay.SignConstraints(m, sk, domain)
	if err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	var back relay.SignedConstraints
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Verify(domain); err != nil {
		t.Fatalf("%s: %v", j, err)
	}
	back.Message.Slot++
	if err := back.Verify(domain); err == nil {
		t.Fatal("a changed slot still verifies")
	}
	for _, bad := range []string{`{`, `{"message":{"slot":"x"}}`, `{"message":{"slot":"1"}}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
}
