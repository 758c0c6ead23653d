package rpc

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/preconf"
)

// BoltHeader carries the requester's signature in Bolt's API.
const BoltHeader = "X-Bolt-Signature"

// BoltRequest is bolt_requestInclusion's parameter.
type BoltRequest struct {
	Slot uint64          `json:"slot"`
	Txs  []hexutil.Bytes `json:"txs"`
}

type boltEnvelope struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Params  []BoltRequest   `json:"params"`
}

// BoltResponse is bolt_requestInclusion's result: the committer's signature
// over the same digest, plus our EIP-712 promise for every transaction.
type BoltResponse struct {
	Slot      uint64                     `json:"slot"`
	Txs       []hexutil.Bytes            `json:"txs"`
	Signature hexutil.Bytes              `json:"signature"`
	Promises  []preconf.SignedCommitment `json:"promises"`
}

// BoltDigest is keccak256(txHash₁ ‖ … ‖ txHashₙ ‖ le_u64(slot)).
func BoltDigest(slot uint64, hashes []common.Hash) common.Hash {
	return preconf.BoltDigest(slot, hashes)
}

// DecodeBoltRequest parses a bolt_requestInclusion body and the
// X-Bolt-Signature header ("<address>:<signature>") without checking the
// signature. It returns the request, the claimed signer and the signature.
func DecodeBoltRequest(body []byte, header string) (*boltEnvelope, common.Address, []byte, error) {
	var env boltEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, common.Address{}, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "body", Detail: err.Error()}
	}
	if env.Method != "bolt_requestInclusion" {
		return &env, common.Address{}, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "method", Detail: env.Method}
	}
	if len(env.Params) != 1 || len(env.Params[0].Txs) == 0 {
		return &env, common.Address{}, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "params", Detail: "want one request with at least one tx"}
	}
	if len(env.Params[0].Txs) > 64 {
		return &env, common.Address{}, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: "params.txs", Detail: "more than 64 transactions"}
	}
	addr, sig, ok := strings.Cut(header, ":")
	if !ok || !common.IsHexAddress(addr) {
		return &env, common.Address{}, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: BoltHeader, Detail: "want <address>:<signature>"}
	}
	s, err := hexutil.Decode(sig)
	if err != nil || len(s) != crypto.SignatureLength {
		return &env, common.Address{}, nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: BoltHeader, Detail: "signature: want 65 bytes of hex"}
	}
	return &env, common.HexToAddress(addr), s, nil
}

func (s *Server) bolt(w http.ResponseWriter, r *http.Request, body []byte) {
	start := s.metrics.start()
	env, signer, sig, err := DecodeBoltRequest(body, r.Header.Get(BoltHeader))
	var id json.RawMessage
	if env != nil {
		id = env.ID
	}
	reply := func(result any, err error) {
		s.metrics.observe("bolt", start, err)
		msg := map[string]any{"jsonrpc": "2.0", "id": id}
		if err != nil {
			je := rpcError(err)
			e := map[string]any{"code": -32603, "message": err.Error()}
			if j, ok := je.(*jsonError); ok {
				e["code"], e["data"] = j.code, j.data
			}
			msg["error"] = e
		} else {
			msg["result"] = result
		}
		writeJSON(w, http.StatusOK, msg)
	}
	if err != nil {
		reply(nil, err)
		return
	}
	req := env.Params[0]
	cfg := s.engine.Config()
	// Cheap first: the slot; then hashing and signature recovery.
	if err := s.engine.CheckSlot(req.Slot, cfg.Domain.ChainID); err != nil {
		reply(nil, err)
		return
	}
	hashes := make([]common.Hash, len(req.Txs))
	raws := make([][]byte, len(req.Txs))
	for i, raw := range req.Txs {
		var tx types.Transaction
		if err := tx.UnmarshalBinary(raw); err != nil {
			reply(nil, &preconf.RuleError{Rule: preconf.ErrTxDecode, Field: fmt.Sprintf("txs[%d]", i), Detail: err.Error()})
			return
		}
		hashes[i], raws[i] = tx.Hash(), raw
	}
	digest := BoltDigest(req.Slot, hashes)
	who, err := preconf.Recover(digest, sig)
	if err != nil || who != signer {
		reply(nil, &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: BoltHeader, Detail: fmt.Sprintf("signature is not by %s", signer)})
		return
	}
	ps, err := s.engine.RequestBatch(r.Context(), req.Slot, cfg.Domain.ChainID, raws)
	if err != nil {
		reply(nil, err)
		return
	}
	ours, err := s.engine.Signer().SignBolt(req.Slot, hashes)
	if err != nil {
		reply(nil, err)
		return
	}
	resp := BoltResponse{Slot: req.Slot, Txs: req.Txs, Signature: ours}
	for _, p := range ps {
		resp.Promises = append(resp.Promises, p.Signed())
	}
	reply(resp, nil)
}

func ioReadAll(r *http.Request) ([]byte, error) { return io.ReadAll(r.Body) }
