package relaytest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	builderelectra "github.com/attestantio/go-builder-client/api/electra"
	builderfulu "github.com/attestantio/go-builder-client/api/fulu"
	"github.com/attestantio/go-eth2-client/spec/electra"
	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/flashbots/go-boost-utils/bls"
	"github.com/flashbots/go-boost-utils/ssz"
	"github.com/holiman/uint256"

	"github.com/basedsidecar/based/sidecar/relay"
)

// Fault is one way the double misbehaves.
type Fault int

// The faults; None is an honest relay.
const (
	None              Fault = iota
	WrongSignature          // signed by another key than the one it names
	WrongKey                // names and signs with a key other than the URL's
	WrongParent             // builds on another parent
	WrongFeeRecipient       // pays another address
	WrongGasLimit           // ignores the registered gas limit
	SlotBefore              // payload timestamp of the slot before (off by one)
	SlotAfter               // payload timestamp of the slot after
	NoProofs                // does not serve header_with_proofs (404)
	EmptyProofs             // serves header_with_proofs without proofs
	ForgedProof             // one merkle hash changed
	TruncatedProof          // last merkle hash dropped
	OmittedConstraint       // proves every constraint but the last
	ShiftedIndex            // a constraint's generalized index off by one
	ExtraProof              // also proves a transaction that is no constraint
	WithheldPayload         // answers blinded_blocks with 500
	WrongPayload            // answers blinded_blocks with another payload
	WrongBlobs              // answers blinded_blocks with another blobs bundle
)

var faultNames = [...]string{"none", "wrong signature", "wrong key", "wrong parent", "wrong fee recipient",
	"wrong gas limit", "slot before", "slot after", "no proofs", "empty proofs", "forged proof",
	"truncated proof", "omitted constraint", "shifted index", "extra proof", "withheld payload",
	"wrong payload", "wrong blobs"}

func (f Fault) String() string {
	if int(f) < len(faultNames) {
		return faultNames[f]
	}
	return fmt.Sprintf("fault %d", int(f))
}

// Relay is a relay double serving one block.
type Relay struct {
	Block *Block
	// Value is the bid's value in wei.
	Value *uint256.Int
	// Fault is how the relay misbehaves.
	Fault Fault
	// Proven are the positions in the block of the transactions the proofs
	// cover (the constraints); none: no proofs served.
	Proven []int
	// Delay is how long getHeader waits before answering.
	Delay time.Duration

	sk     *bls.SecretKey
	pk     phase0.BLSPubKey
	server *httptest.Server

	// Capabilities are the constraint types builder/capabilities lists;
	// nil: the relay does not serve the Constraints API (404).
	Capabilities []uint64
	// FailConstraints is how many builder/constraints posts are refused (500) before one is taken.
	FailConstraints int

	mu          sync.Mutex
	headers     int
	unblinds    int
	delegations [][]byte
	constraints [][]byte
	posts       int
}

// Received returns the bodies of the builder/delegate and accepted
// builder/constraints posts, and how many constraints posts there were.
func (r *Relay) Received() (delegations, constraints [][]byte, posts int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.delegations), slices.Clone(r.constraints), r.posts
}

// New starts a relay double bidding with b; it stops at the end of the test.
func New(t testing.TB, b *Block, value uint64) *Relay {
	t.Helper()
	sk, pk, err := bls.GenerateNewKeypair()
	if err != nil {
		t.Fatal(err)
	}
	r := &Relay{Block: b, Value: uint256.NewInt(value), sk: sk}
	copy(r.pk[:], bls.PublicKeyToBytes(pk))
	r.server = httptest.NewServer(r)
	t.Cleanup(r.server.Close)
	return r
}

// URL is the relay's URL with its public key (mev-boost style).
func (r *Relay) URL() string {
	return strings.Replace(r.server.URL, "://", "://"+hexutil.Encode(r.pk[:])+"@", 1)
}

// Pubkey is the relay's BLS public key.
func (r *Relay) Pubkey() phase0.BLSPubKey { return r.pk }

// Client is an HTTP client for the relay's server.
func (r *Relay) Client() *http.Client { return r.server.Client() }

// Calls returns how many getHeader and blinded_blocks calls the relay had.
func (r *Relay) Calls() (headers, unblinds int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.headers, r.unblinds
}

// Bid is the relay's signed bid as served by getHeader ({"version":"fulu","data":…}).
func (r *Relay) Bid() ([]byte, error) {
	b := r.Block
	h := *b.Header
	switch r.Fault {
	case WrongParent:
		h.ParentHash[0] ^= 1
	case WrongFeeRecipient:
		h.FeeRecipient[19] ^= 1
	case WrongGasLimit:
		h.GasLimit++
	case SlotBefore:
		h.Timestamp -= uint64(SlotDuration / time.Second)
	case SlotAfter:
		h.Timestamp += uint64(SlotDuration / time.Second)
	}
	msg := &builderelectra.BuilderBid{Header: &h, BlobKZGCommitments: b.Blobs.Commitments,
		ExecutionRequests: &electra.ExecutionRequests{Deposits: []*electra.DepositRequest{},
			Withdrawals: []*electra.WithdrawalRequest{}, Consolidations: []*electra.ConsolidationRequest{}},
		Value: r.Value, Pubkey: r.pk}
	sk := r.sk
	if r.Fault == WrongSignature || r.Fault == WrongKey {
		other, otherPK, err := bls.GenerateNewKeypair()
		if err != nil {
			return nil, err
		}
		sk = other
		if r.Fault == WrongKey {
			copy(msg.Pubkey[:], bls.PublicKeyToBytes(otherPK))
		}
	}
	domain := ssz.ComputeDomain(ssz.DomainTypeAppBuilder, ForkVersion, phase0.Root{})
	sig, err := ssz.SignMessage(msg, domain, sk)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(&builderelectra.SignedBuilderBid{Message: msg, Signature: sig})
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{"version": "fulu", "data": json.RawMessage(data)})
}

// ForkVersion is the genesis fork version of the double's chain.
var ForkVersion = phase0.Version{0x10, 0x00, 0x00, 0x38}

// Proofs are the inclusion proofs the relay serves, with its fault applied.
func (r *Relay) Proofs() (*relay.InclusionProofs, error) {
	idx := r.Proven
	switch r.Fault {
	case OmittedConstraint:
		idx = idx[:len(idx)-1]
	case ExtraProof:
		for i := range r.Block.Txs {
			if !contains(idx, i) {
				idx = append(append([]int{}, idx...), i)
				break
			}
		}
	}
	p, err := relay.Prove(r.Block.Txs, idx)
	if err != nil {
		return nil, err
	}
	switch r.Fault {
	case ForgedProof:
		p.MerkleHashes[len(p.MerkleHashes)/2][7] ^= 0x40
	case TruncatedProof:
		p.MerkleHashes = p.MerkleHashes[:len(p.MerkleHashes)-1]
	case ShiftedIndex:
		p.GeneralizedIndexes[0] ^= 1
	}
	return p, nil
}

func contains(s []int, x int) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// ServeHTTP answers the Builder API (status, validators, header,
// header_with_proofs, blinded_blocks v1 and v2).
func (r *Relay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	p := req.URL.Path
	switch {
	case p == relay.PathCapabilities:
		if r.Capabilities == nil {
			http.NotFound(w, req)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"constraint_types": r.Capabilities})
	case p == relay.PathDelegate, p == relay.PathConstraints:
		if r.Capabilities == nil {
			http.NotFound(w, req)
			return
		}
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		if p == relay.PathDelegate {
			r.delegations = append(r.delegations, b)
			return
		}
		r.posts++
		if r.posts <= r.FailConstraints {
			http.Error(w, `{"code":500,"message":"busy"}`, http.StatusInternalServerError)
			return
		}
		r.constraints = append(r.constraints, b)
	case p == "/eth/v1/builder/status":
	case p == "/eth/v1/builder/validators":
		_, _ = io.Copy(io.Discard, req.Body)
	case strings.HasPrefix(p, "/eth/v1/builder/header/"), strings.HasPrefix(p, "/eth/v1/builder/header_with_proofs/"):
		r.mu.Lock()
		r.headers++
		r.mu.Unlock()
		if r.Delay > 0 {
			select {
			case <-time.After(r.Delay):
			case <-req.Context().Done():
				return
			}
		}
		withProofs := strings.HasPrefix(p, "/eth/v1/builder/header_with_proofs/")
		if withProofs && r.Fault == NoProofs {
			http.NotFound(w, req)
			return
		}
		bid, err := r.Bid()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if withProofs && r.Fault != EmptyProofs && len(r.Proven) > 0 {
			pr, err := r.Proofs()
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			var env map[string]json.RawMessage
			_ = json.Unmarshal(bid, &env)
			env["proofs"], _ = json.Marshal(pr)
			bid, _ = json.Marshal(env)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(bid)
	case p == "/eth/v1/builder/blinded_blocks", p == "/eth/v2/builder/blinded_blocks":
		_, _ = io.Copy(io.Discard, req.Body)
		r.mu.Lock()
		r.unblinds++
		r.mu.Unlock()
		if r.Fault == WithheldPayload {
			http.Error(w, `{"code":500,"message":"no payload"}`, http.StatusInternalServerError)
			return
		}
		if p == "/eth/v2/builder/blinded_blocks" {
			w.WriteHeader(http.StatusAccepted)
			return
		}
		body, err := r.payloadJSON()
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	default:
		http.NotFound(w, req)
	}
}

// payloadJSON is the v1 blinded_blocks answer: the full payload and blobs bundle.
func (r *Relay) payloadJSON() ([]byte, error) {
	pl := *r.Block.Payload
	bb := &builderfulu.BlobsBundle{Commitments: r.Block.Blobs.Commitments, Proofs: r.Block.Blobs.Proofs, Blobs: r.Block.Blobs.Blobs}
	switch r.Fault {
	case WrongPayload:
		pl.Transactions = pl.Transactions[:len(pl.Transactions)-1]
	case WrongBlobs:
		c := append(bb.Commitments[:0:0], bb.Commitments...)
		if len(c) > 0 {
			c[0][5] ^= 1
		}
		bb.Commitments = c
	}
	data, err := json.Marshal(&builderfulu.ExecutionPayloadAndBlobsBundle{ExecutionPayload: &pl, BlobsBundle: bb})
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{"version": "fulu", "data": json.RawMessage(data)})
}
