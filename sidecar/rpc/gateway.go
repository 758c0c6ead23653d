package rpc

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/preconf"
)

// InclusionType is the Commitments API commitment_type of an inclusion promise.
const InclusionType = 1

// CommitmentRequest is the Commitments API v0 request.
type CommitmentRequest struct {
	CommitmentType uint64         `json:"commitment_type"`
	Payload        hexutil.Bytes  `json:"payload"`
	Slasher        common.Address `json:"slasher"`
}

// InclusionPayload is the payload of an inclusion request: JSON bytes.
type InclusionPayload struct {
	TxData  hexutil.Bytes `json:"tx_data"`
	Slot    uint64        `json:"slot"`
	ChainID uint64        `json:"chain_id"`
}

// Commitment is the Commitments API v0 commitment.
type Commitment struct {
	CommitmentType uint64         `json:"commitment_type"`
	Payload        hexutil.Bytes  `json:"payload"`
	RequestHash    common.Hash    `json:"request_hash"`
	Slasher        common.Address `json:"slasher"`
}

// GatewayCommitment is the Commitments API v0 SignedCommitment, with our
// EIP-712 promise for the same transaction as the extra field promise.
type GatewayCommitment struct {
	Commitment Commitment                `json:"commitment"`
	Signature  hexutil.Bytes             `json:"signature"`
	Promise    *preconf.SignedCommitment `json:"promise"`
}

// DecodeCommitmentRequest parses a Commitments API request body for an
// inclusion promise; slasher is the PreconfSlasher address we serve.
func DecodeCommitmentRequest(body []byte, slasher common.Address) (*CommitmentRequest, *InclusionPayload, error) {
	var req CommitmentRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "body", Detail: err.Error()}
	}
	if req.CommitmentType != InclusionType {
		return nil, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "commitment_type", Detail: fmt.Sprintf("%d not offered (1 = inclusion)", req.CommitmentType)}
	}
	if req.Slasher != slasher {
		return nil, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "slasher", Detail: fmt.Sprintf("%s, we are bound by %s", req.Slasher, slasher)}
	}
	var p InclusionPayload
	if err := json.Unmarshal(req.Payload, &p); err != nil {
		return nil, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "payload", Detail: err.Error()}
	}
	if len(p.TxData) == 0 {
		return nil, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "payload.tx_data", Detail: "empty"}
	}
	return &req, &p, nil
}

// RequestHash is keccak256(abi.encode(request)).
func (r *CommitmentRequest) RequestHash() common.Hash {
	return crypto.Keccak256Hash(abiEncode([][]byte{u64(r.CommitmentType), nil, r.Slasher.Bytes()}, 1, r.Payload))
}

// Hash is keccak256(abi.encode(commitment)), what the gateway signs.
func (c *Commitment) Hash() common.Hash {
	return crypto.Keccak256Hash(abiEncode([][]byte{u64(c.CommitmentType), nil, c.RequestHash[:], c.Slasher.Bytes()}, 1, c.Payload))
}

// abiEncode encodes a struct of static words with one dynamic bytes member at
// index dyn, as Solidity's abi.encode(struct) does.
func abiEncode(words [][]byte, dyn int, data []byte) []byte {
	out := make([]byte, 0, 32*(len(words)+3)+len(data))
	out = append(out, common.LeftPadBytes([]byte{0x20}, 32)...) // offset of the struct
	for i, w := range words {
		if i == dyn {
			w = u64(uint64(32 * len(words)))
		}
		out = append(out, common.LeftPadBytes(w, 32)...)
	}
	out = append(out, u64(uint64(len(data)))...)
	out = append(out, data...)
	if pad := len(data) % 32; pad != 0 {
		out = append(out, make([]byte, 32-pad)...)
	}
	return out
}

func u64(x uint64) []byte {
	b := make([]byte, 32)
	binary.BigEndian.PutUint64(b[24:], x)
	return b
}

func (s *Server) commitmentRequest(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		writeErr(w, err)
		return
	}
	cfg := s.engine.Config()
	req, p, err := DecodeCommitmentRequest(body, cfg.Domain.VerifyingContract)
	if err != nil {
		writeErr(w, err)
		return
	}
	start := s.metrics.start()
	// The request hash is written in the promise's synced batch: a request
	// answered 200 is one commitmentResult finds, after a restart too.
	pr, err := s.engine.RequestRecorded(r.Context(), p.Slot, new(big.Int).SetUint64(p.ChainID), p.TxData,
		preconf.RequestRecord{Hash: req.RequestHash(), Payload: req.Payload})
	s.metrics.observe("commitments", start, err)
	if err != nil {
		writeErr(w, err)
		return
	}
	c := Commitment{CommitmentType: InclusionType, Payload: req.Payload, RequestHash: req.RequestHash(), Slasher: req.Slasher}
	sig, err := s.engine.Signer().SignEnvelope(c.Hash())
	if err != nil {
		writeErr(w, err)
		return
	}
	sc := pr.Signed()
	writeJSON(w, http.StatusOK, GatewayCommitment{Commitment: c, Signature: sig, Promise: &sc})
}

func (s *Server) commitmentResult(w http.ResponseWriter, r *http.Request) {
	h, err := hexutil.Decode(r.PathValue("request_hash"))
	if err != nil || len(h) != 32 {
		writeErr(w, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "request_hash", Detail: "want 32 bytes of hex"})
		return
	}
	_, txHash, payload, err := s.engine.LookupRequest(common.Hash(h))
	if err != nil {
		writeErr(w, err)
		return
	}
	sc, err := s.engine.Commitment(txHash) // current state, void or not
	if err != nil {
		writeErr(w, err)
		return
	}
	cfg := s.engine.Config()
	c := Commitment{CommitmentType: InclusionType, Payload: payload, RequestHash: common.Hash(h), Slasher: cfg.Domain.VerifyingContract}
	sig, err := s.engine.Signer().SignEnvelope(c.Hash()) // deterministic: the same signature as first served
	if err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusOK, GatewayCommitment{Commitment: c, Signature: sig, Promise: sc})
}

// SlotInfo is one upcoming slot of GET /commitments/v0/gateway/slots.
type SlotInfo struct {
	Slot      uint64     `json:"slot"`
	Offerings []Offering `json:"offerings"`
}

// Offering is what we promise for one chain.
type Offering struct {
	ChainID         uint64   `json:"chain_id"`
	CommitmentTypes []uint64 `json:"commitment_types"`
}

func (s *Server) slots(w http.ResponseWriter, _ *http.Request) {
	cfg := s.engine.Config()
	out := struct {
		Slots []SlotInfo `json:"slots"`
	}{Slots: []SlotInfo{}}
	for _, d := range s.chain.Duties() {
		if s.engine.CheckSlot(d.Slot, cfg.Domain.ChainID) != nil {
			continue
		}
		out.Slots = append(out.Slots, SlotInfo{Slot: d.Slot, Offerings: []Offering{{ChainID: cfg.Domain.ChainID.Uint64(), CommitmentTypes: []uint64{InclusionType}}}})
	}
	writeJSON(w, http.StatusOK, out)
}

// FeeInfo is the Commitments API fee response; Payload is the JSON of a preconf.Quote.
type FeeInfo struct {
	Payload        hexutil.Bytes `json:"payload"`
	CommitmentType uint64        `json:"commitment_type"`
}

func (s *Server) fee(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		writeErr(w, err)
		return
	}
	cfg := s.engine.Config()
	_, p, err := DecodeCommitmentRequest(body, cfg.Domain.VerifyingContract)
	if err != nil {
		writeErr(w, err)
		return
	}
	var gas uint64
	if tx, err := preconf.DecodeTx(&cfg, p.TxData, new(big.Int).SetUint64(p.ChainID)); err == nil {
		gas = tx.Gas()
	}
	q, err := s.engine.EstimateFee(p.Slot, gas)
	if err != nil {
		writeErr(w, err)
		return
	}
	b, _ := json.Marshal(q)
	writeJSON(w, http.StatusOK, FeeInfo{Payload: b, CommitmentType: InclusionType})
}

func readBody(r *http.Request) ([]byte, error) {
	b, err := ioReadAll(r)
	if err != nil {
		return nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "body", Detail: err.Error()}
	}
	return b, nil
}
