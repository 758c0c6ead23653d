package builderapi

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/basedsidecar/based/sidecar/relay"
	"github.com/basedsidecar/based/sidecar/relay/relaytest"
)

// doubleChain is the chain of a relaytest block.
type doubleChain struct{ b *relaytest.Block }

func (c doubleChain) Timing() (time.Time, time.Duration, phase0.Version, bool) {
	return c.b.Genesis, relaytest.SlotDuration, relaytest.ForkVersion, true
}

func (c doubleChain) Proposer(uint64) (phase0.BLSPubKey, bool) { return doubleProposer(), true }

func doubleProposer() phase0.BLSPubKey {
	var pk phase0.BLSPubKey
	copy(pk[:], common.FromHex(testPubkey))
	return pk
}

type slotTxs [][]byte

func (s slotTxs) SlotConstraints(uint64) ([][]byte, error) { return s, nil }

// doubleSetup is a Builder API server with our block (value 50) and relay doubles bidding.
type doubleSetup struct {
	url      string
	verifier *relay.Verifier
	local    *fakeLocal
}

func newDoubleServer(t *testing.T, b *relaytest.Block, cons [][]byte, trusted []*relaytest.Relay, doubles ...*relaytest.Relay) doubleSetup {
	t.Helper()
	return newDoubleServerTB(t, b, cons, trusted, doubles...)
}

func newDoubleServerB(b *testing.B, blk *relaytest.Block, cons [][]byte, doubles ...*relaytest.Relay) doubleSetup {
	b.Helper()
	return newDoubleServerTB(b, blk, cons, nil, doubles...)
}

func newDoubleServerTB(t testing.TB, b *relaytest.Block, cons [][]byte, trusted []*relaytest.Relay, doubles ...*relaytest.Relay) doubleSetup {
	t.Helper()
	vc := relay.VerifierConfig{Chain: doubleChain{b}, Constraints: slotTxs(cons), Trusted: map[phase0.BLSPubKey]bool{}}
	for _, r := range trusted {
		vc.Trusted[r.Pubkey()] = true
	}
	reg := prometheus.NewRegistry()
	v := relay.NewVerifier(vc, reg)
	var relays []Relay
	for _, d := range doubles {
		pk := d.Pubkey()
		c, err := relay.New(d.URL(), d.Client(), relay.WithProofsFor(func(slot uint64) bool { return !vc.Trusted[pk] && v.HasConstraints(slot) }))
		if err != nil {
			t.Fatal(err)
		}
		relays = append(relays, c)
	}
	regs := NewRegistrations()
	regs.put([]Registration{{Pubkey: doubleProposer(), FeeRecipient: b.FeeRecipient, GasLimit: b.GasLimit, Timestamp: 1}})
	local := &fakeLocal{bid: &Candidate{Source: "local", Value: big.NewInt(50), Body: []byte(`{"version":"fulu","data":"ours"}`)}}
	s := New(relays, reg, slog.New(slog.DiscardHandler), WithRegistrations(regs), WithLocalBlock(local),
		WithBidChecker(VerifiedBids{Verifier: v, Registrations: regs}))
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return doubleSetup{url: hs.URL, verifier: v, local: local}
}

func headerURL(base string, b *relaytest.Block) string {
	return fmt.Sprintf("%s/eth/v1/builder/header/%d/%s/%s", base, b.Slot, b.ParentHash.Hex(), testPubkey)
}

// TestRelayDoubleBids: a relay bid worth more than our block is served only
// when every check passes (with proofs of every constraint, or from a relay
// trusted for constraints); in every other case our block is served.
func TestRelayDoubleBids(t *testing.T) {
	b := relaytest.NewBlock(t, 200, 9, 4)
	constrained := []int{1, 4, 6} // the blob tx (4) among them
	var cons [][]byte
	for _, i := range constrained {
		cons = append(cons, b.Raw[i])
	}
	tests := []struct {
		fault     relaytest.Fault
		trusted   bool
		noCons    bool
		relayWins bool
		reason    string
	}{
		{fault: relaytest.None, relayWins: true, reason: "accepted"},
		{fault: relaytest.None, noCons: true, relayWins: true, reason: "accepted"},
		{fault: relaytest.NoProofs, trusted: true, relayWins: true, reason: "accepted"},
		{fault: relaytest.ForgedProof, trusted: true, relayWins: true, reason: "accepted"},
		{fault: relaytest.WrongSignature, reason: "signature"},
		{fault: relaytest.WrongKey, reason: "relay_key"},
		{fault: relaytest.WrongParent, reason: "parent"},
		{fault: relaytest.WrongFeeRecipient, reason: "fee_recipient"},
		{fault: relaytest.WrongGasLimit, reason: "gas_limit"},
		{fault: relaytest.SlotBefore, reason: "slot"},
		{fault: relaytest.SlotAfter, reason: "slot"},
		{fault: relaytest.NoProofs, reason: "proofs_missing"},
		{fault: relaytest.EmptyProofs, reason: "proofs_missing"},
		{fault: relaytest.ForgedProof, reason: "proofs_invalid"},
		{fault: relaytest.TruncatedProof, reason: "proofs_invalid"},
		{fault: relaytest.OmittedConstraint, reason: "proofs_invalid"},
		{fault: relaytest.ShiftedIndex, reason: "proofs_invalid"},
		{fault: relaytest.ExtraProof, reason: "proofs_invalid"},
		{fault: relaytest.WrongSignature, trusted: true, reason: "signature"},
		{fault: relaytest.WrongParent, noCons: true, reason: "parent"},
	}
	for _, tt := range tests {
		name := tt.fault.String()
		if tt.trusted {
			name += ", trusted"
		}
		if tt.noCons {
			name += ", no promises"
		}
		t.Run(name, func(t *testing.T) {
			d := relaytest.New(t, b, 1_000_000)
			d.Fault, d.Proven = tt.fault, constrained
			var trusted []*relaytest.Relay
			if tt.trusted {
				trusted = append(trusted, d)
			}
			c := cons
			if tt.noCons {
				c = nil
			}
			setup := newDoubleServer(t, b, c, trusted, d)
			resp, body := do(t, http.MethodGet, headerURL(setup.url, b), "", "")
			if resp.StatusCode != 200 {
				t.Fatalf("header: %d %s", resp.StatusCode, body)
			}
			want, _ := d.Bid()
			if tt.relayWins {
				if bidValueOf(t, body) != 1_000_000 {
					t.Fatalf("served %.80s, want the relay's bid", body)
				}
				if strings.Contains(body, "proofs") || !jsonEqualData(t, body, string(want)) {
					t.Errorf("served %.80s, want the relay's bid without its proofs", body)
				}
			} else if body != `{"version":"fulu","data":"ours"}` {
				t.Fatalf("served %.80s, want our block", body)
			}
			if got := testutil.ToFloat64(setup.verifier.Metric().WithLabelValues(stripKey(d.URL()), tt.reason)); got != 1 {
				t.Errorf("based_relay_bids_total{result=%q} = %v, want 1", tt.reason, got)
			}
		})
	}
}

// stripKey is a relay URL without its public key, as the client names it.
func stripKey(u string) string {
	c, err := relay.New(u, nil)
	if err != nil {
		panic(err)
	}
	return c.String()
}

func bidValueOf(t *testing.T, body string) uint64 {
	t.Helper()
	v, err := bidValue([]byte(body))
	if err != nil {
		return 0
	}
	return v.Uint64()
}

// TestRelayDoubleUnblind: the blinded block of a relay's bid goes to that
// relay only, and its payload is served only if it matches the signed header.
func TestRelayDoubleUnblind(t *testing.T) {
	b := relaytest.NewBlock(t, 300, 5, 2)
	other := relaytest.NewBlock(t, 300, 4, -1) // another relay's lower bid, another block
	tests := []struct {
		fault relaytest.Fault
		ssz   bool
		code  int
	}{
		{fault: relaytest.None, code: 200},
		{fault: relaytest.None, ssz: true, code: 200},
		{fault: relaytest.WithheldPayload, code: 502},
		{fault: relaytest.WrongPayload, code: 502},
		{fault: relaytest.WrongBlobs, code: 502},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s ssz=%v", tt.fault, tt.ssz), func(t *testing.T) {
			winner := relaytest.New(t, b, 2_000_000)
			winner.Fault = tt.fault
			loser := relaytest.New(t, other, 1_000_000)
			loser.Block.Genesis = b.Genesis
			setup := newDoubleServer(t, b, nil, nil, winner, loser)
			if resp, body := do(t, http.MethodGet, headerURL(setup.url, b), "", ""); resp.StatusCode != 200 || bidValueOf(t, body) != 2_000_000 {
				t.Fatalf("header: %d %.80s, want the winner's bid", resp.StatusCode, body)
			}
			blinded, err := b.SignedBlindedBlock(tt.ssz)
			if err != nil {
				t.Fatal(err)
			}
			ct := contentJSON
			if tt.ssz {
				ct = contentSSZ
			}
			resp, body := do(t, http.MethodPost, setup.url+"/eth/v1/builder/blinded_blocks", ct, string(blinded))
			if resp.StatusCode != tt.code {
				t.Fatalf("blinded_blocks: %d %.200s, want %d", resp.StatusCode, body, tt.code)
			}
			if _, n := winner.Calls(); n != 1 {
				t.Errorf("winner got %d blinded blocks, want 1", n)
			}
			if _, n := loser.Calls(); n != 0 {
				t.Errorf("the relay whose bid was not served got %d blinded blocks, want 0", n)
			}
			if len(setup.local.unblinds) != 0 {
				t.Errorf("our block was unblinded for a relay's header")
			}
		})
	}
}

// jsonEqualData reports whether two getHeader answers hold the same data.
func jsonEqualData(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
