package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
)

func requestCommand() *cli.Command {
	return &cli.Command{
		Name:      "request",
		Usage:     "ask a sidecar for an inclusion promise and verify it",
		ArgsUsage: " ",
		Description: "Sends a signed transaction (network form, hex) for a slot, checks the promise's EIP-712\n" +
			"signature and that its committer is the one the lookahead names for the slot, and prints it.\n" +
			"With --wait it then waits for the slot's deadline, verifies the manifest proof, and, given\n" +
			"--el, follows the transaction to its block.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "rpc", Value: "http://127.0.0.1:8645", Usage: "the sidecar's JSON-RPC URL"},
			&cli.StringFlag{Name: "slot", Value: "next", Usage: "target slot number, or next (our next slot whose deadline is ahead)"},
			&cli.StringFlag{Name: "tx", Required: true, Usage: "the signed transaction, 0x-prefixed hex"},
			&cli.BoolFlag{Name: "wait", Usage: "wait for the manifest proof (and the block, with --el)"},
			&cli.StringFlag{Name: "el", Usage: "an execution client's JSON-RPC URL to follow the tx to its block (with --wait)"},
			&cli.DurationFlag{Name: "timeout", Value: 2 * time.Minute, Usage: "give up waiting after this long"},
		},
		Action: func(c *cli.Context) error {
			raw, err := hexutil.Decode(c.String("tx"))
			if err != nil {
				return cli.Exit(fmt.Sprintf("--tx: %v", err), 2)
			}
			ctx, cancel := context.WithTimeout(c.Context, c.Duration("timeout"))
			defer cancel()
			return runRequest(ctx, c, raw)
		},
	}
}

func runRequest(ctx context.Context, c *cli.Context, raw []byte) error {
	out := c.App.Writer
	cl, err := client.Dial(ctx, c.String("rpc"))
	if err != nil {
		return err
	}
	defer cl.Close()
	look, err := cl.Lookahead(ctx)
	if err != nil {
		return fmt.Errorf("lookahead: %w", err)
	}
	domain, err := cl.Domain(ctx)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	// A second of margin so that "next" never names a slot whose deadline passes in flight.
	slot, err := pickSlot(c.String("slot"), look, time.Now().Add(time.Second))
	if err != nil {
		return cli.Exit(err.Error(), 2)
	}
	sc, err := cl.RequestInclusion(ctx, slot, nil, raw)
	if err != nil {
		return fmt.Errorf("request for slot %d: %w", slot, err)
	}
	if err := client.VerifyCommitment(sc, domain, look); err != nil {
		return err
	}
	b, _ := json.MarshalIndent(sc, "", "  ")
	fmt.Fprintf(out, "%s\n", b)
	fmt.Fprintf(out, "promise verified: slot %d, committer %s (as in the lookahead), seq %d, penalty %v wei\n",
		sc.Commitment.Slot, sc.Commitment.Committer, sc.Commitment.Seq, sc.Commitment.Penalty)
	if !c.Bool("wait") {
		return nil
	}
	m, proof, err := waitProof(ctx, cl, sc)
	if err != nil {
		return err
	}
	if err := client.VerifyManifestProof(sc, m, proof, domain); err != nil {
		return err
	}
	fmt.Fprintf(out, "manifest proof verified: slot %d root %s (%d promises)\n", m.Slot, m.Root, m.Count)
	if c.String("el") == "" {
		return nil
	}
	st, err := cl.Status(ctx)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	return followTx(ctx, c, sc.Commitment.TxHash, sc.Commitment.Slot, st.Chain)
}

// ErrWrongSlot is returned when a promised transaction landed in another slot than promised.
var ErrWrongSlot = errors.New("promise broken: the transaction is not in the block of its slot")

// pickSlot resolves --slot: a number, or next (our first slot with a deadline ahead).
func pickSlot(s string, look []preconf.LookaheadEntry, now time.Time) (uint64, error) {
	if s != "next" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("--slot %q: want a number or next", s)
		}
		return n, nil
	}
	for _, e := range look {
		if e.Ours && e.Committer != nil && e.Deadline.After(now) {
			return e.Slot, nil
		}
	}
	return 0, errors.New("--slot next: no slot of ours with a deadline ahead in the lookahead")
}

// waitProof polls until the slot's manifest is signed, then fetches the proof.
func waitProof(ctx context.Context, cl *client.Client, sc *preconf.SignedCommitment) (*preconf.SignedManifest, *preconf.ManifestProof, error) {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		m, err := cl.Manifest(ctx, sc.Commitment.Slot)
		if err == nil {
			proof, err := cl.ManifestProof(ctx, sc.Commitment.TxHash)
			return m, proof, err
		}
		select {
		case <-ctx.Done():
			return nil, nil, fmt.Errorf("waiting for the manifest of slot %d: %w (last: %v)", sc.Commitment.Slot, ctx.Err(), err)
		case <-t.C:
		}
	}
}

// followTx waits for the tx's receipt on the execution client and checks
// that its block is the promised slot's: timestamp = genesis + slot × slot
// duration (the chain's times from the sidecar's status).
func followTx(ctx context.Context, c *cli.Context, h common.Hash, slot uint64, chain preconf.ChainStatus) error {
	if chain.GenesisTime == 0 || chain.SlotDurationMs == 0 {
		return errors.New("the sidecar does not report the genesis time and slot duration: cannot check the slot")
	}
	want := chain.GenesisTime + slot*chain.SlotDurationMs/1000
	el, err := ethclient.DialContext(ctx, c.String("el"))
	if err != nil {
		return err
	}
	defer el.Close()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		r, err := el.TransactionReceipt(ctx, h)
		if err == nil {
			status := "succeeded"
			if r.Status != types.ReceiptStatusSuccessful {
				status = "reverted"
			}
			hd, err := el.HeaderByHash(ctx, r.BlockHash)
			if err != nil {
				return fmt.Errorf("block %s: %w", r.BlockHash, err)
			}
			fmt.Fprintf(c.App.Writer, "included in block %v (%s) at index %d, tx %s\n", r.BlockNumber, r.BlockHash, r.TransactionIndex, status)
			if hd.Time != want {
				got := (int64(hd.Time) - int64(chain.GenesisTime)) * 1000 / int64(chain.SlotDurationMs)
				return cli.Exit(fmt.Sprintf("%v: block timestamp %d is slot %d, promised slot %d (timestamp %d)", ErrWrongSlot, hd.Time, got, slot, want), 1)
			}
			fmt.Fprintf(c.App.Writer, "landed in the promised slot %d (block timestamp %d)\n", slot, hd.Time)
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s in a block: %w", h, ctx.Err())
		case <-t.C:
		}
		// Past the slot with no receipt: the block of the slot does not hold it.
		if time.Now().Unix() > int64(want)+int64(chain.SlotDurationMs)/1000*4 {
			if hd, err := el.HeaderByNumber(ctx, nil); err == nil && hd.Time > want {
				return cli.Exit(fmt.Sprintf("%v: no receipt for %s, and the chain is past slot %d", ErrWrongSlot, h, slot), 1)
			}
		}
	}
}
