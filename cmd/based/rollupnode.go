package main

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/rollup"
)

func rollupNodeCommand() *cli.Command {
	return &cli.Command{
		Name:  "rollup-node",
		Usage: "derive a based rollup's chain from the RollupInbox and drive its execution client (geth) through the Engine API",
		Description: "The node reads the rollup's blocks from the RollupInbox on L1 (calldata, or blobs from the\n" +
			"Beacon API), checks them against the inbox's headers (docs/BATCH.md) and has a stock geth\n" +
			"with the rollup's genesis execute them. geth runs with --http.api eth,testing and\n" +
			"--miner.gaslimit equal to --rollup.gas-limit. With --sequencer-ws the sequencer's sealed\n" +
			"blocks become the preconfirmed (latest) head before L1 confirms them (safe).",
		Flags: []cli.Flag{
			&cli.Uint64Flag{Name: "rollup.chain-id", Usage: "the rollup's chain id"},
			&cli.Uint64Flag{Name: "rollup.gas-limit", Usage: "the rollup's L2 block gas limit (its genesis gas limit)", Value: 30_000_000},
			&cli.StringFlag{Name: "l1.rpc", Usage: "L1 execution JSON-RPC URL"},
			&cli.StringFlag{Name: "l1.beacon-url", Usage: "L1 Beacon API URL, for batches in blobs"},
			&cli.Uint64Flag{Name: "l1.start-block", Usage: "first L1 block to read (the inbox's deployment block)"},
			&cli.DurationFlag{Name: "l1.poll", Usage: "how often L1 is read", Value: time.Second},
			&cli.StringFlag{Name: "inbox", Usage: "RollupInbox address (else --deployment)"},
			&cli.PathFlag{Name: "deployment", Usage: "deployment JSON written by `based contracts deploy` (for the inbox address)"},
			&cli.StringFlag{Name: "engine-url", Usage: "the execution client's Engine API URL"},
			&cli.PathFlag{Name: "engine-jwt", Usage: "hex JWT secret file of the Engine API"},
			&cli.StringFlag{Name: "l2.rpc", Usage: "the execution client's HTTP JSON-RPC URL (eth and testing namespaces)"},
			&cli.StringFlag{Name: "sequencer-ws", Usage: "the sequencer's WebSocket URL (preconf_subscribe rollupBlocks): preconfirmed head"},
			&cli.PathFlag{Name: "datadir", Usage: "data folder (derivation progress)"},
			&cli.StringFlag{Name: "status.addr", Usage: "listen address of GET /status and /metrics", Value: "127.0.0.1:7300"},
		},
		Subcommands: []*cli.Command{{
			Name:  "genesis",
			Usage: "print a rollup's post-merge genesis JSON for `geth init` (every fork to Osaka at block 0, the system contracts)",
			Flags: []cli.Flag{
				&cli.Uint64Flag{Name: "rollup.chain-id", Usage: "the rollup's chain id"},
				&cli.Uint64Flag{Name: "rollup.gas-limit", Usage: "the L2 block gas limit (run geth with the same --miner.gaslimit)", Value: 30_000_000},
				&cli.Uint64Flag{Name: "time", Usage: "genesis timestamp: the L1 beacon genesis time (unix seconds)"},
				&cli.StringSliceFlag{Name: "alloc", Usage: "prefunded account as address=wei (repeatable)"},
			},
			Action: func(c *cli.Context) error {
				if !c.IsSet("rollup.chain-id") || c.Uint64("rollup.chain-id") == 0 {
					return cli.Exit("--rollup.chain-id is required", 2)
				}
				alloc := types.GenesisAlloc{}
				for _, a := range c.StringSlice("alloc") {
					addr, wei, ok := strings.Cut(a, "=")
					bal, okWei := new(big.Int).SetString(wei, 10)
					if !ok || !common.IsHexAddress(addr) || !okWei || bal.Sign() < 0 {
						return cli.Exit(fmt.Sprintf("--alloc %q: want 0x<address>=<wei>", a), 2)
					}
					alloc[common.HexToAddress(addr)] = types.Account{Balance: bal}
				}
				g := rollup.Genesis(c.Uint64("rollup.chain-id"), c.Uint64("rollup.gas-limit"), c.Uint64("time"), alloc)
				out, err := json.MarshalIndent(g, "", "  ")
				if err != nil {
					return cli.Exit(err.Error(), 1)
				}
				fmt.Fprintln(c.App.Writer, string(out))
				return nil
			},
		}, {
			Name:  "status",
			Usage: "print a running rollup node's heads (GET /status)",
			Flags: []cli.Flag{&cli.StringFlag{Name: "url", Usage: "the node's status address", Value: "http://127.0.0.1:7300"}},
			Action: func(c *cli.Context) error {
				ctx := c.Context
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.String("url")+"/status", nil)
				if err != nil {
					return cli.Exit(err.Error(), 2)
				}
				resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
				if err != nil {
					return cli.Exit(err.Error(), 1)
				}
				defer resp.Body.Close()
				var s rollup.Status
				if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
					return cli.Exit(fmt.Sprintf("status: %v", err), 1)
				}
				w := c.App.Writer
				fmt.Fprintf(w, "chain id    %d\nL1 block    %d\n", uint64(s.ChainID), uint64(s.L1Block))
				fmt.Fprintf(w, "latest      %d %s\nsafe        %d %s\nfinalized   %d %s\n",
					uint64(s.Latest.Number), s.Latest.Hash, uint64(s.Safe.Number), s.Safe.Hash, uint64(s.Finalized.Number), s.Finalized.Hash)
				for _, v := range s.Voids {
					fmt.Fprintf(w, "refused     %s: %s\n", v.TxHash, v.Reason)
				}
				if s.Error != "" {
					fmt.Fprintf(w, "last error  %s\n", s.Error)
				}
				return nil
			},
		}},
		Action: func(c *cli.Context) error {
			log, err := loggerFrom(c)
			if err != nil {
				return cli.Exit(err.Error(), 2)
			}
			for _, f := range []string{"rollup.chain-id", "l1.rpc", "engine-url", "engine-jwt", "l2.rpc", "datadir"} {
				if !c.IsSet(f) {
					return cli.Exit("--"+f+" is required", 2)
				}
			}
			inbox := c.String("inbox")
			if inbox == "" && c.Path("deployment") != "" {
				d, err := readDeployment(c.Path("deployment"))
				if err != nil {
					return cli.Exit(err.Error(), 2)
				}
				inbox = d.RollupInbox.Hex()
			}
			if !common.IsHexAddress(inbox) {
				return cli.Exit("--inbox (or --deployment) must give the RollupInbox address", 2)
			}
			jwt, err := rollup.ReadJWT(c.Path("engine-jwt"))
			if err != nil {
				return cli.Exit("--engine-jwt: "+err.Error(), 2)
			}
			cfg := rollup.Config{
				ChainID: c.Uint64("rollup.chain-id"), GasLimit: c.Uint64("rollup.gas-limit"),
				L1RPC: c.String("l1.rpc"), BeaconURL: c.String("l1.beacon-url"), StartBlock: c.Uint64("l1.start-block"), Poll: c.Duration("l1.poll"),
				Inbox:     common.HexToAddress(inbox),
				EngineURL: c.String("engine-url"), JWT: jwt, L2RPC: c.String("l2.rpc"),
				SequencerWS: c.String("sequencer-ws"), DataDir: c.Path("datadir"), StatusAddr: c.String("status.addr"),
			}
			n, err := rollup.NewNode(c.Context, cfg, log)
			if err != nil {
				return cli.Exit(err.Error(), 1)
			}
			defer n.Close()
			return n.Run(c.Context)
		},
	}
}
