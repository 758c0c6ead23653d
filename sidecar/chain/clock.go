package chain

import (
	"errors"
	"fmt"
	"time"
)

// ErrClock is wrapped by every invalid slot clock parameter.
var ErrClock = errors.New("invalid slot clock")

// Clock maps wall time to beacon slots: slot s starts at genesis + s × slot duration.
type Clock struct {
	genesis       time.Time
	slot          time.Duration
	slotsPerEpoch uint64
	// deadline is the offset into the slot before a proposal slot at which
	// promises for the proposal slot stop being signed.
	deadline time.Duration
}

// NewClock returns a clock for a chain; deadline is the commitment deadline's
// offset into the slot before ours, zero meaning two thirds of a slot.
func NewClock(genesis time.Time, slot time.Duration, slotsPerEpoch uint64, deadline time.Duration) (Clock, error) {
	switch {
	case genesis.IsZero():
		return Clock{}, fmt.Errorf("%w: genesis time: must be set", ErrClock)
	case slot <= 0:
		return Clock{}, fmt.Errorf("%w: slot duration %s: must be positive", ErrClock, slot)
	case slotsPerEpoch == 0:
		return Clock{}, fmt.Errorf("%w: slots per epoch: must be positive", ErrClock)
	case deadline < 0 || deadline >= slot:
		return Clock{}, fmt.Errorf("%w: commitment deadline %s: must be within a slot of %s", ErrClock, deadline, slot)
	}
	if deadline == 0 {
		deadline = slot * 2 / 3
	}
	return Clock{genesis: genesis, slot: slot, slotsPerEpoch: slotsPerEpoch, deadline: deadline}, nil
}

// Genesis is the start of slot 0.
func (c Clock) Genesis() time.Time { return c.genesis }

// SlotDuration is the length of one slot.
func (c Clock) SlotDuration() time.Duration { return c.slot }

// SlotsPerEpoch is the number of slots in an epoch.
func (c Clock) SlotsPerEpoch() uint64 { return c.slotsPerEpoch }

// SlotAt is the slot that t falls in; times before genesis are slot 0.
func (c Clock) SlotAt(t time.Time) uint64 {
	if !t.After(c.genesis) {
		return 0
	}
	return uint64(t.Sub(c.genesis) / c.slot)
}

// SlotStart is the instant slot begins.
func (c Clock) SlotStart(slot uint64) time.Time {
	return c.genesis.Add(time.Duration(slot) * c.slot)
}

// Epoch is the epoch that slot belongs to.
func (c Clock) Epoch(slot uint64) uint64 { return slot / c.slotsPerEpoch }

// EpochStart is the first slot of epoch.
func (c Clock) EpochStart(epoch uint64) uint64 { return epoch * c.slotsPerEpoch }

// SlotAtTimestamp is the slot of an execution payload with this timestamp (seconds).
func (c Clock) SlotAtTimestamp(ts uint64) uint64 {
	return c.SlotAt(time.Unix(int64(ts), 0).Add(c.slot / 2))
}

// CommitmentDeadline is the last instant a promise for slot may be signed:
// the deadline offset into the slot before it (for slot 0, genesis itself).
func (c Clock) CommitmentDeadline(slot uint64) time.Time {
	if slot == 0 {
		return c.genesis
	}
	return c.SlotStart(slot - 1).Add(c.deadline)
}

// NextSlotStart is the first slot boundary strictly after t.
func (c Clock) NextSlotStart(t time.Time) time.Time {
	if t.Before(c.genesis) {
		return c.genesis
	}
	return c.SlotStart(c.SlotAt(t) + 1)
}
