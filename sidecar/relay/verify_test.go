package relay_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/basedsidecar/based/sidecar/relay"
	"github.com/basedsidecar/based/sidecar/relay/relaytest"
)

// testChain is the chain of a relaytest block, proposed by proposer.
type testChain struct {
	b        *relaytest.Block
	proposer phase0.BLSPubKey
	unknown  bool
}

func (c testChain) Timing() (time.Time, time.Duration, phase0.Version, bool) {
	return c.b.Genesis, relaytest.SlotDuration, relaytest.ForkVersion, !c.unknown
}

func (c testChain) Proposer(uint64) (phase0.BLSPubKey, bool) { return c.proposer, true }

// fixedConstraints are the same constraints for every slot.
type fixedConstraints [][]byte

func (f fixedConstraints) SlotConstraints(uint64) ([][]byte, error) { return f, nil }

var testProposer = phase0.BLSPubKey{0x8a, 1, 2, 3}

func bidRequest(b *relaytest.Block) relay.BidRequest {
	return relay.BidRequest{Slot: b.Slot, ParentHash: b.ParentHash, Proposer: testProposer, Registered: true,
		FeeRecipient: b.FeeRecipient, GasLimit: b.GasLimit}
}

// getHeader asks the double for its bid as the sidecar does.
func getHeader(t *testing.T, r *relaytest.Relay, b *relaytest.Block, withProofs bool) (*relay.Response, error) {
	t.Helper()
	c, err := relay.New(r.URL(), r.Client(), relay.WithProofsFor(func(uint64) bool { return withProofs }))
	if err != nil {
		t.Fatal(err)
	}
	return c.GetHeader(context.Background(), b.Slot, b.ParentHash.Hex(), phase0.BLSPubKey(testProposer).String())
}

func TestVerifyRelayBids(t *testing.T) {
	b := relaytest.NewBlock(t, 100, 7, 2)
	constrained := []int{0, 2, 3, 5} // the blob tx (2) among them
	var cons fixedConstraints
	for _, i := range constrained {
		cons = append(cons, b.Raw[i])
	}
	tests := []struct {
		fault   relaytest.Fault
		trusted bool
		noCons  bool
		want    error // nil: accepted
		reason  string
	}{
		{fault: relaytest.None, reason: "accepted"},
		{fault: relaytest.None, noCons: true, reason: "accepted"},
		{fault: relaytest.NoProofs, trusted: true, reason: "accepted"},
		{fault: relaytest.WrongSignature, want: relay.ErrBidSignature, reason: "signature"},
		{fault: relaytest.WrongKey, want: relay.ErrBidRelayKey, reason: "relay_key"},
		{fault: relaytest.WrongParent, want: relay.ErrBidParent, reason: "parent"},
		{fault: relaytest.WrongFeeRecipient, want: relay.ErrBidFeeRecipient, reason: "fee_recipient"},
		{fault: relaytest.WrongGasLimit, want: relay.ErrBidGasLimit, reason: "gas_limit"},
		{fault: relaytest.SlotBefore, want: relay.ErrBidSlot, reason: "slot"},
		{fault: relaytest.SlotAfter, want: relay.ErrBidSlot, reason: "slot"},
		{fault: relaytest.NoProofs, want: relay.ErrNoProofs, reason: "proofs_missing"},
		{fault: relaytest.EmptyProofs, want: relay.ErrNoProofs, reason: "proofs_missing"},
		{fault: relaytest.ForgedProof, want: relay.ErrProof, reason: "proofs_invalid"},
		{fault: relaytest.TruncatedProof, want: relay.ErrProof, reason: "proofs_invalid"},
		{fault: relaytest.OmittedConstraint, want: relay.ErrProof, reason: "proofs_invalid"},
		{fault: relaytest.ShiftedIndex, want: relay.ErrProof, reason: "proofs_invalid"},
		{fault: relaytest.ExtraProof, want: relay.ErrProof, reason: "proofs_invalid"},
		{fault: relaytest.ForgedProof, trusted: true, reason: "accepted"},
	}
	for _, tt := range tests {
		name := tt.fault.String()
		if tt.trusted {
			name += " trusted"
		}
		if tt.noCons {
			name += " no constraints"
		}
		t.Run(name, func(t *testing.T) {
			r := relaytest.New(t, b, 1e18)
			r.Fault, r.Proven = tt.fault, constrained
			cfg := relay.VerifierConfig{Chain: testChain{b: b, proposer: testProposer}, Constraints: cons}
			if tt.noCons {
				cfg.Constraints = fixedConstraints(nil)
			}
			if tt.trusted {
				cfg.Trusted = map[phase0.BLSPubKey]bool{r.Pubkey(): true}
			}
			reg := prometheus.NewRegistry()
			v := relay.NewVerifier(cfg, reg)
			withProofs := v.HasConstraints(b.Slot) && !v.Trusted(r.Pubkey())
			resp, err := getHeader(t, r, b, withProofs)
			var a *relay.Accepted
			if err == nil {
				a, err = v.Verify(context.Background(), "r", r.Pubkey(), bidRequest(b), resp)
			} else {
				v.Count("r", err)
			}
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if tt.want == nil && (a.Value.Uint64() != 1e18 || a.Proven != (withProofs && !tt.noCons)) {
				t.Errorf("accepted %+v, want value 1e18, proven %v", a, withProofs)
			}
			if got := testutil.ToFloat64(v.Metric().WithLabelValues("r", tt.reason)); got != 1 {
				t.Errorf("based_relay_bids_total{result=%q} = %v, want 1", tt.reason, got)
			}
			if tt.want != nil && relay.Reason(err) != tt.reason {
				t.Errorf("Reason = %q, want %q", relay.Reason(err), tt.reason)
			}
		})
	}
}

func TestVerifyRequestChecks(t *testing.T) {
	b := relaytest.NewBlock(t, 9, 2, -1)
	r := relaytest.New(t, b, 5)
	resp, err := getHeader(t, r, b, false)
	if err != nil {
		t.Fatal(err)
	}
	other := phase0.BLSPubKey{0x99}
	tests := []struct {
		name  string
		chain testChain
		req   func(*relay.BidRequest)
		want  error
	}{
		{"unregistered proposer", testChain{b: b, proposer: testProposer}, func(q *relay.BidRequest) { q.Registered = false }, relay.ErrBidProposer},
		{"not the slot's proposer", testChain{b: b, proposer: other}, func(*relay.BidRequest) {}, relay.ErrBidProposer},
		{"registration's fee recipient", testChain{b: b, proposer: testProposer}, func(q *relay.BidRequest) { q.FeeRecipient = common.Address{1} }, relay.ErrBidFeeRecipient},
		{"registration's gas limit", testChain{b: b, proposer: testProposer}, func(q *relay.BidRequest) { q.GasLimit = 30_000_000 }, relay.ErrBidGasLimit},
		{"asked another parent", testChain{b: b, proposer: testProposer}, func(q *relay.BidRequest) { q.ParentHash = common.Hash{1} }, relay.ErrBidParent},
		{"asked another slot", testChain{b: b, proposer: testProposer}, func(q *relay.BidRequest) { q.Slot++ }, relay.ErrBidSlot},
		{"chain unknown", testChain{b: b, unknown: true}, func(*relay.BidRequest) {}, relay.ErrBidNotReady},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := relay.NewVerifier(relay.VerifierConfig{Chain: tt.chain}, prometheus.NewRegistry())
			q := bidRequest(b)
			tt.req(&q)
			if _, err := v.Verify(context.Background(), "r", r.Pubkey(), q, resp); !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
	t.Run("parent gas limit", func(t *testing.T) {
		// Registration asks 30M on a 60M parent: one block may only step 60M/1024 down.
		parent := b.GasLimit
		for core.CalcGasLimit(parent, 30_000_000) != b.GasLimit {
			parent++
		}
		v := relay.NewVerifier(relay.VerifierConfig{Chain: testChain{b: b, proposer: testProposer}, Parents: parentGas(parent)}, prometheus.NewRegistry())
		q := bidRequest(b)
		q.GasLimit = 30_000_000
		if _, err := v.Verify(context.Background(), "r", r.Pubkey(), q, resp); err != nil {
			t.Fatalf("Verify = %v, want accepted (the gas limit follows the parent toward the registration)", err)
		}
		q.GasLimit = 90_000_000 // the parent may step up toward it, this payload does not
		if _, err := v.Verify(context.Background(), "r", r.Pubkey(), q, resp); !errors.Is(err, relay.ErrBidGasLimit) {
			t.Fatalf("Verify = %v, want ErrBidGasLimit", err)
		}
	})
	t.Run("malformed", func(t *testing.T) {
		v := relay.NewVerifier(relay.VerifierConfig{Chain: testChain{b: b, proposer: testProposer}}, prometheus.NewRegistry())
		for _, body := range []string{"", "{}", `{"version":"fulu","data":{}}`, `{"version":"bellatrix","data":{}}`, strings.Replace(string(resp.Body), `"value":"5"`, `"value":"-5"`, 1)} {
			if _, err := v.Verify(context.Background(), "r", r.Pubkey(), bidRequest(b), &relay.Response{Body: []byte(body)}); !errors.Is(err, relay.ErrBidDecode) {
				t.Errorf("Verify(%.40q) = %v, want ErrBidDecode", body, err)
			}
		}
	})
}

type parentGas uint64

func (p parentGas) GasLimit(context.Context, common.Hash) (uint64, error) { return uint64(p), nil }

// FuzzDecodeBid feeds arbitrary getHeader answers to the bid decoder and
// the proofs splitter: refusals are ErrBidDecode, never a panic.
func FuzzDecodeBid(f *testing.F) {
	f.Add([]byte(`{"version":"fulu","data":{"message":{},"signature":"0x"}}`))
	f.Add([]byte(`{"version":"deneb","data":{}}`))
	f.Add([]byte(`{"version":"electra","data":{"proofs":null}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		if _, err := relay.DecodeBid(in); err != nil && !errors.Is(err, relay.ErrBidDecode) {
			t.Fatalf("DecodeBid error %v is not ErrBidDecode", err)
		}
		if _, _, err := relay.SplitProofs(in); err != nil && !errors.Is(err, relay.ErrBidDecode) {
			t.Fatalf("SplitProofs error %v is not ErrBidDecode", err)
		}
	})
}
