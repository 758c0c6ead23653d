package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"mime"
	"net/http"
	"strconv"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/preconf"
)

// MaxBatch caps the calls of one JSON-RPC batch.
const MaxBatch = 100

// JSON-RPC 2.0 error codes.
const (
	codeParse          = -32700
	codeInvalidRequest = -32600
	codeNoMethod       = -32601
	codeInvalidParams  = -32602
	codeServer         = -32000
)

// rpcCall is one JSON-RPC request object.
type rpcCall struct {
	Version string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

// rpcReply is one JSON-RPC response object.
type rpcReply struct {
	Version string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcErrorBody   `json:"error,omitempty"`
}

type rpcErrorBody struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
}

var nullID = json.RawMessage("null")

// method answers one JSON-RPC call from its positional parameters; sess is
// the WebSocket connection the call came on (nil over HTTP).
type method func(ctx context.Context, sess *session, params []json.RawMessage) (any, error)

// methodSpec is one entry of the method table.
type methodSpec struct {
	fn       method
	min, max int // parameter count
	// inclusion, when set, makes the call an inclusion request: the engine
	// decides those of one batch together (in order, one log write), and fn
	// is not called.
	inclusion func(params json.RawMessage) (preconf.Call, error)
	// byName, when set, hands fn the params object as its one parameter:
	// params given by name, or one object in an array ({} when absent).
	byName bool
}

// methods is the one table of JSON-RPC methods, served over HTTP and WebSocket alike.
func (a *api) methods() map[string]methodSpec {
	m := map[string]methodSpec{
		"preconf_requestInclusion": {min: 1, max: 1, inclusion: func(params json.RawMessage) (preconf.Call, error) {
			req, err := inclusionParams(params)
			return preconf.Call{Slot: uint64(req.Slot), ChainID: (*big.Int)(req.ChainID), Tx: req.Tx}, err
		}},
		"preconf_getCommitment": {min: 1, max: 1, fn: func(_ context.Context, _ *session, ps []json.RawMessage) (any, error) {
			var h common.Hash
			if err := arg(ps, 0, &h); err != nil {
				return nil, err
			}
			return a.GetCommitment(h)
		}},
		"preconf_estimateFee": {min: 1, max: 2, fn: func(_ context.Context, _ *session, ps []json.RawMessage) (any, error) {
			var slot preconf.Quantity
			var gas *preconf.Quantity
			if err := arg(ps, 0, &slot); err != nil {
				return nil, err
			}
			if err := arg(ps, 1, &gas); err != nil {
				return nil, err
			}
			return a.EstimateFee(slot, gas)
		}},
		"preconf_lookahead": {fn: func(context.Context, *session, []json.RawMessage) (any, error) { return a.Lookahead(), nil }},
		"preconf_getManifest": {min: 1, max: 1, fn: func(_ context.Context, _ *session, ps []json.RawMessage) (any, error) {
			var slot preconf.Quantity
			if err := arg(ps, 0, &slot); err != nil {
				return nil, err
			}
			return a.GetManifest(slot)
		}},
		"preconf_getManifestProof": {min: 1, max: 1, fn: func(_ context.Context, _ *session, ps []json.RawMessage) (any, error) {
			var h common.Hash
			if err := arg(ps, 0, &h); err != nil {
				return nil, err
			}
			return a.GetManifestProof(h)
		}},
		"preconf_status": {fn: func(context.Context, *session, []json.RawMessage) (any, error) { return a.Status(), nil }},
		"preconf_subscribe": {min: 1, max: 2, fn: func(_ context.Context, sess *session, ps []json.RawMessage) (any, error) {
			var topic string
			if err := arg(ps, 0, &topic); err != nil {
				return nil, err
			}
			if isStreamTopic(topic) {
				return a.s.subscribeStream(sess, topic, ps)
			}
			if topic != "commitments" {
				return nil, &jsonError{msg: fmt.Sprintf("no topic %q (topics: commitments, rollupBlocks, batches)", topic), code: codeInvalidParams}
			}
			f, err := commitmentsParams(ps)
			if err != nil {
				return nil, err
			}
			if sess == nil {
				return nil, &jsonError{msg: "subscriptions need a WebSocket connection", code: codeNoMethod}
			}
			return sess.subscribe(a.s.engine, f)
		}},
		"preconf_unsubscribe": {min: 1, max: 1, fn: func(_ context.Context, sess *session, ps []json.RawMessage) (any, error) {
			var id string
			if err := arg(ps, 0, &id); err != nil {
				return nil, err
			}
			if sess == nil {
				return nil, &jsonError{msg: "subscriptions need a WebSocket connection", code: codeNoMethod}
			}
			return sess.unsubscribe(id), nil
		}},
	}
	for name, spec := range a.s.gatewayMethods() {
		m[name] = spec
	}
	m["rpc_modules"] = methodSpec{fn: func(context.Context, *session, []json.RawMessage) (any, error) {
		return map[string]string{"preconf": "1.0"}, nil
	}}
	return m
}

// arg decodes parameter i into v; a missing optional parameter leaves v alone.
func arg(ps []json.RawMessage, i int, v any) error {
	if i >= len(ps) || bytes.Equal(ps[i], nullID) {
		return nil
	}
	if err := json.Unmarshal(ps[i], v); err != nil {
		return &jsonError{msg: fmt.Sprintf("invalid argument %d: %v", i, err), code: codeInvalidParams}
	}
	return nil
}

// named returns params given by name (an object), or the one object of a
// positional array, as the one parameter; absent params are {}.
func named(params json.RawMessage) ([]json.RawMessage, error) {
	p := bytes.TrimSpace(params)
	switch {
	case len(p) == 0 || bytes.Equal(p, nullID):
		return []json.RawMessage{json.RawMessage("{}")}, nil
	case p[0] == '{':
		return []json.RawMessage{p}, nil
	case p[0] == '[':
		ps, err := positional(p, 1, 1)
		if err != nil {
			return nil, err
		}
		if q := bytes.TrimSpace(ps[0]); len(q) == 0 || q[0] != '{' {
			return nil, &jsonError{msg: "invalid argument 0: want an object", code: codeInvalidParams}
		}
		return ps, nil
	}
	return nil, &jsonError{msg: "params: want an object", code: codeInvalidParams}
}

// positional splits params (absent, null or an array) into its elements.
func positional(params json.RawMessage, min, max int) ([]json.RawMessage, error) {
	var ps []json.RawMessage
	if p := bytes.TrimSpace(params); len(p) > 0 && !bytes.Equal(p, nullID) {
		if p[0] != '[' {
			return nil, &jsonError{msg: "non-array params", code: codeInvalidParams}
		}
		if err := json.Unmarshal(p, &ps); err != nil {
			return nil, &jsonError{msg: fmt.Sprintf("invalid params: %v", err), code: codeInvalidParams}
		}
	}
	switch {
	case len(ps) > max:
		return nil, &jsonError{msg: fmt.Sprintf("too many arguments, want at most %d", max), code: codeInvalidParams}
	case len(ps) < min:
		return nil, &jsonError{msg: fmt.Sprintf("missing value for required argument %d", len(ps)), code: codeInvalidParams}
	}
	return ps, nil
}

// jsonContentTypes are the request content types JSON-RPC is served for.
var jsonContentTypes = map[string]bool{"application/json": true, "application/json-rpc": true, "application/jsonrequest": true}

// serveJSONRPC answers a JSON-RPC body posted over HTTP: one call or a batch
// of up to MaxBatch. Every call counts against the client's IP rate (the
// first was counted by limit); over the rate the answer is 429.
func (s *Server) serveJSONRPC(w http.ResponseWriter, r *http.Request, body []byte) {
	if ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || !jsonContentTypes[ct] {
		writeJSON(w, http.StatusUnsupportedMediaType, restError{Code: preconf.ErrBadRequest.Code, Message: "content type must be application/json", Field: "Content-Type"})
		return
	}
	out, limited := s.answer(r.Context(), r.RemoteAddr, 1, nil, body)
	if limited {
		writeJSON(w, http.StatusTooManyRequests, restError{Code: preconf.ErrRateLimited.Code, Message: "rate limited", Field: "ip"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

// answer decides one JSON-RPC message (a call or a batch of up to MaxBatch)
// from remote, over HTTP (sess nil) or a WebSocket connection, and returns
// the encoded reply (empty when every call was a notification). Each call
// takes one request from remote's IP rate, less the counted ones already
// taken; when the rate refuses them, limited is true and, for a WebSocket
// connection, out holds a rate-limit error for every call. The inclusion
// requests of a batch are decided together by the engine.
func (s *Server) answer(ctx context.Context, remote string, counted int, sess *session, body []byte) (out []byte, limited bool) {
	body = bytes.TrimSpace(body)
	batch := len(body) > 0 && body[0] == '['
	msgs, bad, err := decodeCalls(body, batch)
	if err != nil {
		return encodeReplies(false, []rpcReply{errorReply(nullID, codeParse, "parse error: "+err.Error())}), false
	}
	if batch {
		switch {
		case len(msgs) == 0:
			return encodeReplies(false, []rpcReply{errorReply(nullID, codeInvalidRequest, "empty batch")}), false
		case len(msgs) > MaxBatch:
			return encodeReplies(false, []rpcReply{errorReply(nullID, codeInvalidRequest, fmt.Sprintf("batch of %d calls, limit %d", len(msgs), MaxBatch))}), false
		}
	}
	if n := len(msgs) - counted; n > 0 && !s.allowIPN(remote, n) {
		s.metrics.refused.WithLabelValues("ip_rate").Inc()
		replies := make([]rpcReply, len(msgs))
		for i := range msgs {
			id := msgs[i].ID
			if len(id) == 0 {
				id = nullID
			}
			replies[i] = rpcReply{Version: "2.0", ID: id, Error: &rpcErrorBody{Code: preconf.ErrRateLimited.Code, Message: "rate limited", Data: map[string]string{"field": "ip"}}}
		}
		return encodeReplies(batch, replies), true
	}
	replies := make([]rpcReply, len(msgs))
	notify := make([]bool, len(msgs))
	var (
		calls []preconf.Call
		at    []int // index in replies of each call
	)
	for i := range msgs {
		c := &msgs[i]
		if bad[i] != nil {
			replies[i] = errorReply(nullID, codeInvalidRequest, "invalid request: "+bad[i].Error())
			continue
		}
		id := c.ID
		if c.Version != "2.0" || c.Method == "" {
			// Not a call, so not a notification either: always answered.
			if len(id) == 0 {
				id = nullID
			}
			replies[i] = errorReply(id, codeInvalidRequest, `invalid request: want "jsonrpc":"2.0" and a method`)
			continue
		}
		if len(id) == 0 {
			id, notify[i] = nullID, true
		}
		m, ok := s.methods[c.Method]
		if !ok {
			replies[i] = errorReply(id, codeNoMethod, fmt.Sprintf("the method %s does not exist/is not available", c.Method))
			continue
		}
		if m.inclusion != nil {
			call, err := m.inclusion(c.Params)
			if err != nil {
				replies[i] = replyFor(id, nil, err)
				continue
			}
			replies[i].ID = id
			calls = append(calls, call)
			at = append(at, i)
			continue
		}
		var (
			ps  []json.RawMessage
			err error
		)
		if m.byName {
			ps, err = named(c.Params)
		} else {
			ps, err = positional(c.Params, m.min, m.max)
		}
		var res any
		if err == nil {
			res, err = m.fn(ctx, sess, ps)
		}
		replies[i] = replyFor(id, res, err)
	}
	if len(calls) > 0 {
		start := s.metrics.start()
		for k, o := range s.engine.RequestEach(ctx, calls) {
			s.metrics.observe("jsonrpc", start, o.Err)
			var res any
			if o.Err == nil {
				sc := o.Promise.Signed()
				res = &sc
			}
			replies[at[k]] = replyFor(replies[at[k]].ID, res, o.Err)
		}
	}
	kept := replies[:0]
	for i, rep := range replies {
		if !notify[i] {
			kept = append(kept, rep)
		}
	}
	return encodeReplies(batch, kept), false
}

// decodeCalls parses a body into its calls: the whole batch in one pass
// when every element is a well-formed call, else element by element, with
// bad[i] saying why element i is not a call. err is a body that is not JSON.
func decodeCalls(body []byte, batch bool) (msgs []rpcCall, bad []error, err error) {
	if !batch {
		var c rpcCall
		if err := json.Unmarshal(body, &c); err != nil {
			return nil, nil, err
		}
		return []rpcCall{c}, []error{nil}, nil
	}
	if json.Unmarshal(body, &msgs) == nil {
		return msgs, make([]error, len(msgs)), nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(body, &raws); err != nil {
		return nil, nil, err
	}
	msgs, bad = make([]rpcCall, len(raws)), make([]error, len(raws))
	for i, raw := range raws {
		bad[i] = json.Unmarshal(raw, &msgs[i])
	}
	return msgs, bad, nil
}

// inclusionParams decodes preconf_requestInclusion's one parameter, in one
// pass when it is well formed.
func inclusionParams(params json.RawMessage) (preconf.InclusionRequest, error) {
	var reqs []preconf.InclusionRequest
	if p := bytes.TrimSpace(params); len(p) > 0 && p[0] == '[' && json.Unmarshal(p, &reqs) == nil && len(reqs) == 1 {
		return reqs[0], nil
	}
	var req preconf.InclusionRequest // the slow path names what is wrong
	ps, err := positional(params, 1, 1)
	if err == nil {
		err = arg(ps, 0, &req)
	}
	if err == nil {
		err = &jsonError{msg: "invalid argument 0", code: codeInvalidParams}
	}
	return req, err
}

// replyFor turns a method's result or error into a reply.
func replyFor(id json.RawMessage, res any, err error) rpcReply {
	if err != nil {
		err = rpcError(err)
		if je, ok := err.(*jsonError); ok {
			return rpcReply{Version: "2.0", ID: id, Error: &rpcErrorBody{Code: je.code, Message: je.msg, Data: je.data}}
		}
		return errorReply(id, codeServer, err.Error())
	}
	var b []byte
	if sc, ok := res.(*preconf.SignedCommitment); ok {
		// Its encoder writes compact JSON (tested against encoding/json), so
		// encoding/json's check and copy of the output are skipped.
		b, err = sc.MarshalJSON()
	} else {
		b, err = json.Marshal(res)
	}
	if err != nil {
		return errorReply(id, codeServer, "encode result: "+err.Error())
	}
	return rpcReply{Version: "2.0", ID: id, Result: b}
}

func errorReply(id json.RawMessage, code int, msg string) rpcReply {
	return rpcReply{Version: "2.0", ID: id, Error: &rpcErrorBody{Code: code, Message: msg}}
}

// encodeReplies encodes one reply, or an array for a batch; nothing when
// every call was a notification. Results are already JSON and are copied as
// they are.
func encodeReplies(batch bool, replies []rpcReply) []byte {
	if len(replies) == 0 {
		return nil
	}
	b := make([]byte, 0, 600*len(replies))
	if batch {
		b = append(b, '[')
	}
	for i, r := range replies {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"jsonrpc":"2.0","id":`...)
		b = append(b, r.ID...)
		if r.Error != nil {
			e, err := json.Marshal(r.Error)
			if err != nil { // data that does not encode: drop it, keep code and message
				e, _ = json.Marshal(rpcErrorBody{Code: r.Error.Code, Message: r.Error.Message})
			}
			b = append(b, `,"error":`...)
			b = append(b, e...)
		} else {
			b = append(b, `,"result":`...)
			b = append(b, r.Result...)
		}
		b = append(b, '}')
	}
	if batch {
		b = append(b, ']')
	}
	return append(b, '\n')
}
