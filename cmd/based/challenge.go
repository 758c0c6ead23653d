package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/challenge"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
	"github.com/basedsidecar/based/rollup"
)

func challengeCommand() *cli.Command {
	domainFlags := []cli.Flag{
		&cli.StringFlag{Name: "el", Required: true, Usage: "an L1 execution client's JSON-RPC URL: the chain id, the blocks, and where transactions go"},
		&cli.StringFlag{Name: "slasher", Usage: "the PreconfSlasher address"},
		&cli.PathFlag{Name: "deployment", Usage: "the deployment file of `based contracts deploy`: the PreconfSlasher address"},
		&cli.StringFlag{Name: "registry", Usage: "the Registry address: the PreconfSlasher it names"},
		beaconFlag(),
		&cli.DurationFlag{Name: "timeout", Value: 2 * time.Minute, Usage: "give up after this long"},
	}
	promiseFlags := []cli.Flag{
		&cli.StringFlag{Name: "promise", Usage: "file holding the promise JSON (as `based request` prints it), - for stdin"},
		&cli.StringFlag{Name: "tx", Usage: "the promised transaction's hash, to fetch its promise from --rpc (instead of --promise)"},
		&cli.StringFlag{Name: "rpc", Usage: "the sidecar's JSON-RPC URL, for --tx: only the promise is taken from it, and verified"},
	}
	othersFlag := &cli.PathFlag{Name: "others", Usage: "file of the wallet's other promises (a list, as `watch` takes): those of the same sender and slot at earlier nonces count in the balance verdict, so a promise the operator can defend with defendBalanceRun is not challenged"}
	keyFlag := &cli.PathFlag{Name: "key-file", Required: true, Usage: "file holding the hex ECDSA key that sends (and pays the bond, and claims)"}
	flags := func(fs ...[]cli.Flag) []cli.Flag {
		var out []cli.Flag
		for _, f := range fs {
			out = append(out, f...)
		}
		return out
	}
	return &cli.Command{
		Name:  "challenge",
		Usage: "check a promise against the chain; challenge, slash and claim a broken one",
		Description: "Talks only to an execution client (--el) and a beacon node (--beacon-url), never trusting\n" +
			"the sidecar that signed the promise: the signature is checked under the EIP-712 domain of\n" +
			"the chain (its chain id, the PreconfSlasher of --slasher, --deployment or the Registry), and\n" +
			"the promise is kept when its transaction is in the block whose timestamp is the slot's\n" +
			"time (L1), or listed in that rollup's block of the batch the committer posted in that slot.",
		Subcommands: []*cli.Command{
			{
				Name: "check", Usage: "say whether a promise was kept (exit 1 when broken or missed)", ArgsUsage: " ",
				Flags: flags(domainFlags, promiseFlags, []cli.Flag{othersFlag}),
				Action: func(c *cli.Context) error {
					return withChallenger(c, true, func(ctx context.Context, ch *challenge.Challenger) error {
						sc, err := promiseFrom(ctx, c)
						if err != nil {
							return err
						}
						others, err := othersFrom(c)
						if err != nil {
							return err
						}
						r, err := ch.Check(ctx, sc, others...)
						if err != nil {
							return err
						}
						printReport(c.App.Writer, sc, r)
						if r.Verdict == challenge.Broken || r.Verdict == challenge.Missed {
							return cli.Exit("", 1)
						}
						return nil
					})
				},
			},
			{
				Name: "open", Usage: "open a challenge with the bond against a broken promise whose slot is final", ArgsUsage: " ",
				Flags: flags(domainFlags, promiseFlags, []cli.Flag{keyFlag, othersFlag}),
				Action: func(c *cli.Context) error {
					return withChallenger(c, true, func(ctx context.Context, ch *challenge.Challenger) error {
						sc, err := promiseFrom(ctx, c)
						if err != nil {
							return err
						}
						others, err := othersFrom(c)
						if err != nil {
							return err
						}
						auth, err := authFrom(c, ch)
						if err != nil {
							return err
						}
						res, err := ch.Open(ctx, auth, sc, others...)
						if err != nil {
							return err
						}
						printResult(c.App.Writer, res)
						return nil
					})
				},
			},
			{
				Name: "slash", Usage: "slash an open challenge after its defence window", ArgsUsage: " ",
				Flags: flags(domainFlags, promiseFlags, []cli.Flag{keyFlag}),
				Action: func(c *cli.Context) error {
					return withChallenger(c, false, func(ctx context.Context, ch *challenge.Challenger) error {
						sc, err := promiseFrom(ctx, c)
						if err != nil {
							return err
						}
						auth, err := authFrom(c, ch)
						if err != nil {
							return err
						}
						res, err := ch.Slash(ctx, auth, sc)
						if err != nil {
							return err
						}
						printResult(c.App.Writer, res)
						return nil
					})
				},
			},
			{
				Name: "claim", Usage: "take what the key's account is owed (penalties, bonds, rewards)", ArgsUsage: " ",
				Flags: flags(domainFlags, []cli.Flag{keyFlag}),
				Action: func(c *cli.Context) error {
					return withChallenger(c, false, func(ctx context.Context, ch *challenge.Challenger) error {
						auth, err := authFrom(c, ch)
						if err != nil {
							return err
						}
						res, _, err := ch.Claim(ctx, auth)
						if errors.Is(err, challenge.ErrNothingToClaim) {
							fmt.Fprintf(c.App.Writer, "nothing to claim for %s\n", auth.From)
							return nil
						}
						if err != nil {
							return err
						}
						printResult(c.App.Writer, res)
						return nil
					})
				},
			},
			{
				Name: "watch", Usage: "follow a file of promises: challenge, slash and claim each broken one, unattended", ArgsUsage: " ",
				Description: "Reads the promises of --promises (a JSON array, or promise JSONs one after another, e.g.\n" +
					"the outputs of `based request`), and every --interval checks each against the chain, opens\n" +
					"a challenge once a broken one's slot is final and the finality delay has passed, slashes\n" +
					"after the defence window and claims for the key. Progress is kept in --state (replaced\n" +
					"atomically); a restart resumes, and the slasher's own record is read before every action,\n" +
					"so nothing is opened or slashed twice. It ends when every promise is settled.",
				Flags: flags(domainFlags, []cli.Flag{
					&cli.PathFlag{Name: "promises", Required: true, Usage: "file of promise JSONs"},
					&cli.PathFlag{Name: "state", Required: true, Usage: "progress file (created when absent)"},
					&cli.DurationFlag{Name: "interval", Usage: "between rounds (default: the slot time)"},
					keyFlag,
				}),
				Action: func(c *cli.Context) error {
					return withChallenger(c, true, func(ctx context.Context, ch *challenge.Challenger) error {
						f, err := os.Open(c.Path("promises"))
						if err != nil {
							return cli.Exit(fmt.Sprintf("--promises: %v", err), 2)
						}
						promises, err := challenge.DecodePromises(f)
						f.Close()
						if err != nil {
							return cli.Exit(fmt.Sprintf("--promises %s: %v", c.Path("promises"), err), 2)
						}
						st, err := challenge.LoadState(c.Path("state"))
						if err != nil {
							return cli.Exit(fmt.Sprintf("--state: %v", err), 2)
						}
						auth, err := authFrom(c, ch)
						if err != nil {
							return err
						}
						log := slog.New(slog.NewTextHandler(c.App.ErrWriter, nil))
						w := &challenge.Watcher{C: ch, Auth: auth, State: st, Log: log, Interval: c.Duration("interval")}
						log.Info("watching", "promises", len(promises), "account", auth.From, "slasher", ch.Domain().VerifyingContract)
						if err := w.Run(ctx, promises); err != nil {
							return err
						}
						for _, sc := range promises {
							e := st.Entries[sc.Commitment.Digest(ch.Domain())]
							fmt.Fprintf(c.App.Writer, "slot %d tx %s: %s (%s)\n", sc.Commitment.Slot, sc.Commitment.TxHash, e.Verdict, e.Stage)
						}
						return nil
					})
				},
			},
		},
	}
}

// withChallenger builds the challenger from the flags (the slasher from the
// chain or a deployment file, finality from the beacon node) and runs f.
func withChallenger(c *cli.Context, needBeacon bool, f func(context.Context, *challenge.Challenger) error) error {
	ctx := c.Context
	if c.Command.Name != "watch" {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.Duration("timeout"))
		defer cancel()
	}
	urls := c.StringSlice(flagBeaconURL)
	if needBeacon && len(urls) == 0 {
		return cli.Exit("--beacon-url: needed to tell whether the slot is final", 2)
	}
	tr, err := trustFrom(ctx, c)
	if err != nil {
		return err
	}
	defer tr.close()
	cfg := challenge.Config{Slasher: tr.domain.VerifyingContract}
	if len(urls) > 0 {
		cfg.Finality = &challenge.Beacon{URL: urls[0]}
		cfg.Blobs = &rollup.BeaconBlobs{URL: urls[0]}
	}
	ch, err := challenge.New(ctx, tr.el, cfg)
	if err != nil {
		return err
	}
	return f(ctx, ch)
}

// promiseFrom reads the promise of --promise, or fetches the one of --tx from
// --rpc; either way it goes through the same decoder.
// othersFrom reads --others, the wallet's other promises; none without the flag.
func othersFrom(c *cli.Context) ([]*preconf.SignedCommitment, error) {
	path := c.Path("others")
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, cli.Exit(fmt.Sprintf("--others: %v", err), 2)
	}
	defer f.Close()
	ps, err := challenge.DecodePromises(f)
	if err != nil {
		return nil, cli.Exit(fmt.Sprintf("--others %s: %v", path, err), 2)
	}
	return ps, nil
}

func promiseFrom(ctx context.Context, c *cli.Context) (*preconf.SignedCommitment, error) {
	path, hash := c.String("promise"), c.String("tx")
	switch {
	case path != "" && hash != "":
		return nil, cli.Exit("--promise and --tx: give one", 2)
	case path != "":
		var b []byte
		var err error
		if path == "-" {
			b, err = io.ReadAll(io.LimitReader(c.App.Reader, 1<<20))
		} else {
			b, err = os.ReadFile(path)
		}
		if err != nil {
			return nil, cli.Exit(fmt.Sprintf("--promise: %v", err), 2)
		}
		ps, err := challenge.DecodePromises(bytes.NewReader(b))
		if err == nil && len(ps) != 1 {
			err = fmt.Errorf("%d promises, want one", len(ps))
		}
		if err != nil {
			return nil, cli.Exit(fmt.Sprintf("--promise %s: %v", path, err), 2)
		}
		return ps[0], nil
	case hash != "":
		var h common.Hash
		if err := h.UnmarshalText([]byte(hash)); err != nil {
			return nil, cli.Exit(fmt.Sprintf("--tx %q: %v", hash, err), 2)
		}
		if c.String("rpc") == "" {
			return nil, cli.Exit("--tx: needs --rpc, the sidecar to fetch the promise from", 2)
		}
		cl, err := client.Dial(ctx, c.String("rpc"))
		if err != nil {
			return nil, err
		}
		defer cl.Close()
		sc, err := cl.Commitment(ctx, h)
		if err != nil {
			return nil, fmt.Errorf("promise of %s from %s: %w", h, c.String("rpc"), err)
		}
		b, err := json.Marshal(sc)
		if err != nil {
			return nil, err
		}
		got, err := challenge.DecodePromise(b)
		if err != nil {
			return nil, fmt.Errorf("promise of %s from %s: %w", h, c.String("rpc"), err)
		}
		if got.Commitment.TxHash != h {
			return nil, fmt.Errorf("%w: the sidecar answered with the promise of %s for %s", client.ErrMismatch, got.Commitment.TxHash, h)
		}
		return got, nil
	}
	return nil, cli.Exit("--promise or --tx: say which promise", 2)
}

func authFrom(c *cli.Context, ch *challenge.Challenger) (*bind.TransactOpts, error) {
	key, err := readKeyFile(c.Path("key-file"))
	if err != nil {
		return nil, cli.Exit(err.Error(), 2)
	}
	return bind.NewKeyedTransactorWithChainID(key, ch.Domain().ChainID)
}

func printReport(w io.Writer, sc *preconf.SignedCommitment, r *challenge.Report) {
	p := sc.Commitment
	fmt.Fprintf(w, "promise %s: slot %d, chain %v, tx %s, committer %s, penalty %v wei\n", r.Digest, p.Slot, p.ChainID, p.TxHash, p.Committer, p.Penalty)
	fmt.Fprintf(w, "verdict: %s: %s\n", r.Verdict, r.Reason)
	fmt.Fprintf(w, "slot time %d; final %v; a challenge may open from time %d until %d\n", r.SlotTime, r.Final, r.OpenFrom, r.OpenUntil)
	ch := r.Challenge
	switch ch.Status {
	case challenge.StatusNone:
		fmt.Fprintln(w, "challenge: none")
	case challenge.StatusOpen:
		fmt.Fprintf(w, "challenge: open by %s since %d (missed slot %v, %v wei locked); slashable from time %d\n", ch.Challenger, ch.OpenedAt, ch.Missed, ch.Locked, ch.SlashFrom)
	default:
		fmt.Fprintf(w, "challenge: %s (by %s)\n", ch.Status, ch.Challenger)
	}
}

func printResult(w io.Writer, r *challenge.Result) {
	if r.Sent == nil {
		fmt.Fprintf(w, "%s; nothing sent\n", r.Note)
		return
	}
	fmt.Fprintf(w, "%s: tx %s in block %v (gas %d)\n", r.Note, r.Sent.Hash(), r.Receipt.BlockNumber, r.Receipt.GasUsed)
}
