package bindings

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/basedsidecar/based/contracts/bls"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Config holds the deployment parameters of the three contracts.
type Config struct {
	MinCollateral       *big.Int `json:"minCollateral"`       // wei an operator must deposit
	UnregistrationDelay uint64   `json:"unregistrationDelay"` // seconds before collateral is released
	GenesisTime         uint64   `json:"genesisTime"`         // L1 beacon genesis, unix seconds
	SecondsPerSlot      uint64   `json:"secondsPerSlot"`
	FinalityDelay       uint64   `json:"finalityDelay"`   // seconds after a slot before a challenge opens
	ChallengeWindow     uint64   `json:"challengeWindow"` // seconds during which a challenge may open
	DefenceWindow       uint64   `json:"defenceWindow"`   // seconds an operator has to defend
	Notice              uint64   `json:"notice"`          // seconds promises stay backed after unregistering
	Bond                *big.Int `json:"bond"`            // wei a challenger posts
	RewardBps           uint64   `json:"rewardBps"`       // challenger reward, basis points of the penalty
	LivenessBps         uint64   `json:"livenessBps"`     // share of the penalty for a missed slot
}

// DefaultConfig returns mainnet-like parameters for a chain with the given genesis and slot
// time: 1 ETH minimum collateral and bond, two epochs of finality, 12 h to open a challenge
// and 12 h to defend it (shortened on fast chains to fit the 8191-block hash history).
func DefaultConfig(genesisTime, secondsPerSlot uint64) Config {
	epochs2 := 64 * secondsPerSlot
	window := uint64(12 * 3600)
	if fit := (8191*secondsPerSlot - epochs2) * 2 / 5; fit < window {
		window = fit
	}
	return Config{
		MinCollateral:       big.NewInt(1e18),
		UnregistrationDelay: max(2*24*3600, 2*epochs2+2*window),
		GenesisTime:         genesisTime,
		SecondsPerSlot:      secondsPerSlot,
		FinalityDelay:       epochs2,
		ChallengeWindow:     window,
		DefenceWindow:       window,
		Notice:              epochs2,
		Bond:                big.NewInt(1e18),
		RewardBps:           1000,
		LivenessBps:         2000,
	}
}

// ErrBadConfig is wrapped by every configuration the slasher would refuse.
var ErrBadConfig = errors.New("bad contracts config")

// Validate checks the rules the PreconfSlasher constructor enforces.
func (c Config) Validate() error {
	life := c.FinalityDelay + c.ChallengeWindow + c.DefenceWindow
	switch {
	case c.SecondsPerSlot == 0:
		return fmt.Errorf("%w: secondsPerSlot is zero", ErrBadConfig)
	case c.FinalityDelay == 0:
		return fmt.Errorf("%w: finalityDelay is zero", ErrBadConfig)
	case life >= 8191*c.SecondsPerSlot:
		return fmt.Errorf("%w: finalityDelay+challengeWindow+defenceWindow %d s outlives the 8191-block history", ErrBadConfig, life)
	case c.Notice+life > c.UnregistrationDelay:
		return fmt.Errorf("%w: unregistrationDelay %d s is shorter than notice plus a challenge's life (%d s)", ErrBadConfig, c.UnregistrationDelay, c.Notice+life)
	case c.LivenessBps > 10000:
		return fmt.Errorf("%w: livenessBps %d above 10000", ErrBadConfig, c.LivenessBps)
	case c.MinCollateral == nil || c.Bond == nil:
		return fmt.Errorf("%w: minCollateral and bond are required", ErrBadConfig)
	}
	return nil
}

// Deployment is where the contracts live; `based contracts deploy` writes it as JSON.
type Deployment struct {
	ChainID        uint64         `json:"chainId"`
	Registry       common.Address `json:"registry"`
	RollupInbox    common.Address `json:"rollupInbox"`
	PreconfSlasher common.Address `json:"preconfSlasher"`
	Deployer       common.Address `json:"deployer"`
	Config         Config         `json:"config"`
}

// Backend is what deploying needs: sending transactions and waiting for their receipts.
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
}

// Deploy deploys the Registry, the RollupInbox and the PreconfSlasher and wires the slasher
// into the registry, waiting for each transaction.
func Deploy(ctx context.Context, backend Backend, auth *bind.TransactOpts, chainID uint64, cfg Config) (*Deployment, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	d := &Deployment{ChainID: chainID, Deployer: auth.From, Config: cfg}
	opts := *auth
	opts.Context = ctx
	wait := func(what string, tx *types.Transaction, err error) error {
		if err != nil {
			return fmt.Errorf("deploy %s: %w", what, err)
		}
		r, err := bind.WaitMined(ctx, backend, tx)
		if err != nil {
			return fmt.Errorf("wait for %s: %w", what, err)
		}
		if r.Status != types.ReceiptStatusSuccessful {
			return fmt.Errorf("%s: transaction %s reverted", what, tx.Hash())
		}
		return nil
	}
	var (
		tx  *types.Transaction
		err error
	)
	d.Registry, tx, _, err = DeployRegistry(&opts, backend, cfg.MinCollateral, new(big.Int).SetUint64(cfg.UnregistrationDelay))
	if err := wait("Registry", tx, err); err != nil {
		return nil, err
	}
	d.RollupInbox, tx, _, err = DeployRollupInbox(&opts, backend, new(big.Int).SetUint64(cfg.GenesisTime), new(big.Int).SetUint64(cfg.SecondsPerSlot))
	if err := wait("RollupInbox", tx, err); err != nil {
		return nil, err
	}
	d.PreconfSlasher, tx, _, err = DeployPreconfSlasher(&opts, backend, d.Registry, d.RollupInbox, PreconfSlasherConfig{
		GenesisTime:     new(big.Int).SetUint64(cfg.GenesisTime),
		SecondsPerSlot:  new(big.Int).SetUint64(cfg.SecondsPerSlot),
		FinalityDelay:   new(big.Int).SetUint64(cfg.FinalityDelay),
		ChallengeWindow: new(big.Int).SetUint64(cfg.ChallengeWindow),
		DefenceWindow:   new(big.Int).SetUint64(cfg.DefenceWindow),
		Notice:          new(big.Int).SetUint64(cfg.Notice),
		Bond:            cfg.Bond,
		RewardBps:       new(big.Int).SetUint64(cfg.RewardBps),
		LivenessBps:     new(big.Int).SetUint64(cfg.LivenessBps),
	})
	if err := wait("PreconfSlasher", tx, err); err != nil {
		return nil, err
	}
	reg, err := NewRegistry(d.Registry, backend)
	if err != nil {
		return nil, err
	}
	tx, err = reg.SetSlasher(&opts, d.PreconfSlasher)
	if err := wait("Registry.setSlasher", tx, err); err != nil {
		return nil, err
	}
	return d, nil
}

// Register registers auth.From as an operator with the given validator keys (each with its
// proof of possession), committer and auth.Value of collateral, and waits for the receipt.
func Register(ctx context.Context, backend Backend, auth *bind.TransactOpts, chainID *big.Int, registry, committer common.Address, keys []*bls.SecretKey) (*types.Transaction, error) {
	var pubkeys, pops [][]byte
	for _, k := range keys {
		pub, pop, err := bls.ProofOfPossession(k, chainID, registry, auth.From, committer)
		if err != nil {
			return nil, err
		}
		pubkeys, pops = append(pubkeys, pub), append(pops, pop)
	}
	reg, err := NewRegistry(registry, backend)
	if err != nil {
		return nil, err
	}
	opts := *auth
	opts.Context = ctx
	tx, err := reg.Register(&opts, committer, pubkeys, pops)
	if err != nil {
		return nil, fmt.Errorf("register: %w", err)
	}
	r, err := bind.WaitMined(ctx, backend, tx)
	if err != nil {
		return tx, fmt.Errorf("wait for %s: %w", tx.Hash(), err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return tx, fmt.Errorf("register: transaction %s reverted", tx.Hash())
	}
	return tx, nil
}
