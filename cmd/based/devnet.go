package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/devnet"
)

const (
	flagDevnetDir    = "datadir"
	flagDevnetCache  = "cache"
	flagDevnetSlot   = "slot"
	flagDevnetRelay  = "relay"
	flagDevnetJSON   = "json"
	flagRecordOut    = "out"
	flagRecordSSE    = "sse"
	flagRecordEpochs = "epochs"
)

func devnetDirFlag() cli.Flag {
	return &cli.PathFlag{Name: flagDevnetDir, Usage: "the devnet's data folder (genesis, databases, logs, devnet.json); default: .devnet at the repository root", EnvVars: []string{"BASED_DEVNET_DIR"}}
}

// devnetDir is --datadir, or .devnet at the root of the repository holding
// the working folder (else in the working folder).
func devnetDir(c *cli.Context) string {
	if d := c.Path(flagDevnetDir); d != "" {
		return d
	}
	if repo, err := devnet.FindRepoRoot("."); err == nil {
		return filepath.Join(repo, ".devnet")
	}
	return ".devnet"
}

// devnetCommand is `based devnet up|down|status|record`.
func devnetCommand() *cli.Command {
	return &cli.Command{
		Name:  "devnet",
		Usage: "run a local proof-of-stake network of real clients with the sidecar in the builder path",
		Subcommands: []*cli.Command{
			{
				Name:  "up",
				Usage: "build the clients (cached), generate a genesis and run the network until Ctrl-C",
				Flags: []cli.Flag{
					devnetDirFlag(),
					&cli.PathFlag{Name: flagDevnetCache, Usage: "client binary cache (default: devnet/.cache of the repository)"},
					&cli.DurationFlag{Name: flagDevnetSlot, Value: 4 * time.Second, Usage: "slot duration (whole seconds)"},
					&cli.BoolFlag{Name: flagDevnetRelay, Value: true, Usage: "run mev-boost-relay with Redis and PostgreSQL behind the sidecar"},
				},
				Action: devnetUp,
			},
			{
				Name:   "down",
				Usage:  "stop the devnet of the data folder, by PID",
				Flags:  []cli.Flag{devnetDirFlag()},
				Action: devnetDown,
			},
			{
				Name:  "demo",
				Usage: "walk through the running devnet: promises for an L1 tx and a tx on each rollup, a cross-rollup bundle, each checked on the chains as the slot comes",
				Flags: []cli.Flag{devnetDirFlag()},
				Action: func(c *cli.Context) error {
					if err := devnet.Demo(c.Context, devnetDir(c), c.App.Writer); err != nil {
						return cli.Exit("demo: "+err.Error(), 1)
					}
					return nil
				},
			},
			{
				Name:   "status",
				Usage:  "show the devnet's processes, head slot, finalized epoch and last block",
				Flags:  []cli.Flag{devnetDirFlag(), &cli.BoolFlag{Name: flagDevnetJSON, Usage: "print JSON"}},
				Action: devnetStatus,
			},
			{
				Name:  "record",
				Usage: "record Beacon API answers and an SSE capture of the running devnet's beacon node as test data",
				Flags: []cli.Flag{
					devnetDirFlag(),
					&cli.PathFlag{Name: flagRecordOut, Usage: "output folder; default: sidecar/chain/testdata/prysm of the repository"},
					&cli.DurationFlag{Name: flagRecordSSE, Value: time.Minute, Usage: "how long to capture the event stream"},
					&cli.Uint64Flag{Name: flagRecordEpochs, Value: 4, Usage: "record proposer duties of epochs 0 to this one (waits for the chain to get there)"},
				},
				Action: devnetRecord,
			},
		},
	}
}

func devnetUp(c *cli.Context) error {
	out := c.App.Writer
	repo, err := devnet.FindRepoRoot(".")
	if err != nil {
		return cli.Exit(fmt.Sprintf("%v; run from the based repository", err), 1)
	}
	cache := c.Path(flagDevnetCache)
	if cache == "" {
		cache = filepath.Join(repo, "devnet", ".cache")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	started := time.Now()
	bins, err := devnet.Build(c.Context, repo, cache, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "clients ready in %s\n", time.Since(started).Round(time.Second))
	n, err := devnet.Up(c.Context, devnet.Config{
		DataDir: devnetDir(c),
		Bins:    bins,
		Sidecar: self,
		Slot:    c.Duration(flagDevnetSlot),
		NoRelay: !c.Bool(flagDevnetRelay),
		Out:     out,
	})
	if err != nil {
		return err
	}
	defer n.Close()
	printEndpoints(out, n.State)
	fmt.Fprintf(out, "devnet up in %s; Ctrl-C (or `based devnet down`) stops it\n", time.Since(started).Round(time.Second))
	tick := time.NewTicker(time.Duration(n.State.SlotSeconds) * 8 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-c.Context.Done():
			fmt.Fprintln(out, "stopping devnet")
			return nil
		case err := <-n.Failed():
			return fmt.Errorf("devnet: %w", err)
		case <-tick.C:
			if h, err := devnet.ChainHead(c.Context, n.State.Endpoints); err == nil {
				fmt.Fprintf(out, "head slot %d, finalized epoch %d, block %d (%d txs)\n", h.Slot, h.FinalizedEpoch, h.BlockNumber, h.BlockTxs)
			}
		}
	}
}

func printEndpoints(w io.Writer, s devnet.State) {
	ep := s.Endpoints
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "chain id\t%d\n", s.ChainID)
	fmt.Fprintf(tw, "genesis\t%s (%d s slots)\n", s.GenesisTime.Format(time.RFC3339), s.SlotSeconds)
	fmt.Fprintf(tw, "execution JSON-RPC\t%s\n", ep.ExecutionHTTP)
	fmt.Fprintf(tw, "execution WebSocket\t%s\n", ep.ExecutionWS)
	fmt.Fprintf(tw, "beacon API\t%s\n", ep.BeaconAPI)
	fmt.Fprintf(tw, "sidecar Builder API\t%s\n", ep.BuilderAPI)
	fmt.Fprintf(tw, "sidecar metrics\t%s\n", ep.SidecarMetric)
	if ep.PreconfRPC != "" {
		fmt.Fprintf(tw, "sidecar promise API\t%s (JSON-RPC, WebSocket, Commitments API)\n", ep.PreconfRPC)
	}
	if ep.Relay != "" {
		fmt.Fprintf(tw, "relay\t%s\n", ep.Relay)
		fmt.Fprintf(tw, "relay public key\t%s\n", ep.RelayPubkey)
		fmt.Fprintf(tw, "relay database\t%s\n", ep.Postgres)
	}
	for _, a := range s.Accounts {
		fmt.Fprintf(tw, "account %s\t%s key %s\n", a.Role, a.Address.Hex(), a.PrivateKey)
	}
	for _, r := range s.Rollups {
		fmt.Fprintf(tw, "rollup %d\tchain id %d, L2 gas limit %d\n", r.ChainID, r.ChainID, r.GasLimit)
		fmt.Fprintf(tw, "  wallet endpoint\t%s (the sidecar's pool; other eth_* calls go to the node)\n", r.Wallet)
		fmt.Fprintf(tw, "  node JSON-RPC\t%s (the rollup's geth, driven by its rollup node)\n", r.NodeRPC)
		fmt.Fprintf(tw, "  node status\t%s/status (based rollup-node status --url %s)\n", r.NodeStatus, r.NodeStatus)
		for _, a := range r.Accounts {
			fmt.Fprintf(tw, "  account %s\t%s key %s\n", a.Role, a.Address.Hex(), a.PrivateKey)
		}
	}
	tw.Flush()
}

func devnetDown(c *cli.Context) error {
	err := devnet.Down(c.Context, devnetDir(c))
	if errors.Is(err, devnet.ErrNotRunning) {
		fmt.Fprintln(c.App.Writer, "no devnet running in", devnetDir(c))
		return nil
	}
	if err == nil {
		fmt.Fprintln(c.App.Writer, "devnet stopped")
	}
	return err
}

func devnetStatus(c *cli.Context) error {
	st, err := devnet.ReadStatus(c.Context, devnetDir(c))
	if err != nil {
		return cli.Exit(err.Error(), 1)
	}
	w := c.App.Writer
	if c.Bool(flagDevnetJSON) {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROCESS\tPID\tSTATE\tLOG")
	for _, p := range st.Processes {
		state := "running"
		if !p.Alive {
			state = "exited"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", p.Name, p.PID, state, p.Log)
	}
	tw.Flush()
	if h := st.Head; h == nil {
		fmt.Fprintln(w, "head: unavailable:", st.HeadErr)
	} else {
		fmt.Fprintf(w, "head slot %d (epoch %d), finalized epoch %d\n", h.Slot, h.Slot/32, h.FinalizedEpoch)
		fmt.Fprintf(w, "last block %d %s, %d txs, %s\n", h.BlockNumber, h.BlockHash, h.BlockTxs, time.Unix(h.BlockTime, 0).UTC().Format(time.RFC3339))
	}
	for _, r := range st.Rollups {
		if r.Status == nil {
			fmt.Fprintf(w, "rollup %d: node status unavailable: %s\n", r.ChainID, r.Err)
			continue
		}
		s := r.Status
		fmt.Fprintf(w, "rollup %d: latest %d %s, safe %d, finalized %d, L1 block %d; wallet %s, node %s\n",
			r.ChainID, uint64(s.Latest.Number), s.Latest.Hash, uint64(s.Safe.Number), uint64(s.Finalized.Number), uint64(s.L1Block), r.Wallet, r.NodeRPC)
	}
	return nil
}

func devnetRecord(c *cli.Context) error {
	s, err := devnet.ReadState(devnetDir(c))
	if err != nil {
		return cli.Exit(err.Error(), 1)
	}
	out := c.Path(flagRecordOut)
	if out == "" {
		repo, err := devnet.FindRepoRoot(".")
		if err != nil {
			return cli.Exit(fmt.Sprintf("--%s: %v", flagRecordOut, err), 2)
		}
		out = filepath.Join(repo, "sidecar", "chain", "testdata", "prysm")
	}
	ctx, cancel := context.WithTimeout(c.Context, 30*time.Minute)
	defer cancel()
	return devnet.Record(ctx, devnet.RecordConfig{
		State:      s,
		OutDir:     out,
		SSE:        c.Duration(flagRecordSSE),
		UntilEpoch: c.Uint64(flagRecordEpochs),
		Progress:   c.App.Writer,
	})
}
