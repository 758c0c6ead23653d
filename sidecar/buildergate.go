package sidecar

import (
	"fmt"
	"time"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/builderapi"
	"github.com/basedsidecar/based/sidecar/chain"
)

// builderGate is the chain view the promise engine sees when the beacon node
// asks our Builder API for blocks. A restarted beacon node that keeps its
// validators' builder registrations in memory only has lost them, and builds
// its own blocks until the validator client sends them again (at the next
// epoch's start), so once the beacon node was lost a slot may be promised
// only when the beacon node has shown it holds registrations again: it sent
// the proposer's registration, or it asked us for a header (it asks only for
// a registered validator, and keeps its registrations together).
type builderGate struct {
	*chain.View
	regs *builderapi.Registrations
}

// lostView is what the gate needs of the chain view.
type lostView interface {
	BeaconLost() time.Time
}

// BuilderReady implements preconf.BuilderView.
func (g builderGate) BuilderReady(d preconf.Duty) error {
	return registeredSince(g.View, g.regs, d)
}

func registeredSince(v lostView, regs *builderapi.Registrations, d preconf.Duty) error {
	lost := v.BeaconLost()
	if lost.IsZero() {
		return nil
	}
	if regs.LastHeader().After(lost) {
		return nil
	}
	r, ok := regs.Get(d.Pubkey)
	if !ok || !r.Received.After(lost) {
		return fmt.Errorf("the beacon node was lost at %s and has neither asked for a header nor sent validator %d's builder registration since: it may build the block itself",
			lost.UTC().Format(time.RFC3339), d.ValidatorIndex)
	}
	return nil
}
