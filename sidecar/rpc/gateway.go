package rpc

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"strings"

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
	Payload        RequestPayload `json:"payload"`
	Slasher        common.Address `json:"slasher"`
}

// RequestPayload is a request's payload bytes: 0x hex, or standard base64 as
// in the spec's JSON-RPC example. It encodes as 0x hex.
type RequestPayload []byte

// MarshalJSON writes 0x hex.
func (p RequestPayload) MarshalJSON() ([]byte, error) { return json.Marshal(hexutil.Bytes(p)) }

// UnmarshalJSON reads 0x hex or standard base64.
func (p *RequestPayload) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("payload: want a string of 0x hex or base64: %w", err)
	}
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		h, err := hexutil.Decode(s)
		if err != nil {
			return fmt.Errorf("payload: %w", err)
		}
		*p = h
		return nil
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return fmt.Errorf("payload: neither 0x hex nor base64: %w", err)
	}
	*p = raw
	return nil
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

// gatewayRequest decides a Commitments API request body: a promise, written
// with the request's hash in the same synced batch, so that a request that
// was answered is one commitmentResult finds, after a restart too.
func (s *Server) gatewayRequest(ctx context.Context, body []byte) (*GatewayCommitment, error) {
	cfg := s.engine.Config()
	req, p, err := DecodeCommitmentRequest(body, cfg.Domain.VerifyingContract)
	if err != nil {
		return nil, err
	}
	start := s.metrics.start()
	pr, err := s.engine.RequestRecorded(ctx, p.Slot, new(big.Int).SetUint64(p.ChainID), p.TxData,
		preconf.RequestRecord{Hash: req.RequestHash(), Payload: req.Payload})
	s.metrics.observe("commitments", start, err)
	if err != nil {
		return nil, err
	}
	c := Commitment{CommitmentType: InclusionType, Payload: hexutil.Bytes(req.Payload), RequestHash: req.RequestHash(), Slasher: req.Slasher}
	sig, err := s.engine.Signer().SignEnvelope(c.Hash())
	if err != nil {
		return nil, err
	}
	sc := pr.Signed()
	return &GatewayCommitment{Commitment: c, Signature: sig, Promise: &sc}, nil
}

// gatewayResult is the signed commitment of an earlier request, with the
// promise's current state (void or not).
func (s *Server) gatewayResult(h common.Hash) (*GatewayCommitment, error) {
	_, txHash, payload, err := s.engine.LookupRequest(h)
	if err != nil {
		return nil, err
	}
	sc, err := s.engine.Commitment(txHash)
	if err != nil {
		return nil, err
	}
	cfg := s.engine.Config()
	c := Commitment{CommitmentType: InclusionType, Payload: payload, RequestHash: h, Slasher: cfg.Domain.VerifyingContract}
	sig, err := s.engine.Signer().SignEnvelope(c.Hash()) // deterministic: the same signature as first served
	if err != nil {
		return nil, err
	}
	return &GatewayCommitment{Commitment: c, Signature: sig, Promise: sc}, nil
}

// parseRequestHash reads a request hash: 32 bytes of 0x hex.
func parseRequestHash(s string) (common.Hash, error) {
	h, err := hexutil.Decode(s)
	if err != nil || len(h) != 32 {
		return common.Hash{}, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "request_hash", Detail: "want 32 bytes of 0x hex"}
	}
	return common.Hash(h), nil
}

func (s *Server) commitmentRequest(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err == nil {
		var gc *GatewayCommitment
		if gc, err = s.gatewayRequest(r.Context(), body); err == nil {
			writeJSON(w, http.StatusOK, gc)
			return
		}
	}
	writeErr(w, err)
}

func (s *Server) commitmentResult(w http.ResponseWriter, r *http.Request) {
	h, err := parseRequestHash(r.PathValue("request_hash"))
	if err == nil {
		var gc *GatewayCommitment
		if gc, err = s.gatewayResult(h); err == nil {
			writeJSON(w, http.StatusOK, gc)
			return
		}
	}
	writeErr(w, err)
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

// SlotInfoResponse is the answer of slots.
type SlotInfoResponse struct {
	Slots []SlotInfo `json:"slots"`
}

// gatewaySlots lists our slots that take requests now.
func (s *Server) gatewaySlots() SlotInfoResponse {
	cfg := s.engine.Config()
	out := SlotInfoResponse{Slots: []SlotInfo{}}
	for _, d := range s.chain.Duties() {
		if s.engine.CheckSlot(d.Slot, cfg.Domain.ChainID) != nil {
			continue
		}
		info := SlotInfo{Slot: d.Slot, Offerings: []Offering{{ChainID: cfg.Domain.ChainID.Uint64(), CommitmentTypes: []uint64{InclusionType}}}}
		for _, id := range s.engine.RollupIDs() { // a rollup only for the slot it can be promised for
			if s.engine.CheckSlot(d.Slot, new(big.Int).SetUint64(id)) == nil {
				info.Offerings = append(info.Offerings, Offering{ChainID: id, CommitmentTypes: []uint64{InclusionType}})
			}
		}
		out.Slots = append(out.Slots, info)
	}
	return out
}

func (s *Server) slots(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.gatewaySlots())
}

// FeeInfo is the Commitments API fee response; Payload is the JSON of a preconf.Quote.
type FeeInfo struct {
	Payload        hexutil.Bytes `json:"payload"`
	CommitmentType uint64        `json:"commitment_type"`
}

// gatewayFee quotes a Commitments API request body.
func (s *Server) gatewayFee(body []byte) (*FeeInfo, error) {
	cfg := s.engine.Config()
	_, p, err := DecodeCommitmentRequest(body, cfg.Domain.VerifyingContract)
	if err != nil {
		return nil, err
	}
	var gas uint64
	if tx, err := preconf.DecodeTx(&cfg, p.TxData, new(big.Int).SetUint64(p.ChainID)); err == nil {
		gas = tx.Gas()
	}
	q, err := s.engine.EstimateFee(p.Slot, gas)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(q)
	if err != nil {
		return nil, err
	}
	return &FeeInfo{Payload: b, CommitmentType: InclusionType}, nil
}

func (s *Server) fee(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err == nil {
		var fi *FeeInfo
		if fi, err = s.gatewayFee(body); err == nil {
			writeJSON(w, http.StatusOK, fi)
			return
		}
	}
	writeErr(w, err)
}

// gatewayMethods are the Commitments API's four calls as JSON-RPC methods
// (commitments-jsonrpc.yml): params by name, as the spec has them, or the
// same object as the one positional parameter.
func (s *Server) gatewayMethods() map[string]methodSpec {
	return map[string]methodSpec{
		"commitmentRequest": {byName: true, fn: func(ctx context.Context, _ *session, ps []json.RawMessage) (any, error) {
			return s.gatewayRequest(ctx, ps[0])
		}},
		"commitmentResult": {byName: true, fn: func(_ context.Context, _ *session, ps []json.RawMessage) (any, error) {
			var p struct {
				RequestHash string `json:"request_hash"`
			}
			if err := json.Unmarshal(ps[0], &p); err != nil {
				return nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "params", Detail: err.Error()}
			}
			h, err := parseRequestHash(p.RequestHash)
			if err != nil {
				return nil, err
			}
			return s.gatewayResult(h)
		}},
		"slots": {byName: true, fn: func(context.Context, *session, []json.RawMessage) (any, error) { return s.gatewaySlots(), nil }},
		"fee": {byName: true, fn: func(_ context.Context, _ *session, ps []json.RawMessage) (any, error) {
			return s.gatewayFee(ps[0])
		}},
	}
}

func readBody(r *http.Request) ([]byte, error) {
	b, err := ioReadAll(r)
	if err != nil {
		return nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "body", Detail: err.Error()}
	}
	return b, nil
}
