package preconf

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/params"
)

// Config holds the engine's limits and prices.
type Config struct {
	// Domain is the EIP-712 domain; Domain.ChainID is the L1 chain id.
	Domain Domain
	// Key is the committer key that signs promises and manifests.
	Key *ecdsa.PrivateKey
	// Fork is the L1 fork whose transaction rules promises follow.
	Fork Fork
	// SlotsPerEpoch bounds the lookahead: promises only for the current and next epoch.
	SlotsPerEpoch uint64
	// MaxTxSize caps one transaction's encoding without blobs, in bytes.
	MaxTxSize uint64
	// MaxGas, MaxCount and MaxBlobs cap what one slot's promises may use.
	MaxGas   uint64
	MaxCount uint32
	MaxBlobs int
	// Floor is the tip per gas on an empty slot; Steepness shapes Price.
	Floor     *big.Int
	Steepness uint64
	// PenaltyMultiple and PenaltyMin decide a promise's penalty (see Penalty).
	PenaltyMultiple uint64
	PenaltyMin      *big.Int
	// Collateral bounds the sum of outstanding penalties.
	Collateral *big.Int
	// Rollups are the rollups promised for besides L1, by chain id.
	Rollups map[uint64]Rollup
	// FinalityDelay is how many slots after its slot a promise stays outstanding.
	FinalityDelay uint64
	// Retention is how many slots the log keeps a slot's promises before pruning.
	Retention uint64
	// SenderRate limits requests per second per sender (0: no limit), with SenderBurst.
	SenderRate  float64
	SenderBurst int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// DefaultConfig returns the defaults documented in docs/ARCHITECTURE.md.
func DefaultConfig() Config {
	return Config{
		Fork:            ForkOsaka,
		SlotsPerEpoch:   32,
		MaxTxSize:       128 << 10,
		MaxGas:          10_000_000,
		MaxCount:        256,
		MaxBlobs:        9,
		Floor:           big.NewInt(params.GWei),
		Steepness:       4,
		PenaltyMultiple: 10,
		PenaltyMin:      big.NewInt(1e15),
		Collateral:      new(big.Int).Mul(big.NewInt(10), big.NewInt(params.Ether)),
		FinalityDelay:   64,
		Retention:       7200,
		SenderRate:      50,
		SenderBurst:     100,
	}
}

// ErrConfig is wrapped by every invalid engine configuration.
var ErrConfig = errors.New("invalid preconf configuration")

// Validate reports the first field of c that cannot work.
func (c *Config) Validate() error {
	switch {
	case c.Key == nil:
		return fmt.Errorf("%w: committer key: missing", ErrConfig)
	case c.Domain.ChainID == nil || c.Domain.ChainID.Sign() <= 0:
		return fmt.Errorf("%w: chain id: must be positive", ErrConfig)
	case c.Fork != ForkPrague && c.Fork != ForkOsaka:
		return fmt.Errorf("%w: fork %v: not known", ErrConfig, c.Fork)
	case c.SlotsPerEpoch == 0:
		return fmt.Errorf("%w: slots per epoch: must be positive", ErrConfig)
	case c.MaxTxSize == 0 || c.MaxGas == 0 || c.MaxCount == 0:
		return fmt.Errorf("%w: max tx size, max gas and max count must be positive", ErrConfig)
	case c.MaxGas > math.MaxInt64/uint64(c.MaxCount):
		return fmt.Errorf("%w: max gas %d × max count %d: must fit in 63 bits", ErrConfig, c.MaxGas, c.MaxCount)
	case c.MaxBlobs < 0:
		return fmt.Errorf("%w: max blobs: must not be negative", ErrConfig)
	case c.Floor == nil || c.Floor.Sign() < 0:
		return fmt.Errorf("%w: floor: must not be negative", ErrConfig)
	case c.PenaltyMin == nil || c.PenaltyMin.Sign() < 0:
		return fmt.Errorf("%w: penalty min: must not be negative", ErrConfig)
	case c.Collateral == nil || c.Collateral.Sign() < 0:
		return fmt.Errorf("%w: collateral: must not be negative", ErrConfig)
	case c.Retention < c.FinalityDelay:
		return fmt.Errorf("%w: retention %d slots: must be at least the finality delay %d", ErrConfig, c.Retention, c.FinalityDelay)
	}
	return nil
}

func (c *Config) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
