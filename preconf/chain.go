package preconf

import (
	"context"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// BLSPubkey is a validator's 48-byte compressed BLS12-381 public key.
type BLSPubkey [48]byte

// Duty is the proposer of one slot as the chain view sees it.
type Duty struct {
	Slot           uint64
	ValidatorIndex uint64
	Pubkey         BLSPubkey
	// Ours is true when one of this sidecar's validators proposes the slot.
	Ours bool
	// Committer is the ECDSA address allowed to sign promises for the slot
	// (zero when the slot is not ours).
	Committer common.Address
	// Deadline is the last instant at which a promise for the slot may be signed.
	Deadline time.Time
}

// Head is the execution-layer head that promise checks run against.
type Head struct {
	Number      uint64
	Hash        common.Hash
	Timestamp   uint64
	BaseFee     *big.Int
	BlobBaseFee *big.Int
	// GasLimit is the head block's gas limit (0: unknown).
	GasLimit uint64
	// Slot is the beacon slot whose block carried this execution payload.
	Slot uint64

	exactBaseFee bool // BaseFee is the next block's own (a rollup's), not projected
}

// ChainView is what the engine needs to know about the chain. The sidecar's
// chain package implements it on a real beacon node and execution client.
type ChainView interface {
	// Ready returns nil when promises may be offered, or an error that says why not.
	Ready() error
	// ClockSlot is the slot the wall clock is in now.
	ClockSlot() uint64
	// Duty returns the proposer of slot; ok is false outside the known lookahead.
	Duty(slot uint64) (d Duty, ok bool)
	// Head returns the latest execution head.
	Head() Head
	// Account returns the nonce and balance of addr at the head.
	Account(ctx context.Context, addr common.Address) (nonce uint64, balance *big.Int, err error)
	// MaxBlobs is the chain's per-block blob limit at slot (0: unknown).
	MaxBlobs(slot uint64) int
}

// CodeView is implemented by a ChainView that also reads an account's code
// at the head. With it the engine refuses senders that have code: an
// EIP-7702 delegation lets anyone run code that moves the sender's funds
// without its nonce, and other code makes the sender's transactions invalid
// (EIP-3607).
type CodeView interface {
	Code(ctx context.Context, addr common.Address) ([]byte, error)
}

// BuilderView is implemented by a ChainView that knows whether the beacon
// node will ask our builder for the block of a slot. With it the engine
// refuses a slot whose block the beacon node would build itself
// (ErrNotReady): no block of ours could keep the promise.
type BuilderView interface {
	// BuilderReady returns nil when the beacon node will ask our builder for
	// the block of d's slot, or an error that says why not.
	BuilderReady(d Duty) error
}

// ChainStatus is the chain view's health, as preconf_status reports it.
type ChainStatus struct {
	Synced      bool   `json:"synced"`
	HeadSlot    uint64 `json:"headSlot"`
	ClockSlot   uint64 `json:"clockSlot"`
	BeaconOK    bool   `json:"beaconReachable"`
	ExecutionOK bool   `json:"executionReachable"`
	// NextSlot is our next proposal slot in the lookahead; zero when there is none.
	NextSlot uint64 `json:"nextSlot"`
	// Reason says why promises are not offered; empty when they are.
	Reason string `json:"reason,omitempty"`
	// GenesisTime (unix seconds) and SlotDurationMs place a slot in time:
	// the block of slot s has timestamp GenesisTime + s × SlotDurationMs / 1000.
	// Zero while unknown.
	GenesisTime    uint64
	SlotDurationMs uint64
}
