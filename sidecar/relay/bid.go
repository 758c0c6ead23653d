package relay

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	builderdeneb "github.com/attestantio/go-builder-client/api/deneb"
	builderelectra "github.com/attestantio/go-builder-client/api/electra"
	"github.com/attestantio/go-eth2-client/spec/deneb"
	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/holiman/uint256"
)

// ErrNoProofs is wrapped when a bid for a slot with constraints carries no
// inclusion proofs (or the relay does not serve headers with proofs).
var ErrNoProofs = errors.New("relay: bid has no inclusion proofs")

// ErrBidDecode is wrapped when a relay's bid cannot be read.
var ErrBidDecode = errors.New("relay: malformed bid")

// Bid is a relay's signed builder bid as decoded from its getHeader answer.
type Bid struct {
	// Version is the fork name of the answer ("deneb", "electra", "fulu").
	Version            string
	Header             *deneb.ExecutionPayloadHeader
	BlobKZGCommitments []deneb.KZGCommitment
	Value              *uint256.Int
	// Pubkey is the key the bid says signed it.
	Pubkey    phase0.BLSPubKey
	Signature phase0.BLSSignature
	// message is the signed container (its hash tree root is signed).
	message interface{ HashTreeRoot() ([32]byte, error) }
}

// versionedBid is the getHeader JSON envelope.
type versionedBid struct {
	Version string          `json:"version"`
	Data    json.RawMessage `json:"data"`
	Proofs  json.RawMessage `json:"proofs,omitempty"`
}

// DecodeBid reads a getHeader JSON answer ({"version":…,"data":SignedBuilderBid})
// of the Deneb, Electra or Fulu fork.
func DecodeBid(body []byte) (*Bid, error) {
	var v versionedBid
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBidDecode, err)
	}
	switch strings.ToLower(v.Version) {
	case "electra", "fulu":
		var s builderelectra.SignedBuilderBid
		if err := json.Unmarshal(v.Data, &s); err != nil {
			return nil, fmt.Errorf("%w: data: %v", ErrBidDecode, err)
		}
		m := s.Message
		if m == nil || m.Header == nil || m.Value == nil || m.ExecutionRequests == nil {
			return nil, fmt.Errorf("%w: data.message: header, value and execution_requests are required", ErrBidDecode)
		}
		return &Bid{Version: strings.ToLower(v.Version), Header: m.Header, BlobKZGCommitments: m.BlobKZGCommitments,
			Value: m.Value, Pubkey: m.Pubkey, Signature: s.Signature, message: m}, nil
	case "deneb":
		var s builderdeneb.SignedBuilderBid
		if err := json.Unmarshal(v.Data, &s); err != nil {
			return nil, fmt.Errorf("%w: data: %v", ErrBidDecode, err)
		}
		m := s.Message
		if m == nil || m.Header == nil || m.Value == nil {
			return nil, fmt.Errorf("%w: data.message: header and value are required", ErrBidDecode)
		}
		return &Bid{Version: "deneb", Header: m.Header, BlobKZGCommitments: m.BlobKZGCommitments,
			Value: m.Value, Pubkey: m.Pubkey, Signature: s.Signature, message: m}, nil
	default:
		return nil, fmt.Errorf("%w: version %q: want deneb, electra or fulu", ErrBidDecode, v.Version)
	}
}

// SplitProofs splits a header_with_proofs answer into the plain getHeader
// answer (what the beacon node is served) and the inclusion proofs, which
// may sit next to data or inside it.
func SplitProofs(body []byte) (bid []byte, proofs json.RawMessage, err error) {
	var v versionedBid
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBidDecode, err)
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal(v.Data, &data); err != nil {
		return nil, nil, fmt.Errorf("%w: data: %v", ErrBidDecode, err)
	}
	proofs = v.Proofs
	if p, ok := data["proofs"]; ok {
		proofs = p
		delete(data, "proofs")
	}
	if string(proofs) == "null" {
		proofs = nil
	}
	inner, err := json.Marshal(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBidDecode, err)
	}
	bid, err = json.Marshal(versionedBid{Version: v.Version, Data: inner})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBidDecode, err)
	}
	return bid, proofs, nil
}
