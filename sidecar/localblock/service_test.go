package localblock

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	builderelectra "github.com/attestantio/go-builder-client/api/electra"
	apielectra "github.com/attestantio/go-eth2-client/api/v1/electra"
	apifulu "github.com/attestantio/go-eth2-client/api/v1/fulu"
	"github.com/attestantio/go-eth2-client/spec/altair"
	"github.com/attestantio/go-eth2-client/spec/capella"
	"github.com/attestantio/go-eth2-client/spec/deneb"
	"github.com/attestantio/go-eth2-client/spec/electra"
	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/flashbots/go-boost-utils/bls"
	"github.com/flashbots/go-boost-utils/ssz"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/builderapi"
	"github.com/basedsidecar/based/sidecar/chain"
)

var (
	testFork = [4]byte{0x10, 0, 0, 0x38}
	testGVR  = [32]byte{0xab}
)

// fakeChain has one duty of ours and the payload attributes set by the test.
type fakeChain struct {
	mu     sync.Mutex
	duty   preconf.Duty
	attrs  chain.PayloadAttributesEvent
	synced bool // Clock is known
}

func (c *fakeChain) Duties() []preconf.Duty {
	c.mu.Lock()
	defer c.mu.Unlock()
	return []preconf.Duty{c.duty}
}
func (c *fakeChain) PayloadAttributes(slot uint64) (chain.PayloadAttributesEvent, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.attrs, slot == c.attrs.ProposalSlot
}
func (c *fakeChain) Clock() (chain.Clock, bool) { return chain.Clock{}, c.synced }
func (c *fakeChain) setParent(h common.Hash) {
	c.mu.Lock()
	c.attrs.ParentBlockHash = h
	c.mu.Unlock()
}

// fakeBuilder returns a block per parent, value 7 gwei, one blob.
type fakeBuilder struct {
	builds atomic.Int32
	last   atomic.Value // Attributes
}

func (f *fakeBuilder) Build(_ context.Context, a Attributes) (*Block, error) {
	f.builds.Add(1)
	f.last.Store(a)
	fee := big.NewInt(1e9)
	used, excess := uint64(131072), uint64(0)
	blk := &Block{Attrs: a, Value: big.NewInt(7e9), Payload: &engine.ExecutableData{
		ParentHash: a.ParentHash, FeeRecipient: a.FeeRecipient, LogsBloom: make([]byte, 256), Random: a.PrevRandao,
		Number: 10, GasLimit: 60_000_000, GasUsed: 42000, Timestamp: a.Timestamp, ExtraData: []byte("based"),
		BaseFeePerGas: fee, Transactions: [][]byte{{0x02, 0x01}}, Withdrawals: a.Withdrawals,
		BlobGasUsed: &used, ExcessBlobGas: &excess,
	}, Blobs: &engine.BlobsBundle{Commitments: []hexutil.Bytes{make([]byte, 48)}, Blobs: []hexutil.Bytes{make([]byte, 131072)}, Proofs: make([]hexutil.Bytes, 128)}}
	for i := range blk.Blobs.Proofs {
		blk.Blobs.Proofs[i] = make([]byte, 48)
	}
	blk.Payload.BlockHash = common.BytesToHash(append([]byte("block-on-"), a.ParentHash[:8]...))
	return blk, nil
}

// fakeBeacon serves fork and genesis and records published blocks.
type fakeBeacon struct {
	published []apifulu.SignedBlockContents
	query     string
	mu        sync.Mutex
}

func (b *fakeBeacon) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/eth/v1/beacon/states/head/fork":
		_, _ = io.WriteString(w, `{"data":{"previous_version":"0x10000038","current_version":"0x10000038","epoch":"0"}}`)
	case "/eth/v1/beacon/genesis":
		_, _ = io.WriteString(w, `{"data":{"genesis_time":"1","genesis_validators_root":"0xab00000000000000000000000000000000000000000000000000000000000000","genesis_fork_version":"0x10000038"}}`)
	case "/eth/v2/beacon/blocks":
		var c apifulu.SignedBlockContents
		if err := json.NewDecoder(r.Body).Decode(&c); err != nil || r.Header.Get("Eth-Consensus-Version") != "fulu" {
			http.Error(w, "bad block", 400)
			return
		}
		b.mu.Lock()
		b.published = append(b.published, c)
		b.query = r.URL.RawQuery
		b.mu.Unlock()
	default:
		http.NotFound(w, r)
	}
}

type env struct {
	s        *Service
	b        *fakeBuilder
	ch       *fakeChain
	beacon   *fakeBeacon
	proposer *bls.SecretKey
	bidder   *Bidder
	regs     *builderapi.Registrations
}

func newEnv(t *testing.T) *env {
	t.Helper()
	psk, ppk, err := bls.GenerateNewKeypair()
	if err != nil {
		t.Fatal(err)
	}
	bsk, _, _ := bls.GenerateNewKeypair()
	bidder, err := NewBidder(bsk, testFork)
	if err != nil {
		t.Fatal(err)
	}
	var pk preconf.BLSPubkey
	copy(pk[:], bls.PublicKeyToBytes(ppk))
	ch := &fakeChain{
		duty:  preconf.Duty{Slot: 20, ValidatorIndex: 5, Pubkey: pk, Ours: true, Deadline: time.Now().Add(-100 * time.Millisecond)},
		attrs: chain.PayloadAttributesEvent{ProposalSlot: 20, ParentBlockHash: common.Hash{0x11}, Timestamp: 1234, PrevRandao: common.Hash{0x22}, FeeRecipient: common.Address{0x33}},
	}
	beacon := &fakeBeacon{}
	hs := httptest.NewServer(beacon)
	t.Cleanup(hs.Close)
	fb := &fakeBuilder{}
	regs := builderapi.NewRegistrations()
	s := NewService(fb, ch, regs, func() (*Bidder, error) { return bidder, nil }, NewPublisher(hs.URL, hs.Client()), prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	s.attrsWait = 200 * time.Millisecond
	return &env{s: s, b: fb, ch: ch, beacon: beacon, proposer: psk, bidder: bidder, regs: regs}
}

func (e *env) req(parent common.Hash) builderapi.HeaderRequest {
	return builderapi.HeaderRequest{Slot: 20, ParentHash: strings.ToLower(parent.Hex()), Pubkey: hexutil.Encode(e.ch.duty.Pubkey[:])}
}

// blinded signs the blinded block of a bid as the proposer would.
func (e *env) blinded(t *testing.T, body []byte, mutate func(*apielectra.BlindedBeaconBlock)) []byte {
	t.Helper()
	var bid struct {
		Data builderelectra.SignedBuilderBid `json:"data"`
	}
	if err := json.Unmarshal(body, &bid); err != nil {
		t.Fatal(err)
	}
	m := bid.Data.Message
	blk := &apielectra.BlindedBeaconBlock{Slot: 20, ProposerIndex: 5, Body: &apielectra.BlindedBeaconBlockBody{
		ETH1Data: &phase0.ETH1Data{BlockHash: make([]byte, 32)}, SyncAggregate: &altair.SyncAggregate{SyncCommitteeBits: make([]byte, 64)},
		ExecutionPayloadHeader: m.Header, BlobKZGCommitments: m.BlobKZGCommitments, ExecutionRequests: m.ExecutionRequests,
		ProposerSlashings: []*phase0.ProposerSlashing{}, AttesterSlashings: []*electra.AttesterSlashing{}, Attestations: []*electra.Attestation{},
		Deposits: []*phase0.Deposit{}, VoluntaryExits: []*phase0.SignedVoluntaryExit{}, BLSToExecutionChanges: []*capella.SignedBLSToExecutionChange{},
	}}
	if mutate != nil {
		mutate(blk)
	}
	sig, err := ssz.SignMessage(blk, ssz.ComputeDomain(domainTypeProposer, testFork, testGVR), e.proposer)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(&apielectra.SignedBlindedBeaconBlock{Message: blk, Signature: sig})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestServiceBidAndUnblind(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = e.s.Run(ctx) }()
	// Prepared at the deadline, on the announced parent.
	deadline := time.Now().Add(5 * time.Second)
	for e.b.builds.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if e.b.builds.Load() != 1 {
		t.Fatalf("builds at the deadline: %d", e.b.builds.Load())
	}
	c, err := e.s.Bid(ctx, e.req(common.Hash{0x11}))
	if err != nil || c == nil || !c.Local || c.Value.Cmp(big.NewInt(7e9)) != 0 {
		t.Fatalf("bid: %+v %v", c, err)
	}
	if e.b.builds.Load() != 1 {
		t.Errorf("bid on the prepared parent built again")
	}
	// The bid is signed by our builder key under the builder domain.
	var bid struct {
		Version string                          `json:"version"`
		Data    builderelectra.SignedBuilderBid `json:"data"`
	}
	if err := json.Unmarshal(c.Body, &bid); err != nil || bid.Version != "fulu" {
		t.Fatalf("bid JSON %s: %v", c.Body, err)
	}
	pk := e.bidder.Pubkey()
	if ok, err := ssz.VerifySignature(bid.Data.Message, e.bidder.Domain(), pk[:], bid.Data.Signature[:]); !ok || err != nil {
		t.Fatalf("bid signature: %v %v", ok, err)
	}
	if bid.Data.Message.Value.Uint64() != 7e9 || bid.Data.Message.Header.ParentHash != (phase0.Hash32{0x11}) || len(bid.Data.Message.BlobKZGCommitments) != 1 {
		t.Fatalf("bid message %+v", bid.Data.Message)
	}

	tests := []struct {
		name    string
		mutate  func(*apielectra.BlindedBeaconBlock)
		wantErr error
	}{
		{"header swapped (gas used)", func(b *apielectra.BlindedBeaconBlock) {
			h := *b.Body.ExecutionPayloadHeader
			h.GasUsed++
			b.Body.ExecutionPayloadHeader = &h
		}, builderapi.ErrBadRequest},
		{"commitment dropped", func(b *apielectra.BlindedBeaconBlock) { b.Body.BlobKZGCommitments = []deneb.KZGCommitment{} }, builderapi.ErrBadRequest},
		{"wrong proposer index", func(b *apielectra.BlindedBeaconBlock) { b.ProposerIndex = 6 }, builderapi.ErrBadRequest},
		{"not our block", func(b *apielectra.BlindedBeaconBlock) {
			h := *b.Body.ExecutionPayloadHeader
			h.BlockHash = phase0.Hash32{0x99}
			b.Body.ExecutionPayloadHeader = &h
		}, builderapi.ErrNotOurs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.s.Unblind(ctx, "v2", e.blinded(t, c.Body, tt.mutate), "application/json"); !errors.Is(err, tt.wantErr) {
				t.Fatalf("Unblind = %v, want %v", err, tt.wantErr)
			}
			if len(e.beacon.published) != 0 {
				t.Fatalf("published %d blocks", len(e.beacon.published))
			}
		})
	}
	// A signature by another key.
	good := e.blinded(t, c.Body, nil)
	var forged apielectra.SignedBlindedBeaconBlock
	_ = json.Unmarshal(good, &forged)
	forged.Signature = phase0.BLSSignature(bls.SignatureToBytes(bls.Sign(e.proposer, []byte("other"))))
	fb, _ := json.Marshal(&forged)
	if _, err := e.s.Unblind(ctx, "v2", fb, "application/json"); !errors.Is(err, builderapi.ErrBadRequest) {
		t.Fatalf("forged signature: %v", err)
	}
	// v2: the full block goes to the beacon node with its blob and 128 cell proofs.
	if _, err := e.s.Unblind(ctx, "v2", good, "application/json"); err != nil {
		t.Fatal(err)
	}
	if len(e.beacon.published) != 1 || e.beacon.query != "broadcast_validation=consensus_and_equivocation" {
		t.Fatalf("published %d, query %q", len(e.beacon.published), e.beacon.query)
	}
	p := e.beacon.published[0]
	if p.SignedBlock.Message.Body.ExecutionPayload.BlockHash != bid.Data.Message.Header.BlockHash || len(p.Blobs) != 1 || len(p.KZGProofs) != 128 {
		t.Fatalf("published block: hash %x, %d blobs, %d proofs", p.SignedBlock.Message.Body.ExecutionPayload.BlockHash, len(p.Blobs), len(p.KZGProofs))
	}
	// v1 of the same block returns the payload.
	out, err := e.s.Unblind(ctx, "v1", good, "application/json")
	if err != nil || !strings.Contains(string(out), `"execution_payload"`) || !strings.Contains(string(out), `"blobs_bundle"`) {
		t.Fatalf("v1: %s %v", out, err)
	}

	// A late block: getHeader names another parent, announced meanwhile: built at once.
	e.ch.setParent(common.Hash{0x12})
	c2, err := e.s.Bid(ctx, e.req(common.Hash{0x12}))
	if err == nil || c2 != nil {
		// Our payload of slot 20 is already out: no second payload for the slot.
		t.Fatalf("bid after publishing: %+v %v", c2, err)
	}
	// A parent nobody announced: no bid.
	if _, err := e.s.Bid(ctx, e.req(common.Hash{0x13})); err == nil {
		t.Fatal("bid on an unannounced parent")
	}
}

func TestServiceRebuildsOnLateParent(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var pk [48]byte = e.ch.duty.Pubkey
	body := `[{"message":{"fee_recipient":"0x00000000000000000000000000000000000000fe","gas_limit":"36000000","timestamp":"9","pubkey":"` + hexutil.Encode(pk[:]) + `"},"signature":"0x` + strings.Repeat("ab", 96) + `"}]`
	srv := builderapi.New(nil, prometheus.NewRegistry(), slog.New(slog.DiscardHandler), builderapi.WithRegistrations(e.regs))
	resp := httptest.NewRecorder()
	srv.Handler().ServeHTTP(resp, httptest.NewRequest(http.MethodPost, "/eth/v1/builder/validators", strings.NewReader(body)))
	if resp.Code != 200 {
		t.Fatalf("registration: %d", resp.Code)
	}
	// Prepared on 0x11 (as Run would at the deadline).
	e.s.prepare(ctx, e.ch.duty)
	// The block of 0x12 came late: getHeader names it, the beacon node announces it.
	e.ch.setParent(common.Hash{0x12})
	c, err := e.s.Bid(ctx, e.req(common.Hash{0x12}))
	if err != nil || c == nil {
		t.Fatalf("bid on the late parent: %v", err)
	}
	if e.b.builds.Load() != 2 {
		t.Fatalf("builds %d, want 2", e.b.builds.Load())
	}
	a := e.b.last.Load().(Attributes)
	if a.ParentHash != (common.Hash{0x12}) || a.FeeRecipient != common.HexToAddress("0xfe") || a.GasLimit != 36_000_000 || a.Timestamp != 1234 {
		t.Fatalf("attributes of the rebuild: %+v", a)
	}
	// Asking twice gives the same bid, built once.
	c2, err := e.s.Bid(ctx, e.req(common.Hash{0x12}))
	if err != nil || string(c2.Body) != string(c.Body) || e.b.builds.Load() != 2 {
		t.Fatalf("second ask: %v, builds %d", err, e.b.builds.Load())
	}
}

func TestServiceReady(t *testing.T) {
	noGenesis := errors.New("no genesis yet")
	tests := []struct {
		name      string
		synced    bool
		bidderErr error
		wantErr   error
	}{
		{"ready", true, nil, nil},
		{"chain view without a clock", false, nil, ErrNotReady},
		{"bidder cannot be made", true, noGenesis, noGenesis},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ch := &fakeChain{synced: tc.synced}
			s := NewService(nil, ch, nil, func() (*Bidder, error) {
				if tc.bidderErr != nil {
					return nil, tc.bidderErr
				}
				return &Bidder{}, nil
			}, nil, prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
			err := s.Ready()
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("Ready() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) || !errors.Is(err, ErrNotReady) {
				t.Fatalf("Ready() = %v, want %v wrapped with ErrNotReady", err, tc.wantErr)
			}
		})
	}
}

// prefetchingBuilder is fakeBuilder that also reads ahead, failing as told.
type prefetchingBuilder struct {
	fakeBuilder
	mu      sync.Mutex
	parents []common.Hash
	fail    []error // the errors of the next calls, in order
}

func (p *prefetchingBuilder) Prefetch(_ context.Context, parent common.Hash) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.parents = append(p.parents, parent)
	if len(p.fail) > 0 {
		err := p.fail[0]
		p.fail = p.fail[1:]
		return err
	}
	return nil
}

func (p *prefetchingBuilder) calls() []common.Hash {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.parents)
}

// TestServiceReadsAhead reads the pool once per announced parent before the
// deadline, again after a read that the pool's reset had not caught up with,
// after the deadline only for a late parent, and not for a slot without
// attributes.
func TestServiceReadsAhead(t *testing.T) {
	e := newEnv(t)
	pb := &prefetchingBuilder{fail: []error{ErrStaleSnapshot}}
	e.s.b = pb
	ctx := context.Background()
	d := e.ch.duty
	d.Deadline = time.Now().Add(time.Minute)
	wait := func(n int) []common.Hash {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for len(pb.calls()) < n && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		return pb.calls()
	}
	e.s.readAhead(ctx, d) // stale: forgotten once it fails
	if got := wait(1); len(got) != 1 || got[0] != (common.Hash{0x11}) {
		t.Fatalf("first read ahead: %v", got)
	}
	var got []common.Hash
	for deadline := time.Now().Add(5 * time.Second); len(got) < 2 && time.Now().Before(deadline); {
		e.s.readAhead(ctx, d) // as the ticker would
		got = wait(2)
	}
	if len(got) != 2 || got[1] != (common.Hash{0x11}) {
		t.Fatalf("after a stale read: %v, want a second read of 0x11", got)
	}
	e.s.readAhead(ctx, d)
	e.s.readAhead(ctx, d)
	e.ch.setParent(common.Hash{0x12}) // a late block: the new parent is read too
	e.s.readAhead(ctx, d)
	if got := wait(3); len(got) != 3 || got[2] != (common.Hash{0x12}) {
		t.Fatalf("reads %v, want 0x11 twice, then 0x12 once", got)
	}
	// After the deadline: nothing while our block is not prepared yet or is
	// built on the announced parent; a parent that came late is read.
	past := d
	past.Deadline = time.Now().Add(-time.Millisecond)
	e.ch.setParent(common.Hash{0x13})
	e.s.readAhead(ctx, past) // not prepared yet: the build reads the pool itself
	e.s.mu.Lock()
	e.s.prepared[past.Slot] = true // as Run marks it
	e.s.mu.Unlock()
	e.s.prepare(ctx, past) // our block on 0x13
	e.s.readAhead(ctx, past)
	if got := pb.calls(); len(got) != 3 {
		t.Fatalf("reads %v after the deadline on the prepared parent", got)
	}
	e.ch.setParent(common.Hash{0x14}) // a late block
	e.s.readAhead(ctx, past)
	if got := wait(4); len(got) != 4 || got[3] != (common.Hash{0x14}) {
		t.Fatalf("reads %v, want the late parent 0x14 read", got)
	}
	other := d
	other.Slot = 21           // no attributes announced for it
	e.s.readAhead(ctx, other) // returns before starting any read
	if got := pb.calls(); len(got) != 4 {
		t.Fatalf("reads %v after a slot without attributes", got)
	}
}
