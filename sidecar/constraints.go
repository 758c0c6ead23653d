package sidecar

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/keys"
	"github.com/basedsidecar/based/sidecar/relay"
)

// ConstraintsConfig configures the constraints sent to relays.
type ConstraintsConfig struct {
	// KeyFile is the EIP-2335 keystore of the delegated BLS key that signs
	// constraints, PasswordFile its password; empty turns constraints off.
	KeyFile, PasswordFile string
	// Delegations are our validators' signed delegations (--validator.delegations),
	// posted to the relays ahead of our slots.
	Delegations []keys.SignedDelegation
}

// validateConstraints checks the constraints fields of c.
func (c Config) validateConstraints() error {
	cc := c.Constraints
	if cc.KeyFile == "" {
		return nil
	}
	switch {
	case cc.PasswordFile == "":
		return fmt.Errorf("%w: constraints.key needs constraints.password-file", ErrConfig)
	case len(c.Relays) == 0:
		return fmt.Errorf("%w: constraints.key needs at least one relay", ErrConfig)
	case len(c.Chain.BeaconURLs) == 0:
		return fmt.Errorf("%w: constraints.key needs beacon-url (the lookahead of our slots)", ErrConfig)
	case c.RPCAddr == "":
		return fmt.Errorf("%w: constraints.key needs rpc.addr (the promise engine whose txs are sent)", ErrConfig)
	}
	return nil
}

// OurSlots are our validators' known upcoming slots.
func (r *relayChain) OurSlots() []relay.Duty {
	if r.view == nil {
		return nil
	}
	var out []relay.Duty
	for _, d := range r.view.Duties() {
		if d.Ours {
			out = append(out, relay.Duty{Slot: d.Slot, Proposer: phase0.BLSPubKey(d.Pubkey)})
		}
	}
	return out
}

// Deadline is the commitment deadline of slot.
func (r *relayChain) Deadline(slot uint64) (time.Time, bool) {
	if r.view == nil {
		return time.Time{}, false
	}
	c, ok := r.view.Clock()
	if !ok {
		return time.Time{}, false
	}
	return c.CommitmentDeadline(slot), true
}

// Start is the start of slot.
func (r *relayChain) Start(slot uint64) (time.Time, bool) {
	if r.view == nil {
		return time.Time{}, false
	}
	c, ok := r.view.Clock()
	if !ok {
		return time.Time{}, false
	}
	return c.SlotStart(slot), true
}

// ConstraintsDomain is the signing domain of constraints on this chain.
func (r *relayChain) ConstraintsDomain() (phase0.Domain, bool) {
	if r.view == nil {
		return phase0.Domain{}, false
	}
	g, ok := r.view.Genesis()
	if !ok {
		return phase0.Domain{}, false
	}
	return relay.ConstraintsDomain(phase0.Version(g.ForkVersion), phase0.Root(g.ValidatorsRoot)), true
}

// constraintsPublisher starts sending constraints when a constraints key is configured.
func constraintsPublisher(cfg Config, rc *relayChain, reg prometheus.Registerer, log *slog.Logger) (*component, error) {
	cc := cfg.Constraints
	if cc.KeyFile == "" {
		return nil, nil
	}
	if rc.view == nil || rc.engine == nil {
		return nil, fmt.Errorf("%w: constraints.key needs the chain view and the promise engine", ErrConfig)
	}
	sk, err := keys.LoadBLSKey(cc.KeyFile, cc.PasswordFile)
	if err != nil {
		return nil, fmt.Errorf("%w: constraints.key: %w", ErrConfig, err)
	}
	hc := &http.Client{Timeout: 5 * time.Second}
	var clients []*relay.Client
	for _, r := range cfg.Relays {
		c, err := relay.New(r, hc)
		if err != nil {
			return nil, fmt.Errorf("%w: relay: %w", ErrConfig, err)
		}
		clients = append(clients, c)
	}
	l := log.With("component", "constraints")
	p, err := relay.NewPublisher(relay.PublisherConfig{Relays: clients, Schedule: rc, Txs: rc, Key: sk, Delegations: cc.Delegations}, reg, l)
	if err != nil {
		return nil, err
	}
	l.Info("constraints to relays on", "relays", len(clients), "delegations", len(cc.Delegations))
	return &component{name: "constraints", run: func(ctx context.Context) error { return p.Run(ctx, 6*time.Minute) }}, nil
}
