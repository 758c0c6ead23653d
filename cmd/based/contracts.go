package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"
)

func contractsCommand() *cli.Command {
	return &cli.Command{
		Name:  "contracts",
		Usage: "deploy the Registry, RollupInbox and PreconfSlasher contracts",
		Subcommands: []*cli.Command{{
			Name:  "deploy",
			Usage: "deploy the contracts to an L1 and write their addresses to a JSON file",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "rpc", Usage: "L1 execution JSON-RPC endpoint (HTTP, WS or IPC path)", Required: true},
				&cli.PathFlag{Name: "key-file", Usage: "file holding the deployer's hex ECDSA private key", Required: true},
				&cli.PathFlag{Name: "out", Usage: "where to write the deployment JSON", Value: "deployment.json"},
				&cli.StringFlag{Name: "beacon-url", Usage: "beacon node to read genesis time and seconds per slot from"},
				&cli.Uint64Flag{Name: "genesis-time", Usage: "beacon genesis time, unix seconds (instead of --beacon-url)"},
				&cli.Uint64Flag{Name: "seconds-per-slot", Usage: "seconds per slot (instead of --beacon-url)", Value: 12},
				&cli.StringFlag{Name: "min-collateral", Usage: "minimum operator collateral, wei", Value: "1000000000000000000"},
				&cli.StringFlag{Name: "bond", Usage: "challenger bond, wei", Value: "1000000000000000000"},
				&cli.Uint64Flag{Name: "finality-delay", Usage: "seconds after a slot before it may be challenged (default two epochs)"},
				&cli.Uint64Flag{Name: "challenge-window", Usage: "seconds during which a challenge may be opened (default 12 h, shortened to fit the block-hash history)"},
				&cli.Uint64Flag{Name: "defence-window", Usage: "seconds an operator has to defend (default like challenge-window)"},
				&cli.Uint64Flag{Name: "unregistration-delay", Usage: "seconds before an unregistering operator's collateral is released (default 2 days)"},
				&cli.DurationFlag{Name: "timeout", Usage: "give up after this long", Value: 5 * time.Minute},
			},
			Action: deployAction,
		}, {
			Name:  "operator",
			Usage: "show an operator's registration and free collateral",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "rpc", Usage: "L1 execution JSON-RPC endpoint (HTTP, WS or IPC path)", Required: true},
				&cli.PathFlag{Name: "deployment", Usage: "deployment JSON written by `based contracts deploy`", Value: "deployment.json"},
				&cli.StringFlag{Name: "committer", Usage: "the operator's committer address", Required: true},
			},
			Action: operatorAction,
		}},
	}
}

func operatorAction(c *cli.Context) error {
	if !common.IsHexAddress(c.String("committer")) {
		return cli.Exit(fmt.Sprintf("--committer: %q is not an address", c.String("committer")), 2)
	}
	d, err := readDeployment(c.Path("deployment"))
	if err != nil {
		return cli.Exit(err.Error(), 2)
	}
	ctx, cancel := context.WithTimeout(c.Context, 30*time.Second)
	defer cancel()
	client, _, err := dialL1(ctx, c.String("rpc"))
	if err != nil {
		return err
	}
	defer client.Close()
	registry, err := bindings.NewRegistry(d.Registry, client)
	if err != nil {
		return err
	}
	opts := &bind.CallOpts{Context: ctx}
	op, err := registry.OperatorOfCommitter(opts, common.HexToAddress(c.String("committer")))
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	if op.Owner == (common.Address{}) {
		return fmt.Errorf("committer %s is not registered", c.String("committer"))
	}
	free, err := registry.FreeCollateral(opts, op.Owner)
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	keys, err := registry.ValidatorsOf(opts, op.Owner)
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	_, err = fmt.Fprintf(c.App.Writer, "owner %s\nvalidators %d\ncollateral %s wei\nlocked %s wei\nfree collateral %s wei\nunregistration requested at %d\n",
		op.Owner, len(keys), op.Collateral, op.Locked, free, op.UnregisterRequestedAt)
	return err
}

// deployConfig builds the contracts' parameters from the flags.
func deployConfig(c *cli.Context) (bindings.Config, error) {
	genesis, sps := c.Uint64("genesis-time"), c.Uint64("seconds-per-slot")
	if u := c.String("beacon-url"); u != "" {
		var err error
		if genesis, sps, err = beaconTiming(c.Context, u); err != nil {
			return bindings.Config{}, err
		}
	}
	cfg := bindings.DefaultConfig(genesis, sps)
	for name, dst := range map[string]**big.Int{"min-collateral": &cfg.MinCollateral, "bond": &cfg.Bond} {
		v, ok := new(big.Int).SetString(c.String(name), 10)
		if !ok || v.Sign() < 0 {
			return cfg, fmt.Errorf("--%s: %q is not a wei amount", name, c.String(name))
		}
		*dst = v
	}
	for name, dst := range map[string]*uint64{
		"finality-delay": &cfg.FinalityDelay, "challenge-window": &cfg.ChallengeWindow,
		"defence-window": &cfg.DefenceWindow, "unregistration-delay": &cfg.UnregistrationDelay,
	} {
		if c.IsSet(name) {
			*dst = c.Uint64(name)
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func deployAction(c *cli.Context) error {
	cfg, err := deployConfig(c)
	if err != nil {
		return cli.Exit(err.Error(), 2)
	}
	key, err := readKeyFile(c.Path("key-file"))
	if err != nil {
		return cli.Exit(err.Error(), 2)
	}
	ctx, cancel := context.WithTimeout(c.Context, c.Duration("timeout"))
	defer cancel()
	client, chainID, err := dialL1(ctx, c.String("rpc"))
	if err != nil {
		return err
	}
	defer client.Close()
	auth, err := bind.NewKeyedTransactorWithChainID(key, chainID)
	if err != nil {
		return err
	}
	d, err := bindings.Deploy(ctx, client, auth, chainID.Uint64(), cfg)
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(c.Path("out"), append(out, '\n'), 0o644); err != nil {
		return fmt.Errorf("write deployment: %w", err)
	}
	_, err = fmt.Fprintf(c.App.Writer, "registry %s\nrollupInbox %s\npreconfSlasher %s\nwritten to %s\n",
		d.Registry, d.RollupInbox, d.PreconfSlasher, c.Path("out"))
	return err
}

func dialL1(ctx context.Context, url string) (*ethclient.Client, *big.Int, error) {
	client, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, nil, fmt.Errorf("dial %s: %w", url, err)
	}
	id, err := client.ChainID(ctx)
	if err != nil {
		client.Close()
		return nil, nil, fmt.Errorf("chain id from %s: %w", url, err)
	}
	return client, id, nil
}

// readKeyFile reads a hex ECDSA private key (with or without 0x) from path.
func readKeyFile(path string) (*ecdsa.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--key-file: %w", err)
	}
	key, err := crypto.HexToECDSA(strings.TrimPrefix(strings.TrimSpace(string(b)), "0x"))
	if err != nil {
		return nil, fmt.Errorf("--key-file %s: %w", path, err)
	}
	return key, nil
}

// beaconTiming reads genesis time and seconds per slot from a beacon node.
func beaconTiming(ctx context.Context, base string) (genesis, secondsPerSlot uint64, err error) {
	var g struct {
		Data struct {
			GenesisTime string `json:"genesis_time"`
		} `json:"data"`
	}
	var s struct {
		Data struct {
			SecondsPerSlot string `json:"SECONDS_PER_SLOT"`
		} `json:"data"`
	}
	base = strings.TrimSuffix(base, "/")
	if err := getJSON(ctx, base+"/eth/v1/beacon/genesis", &g); err != nil {
		return 0, 0, err
	}
	if err := getJSON(ctx, base+"/eth/v1/config/spec", &s); err != nil {
		return 0, 0, err
	}
	if genesis, err = strconv.ParseUint(g.Data.GenesisTime, 10, 64); err != nil {
		return 0, 0, fmt.Errorf("beacon genesis_time %q: %w", g.Data.GenesisTime, err)
	}
	if secondsPerSlot, err = strconv.ParseUint(s.Data.SecondsPerSlot, 10, 64); err != nil || secondsPerSlot == 0 {
		return 0, 0, fmt.Errorf("beacon SECONDS_PER_SLOT %q: %w", s.Data.SecondsPerSlot, errors.Join(err, errors.New("must be positive")))
	}
	return genesis, secondsPerSlot, nil
}

func getJSON(ctx context.Context, url string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	return nil
}
