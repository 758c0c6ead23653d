package localblock_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/basedsidecar/based/sidecar/localblock"
)

// beaconPayload starts the beacon node's own payload for a on geth (engine_forkchoiceUpdatedV3
// with attributes, as a beacon node with --prepare-all-payloads does) and waits until geth's
// payload for it holds the pool, then freezes it (engine_getPayloadV5, as the beacon node's
// own request would); a payload frozen before it holds them is started again under another
// timestamp. It returns
// the attributes and the frozen payload's value.
func beaconPayload(t *testing.T, g *gethNode, a localblock.Attributes, wantTxs int) (localblock.Attributes, *big.Int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		withdrawals := a.Withdrawals
		root := a.ParentBeaconRoot
		attrs := &engine.PayloadAttributes{Timestamp: a.Timestamp, Random: a.PrevRandao, SuggestedFeeRecipient: a.BeaconFeeRecipient, Withdrawals: withdrawals, BeaconRoot: &root}
		var res engine.ForkChoiceResponse
		st := engine.ForkchoiceStateV1{HeadBlockHash: a.ParentHash, SafeBlockHash: a.ParentHash, FinalizedBlockHash: a.ParentHash}
		if err := g.engine.Call(&res, "engine_forkchoiceUpdatedV3", st, attrs); err != nil || res.PayloadID == nil {
			t.Fatalf("forkchoice with attributes: %+v %v", res, err)
		}
		// Geth's first full build runs right after the forkchoice call; a payload frozen before it is empty.
		var env engine.ExecutionPayloadEnvelope
		if err := g.engine.Call(&env, "engine_getPayloadV5", *res.PayloadID); err != nil {
			t.Fatal(err)
		}
		if len(env.ExecutionPayload.Transactions) >= wantTxs {
			return a, env.BlockValue
		}
		if time.Now().After(deadline) {
			t.Fatalf("geth's payload holds %d txs, want %d", len(env.ExecutionPayload.Transactions), wantTxs)
		}
		a.Timestamp++ // another payload id: geth builds it afresh
	}
}

// TestIntegrationGethPaysToBeatLocal builds our block on a real geth whose own
// payload (the beacon node's) holds a sender's high-tip replacement of its
// promised tx: ours keeps the promised tx, so it is worth less, and the payer
// adds a transfer that makes it worth more in whole gwei; the fee recipient
// receives exactly the bid's value once the block is head. A payer whose cap is
// below the difference, and a payload geth does not know, leave the block as it is.
func TestIntegrationGethPaysToBeatLocal(t *testing.T) {
	if testing.Short() {
		t.Skip("needs geth")
	}
	ks := keys(t, 3)
	g := startGeth(t, ks)
	s := signer{chainID: g.chainID, to: common.HexToAddress("0xaa")}
	sender, payer, other := ks[0], ks[1], ks[2]
	promised := s.transfer(t, sender, 0, 1)
	replacement := s.transfer(t, sender, 0, 50) // the sender's own tx for the promised nonce, 50 gwei tip
	g.send(t, rawsOf(t, []*types.Transaction{replacement, s.transfer(t, other, 0, 2)}))
	parent := header(t, g, "latest")
	fee := common.HexToAddress("0xfee")
	ctx := context.Background()

	for _, tc := range []struct {
		name     string
		max      *big.Int
		unknown  bool
		outcome  string
		withPay  bool
		localWon bool
	}{
		{"over the cap", big.NewInt(1e9), false, "over_cap", false, true},
		{"beacon payload unknown", nil, true, "unknown", false, false},
		{"paid", nil, false, "paid", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := attrsOn(parent, fee)
			a.BeaconFeeRecipient = fee
			var local *big.Int
			if !tc.unknown {
				a, local = beaconPayload(t, g, a, 2)
				if local.Cmp(new(big.Int).Mul(big.NewInt(50*21000), gwei)) < 0 {
					t.Fatalf("geth's own payload is worth %v: the replacement is not in it", local)
				}
			}
			reg := prometheus.NewRegistry()
			bl := localblock.NewBuilder(g.eth, g.engine, fixedConstraints{constraint(t, promised)}, []byte("based"), reg, slog.New(slog.DiscardHandler))
			bl.PayToWin(&localblock.Payer{Key: payer, ChainID: g.chainID, Max: tc.max})
			blk, err := bl.Build(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			txs := hashes(t, blk.Payload.Transactions)
			if len(txs) < 2 || txs[0] != promised.Hash() {
				t.Fatalf("block transactions %v: the promised tx is not first", txs)
			}
			if blk.Versus.Outcome != tc.outcome {
				t.Fatalf("outcome %q, want %q", blk.Versus.Outcome, tc.outcome)
			}
			want := fmt.Sprintf("# HELP based_localblock_versus_local_total Our blocks against the beacon node's own, with a payer: ahead, paid (topped up), over_cap, failed, unknown.\n# TYPE based_localblock_versus_local_total counter\nbased_localblock_versus_local_total{outcome=%q} 1\n", tc.outcome)
			if err := testutil.GatherAndCompare(reg, strings.NewReader(want), "based_localblock_versus_local_total"); err != nil {
				t.Error(err)
			}
			var last types.Transaction
			if err := last.UnmarshalBinary(blk.Payload.Transactions[len(txs)-1]); err != nil {
				t.Fatal(err)
			}
			from, _ := types.Sender(types.LatestSignerForChainID(g.chainID), &last)
			paid := from == crypto.PubkeyToAddress(payer.PublicKey)
			if paid != tc.withPay || paid && (*last.To() != fee || last.Value().Cmp(blk.Versus.Paid) != 0) {
				t.Fatalf("last tx from %s to %v value %v; paid %v, want payment %v", from, last.To(), last.Value(), blk.Versus.Paid, tc.withPay)
			}
			if local != nil {
				ours, theirs := new(big.Int).Div(blk.Value, gwei), new(big.Int).Div(local, gwei)
				if (ours.Cmp(theirs) <= 0) != tc.localWon || blk.Versus.Local.Cmp(local) != 0 {
					t.Fatalf("our value %v gwei, the beacon node's %v gwei (seen as %v): local wins %v, want %v", ours, theirs, blk.Versus.Local, ours.Cmp(theirs) <= 0, tc.localWon)
				}
			}
			if !tc.withPay {
				return
			}
			// On chain: what the fee recipient receives is the bid's value, the payment included.
			before := balance(t, g, fee, parent.Hash())
			makeHead(t, g, blk)
			head := header(t, g, "latest")
			if got := new(big.Int).Sub(balance(t, g, fee, head.Hash()), before); got.Cmp(blk.Value) != 0 {
				t.Errorf("fee recipient received %v, bid value %v", got, blk.Value)
			}
			var r *types.Receipt
			if err := g.eth.Call(&r, "eth_getTransactionReceipt", promised.Hash()); err != nil || r == nil || r.Status != 1 || r.BlockHash != head.Hash() {
				t.Errorf("promised tx receipt %+v %v", r, err)
			}
		})
	}
}
