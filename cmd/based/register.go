package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/bls"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"
)

func registerCommand() *cli.Command {
	return &cli.Command{
		Name:  "register",
		Usage: "register validator keys with collateral and a committer in the Registry",
		Description: "Signs a BLS proof of possession with each validator key (bound to the registry, the\n" +
			"chain, the owner and the committer), deposits the collateral and names the committer that\n" +
			"signs promises. The owner (--key-file) is the account that can later unregister and withdraw.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "rpc", Usage: "L1 execution JSON-RPC endpoint (HTTP, WS or IPC path)", Required: true},
			&cli.PathFlag{Name: "deployment", Usage: "deployment JSON written by `based contracts deploy`", Value: "deployment.json"},
			&cli.PathFlag{Name: "key-file", Usage: "file holding the operator owner's hex ECDSA private key", Required: true},
			&cli.StringFlag{Name: "committer", Usage: "address of the ECDSA key that signs promises", Required: true},
			&cli.StringFlag{Name: "collateral", Usage: "collateral to deposit, wei", Value: "1000000000000000000"},
			&cli.PathFlag{Name: "bls-key-file", Usage: "file with one hex BLS secret key per line"},
			&cli.StringFlag{Name: "interop-validators", Usage: "devnet only: interop validator indices, e.g. 0-3 or 0,2"},
			&cli.DurationFlag{Name: "timeout", Usage: "give up after this long", Value: 2 * time.Minute},
		},
		Action: registerAction,
	}
}

func registerAction(c *cli.Context) error {
	if !common.IsHexAddress(c.String("committer")) {
		return cli.Exit(fmt.Sprintf("--committer: %q is not an address", c.String("committer")), 2)
	}
	committer := common.HexToAddress(c.String("committer"))
	collateral, ok := new(big.Int).SetString(c.String("collateral"), 10)
	if !ok || collateral.Sign() <= 0 {
		return cli.Exit(fmt.Sprintf("--collateral: %q is not a wei amount", c.String("collateral")), 2)
	}
	keys, err := validatorKeys(c.Path("bls-key-file"), c.String("interop-validators"))
	if err != nil {
		return cli.Exit(err.Error(), 2)
	}
	owner, err := readKeyFile(c.Path("key-file"))
	if err != nil {
		return cli.Exit(err.Error(), 2)
	}
	d, err := readDeployment(c.Path("deployment"))
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
	if chainID.Uint64() != d.ChainID {
		return fmt.Errorf("the RPC serves chain %d, the deployment is on chain %d", chainID, d.ChainID)
	}
	auth, err := bind.NewKeyedTransactorWithChainID(owner, chainID)
	if err != nil {
		return err
	}
	auth.Context = ctx
	auth.Value = collateral

	tx, err := bindings.Register(ctx, client, auth, chainID, d.Registry, committer, keys)
	if err != nil {
		return err
	}
	registry, err := bindings.NewRegistry(d.Registry, client)
	if err != nil {
		return err
	}
	free, err := registry.FreeCollateral(&bind.CallOpts{Context: ctx}, auth.From)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.App.Writer, "registered %d validator key(s) for owner %s, committer %s\ntx %s\nfree collateral %s wei\n",
		len(keys), auth.From, committer, tx.Hash(), free)
	return err
}

func readDeployment(path string) (*bindings.Deployment, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--deployment: %w", err)
	}
	var d bindings.Deployment
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("--deployment %s: %w", path, err)
	}
	if d.Registry == (common.Address{}) {
		return nil, fmt.Errorf("--deployment %s: no registry address", path)
	}
	return &d, nil
}

// validatorKeys reads BLS secret keys from a file (one hex key a line) and/or derives
// interop keys from a list of indices such as "0-3,7".
func validatorKeys(file, interop string) ([]*bls.SecretKey, error) {
	var keys []*bls.SecretKey
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("--bls-key-file: %w", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimPrefix(strings.TrimSpace(sc.Text()), "0x")
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			k, err := bls.NewSecretKey(common.FromHex(line))
			if err != nil {
				return nil, fmt.Errorf("--bls-key-file line %d: %w", n, err)
			}
			keys = append(keys, k)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("--bls-key-file: %w", err)
		}
	}
	if interop != "" {
		idx, err := parseIndices(interop)
		if err != nil {
			return nil, fmt.Errorf("--interop-validators: %w", err)
		}
		for _, i := range idx {
			keys = append(keys, bls.InteropKey(i))
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("no validator keys: give --bls-key-file or --interop-validators")
	}
	return keys, nil
}

// parseIndices parses "0-3,7" into 0 1 2 3 7; at most 1024 indices.
func parseIndices(s string) ([]uint64, error) {
	var out []uint64
	for part := range strings.SplitSeq(s, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.ParseUint(lo, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", part, err)
		}
		b := a
		if isRange {
			if b, err = strconv.ParseUint(hi, 10, 64); err != nil || b < a {
				return nil, fmt.Errorf("%q: bad range", part)
			}
		}
		if b-a >= 1024 || len(out)+int(b-a+1) > 1024 {
			return nil, fmt.Errorf("%q: more than 1024 indices", part)
		}
		for i := a; i <= b; i++ {
			out = append(out, i)
		}
	}
	return out, nil
}
