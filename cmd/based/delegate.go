package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/chain"
	"github.com/basedsidecar/based/sidecar/keys"
)

const (
	flagCommitter   = "committer"
	flagDelegate    = "delegate"
	flagSlot        = "slot"
	flagOut         = "out"
	flagForkVersion = "genesis-fork-version"
	flagValRoot     = "genesis-validators-root"
)

func delegateCommand() *cli.Command {
	return &cli.Command{
		Name:  "delegate",
		Usage: "sign delegations from our validator keys to the committer address and a BLS delegate key",
		Description: "Each validator key in --validator.keys signs Delegation{proposer, delegate, committer, slot, metadata}\n" +
			"under the delegation domain (type 0x0044656c, the chain's genesis fork version and validators\n" +
			"root, read from --beacon-url or given with --genesis-fork-version and --genesis-validators-root).\n" +
			"The JSON written to --out is what `based run --validator.delegations` checks at start.",
		Flags: []cli.Flag{
			beaconFlag(),
			&cli.PathFlag{Name: flagValidatorKeys, Usage: "folder of EIP-2335 validator keystores (*.json)", Required: true},
			&cli.PathFlag{Name: flagValidatorPass, Usage: "file holding the keystores' password", Required: true},
			&cli.StringFlag{Name: flagCommitter, Usage: "committer address that signs promises", Required: true},
			&cli.StringFlag{Name: flagDelegate, Usage: "BLS public key that signs constraints (empty: the zero key)"},
			&cli.Uint64Flag{Name: flagSlot, Usage: "slot the delegation is for (0: every slot)"},
			&cli.StringFlag{Name: flagForkVersion, Usage: "genesis fork version, 0x + 8 hex digits (instead of --beacon-url)"},
			&cli.StringFlag{Name: flagValRoot, Usage: "genesis validators root, 0x + 64 hex digits (instead of --beacon-url)"},
			&cli.PathFlag{Name: flagOut, Usage: "file to write the signed delegations to (never overwritten)", Required: true},
		},
		Action: func(c *cli.Context) error {
			if !common.IsHexAddress(c.String(flagCommitter)) {
				return cli.Exit(fmt.Sprintf("--%s %q: not an address", flagCommitter, c.String(flagCommitter)), 2)
			}
			committer := common.HexToAddress(c.String(flagCommitter))
			var delegate preconf.BLSPubkey
			if s := c.String(flagDelegate); s != "" {
				pk, err := keys.ParsePubkey(s)
				if err != nil {
					return cli.Exit(fmt.Sprintf("--%s: %v", flagDelegate, err), 2)
				}
				delegate = pk
			}
			domain, err := delegationDomain(c.Context, c)
			if err != nil {
				return cli.Exit(err.Error(), 2)
			}
			vs, err := keys.LoadKeystores(c.Path(flagValidatorKeys), c.Path(flagValidatorPass))
			if err != nil {
				return cli.Exit(fmt.Sprintf("--%s: %v", flagValidatorKeys, err), 2)
			}
			var out []keys.SignedDelegation
			for _, v := range vs {
				sd, err := keys.SignDelegation(keys.Delegation{Proposer: v.Pubkey, Delegate: delegate, Committer: committer, Slot: c.Uint64(flagSlot)}, v.Secret, domain)
				if err != nil {
					return cli.Exit(err.Error(), 1)
				}
				out = append(out, sd)
			}
			js, err := json.MarshalIndent(out, "", "  ")
			if err != nil {
				return err
			}
			f, err := os.OpenFile(c.Path(flagOut), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if err != nil {
				return cli.Exit(fmt.Sprintf("--%s: %v", flagOut, err), 1)
			}
			if _, err := f.Write(append(js, '\n')); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "signed %d delegations to committer %s, written to %s\n", len(out), committer, c.Path(flagOut))
			return nil
		},
	}
}

// delegationDomain takes the chain identity from the flags or the beacon node.
func delegationDomain(ctx context.Context, c *cli.Context) (phase0.Domain, error) {
	fv, vr := c.String(flagForkVersion), c.String(flagValRoot)
	if fv != "" || vr != "" {
		v, r := common.FromHex(fv), common.FromHex(vr)
		if len(v) != 4 {
			return phase0.Domain{}, fmt.Errorf("--%s %q: want 4 bytes of hex", flagForkVersion, fv)
		}
		if len(r) != 32 {
			return phase0.Domain{}, fmt.Errorf("--%s %q: want 32 bytes of hex", flagValRoot, vr)
		}
		return keys.DelegationDomain(phase0.Version(v), phase0.Root(r)), nil
	}
	urls := c.StringSlice(flagBeaconURL)
	if len(urls) == 0 {
		return phase0.Domain{}, fmt.Errorf("give --%s or --%s and --%s", flagBeaconURL, flagForkVersion, flagValRoot)
	}
	v, err := chain.New(ctx, chain.Config{BeaconURLs: urls}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		return phase0.Domain{}, err
	}
	defer v.Close()
	_ = v.Once(ctx)
	g, ok := v.Genesis()
	if !ok {
		return phase0.Domain{}, fmt.Errorf("--%s: genesis not readable: %v", flagBeaconURL, v.Ready())
	}
	return keys.DelegationDomain(phase0.Version(g.ForkVersion), phase0.Root(g.ValidatorsRoot)), nil
}
