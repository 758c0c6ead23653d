package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strconv"
	"strings"
	"time"

	bls12381 "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/bls"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
	"github.com/basedsidecar/based/sidecar/chain"
)

func requestCommand() *cli.Command {
	return &cli.Command{
		Name:      "request",
		Usage:     "ask a sidecar for an inclusion promise and verify it",
		ArgsUsage: " ",
		Description: "Sends a signed transaction (network form, hex) for a slot and checks the promise\n" +
			"without trusting the sidecar: the EIP-712 domain comes from the chain (the L1 chain id from\n" +
			"--el or --chain-id, the PreconfSlasher from --slasher, --deployment or the Registry), the\n" +
			"promise must name the transaction, slot and chain asked for and be signed by its committer,\n" +
			"and with --beacon-url the slot's proposer is read from a beacon node (with --registry, its\n" +
			"operator must be the committer's). Without --beacon-url it says that the lookahead was not\n" +
			"checked. With --wait it then waits for the slot's deadline, verifies the manifest proof, and,\n" +
			"given --el, follows the transaction to its block.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "rpc", Value: "http://127.0.0.1:8645", Usage: "the sidecar's JSON-RPC URL"},
			&cli.StringFlag{Name: "slot", Value: "next", Usage: "target slot number, or next (our next slot whose deadline is ahead)"},
			&cli.StringFlag{Name: "tx", Required: true, Usage: "the signed transaction, 0x-prefixed hex"},
			&cli.BoolFlag{Name: "wait", Usage: "wait for the manifest proof (and the block, with --el)"},
			&cli.StringFlag{Name: "el", Usage: "an L1 execution client's JSON-RPC URL: the chain id of the EIP-712 domain, the Registry, and (with --wait) the tx's block"},
			&cli.Uint64Flag{Name: "chain-id", Usage: "the L1 chain id of the EIP-712 domain (instead of asking --el)"},
			&cli.StringFlag{Name: "slasher", Usage: "the PreconfSlasher address of the EIP-712 domain"},
			&cli.PathFlag{Name: "deployment", Usage: "the deployment file of `based contracts deploy`: the PreconfSlasher (and Registry) address"},
			&cli.StringFlag{Name: "registry", Usage: "the Registry address: the PreconfSlasher it names, and the operator of the slot's proposer (needs --el)"},
			beaconFlag(),
			&cli.Uint64Flag{Name: "rollup", Usage: "a rollup's chain id: the promise is for the tx in that rollup's block of the slot's shared batch (its next slot sealed)"},
			&cli.StringFlag{Name: "l2", Usage: "with --rollup and --wait: the rollup node's JSON-RPC URL, to follow the tx to its L2 block (instead of L1's)"},
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
	tr, err := trustFrom(ctx, c)
	if err != nil {
		return err
	}
	defer tr.close()
	cl, err := client.Dial(ctx, c.String("rpc"))
	if err != nil {
		return err
	}
	defer cl.Close()
	look, err := cl.Lookahead(ctx)
	if err != nil {
		return fmt.Errorf("lookahead: %w", err)
	}
	// A second of margin so that "next" never names a slot whose deadline passes in flight.
	slot, err := pickSlot(c.String("slot"), look, time.Now().Add(time.Second))
	if err != nil {
		return cli.Exit(err.Error(), 2)
	}
	var chainID *big.Int
	if id := c.Uint64("rollup"); id != 0 {
		chainID = new(big.Int).SetUint64(id)
	}
	sc, err := cl.RequestInclusion(ctx, slot, chainID, raw)
	var re gethrpc.Error
	if chainID != nil && c.String("slot") == "next" && errors.As(err, &re) && re.ErrorCode() == preconf.ErrSlotOutOfRange.Code {
		// A rollup is promised for the next slot sealed only: the one after, when this
		// one's deadline passed in flight.
		slot++
		sc, err = cl.RequestInclusion(ctx, slot, chainID, raw)
	}
	if err != nil {
		return fmt.Errorf("request for slot %d: %w", slot, err)
	}
	if err := client.CheckRequest(sc, slot, chainID, raw, tr.domain); err != nil {
		return err
	}
	// The committer must also be the one the sidecar's own lookahead names
	// (checkSlot then checks that lookahead against the chain).
	if err := client.VerifyCommitment(sc, tr.domain, look); err != nil {
		return err
	}
	lookNote, err := tr.checkSlot(ctx, c, sc, look)
	if err != nil {
		return err
	}
	b, _ := json.MarshalIndent(sc, "", "  ")
	fmt.Fprintf(out, "%s\n", b)
	fmt.Fprintf(out, "promise verified: slot %d, committer %s, seq %d, penalty %v wei, domain chain %v slasher %s (from %s)\n",
		sc.Commitment.Slot, sc.Commitment.Committer, sc.Commitment.Seq, sc.Commitment.Penalty, tr.domain.ChainID, tr.domain.VerifyingContract, tr.source)
	fmt.Fprintln(out, lookNote)
	if !c.Bool("wait") {
		return nil
	}
	m, proof, err := waitProof(ctx, cl, sc)
	if err != nil {
		return err
	}
	if err := client.VerifyManifestProof(sc, m, proof, tr.domain); err != nil {
		return err
	}
	fmt.Fprintf(out, "manifest proof verified: slot %d root %s (%d promises)\n", m.Slot, m.Root, m.Count)
	follow := tr.el
	if chainID != nil {
		if c.String("l2") == "" {
			fmt.Fprintln(out, "not followed to its block: give --l2 (the rollup node's JSON-RPC) to follow a rollup tx")
			return nil
		}
		l2, err := ethclient.DialContext(ctx, c.String("l2"))
		if err != nil {
			return fmt.Errorf("--l2: %w", err)
		}
		defer l2.Close()
		if id, err := l2.ChainID(ctx); err != nil || id.Cmp(chainID) != 0 {
			return cli.Exit(fmt.Sprintf("--l2 %s is chain %v (%v), not rollup %v", c.String("l2"), id, err, chainID), 2)
		}
		follow = l2 // an L2 block's timestamp is its L1 slot's time (docs/BATCH.md)
	}
	if follow == nil {
		return nil
	}
	timing := tr.timing
	if timing == nil {
		st, err := cl.Status(ctx)
		if err != nil {
			return fmt.Errorf("status: %w", err)
		}
		timing = &st.Chain
		fmt.Fprintln(out, "slot timing NOT checked: the genesis time and slot duration are the sidecar's word (give --beacon-url)")
	}
	return followTx(ctx, c, follow, sc.Commitment.TxHash, sc.Commitment.Slot, *timing)
}

// ErrWrongSlot is returned when a promised transaction landed in another slot than promised.
var ErrWrongSlot = errors.New("promise broken: the transaction is not in the block of its slot")

// trust is what `based request` checks a promise against, none of it from the sidecar.
type trust struct {
	domain   preconf.Domain
	source   string // where the domain came from
	el       *ethclient.Client
	registry *bindings.RegistryCaller
	// timing is the chain's genesis time and slot duration read from a beacon
	// node by checkSlot; nil without --beacon-url.
	timing *preconf.ChainStatus
}

func (t *trust) close() {
	if t.el != nil {
		t.el.Close()
	}
}

// trustFrom builds the EIP-712 domain from the chain: the chain id from
// --chain-id or the execution client, the slasher from --slasher, the
// deployment file or the Registry.
func trustFrom(ctx context.Context, c *cli.Context) (*trust, error) {
	t := &trust{}
	if u := c.String("el"); u != "" {
		el, err := ethclient.DialContext(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("--el: %w", err)
		}
		t.el = el
	}
	registry := c.String("registry")
	var slasher common.Address
	var sources []string
	switch {
	case c.String("slasher") != "":
		if !common.IsHexAddress(c.String("slasher")) {
			t.close()
			return nil, cli.Exit(fmt.Sprintf("--slasher %q: not an address", c.String("slasher")), 2)
		}
		slasher, sources = common.HexToAddress(c.String("slasher")), append(sources, "--slasher")
	case c.Path("deployment") != "":
		d, err := readDeployment(c.Path("deployment"))
		if err != nil {
			t.close()
			return nil, cli.Exit(fmt.Sprintf("--deployment: %v", err), 2)
		}
		slasher, sources = d.PreconfSlasher, append(sources, "the deployment file")
		if registry == "" && t.el != nil { // the Registry can be read only through --el
			registry = d.Registry.Hex()
		}
	}
	if registry != "" {
		if !common.IsHexAddress(registry) || t.el == nil {
			t.close()
			return nil, cli.Exit(fmt.Sprintf("--registry %q: needs an address and --el", registry), 2)
		}
		caller, err := bindings.NewRegistryCaller(common.HexToAddress(registry), t.el)
		if err != nil {
			t.close()
			return nil, err
		}
		t.registry = caller
		if slasher == (common.Address{}) {
			if slasher, err = caller.Slasher(&bind.CallOpts{Context: ctx}); err != nil {
				t.close()
				return nil, fmt.Errorf("registry %s: slasher: %w", registry, err)
			}
			sources = append(sources, "the Registry")
		}
	}
	if slasher == (common.Address{}) {
		t.close()
		return nil, cli.Exit("the PreconfSlasher of the EIP-712 domain must come from you, not the sidecar: give --slasher, --deployment, or --registry with --el", 2)
	}
	var chainID chainIDSource
	switch {
	case c.Uint64("chain-id") != 0:
		chainID, sources = fixedChainID(c.Uint64("chain-id")), append(sources, "--chain-id")
	case t.el != nil:
		chainID, sources = t.el, append(sources, "the execution client")
	default:
		t.close()
		return nil, cli.Exit("the L1 chain id of the EIP-712 domain must come from the chain, not the sidecar: give --el or --chain-id", 2)
	}
	d, err := client.ChainDomain(ctx, chainID, slasher)
	if err != nil {
		t.close()
		return nil, err
	}
	t.domain, t.source = d, strings.Join(sources, " and ")
	return t, nil
}

type chainIDSource = client.ChainIDReader

// fixedChainID is a chain id the user gave.
type fixedChainID uint64

func (f fixedChainID) ChainID(context.Context) (*big.Int, error) {
	return new(big.Int).SetUint64(uint64(f)), nil
}

// checkSlot checks, with --beacon-url, that the slot's proposer on the beacon
// chain is the one the sidecar's lookahead names and, with a Registry, that
// it belongs to the committer's operator. It returns a line saying what was
// checked, and plainly what was not.
func (t *trust) checkSlot(ctx context.Context, c *cli.Context, sc *preconf.SignedCommitment, look []preconf.LookaheadEntry) (string, error) {
	slot := sc.Commitment.Slot
	urls := c.StringSlice(flagBeaconURL)
	if len(urls) == 0 {
		return fmt.Sprintf("lookahead NOT checked: that slot %d is a validator's whose committer is %s is the sidecar's word (give --beacon-url)", slot, sc.Commitment.Committer), nil
	}
	v, err := chain.New(ctx, chain.Config{BeaconURLs: urls}, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		return "", err
	}
	defer v.Close()
	if err := v.Once(ctx); err != nil {
		return "", fmt.Errorf("beacon node: %w", err)
	}
	if clk, ok := v.Clock(); ok {
		t.timing = &preconf.ChainStatus{GenesisTime: uint64(clk.Genesis().Unix()), SlotDurationMs: uint64(clk.SlotDuration().Milliseconds())}
	}
	duty, ok := v.Duty(slot)
	if !ok {
		return "", fmt.Errorf("%w: slot %d is not in the beacon node's lookahead", client.ErrVerify, slot)
	}
	claimed := false
	for _, e := range look {
		if e.Slot == slot {
			if !bytes.Equal(e.Pubkey, duty.Pubkey[:]) {
				return "", fmt.Errorf("%w: the sidecar says slot %d is validator %#x's, the beacon node says %#x", client.ErrVerify, slot, []byte(e.Pubkey), duty.Pubkey[:])
			}
			claimed = true
		}
	}
	if !claimed {
		return "", fmt.Errorf("%w: slot %d is not in the sidecar's lookahead", client.ErrVerify, slot)
	}
	if t.registry == nil {
		return fmt.Sprintf("lookahead checked on the beacon node: slot %d is validator %d's; that its committer is %s was NOT checked (give --registry)", slot, duty.ValidatorIndex, sc.Commitment.Committer), nil
	}
	hash, err := validatorKeyHash(duty.Pubkey)
	if err != nil {
		return "", err
	}
	opts := &bind.CallOpts{Context: ctx}
	owner, err := t.registry.OwnerOfValidator(opts, hash)
	if err != nil {
		return "", fmt.Errorf("registry: owner of validator %d: %w", duty.ValidatorIndex, err)
	}
	ofCommitter, err := t.registry.OwnerOfCommitter(opts, sc.Commitment.Committer)
	if err != nil {
		return "", fmt.Errorf("registry: owner of committer %s: %w", sc.Commitment.Committer, err)
	}
	if owner == (common.Address{}) || owner != ofCommitter {
		return "", fmt.Errorf("%w: slot %d's validator %d is registered to %s, the committer %s to %s", client.ErrVerify, slot, duty.ValidatorIndex, owner, sc.Commitment.Committer, ofCommitter)
	}
	return fmt.Sprintf("lookahead checked: slot %d is validator %d's (beacon node), registered to operator %s with committer %s (Registry)", slot, duty.ValidatorIndex, owner, sc.Commitment.Committer), nil
}

// validatorKeyHash is the Registry's key of a validator: keccak256 of the
// 128-byte EIP-2537 encoding of its public key.
func validatorKeyHash(pk preconf.BLSPubkey) ([32]byte, error) {
	var p bls12381.G1Affine
	if _, err := p.SetBytes(pk[:]); err != nil {
		return [32]byte{}, fmt.Errorf("validator key %#x: %w", pk[:], err)
	}
	return crypto.Keccak256Hash(bls.EncodeG1(p)), nil
}

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
// duration (the chain's times from a beacon node, else from the sidecar's status).
func followTx(ctx context.Context, c *cli.Context, el *ethclient.Client, h common.Hash, slot uint64, chain preconf.ChainStatus) error {
	if chain.GenesisTime == 0 || chain.SlotDurationMs == 0 {
		return errors.New("the sidecar does not report the genesis time and slot duration: cannot check the slot")
	}
	want := chain.GenesisTime + slot*chain.SlotDurationMs/1000
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
