package rollup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	gethrpc "github.com/ethereum/go-ethereum/rpc"

	"github.com/basedsidecar/based/mempool"
)

// JSON-RPC error codes of the endpoint (the standard ones, and -32000 for a refused tx as
// go-ethereum answers).
const (
	codeParse          = -32700
	codeInvalidRequest = -32600
	codeNoMethod       = -32601
	codeInvalidParams  = -32602
	codeRefused        = -32000
	codeUpstream       = -32603
)

// maxBatch caps the calls of one JSON-RPC batch.
const maxBatch = 100

// Handler serves /rollup/{chainId} for the rollups.
type Handler struct {
	rollups map[string]*Rollup // by decimal chain id
	tp      *mempool.TxPool
}

// NewHandler returns the wallet endpoint of the rollups, whose pools it puts behind one
// TxPool for cross-rollup bundles.
func NewHandler(rollups ...*Rollup) (*Handler, error) {
	h := &Handler{rollups: make(map[string]*Rollup, len(rollups))}
	pools := make([]*mempool.Pool, 0, len(rollups))
	for _, r := range rollups {
		h.rollups[r.cfg.ChainID.String()] = r
		pools = append(pools, r.pool)
	}
	tp, err := mempool.NewTxPool(0, pools...)
	if err != nil {
		return nil, err
	}
	h.tp = tp
	for _, r := range rollups {
		r.bundles = tp
	}
	return h, nil
}

// TxPool returns the pools of all the rollups.
func (h *Handler) TxPool() *mempool.TxPool { return h.tp }

type request struct {
	JSONRPC string            `json:"jsonrpc"`
	ID      json.RawMessage   `json:"id"`
	Method  string            `json:"method"`
	Params  []json.RawMessage `json:"params"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
}

type response struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  any             `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

// ServeHTTP answers one JSON-RPC call or batch for the rollup named by the path.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id := strings.Trim(strings.TrimPrefix(r.URL.Path, "/rollup/"), "/")
	ro := h.rollups[id]
	if ro == nil {
		writeJSON(w, http.StatusNotFound, response{JSONRPC: "2.0", ID: json.RawMessage("null"),
			Error: &rpcError{Code: codeInvalidRequest, Message: fmt.Sprintf("unknown rollup chain id %q", id)}})
		return
	}
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, response{JSONRPC: "2.0", ID: json.RawMessage("null"),
			Error: &rpcError{Code: codeInvalidRequest, Message: "JSON-RPC takes POST"}})
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, response{JSONRPC: "2.0", ID: json.RawMessage("null"), Error: &rpcError{Code: codeParse, Message: "body: " + err.Error()}})
		return
	}
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '[' {
		var raws []json.RawMessage
		if err := json.Unmarshal(body, &raws); err != nil {
			writeJSON(w, http.StatusOK, response{JSONRPC: "2.0", ID: json.RawMessage("null"), Error: &rpcError{Code: codeParse, Message: "batch: " + err.Error()}})
			return
		}
		if len(raws) == 0 || len(raws) > maxBatch {
			writeJSON(w, http.StatusOK, response{JSONRPC: "2.0", ID: json.RawMessage("null"), Error: &rpcError{Code: codeInvalidRequest, Message: fmt.Sprintf("batch of %d calls, 1 to %d", len(raws), maxBatch)}})
			return
		}
		out := make([]response, len(raws))
		for i, raw := range raws {
			out[i] = ro.call(r.Context(), raw)
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	writeJSON(w, http.StatusOK, ro.call(r.Context(), body))
}

func (ro *Rollup) call(ctx context.Context, raw json.RawMessage) response {
	var req request
	if err := json.Unmarshal(raw, &req); err != nil {
		return response{JSONRPC: "2.0", ID: json.RawMessage("null"), Error: &rpcError{Code: codeParse, Message: "request: " + err.Error()}}
	}
	if req.ID == nil {
		req.ID = json.RawMessage("null")
	}
	if req.Method == "" {
		return response{JSONRPC: "2.0", ID: req.ID, Error: &rpcError{Code: codeInvalidRequest, Message: "method: missing"}}
	}
	res, rerr := ro.dispatch(ctx, req)
	if rerr != nil {
		return response{JSONRPC: "2.0", ID: req.ID, Error: rerr}
	}
	return response{JSONRPC: "2.0", ID: req.ID, Result: res}
}

func paramErr(field, format string, args ...any) *rpcError {
	return &rpcError{Code: codeInvalidParams, Message: fmt.Sprintf("invalid params: %s: %s", field, fmt.Sprintf(format, args...))}
}

func (ro *Rollup) dispatch(ctx context.Context, req request) (any, *rpcError) {
	switch req.Method {
	case "eth_chainId":
		return (*hexutil.Big)(ro.cfg.ChainID), nil
	case "eth_sendRawTransaction":
		if len(req.Params) != 1 {
			return nil, paramErr("params", "want [data], got %d params", len(req.Params))
		}
		var data hexutil.Bytes
		if err := json.Unmarshal(req.Params[0], &data); err != nil {
			return nil, paramErr("data", "%v", err)
		}
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(data); err != nil {
			return nil, paramErr("data", "transaction: %v", err)
		}
		err := ro.pool.Add(ctx, []*types.Transaction{tx})[0]
		ro.metrics.received(ro.cfg.ChainID.String(), mempool.Outcome(err))
		if err != nil {
			return nil, &rpcError{Code: codeRefused, Message: err.Error()}
		}
		return tx.Hash(), nil
	case "eth_getTransactionCount":
		if len(req.Params) == 2 {
			var tag string
			if json.Unmarshal(req.Params[1], &tag) == nil && tag == "pending" {
				var addr common.Address
				if err := json.Unmarshal(req.Params[0], &addr); err != nil {
					return nil, paramErr("address", "%v", err)
				}
				n, err := ro.pool.Nonce(ctx, addr)
				if err != nil {
					return nil, &rpcError{Code: codeUpstream, Message: err.Error()}
				}
				return hexutil.Uint64(n), nil
			}
		}
	case "rollup_sendBundle":
		return ro.sendBundle(ctx, req.Params)
	case "rollup_submitBlock":
		return ro.submitBlock(ctx, req.Params)
	case "txpool_status":
		p, q := ro.pool.Stats()
		return map[string]hexutil.Uint{"pending": hexutil.Uint(p), "queued": hexutil.Uint(q)}, nil
	case "txpool_content":
		pending, queued := ro.pool.Content()
		return map[string]any{"pending": contentJSON(pending), "queued": contentJSON(queued)}, nil
	}
	if !strings.HasPrefix(req.Method, "eth_") && !strings.HasPrefix(req.Method, "net_") && !strings.HasPrefix(req.Method, "web3_") {
		return nil, &rpcError{Code: codeNoMethod, Message: fmt.Sprintf("the method %s does not exist/is not available", req.Method)}
	}
	return ro.proxy(ctx, req)
}

// bundleLeg is one leg of rollup_sendBundle's parameter.
type bundleLeg struct {
	ChainID *hexutil.Big  `json:"chainId"`
	Tx      hexutil.Bytes `json:"tx"`
}

// sendBundle takes [{legs: [{chainId, tx}, …]}]: txs for two or more rollups that go into
// one shared batch all together or not at all. It answers the bundle's hash.
func (ro *Rollup) sendBundle(ctx context.Context, params []json.RawMessage) (any, *rpcError) {
	if len(params) != 1 {
		return nil, paramErr("params", "want [{legs}], got %d params", len(params))
	}
	var p struct {
		Legs []bundleLeg `json:"legs"`
	}
	if err := json.Unmarshal(params[0], &p); err != nil {
		return nil, paramErr("legs", "%v", err)
	}
	legs := make([]mempool.Leg, len(p.Legs))
	for i, l := range p.Legs {
		if l.ChainID == nil {
			return nil, paramErr(fmt.Sprintf("legs[%d].chainId", i), "missing")
		}
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(l.Tx); err != nil {
			return nil, paramErr(fmt.Sprintf("legs[%d].tx", i), "transaction: %v", err)
		}
		legs[i] = mempool.Leg{ChainID: l.ChainID.ToInt(), Tx: tx}
	}
	h, err := ro.bundles.AddBundle(ctx, legs)
	ro.metrics.received(ro.cfg.ChainID.String(), "bundle_"+mempool.Outcome(err))
	if err != nil {
		return nil, &rpcError{Code: codeRefused, Message: err.Error()}
	}
	return h, nil
}

// submitBlockResult is rollup_submitBlock's answer: the block's value and the value of the
// block the pool would build itself, in wei.
type submitBlockResult struct {
	Accepted bool         `json:"accepted"`
	Value    *hexutil.Big `json:"value"`
	OurValue *hexutil.Big `json:"ourValue"`
}

// submitBlockData is the data of a refused rollup_submitBlock: the field at fault and the
// rule, as the metrics label it.
type submitBlockData struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// submitBlock takes [{txs: [raw, …], payment: raw}]: a whole block of this rollup from an
// external builder, held for the next seal when it lists every promised tx first in promise
// order and is worth more than the pool's own block and the one held.
func (ro *Rollup) submitBlock(ctx context.Context, params []json.RawMessage) (any, *rpcError) {
	chain := ro.cfg.ChainID.String()
	txs, payment, perr := decodeSubmitBlock(params, int(ro.cfg.GasLimit/21000))
	if perr != nil {
		ro.metrics.external(chain, "params")
		return nil, perr
	}
	v, err := ro.pool.SubmitBlock(ctx, txs, payment)
	outcome := mempool.ExternalOutcome(err)
	ro.metrics.external(chain, outcome)
	if err != nil {
		e := &rpcError{Code: codeRefused, Message: err.Error()}
		var xe *mempool.ExternalBlockError
		if errors.As(err, &xe) {
			e.Data = submitBlockData{Field: xe.Field, Reason: outcome}
		}
		return nil, e
	}
	ro.log.Info("external block held", "txs", len(txs)+1, "value", v.Value, "ours", v.Ours)
	return submitBlockResult{Accepted: true, Value: (*hexutil.Big)(v.Value.ToBig()), OurValue: (*hexutil.Big)(v.Ours.ToBig())}, nil
}

// decodeSubmitBlock decodes rollup_submitBlock's params, [{txs, payment}] with every tx an
// EIP-2718 binary transaction in 0x hex and at most maxTxs of them; an error names the field.
func decodeSubmitBlock(params []json.RawMessage, maxTxs int) ([]*types.Transaction, *types.Transaction, *rpcError) {
	if len(params) != 1 {
		return nil, nil, paramErr("params", "want [{txs, payment}], got %d params", len(params))
	}
	var p struct {
		Txs     *[]json.RawMessage `json:"txs"`
		Payment json.RawMessage    `json:"payment"`
	}
	dec := json.NewDecoder(bytes.NewReader(params[0]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, nil, paramErr("params[0]", "an object {txs, payment}: %v", err)
	}
	if p.Txs == nil {
		return nil, nil, paramErr("txs", "missing")
	}
	if len(*p.Txs) > maxTxs {
		return nil, nil, paramErr("txs", "%d txs, at most %d fit the rollup's gas limit", len(*p.Txs), maxTxs)
	}
	txs := make([]*types.Transaction, len(*p.Txs))
	for i, raw := range *p.Txs {
		tx, err := decodeTx(raw)
		if err != nil {
			return nil, nil, paramErr(fmt.Sprintf("txs[%d]", i), "%v", err)
		}
		txs[i] = tx
	}
	if len(p.Payment) == 0 || string(p.Payment) == "null" {
		return nil, nil, paramErr("payment", "missing")
	}
	payment, err := decodeTx(p.Payment)
	if err != nil {
		return nil, nil, paramErr("payment", "%v", err)
	}
	return txs, payment, nil
}

// decodeTx decodes one 0x-hex EIP-2718 transaction.
func decodeTx(raw json.RawMessage) (*types.Transaction, error) {
	var data hexutil.Bytes
	if err := json.Unmarshal(raw, &data); err != nil {
		return nil, err
	}
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(data); err != nil {
		return nil, fmt.Errorf("transaction: %w", err)
	}
	return tx, nil
}

// proxy forwards a call to the rollup's node and relays its answer or error.
func (ro *Rollup) proxy(ctx context.Context, req request) (any, *rpcError) {
	args := make([]any, len(req.Params))
	for i, p := range req.Params {
		args[i] = p
	}
	var res json.RawMessage
	if err := ro.client.CallContext(ctx, &res, req.Method, args...); err != nil {
		var re gethrpc.Error
		if errors.As(err, &re) {
			e := &rpcError{Code: re.ErrorCode(), Message: re.Error()}
			var de gethrpc.DataError
			if errors.As(err, &de) {
				e.Data = de.ErrorData()
			}
			return nil, e
		}
		return nil, &rpcError{Code: codeUpstream, Message: "rollup node: " + err.Error()}
	}
	if res == nil {
		res = json.RawMessage("null")
	}
	return res, nil
}

// pooledTx is a pooled transaction as txpool_content shows it: go-ethereum's transaction
// JSON with its sender.
type pooledTx struct {
	tx   *types.Transaction
	from common.Address
}

func (p pooledTx) MarshalJSON() ([]byte, error) {
	raw, err := p.tx.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	from, _ := json.Marshal(p.from)
	m["from"] = from
	return json.Marshal(m)
}

// contentJSON keys each sender's txs by nonce in decimal, as go-ethereum's txpool_content.
func contentJSON(by map[common.Address][]*types.Transaction) map[common.Address]map[string]pooledTx {
	out := make(map[common.Address]map[string]pooledTx, len(by))
	for a, txs := range by {
		m := make(map[string]pooledTx, len(txs))
		for _, tx := range txs {
			m[strconv.FormatUint(tx.Nonce(), 10)] = pooledTx{tx: tx, from: a}
		}
		out[a] = m
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"encoding the answer failed"}}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
