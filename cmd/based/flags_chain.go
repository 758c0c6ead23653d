package main

import (
	"crypto/ecdsa"
	"fmt"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar"
	"github.com/basedsidecar/based/sidecar/chain"
	"github.com/basedsidecar/based/sidecar/keys"
)

const (
	flagBeaconURL       = "beacon-url"
	flagExecutionURL    = "execution-url"
	flagEngineURL       = "engine-url"
	flagJWTSecret       = "jwt-secret"
	flagDeadlineMS      = "chain.deadline-ms"
	flagValidatorKeys   = "validator.keys"
	flagValidatorPass   = "validator.password-file"
	flagValidatorPubs   = "validator.pubkeys"
	flagDelegations     = "validator.delegations"
	flagDelegateBLS     = "validator.delegate"
	flagChainTimeoutMS  = "chain.timeout-ms"
	flagMaxHeadLag      = "chain.max-head-lag"
	defaultChainTimeout = 2000
	// maxFlagMS bounds the millisecond flags (a day), far below where a
	// time.Duration would overflow.
	maxFlagMS = 24 * 60 * 60 * 1000
)

// beaconFlag is the repeatable --beacon-url flag shared by run and lookahead.
func beaconFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: flagBeaconURL, Usage: "Beacon API URL; repeat for failover (the first that answers is used)", EnvVars: []string{"BASED_BEACON_URL"}}
}

// validatorFlags say which validators are ours.
func validatorFlags() []cli.Flag {
	return []cli.Flag{
		&cli.PathFlag{Name: flagValidatorKeys, Usage: "folder of EIP-2335 validator keystores (*.json)", EnvVars: []string{"BASED_VALIDATOR_KEYS"}},
		&cli.PathFlag{Name: flagValidatorPass, Usage: "file holding the validator keystores' password", EnvVars: []string{"BASED_VALIDATOR_PASSWORD_FILE"}},
		&cli.PathFlag{Name: flagValidatorPubs, Usage: "file of validator public keys, one per line (signing delegated; instead of --validator.keys)", EnvVars: []string{"BASED_VALIDATOR_PUBKEYS"}},
	}
}

// chainFlags are the `based run` flags of the chain view.
func chainFlags() []cli.Flag {
	fs := []cli.Flag{
		beaconFlag(),
		&cli.StringFlag{Name: flagExecutionURL, Usage: "execution client JSON-RPC URL (HTTP, WebSocket or IPC path)", EnvVars: []string{"BASED_EXECUTION_URL"}},
		&cli.StringFlag{Name: flagEngineURL, Usage: "execution client Engine API URL (for the fallback builder)", EnvVars: []string{"BASED_ENGINE_URL"}},
		&cli.PathFlag{Name: flagJWTSecret, Usage: "file holding the Engine API JWT secret (hex)", EnvVars: []string{"BASED_JWT_SECRET"}},
		&cli.Int64Flag{Name: flagDeadlineMS, Usage: "commitment deadline in ms into the slot before ours (0: two thirds of a slot)", EnvVars: []string{"BASED_CHAIN_DEADLINE_MS"}},
		&cli.Int64Flag{Name: flagChainTimeoutMS, Value: defaultChainTimeout, Usage: "timeout in ms of one beacon or execution request", EnvVars: []string{"BASED_CHAIN_TIMEOUT_MS"}},
		&cli.Uint64Flag{Name: flagMaxHeadLag, Value: chain.DefaultMaxHeadLag, Usage: "slots the head block may trail the clock before promises stop (a stalled chain or beacon node)", EnvVars: []string{"BASED_CHAIN_MAX_HEAD_LAG"}},
		&cli.PathFlag{Name: flagDelegations, Usage: "signed delegations from `based delegate`, checked at start against our validators and committer", EnvVars: []string{"BASED_VALIDATOR_DELEGATIONS"}},
		&cli.StringFlag{Name: flagDelegateBLS, Usage: "BLS public key the delegations must name as constraints delegate (empty: not checked)", EnvVars: []string{"BASED_VALIDATOR_DELEGATE"}},
	}
	return append(fs, validatorFlags()...)
}

// loadValidators reads our validators from keystores or from a public key file.
func loadValidators(c *cli.Context) ([]keys.Validator, error) {
	dir, pubs := c.Path(flagValidatorKeys), c.Path(flagValidatorPubs)
	switch {
	case dir != "" && pubs != "":
		return nil, fmt.Errorf("--%s and --%s: give one of them", flagValidatorKeys, flagValidatorPubs)
	case dir != "":
		if c.Path(flagValidatorPass) == "" {
			return nil, fmt.Errorf("--%s: needs --%s", flagValidatorKeys, flagValidatorPass)
		}
		vs, err := keys.LoadKeystores(dir, c.Path(flagValidatorPass))
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", flagValidatorKeys, err)
		}
		return vs, nil
	case pubs != "":
		vs, err := keys.LoadPubkeys(pubs)
		if err != nil {
			return nil, fmt.Errorf("--%s: %w", flagValidatorPubs, err)
		}
		return vs, nil
	}
	return nil, nil
}

// applyChainFlags fills cfg.Chain; it runs after the promise engine's flags so
// that the committer key and the L1 chain id are known.
func applyChainFlags(c *cli.Context, cfg *sidecar.Config) error {
	urls := c.StringSlice(flagBeaconURL)
	if len(urls) == 0 {
		return nil
	}
	vs, err := loadValidators(c)
	if err != nil {
		return err
	}
	var committer common.Address
	if cfg.Preconf.Key != nil {
		committer = committerAddress(cfg.Preconf.Key)
	}
	ours := make(map[preconf.BLSPubkey]common.Address, len(vs))
	for _, v := range vs {
		ours[v.Pubkey] = committer
	}
	for _, f := range []string{flagDeadlineMS, flagChainTimeoutMS} {
		if ms := c.Int64(f); ms < 0 || ms > maxFlagMS {
			return fmt.Errorf("--%s %d: must be between 0 and %d", f, ms, int64(maxFlagMS))
		}
	}
	if c.Uint64(flagMaxHeadLag) == 0 {
		return fmt.Errorf("--%s 0: must be at least 1 slot", flagMaxHeadLag)
	}
	cc := chain.Config{
		BeaconURLs:   urls,
		MaxHeadLag:   c.Uint64(flagMaxHeadLag),
		ExecutionURL: c.String(flagExecutionURL),
		Deadline:     time.Duration(c.Int64(flagDeadlineMS)) * time.Millisecond,
		Timeout:      time.Duration(c.Int64(flagChainTimeoutMS)) * time.Millisecond,
		Validators:   ours,
		EngineURL:    c.String(flagEngineURL),
		JWTSecret:    c.Path(flagJWTSecret),
	}
	if cc.Timeout <= 0 {
		return fmt.Errorf("--%s %d: must be positive", flagChainTimeoutMS, c.Int64(flagChainTimeoutMS))
	}
	if id := cfg.Preconf.Domain.ChainID; id != nil && id.IsUint64() {
		cc.ChainID = id.Uint64()
	}
	if (c.String(flagEngineURL) == "") != (c.Path(flagJWTSecret) == "") {
		return fmt.Errorf("--%s and --%s go together", flagEngineURL, flagJWTSecret)
	}
	if p := c.Path(flagJWTSecret); p != "" {
		if _, err := chain.ReadJWTSecret(p); err != nil {
			return fmt.Errorf("--%s: %w", flagJWTSecret, err)
		}
	}
	if path := c.Path(flagDelegations); path != "" {
		ds, err := keys.ReadDelegations(path)
		if err != nil {
			return fmt.Errorf("--%s: %w", flagDelegations, err)
		}
		var delegate preconf.BLSPubkey
		if s := c.String(flagDelegateBLS); s != "" {
			if delegate, err = keys.ParsePubkey(s); err != nil {
				return fmt.Errorf("--%s: %w", flagDelegateBLS, err)
			}
		}
		cfg.Constraints.Delegations = ds
		cc.OnGenesis = func(g chain.Genesis) error {
			domain := keys.DelegationDomain(phase0.Version(g.ForkVersion), phase0.Root(g.ValidatorsRoot))
			_, err := keys.CheckDelegations(ds, vs, committer, delegate, domain)
			return err
		}
	}
	cfg.Chain = cc
	return nil
}

func committerAddress(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }
