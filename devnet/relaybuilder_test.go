package devnet

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	builderfulu "github.com/attestantio/go-builder-client/api/fulu"
	builderv1 "github.com/attestantio/go-builder-client/api/v1"
	"github.com/attestantio/go-eth2-client/spec/deneb"
	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/flashbots/go-boost-utils/bls"
	"github.com/flashbots/go-boost-utils/ssz"
	"github.com/holiman/uint256"

	"github.com/basedsidecar/based/preconf/client"
	"github.com/basedsidecar/based/sidecar/chain"
	"github.com/basedsidecar/based/sidecar/localblock"
)

// relayBuilder is an external block builder on the devnet: for the next
// slot it builds a block on geth (testing_buildBlockV1 with one tx, a payment
// to the proposer's fee recipient) and submits it to the real relay, signed
// with a builder key of its own, as builders submit to mev-boost-relay. The
// block is never given to geth's Engine API here, so the relay's simulation
// (`based blocksim`) is the first to execute it there.
type relayBuilder struct {
	n      *Net
	eth    *rpc.Client
	sk     *bls.SecretKey
	pub    phase0.BLSPubKey
	domain phase0.Domain
	attrs  chan chain.PayloadAttributesEvent
}

// submission is one block submitted to the relay.
type submission struct {
	Slot      uint64
	BlockHash common.Hash
	Payment   *types.Transaction
	Value     *big.Int
	Recipient common.Address
}

func newRelayBuilder(ctx context.Context, t *testing.T, n *Net) *relayBuilder {
	t.Helper()
	ep := n.State.Endpoints
	eth, err := rpc.DialContext(ctx, ep.ExecutionHTTP)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eth.Close)
	key, _, err := relayKey() // a BLS key drawn as the relay's is
	if err != nil {
		t.Fatal(err)
	}
	sk, err := bls.SecretKeyFromBytes(key)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := bls.PublicKeyFromSecretKey(sk)
	if err != nil {
		t.Fatal(err)
	}
	var pub phase0.BLSPubKey
	copy(pub[:], bls.PublicKeyToBytes(pk))
	var fork phase0.Version
	if b, err := hex.DecodeString(strings.TrimPrefix(genesisForkVersion(t), "0x")); err != nil || len(b) != len(fork) {
		t.Fatalf("genesis fork version: %v", err)
	} else {
		copy(fork[:], b)
	}
	rb := &relayBuilder{n: n, eth: eth, sk: sk, pub: pub,
		domain: phase0.Domain(ssz.ComputeDomain(ssz.DomainTypeAppBuilder, fork, phase0.Root{})),
		attrs:  make(chan chain.PayloadAttributesEvent, 64)}
	go rb.follow(ctx, t)
	return rb
}

// genesisForkVersion is the devnet's GENESIS_FORK_VERSION.
func genesisForkVersion(t *testing.T) string {
	for _, f := range forkVersions {
		if f.Name == "GENESIS" {
			return f.Version
		}
	}
	t.Fatal("no GENESIS fork version")
	return ""
}

// follow reads the beacon node's payload_attributes events until ctx ends.
func (rb *relayBuilder) follow(ctx context.Context, t *testing.T) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rb.n.State.Endpoints.BeaconAPI+"/eth/v1/events?topics=payload_attributes", nil)
	if err != nil {
		return
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Logf("payload_attributes stream: %v", err)
		return
	}
	defer resp.Body.Close()
	r := chain.NewEventReader(resp.Body)
	for {
		ev, err := r.Next()
		if err != nil {
			return
		}
		pa, err := chain.ParsePayloadAttributes(ev.Data)
		if err != nil {
			continue
		}
		select {
		case rb.attrs <- pa:
		default:
		}
	}
}

// nextAttributes waits for the payload attributes of a slot after minSlot.
func (rb *relayBuilder) nextAttributes(ctx context.Context, minSlot uint64) (chain.PayloadAttributesEvent, error) {
	for {
		select {
		case <-ctx.Done():
			return chain.PayloadAttributesEvent{}, ctx.Err()
		case pa := <-rb.attrs:
			if pa.ProposalSlot > minSlot {
				return pa, nil
			}
		}
	}
}

// duty is the relay's record of a slot's proposer and registration.
type duty struct {
	Slot  string `json:"slot"`
	Entry struct {
		Message struct {
			FeeRecipient common.Address `json:"fee_recipient"`
			GasLimit     string         `json:"gas_limit"`
			Pubkey       string         `json:"pubkey"`
		} `json:"message"`
	} `json:"entry"`
}

// build builds the block for pa's slot paying value to the proposer's fee
// recipient from payer, and returns the submission to the relay. claim is
// the value the bid trace states (value plus the block's fees when honest).
func (rb *relayBuilder) build(ctx context.Context, pa chain.PayloadAttributesEvent, payer *ecdsa.PrivateKey, value *big.Int) (*builderfulu.SubmitBlockRequest, *submission, error) {
	var duties []duty
	if err := getJSON(ctx, rb.n.State.Endpoints.Relay+"/relay/v1/builder/validators", &duties); err != nil {
		return nil, nil, fmt.Errorf("relay validators: %w", err)
	}
	var d *duty
	for i := range duties {
		if duties[i].Slot == fmt.Sprint(pa.ProposalSlot) {
			d = &duties[i]
		}
	}
	if d == nil {
		return nil, nil, fmt.Errorf("the relay knows no registered proposer for slot %d", pa.ProposalSlot)
	}
	recipient := d.Entry.Message.FeeRecipient
	// The payment spends the payer's next nonce at the parent.
	var nonce hexutil.Uint64
	if err := rb.eth.CallContext(ctx, &nonce, "eth_getTransactionCount", crypto.PubkeyToAddress(payer.PublicKey), rpc.BlockNumberOrHashWithHash(pa.ParentBlockHash, false)); err != nil {
		return nil, nil, err
	}
	chainID := big.NewInt(ChainID)
	pay := types.MustSignNewTx(payer, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{ChainID: chainID, Nonce: uint64(nonce),
		GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(500e9), Gas: 21000, To: &recipient, Value: value})
	rawPay, err := pay.MarshalBinary()
	if err != nil {
		return nil, nil, err
	}
	withdrawals := []*types.Withdrawal{}
	for _, w := range pa.Withdrawals {
		withdrawals = append(withdrawals, &types.Withdrawal{Index: w.Index, Validator: w.ValidatorIndex, Address: w.Address, Amount: w.Amount})
	}
	root := pa.ParentBeaconBlockRoot
	attrs := engine.PayloadAttributes{Timestamp: pa.Timestamp, Random: pa.PrevRandao, SuggestedFeeRecipient: recipient,
		Withdrawals: withdrawals, BeaconRoot: &root}
	var env engine.ExecutionPayloadEnvelope
	if err := rb.eth.CallContext(ctx, &env, "testing_buildBlockV1", pa.ParentBlockHash, attrs, []hexutil.Bytes{rawPay}, hexutil.Bytes("relay test builder")); err != nil {
		return nil, nil, fmt.Errorf("testing_buildBlockV1: %w", err)
	}
	if env.ExecutionPayload == nil || len(env.ExecutionPayload.Transactions) != 1 || env.BlockValue == nil {
		return nil, nil, fmt.Errorf("testing_buildBlockV1: want a payload with the payment alone and its value, got %+v", env)
	}
	blk := &localblock.Block{Payload: env.ExecutionPayload, Blobs: env.BlobsBundle, Requests: env.Requests, Value: env.BlockValue}
	p, err := localblock.ToDeneb(blk)
	if err != nil {
		return nil, nil, err
	}
	reqs, err := localblock.ExecutionRequests(blk.Requests)
	if err != nil {
		return nil, nil, err
	}
	var proposer phase0.BLSPubKey
	if b, err := hex.DecodeString(strings.TrimPrefix(d.Entry.Message.Pubkey, "0x")); err != nil || len(b) != len(proposer) {
		return nil, nil, fmt.Errorf("proposer pubkey %q: %v", d.Entry.Message.Pubkey, err)
	} else {
		copy(proposer[:], b)
	}
	total := new(big.Int).Add(blk.Value, value)
	v, _ := uint256.FromBig(total)
	msg := &builderv1.BidTrace{Slot: pa.ProposalSlot, ParentHash: phase0.Hash32(pa.ParentBlockHash), BlockHash: p.BlockHash,
		BuilderPubkey: rb.pub, ProposerPubkey: proposer, ProposerFeeRecipient: p.FeeRecipient,
		GasLimit: p.GasLimit, GasUsed: p.GasUsed, Value: v}
	bundle := &builderfulu.BlobsBundle{Commitments: []deneb.KZGCommitment{}, Proofs: []deneb.KZGProof{}, Blobs: []deneb.Blob{}}
	if blk.Blobs != nil {
		for _, c := range blk.Blobs.Commitments {
			bundle.Commitments = append(bundle.Commitments, deneb.KZGCommitment(c))
		}
		for _, c := range blk.Blobs.Proofs {
			bundle.Proofs = append(bundle.Proofs, deneb.KZGProof(c))
		}
		for _, c := range blk.Blobs.Blobs {
			bundle.Blobs = append(bundle.Blobs, deneb.Blob(c))
		}
	}
	req := &builderfulu.SubmitBlockRequest{Message: msg, ExecutionPayload: p, BlobsBundle: bundle, ExecutionRequests: reqs}
	return req, &submission{Slot: pa.ProposalSlot, BlockHash: common.Hash(p.BlockHash), Payment: pay, Value: total, Recipient: recipient}, nil
}

// submit signs the request's bid trace with the builder key and posts it to
// the relay, returning the relay's status code and message.
func (rb *relayBuilder) submit(ctx context.Context, req *builderfulu.SubmitBlockRequest) (int, string, error) {
	sig, err := ssz.SignMessage(req.Message, rb.domain, rb.sk)
	if err != nil {
		return 0, "", err
	}
	req.Signature = sig
	body, err := json.Marshal(req)
	if err != nil {
		return 0, "", err
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, rb.n.State.Endpoints.Relay+"/relay/v1/builder/blocks", bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Eth-Consensus-Version", "fulu")
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return resp.StatusCode, strings.TrimSpace(string(msg)), nil
}

// checkRelayBlocks has an external builder submit blocks to the real relay
// for the next slots, each paying the proposer's fee recipient: a submission
// whose bid states more than the block pays is refused by the relay (its
// block simulation, `based blocksim`, finds the fee recipient gains less);
// the honest ones reach the proposer through the sidecar's getHeader, the
// signed blinded block goes back through the sidecar to the relay, which
// unblinds and publishes it. Checked on the beacon node and geth: the block of
// the slot is the builder's, opens with its payment, and the fee recipient's
// balance grows by at least the payment; the relay records the delivery.
func checkRelayBlocks(ctx context.Context, t *testing.T, n *Net) {
	t.Helper()
	ep := n.State.Endpoints
	slot := time.Duration(n.State.SlotSeconds) * time.Second
	rb := newRelayBuilder(ctx, t, n)
	payer, err := n.account("wallet-4")
	if err != nil {
		t.Fatal(err)
	}
	pay := big.NewInt(1e17)
	waitRelayDuties(ctx, t, n)
	sim0 := scrape(ctx, t, ep.Blocksim+"/metrics")
	side0 := scrape(ctx, t, ep.SidecarMetric)
	var landed []*submission
	refused := false
	for attempt := 0; attempt < 10 && len(landed) < 2; attempt++ {
		head, err := ChainHead(ctx, ep)
		if err != nil {
			t.Fatal(err)
		}
		actx, cancel := context.WithTimeout(ctx, 4*slot)
		pa, err := rb.nextAttributes(actx, head.Slot)
		cancel()
		if err != nil {
			t.Logf("attempt %d: no payload attributes after slot %d: %v", attempt, head.Slot, err)
			continue
		}
		req, sub, err := rb.build(ctx, pa, payer.Key(), pay)
		if err != nil {
			t.Logf("attempt %d, slot %d: %v", attempt, pa.ProposalSlot, err)
			continue
		}
		if !refused {
			// The same block, bid at one wei more than it pays: the relay's simulation refuses it.
			honest := req.Message.Value
			lie := new(uint256.Int).AddUint64(honest, 1)
			req.Message.Value = lie
			code, msg, err := rb.submit(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if code != http.StatusBadRequest || !strings.Contains(msg, "gains") {
				t.Fatalf("a bid above what its block pays: relay answered %d %q, want 400 naming what the fee recipient gains", code, msg)
			}
			refused = true
			req.Message.Value = honest
		}
		code, msg, err := rb.submit(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if code != http.StatusOK {
			t.Logf("attempt %d, slot %d: relay answered %d %q", attempt, sub.Slot, code, msg)
			continue
		}
		got, err := waitSlotBlockHash(ctx, ep.BeaconAPI, sub.Slot, n.State.GenesisTime.Add(time.Duration(sub.Slot+3)*slot))
		if err != nil {
			t.Logf("attempt %d, slot %d: %v", attempt, sub.Slot, err)
			continue
		}
		if got != sub.BlockHash {
			t.Logf("attempt %d, slot %d: the block is %s, not the submitted %s", attempt, sub.Slot, got, sub.BlockHash)
			continue
		}
		landed = append(landed, sub)
	}
	if !refused {
		t.Fatal("no submission was ever built")
	}
	if len(landed) == 0 {
		t.Fatal("no block submitted to the relay became the block of its slot")
	}
	el, err := rpc.DialContext(ctx, ep.ExecutionHTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer el.Close()
	for _, sub := range landed {
		var blk struct {
			Number       hexutil.Uint64 `json:"number"`
			ParentHash   common.Hash    `json:"parentHash"`
			Transactions []common.Hash  `json:"transactions"`
		}
		if err := el.CallContext(ctx, &blk, "eth_getBlockByHash", sub.BlockHash, false); err != nil || len(blk.Transactions) == 0 {
			t.Fatalf("slot %d: geth block %s: %v (%d txs)", sub.Slot, sub.BlockHash, err, len(blk.Transactions))
		}
		var canon struct {
			Hash common.Hash `json:"hash"`
		}
		if err := el.CallContext(ctx, &canon, "eth_getBlockByNumber", blk.Number, false); err != nil || canon.Hash != sub.BlockHash {
			t.Errorf("slot %d: geth's canonical block %d is %s (%v), want the relay's %s", sub.Slot, blk.Number, canon.Hash, err, sub.BlockHash)
		}
		if blk.Transactions[0] != sub.Payment.Hash() {
			t.Errorf("slot %d: the block opens with %s, want the builder's payment %s", sub.Slot, blk.Transactions[0], sub.Payment.Hash())
		}
		var before, after hexutil.Big
		if err := el.CallContext(ctx, &before, "eth_getBalance", sub.Recipient, rpc.BlockNumberOrHashWithHash(blk.ParentHash, false)); err != nil {
			t.Fatal(err)
		}
		if err := el.CallContext(ctx, &after, "eth_getBalance", sub.Recipient, rpc.BlockNumberOrHashWithHash(sub.BlockHash, false)); err != nil {
			t.Fatal(err)
		}
		if gain := new(big.Int).Sub(after.ToInt(), before.ToInt()); gain.Cmp(sub.Value) != 0 {
			t.Errorf("slot %d: the fee recipient gained %s wei, the bid said %s", sub.Slot, gain, sub.Value)
		}
		var delivered []struct {
			BlockHash common.Hash `json:"block_hash"`
		}
		if err := getJSON(ctx, fmt.Sprintf("%s/relay/v1/data/bidtraces/proposer_payload_delivered?slot=%d", ep.Relay, sub.Slot), &delivered); err != nil {
			t.Errorf("slot %d: relay deliveries: %v", sub.Slot, err)
		} else if len(delivered) != 1 || delivered[0].BlockHash != sub.BlockHash {
			t.Errorf("slot %d: the relay delivered %+v, want %s", sub.Slot, delivered, sub.BlockHash)
		}
	}
	sim1 := scrape(ctx, t, ep.Blocksim+"/metrics")
	side1 := scrape(ctx, t, ep.SidecarMetric)
	valid := sim1[`based_blocksim_validations_total{result="valid"}`] - sim0[`based_blocksim_validations_total{result="valid"}`]
	invalid := sim1[`based_blocksim_validations_total{result="invalid"}`] - sim0[`based_blocksim_validations_total{result="invalid"}`]
	if valid < float64(len(landed)) || invalid < 1 {
		t.Errorf("blocksim counted %v valid and %v invalid submissions, want >= %d and >= 1", valid, invalid, len(landed))
	}
	v2 := side1[`based_builder_calls_total{call="blinded_blocks_v2",code="202"}`] - side0[`based_builder_calls_total{call="blinded_blocks_v2",code="202"}`]
	if v2 < float64(len(landed)) {
		t.Errorf("the sidecar answered %v blinded blocks with 202, want >= %d (one per relay block)", v2, len(landed))
	}
	if c := sim1["based_blocksim_validation_seconds_count"] - sim0["based_blocksim_validation_seconds_count"]; c > 0 {
		t.Logf("blocksim validated %v submissions in %.1f ms on average", c,
			1000*(sim1["based_blocksim_validation_seconds_sum"]-sim0["based_blocksim_validation_seconds_sum"])/c)
	}
	t.Logf("relay blocks: %d landed (slots %v)", len(landed), slotsOf(landed))
	checkRelayBidWithoutProofs(ctx, t, n, rb)
}

// waitRelayDuties waits until the relay lists a registered proposer for a
// slot after the next one: its housekeeper reads the registrations the API
// stored into the duties every half epoch, so right after the first
// registrations the list can be empty for up to 16 slots.
func waitRelayDuties(ctx context.Context, t *testing.T, n *Net) {
	t.Helper()
	slot := time.Duration(n.State.SlotSeconds) * time.Second
	deadline := time.Now().Add(3 * 16 * slot)
	for {
		head, err := ChainHead(ctx, n.State.Endpoints)
		if err != nil {
			t.Fatal(err)
		}
		var duties []duty
		err = getJSON(ctx, n.State.Endpoints.Relay+"/relay/v1/builder/validators", &duties)
		for _, d := range duties {
			if s, perr := strconv.ParseUint(d.Slot, 10, 64); perr == nil && s > head.Slot+1 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the relay lists no registered proposer after slot %d (%d duties, %v)", head.Slot+1, len(duties), err)
		}
		waitUntil(ctx, t, n, time.Now().Add(slot), "the relay's proposer duties")
	}
}

func slotsOf(subs []*submission) []uint64 {
	out := make([]uint64, len(subs))
	for i, s := range subs {
		out[i] = s.Slot
	}
	return out
}

// waitSlotBlockHash waits until the beacon node has a block for slot (or a
// later head), and returns its execution block hash; an empty slot is an error.
func waitSlotBlockHash(ctx context.Context, beacon string, slot uint64, deadline time.Time) (common.Hash, error) {
	for {
		var b struct {
			Data struct {
				Message struct {
					Body struct {
						ExecutionPayload struct {
							BlockHash common.Hash `json:"block_hash"`
						} `json:"execution_payload"`
					} `json:"body"`
				} `json:"message"`
			} `json:"data"`
		}
		err := getJSON(ctx, fmt.Sprintf("%s/eth/v2/beacon/blocks/%d", beacon, slot), &b)
		if err == nil {
			return b.Data.Message.Body.ExecutionPayload.BlockHash, nil
		}
		if time.Now().After(deadline) {
			return common.Hash{}, fmt.Errorf("no block for slot %d: %w", slot, err)
		}
		select {
		case <-ctx.Done():
			return common.Hash{}, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// checkRelayBidWithoutProofs gets a promise for a slot a few slots ahead and
// has the builder submit a block for that slot to the real relay that pays
// far more than ours but does not hold the promised tx. mev-boost-relay serves
// no inclusion proofs, so the sidecar refuses its bid for a slot with
// promises (proofs_missing) and proposes our block: on the beacon node and
// geth the slot's block is not the relay's and holds the promised tx, and the
// relay delivered nothing for the slot. It returns the slot.
func checkRelayBidWithoutProofs(ctx context.Context, t *testing.T, n *Net, rb *relayBuilder) uint64 {
	t.Helper()
	ep := n.State.Endpoints
	slotDur := time.Duration(n.State.SlotSeconds) * time.Second
	c, err := client.Dial(ctx, ep.PreconfRPC)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	el, err := ethclient.DialContext(ctx, ep.ExecutionHTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer el.Close()
	sender, err := n.account("wallet-2")
	if err != nil {
		t.Fatal(err)
	}
	payer, err := n.account("wallet-4")
	if err != nil {
		t.Fatal(err)
	}
	chainID := big.NewInt(ChainID)
	for attempt := 0; attempt < 3; attempt++ {
		st, err := c.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		slot := st.Chain.ClockSlot + 3
		nonce, err := el.PendingNonceAt(ctx, sender.Address)
		if err != nil {
			t.Fatal(err)
		}
		tx := types.MustSignNewTx(sender.Key(), types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce,
			GasTipCap: big.NewInt(2e9), GasFeeCap: big.NewInt(300e9), Gas: 21000, To: &common.Address{0xbe}, Value: big.NewInt(1)})
		raw, _ := tx.MarshalBinary()
		if _, err := c.RequestInclusion(ctx, slot, chainID, raw); err != nil {
			t.Logf("attempt %d: promise for slot %d: %v", attempt, slot, err)
			continue
		}
		before := scrape(ctx, t, ep.SidecarMetric)
		var sub *submission
		for sub == nil {
			actx, cancel := context.WithTimeout(ctx, time.Until(n.State.GenesisTime.Add(time.Duration(slot)*slotDur)))
			pa, err := rb.nextAttributes(actx, slot-1)
			cancel()
			if err != nil {
				t.Fatalf("no payload attributes for slot %d: %v", slot, err)
			}
			if pa.ProposalSlot != slot {
				t.Fatalf("payload attributes for slot %d, waiting for %d", pa.ProposalSlot, slot)
			}
			req, s, err := rb.build(ctx, pa, payer.Key(), big.NewInt(5e17))
			if err != nil {
				t.Logf("slot %d: %v", slot, err)
				continue
			}
			code, msg, err := rb.submit(ctx, req)
			if err != nil || code != http.StatusOK {
				t.Fatalf("slot %d: relay answered %d %q (%v)", slot, code, msg, err)
			}
			sub = s
		}
		got, err := waitSlotBlockHash(ctx, ep.BeaconAPI, slot, n.State.GenesisTime.Add(time.Duration(slot+3)*slotDur))
		if err != nil {
			t.Fatalf("slot %d: %v", slot, err)
		}
		if got == sub.BlockHash {
			t.Fatalf("slot %d: the relay's block without the promised tx was proposed", slot)
		}
		blk, err := el.BlockByHash(ctx, got)
		if err != nil {
			t.Fatal(err)
		}
		held := false
		for _, x := range blk.Transactions() {
			held = held || x.Hash() == tx.Hash()
		}
		if !held {
			t.Fatalf("slot %d: block %s does not hold the promised tx %s", slot, got, tx.Hash())
		}
		var delivered []struct {
			BlockHash common.Hash `json:"block_hash"`
		}
		if err := getJSON(ctx, fmt.Sprintf("%s/relay/v1/data/bidtraces/proposer_payload_delivered?slot=%d", ep.Relay, slot), &delivered); err != nil || len(delivered) != 0 {
			t.Fatalf("slot %d: the relay delivered %+v (%v), want nothing", slot, delivered, err)
		}
		after := scrape(ctx, t, ep.SidecarMetric)
		if d := proofsMissing(after) - proofsMissing(before); d < 1 {
			t.Fatalf("slot %d: the sidecar counted %v relay bids without proofs, want >= 1", slot, d)
		}
		t.Logf("slot %d: the relay's bid of %s wei without proofs refused; our block %s holds the promise", slot, sub.Value, got)
		return slot
	}
	t.Fatal("no promise for a slot ahead in three attempts")
	return 0
}

// proofsMissing sums based_relay_bids_total{result="proofs_missing"} over relays.
func proofsMissing(m map[string]float64) float64 {
	var sum float64
	for k, v := range m {
		if strings.HasPrefix(k, "based_relay_bids_total{") && strings.Contains(k, `result="proofs_missing"`) {
			sum += v
		}
	}
	return sum
}
