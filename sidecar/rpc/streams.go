package rpc

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Streams serves the rollup topics of preconf_subscribe (package sidecar/sequencer):
// rollupBlocks and batches of one rollup, resumable after a cursor.
type Streams interface {
	Subscribe(topic string, chainID *big.Int, after *uint64, buf int) (<-chan any, func(), error)
}

type streamsBox struct{ Streams }

// SetStreams serves the rollup topics from st.
func (s *Server) SetStreams(st Streams) { s.streams.Store(&streamsBox{st}) }

func isStreamTopic(t string) bool { return t == "rollupBlocks" || t == "batches" }

// streamParams is the second parameter of a rollup topic's preconf_subscribe.
type streamParams struct {
	ChainID *hexutil.Big    `json:"chainId"`
	Cursor  *hexutil.Uint64 `json:"cursor"` // resume after this item (a slot)
}

// decodeStreamParams reads the parameter of a rollup topic's subscription.
func decodeStreamParams(topic string, ps []json.RawMessage) (streamParams, *jsonError) {
	var p streamParams
	if len(ps) < 2 {
		return p, &jsonError{msg: fmt.Sprintf("%s: params[1]: {\"chainId\": \"0x…\", \"cursor\": \"0x…\" (optional)} is required", topic), code: codeInvalidParams}
	}
	if err := json.Unmarshal(ps[1], &p); err != nil {
		return p, &jsonError{msg: fmt.Sprintf("%s: params[1]: %v", topic, err), code: codeInvalidParams}
	}
	if p.ChainID == nil {
		return p, &jsonError{msg: fmt.Sprintf("%s: chainId is required", topic), code: codeInvalidParams}
	}
	if !p.ChainID.ToInt().IsUint64() || p.ChainID.ToInt().Sign() <= 0 {
		return p, &jsonError{msg: fmt.Sprintf("%s: chainId %v is no rollup chain id", topic, p.ChainID), code: codeInvalidParams}
	}
	return p, nil
}

// subscribeStream subscribes the WebSocket session to a rollup topic.
func (s *Server) subscribeStream(c *session, topic string, ps []json.RawMessage) (string, error) {
	p, jerr := decodeStreamParams(topic, ps)
	if jerr != nil {
		return "", jerr
	}
	if c == nil {
		return "", &jsonError{msg: "subscriptions need a WebSocket connection", code: codeNoMethod}
	}
	box := s.streams.Load()
	if box == nil {
		return "", &jsonError{msg: fmt.Sprintf("%s: no rollup is sequenced here", topic), code: codeInvalidParams}
	}
	var after *uint64
	if p.Cursor != nil {
		v := uint64(*p.Cursor)
		after = &v
	}
	return startSubscription(c, func() (<-chan any, func(), error) {
		items, cancel, err := box.Subscribe(topic, p.ChainID.ToInt(), after, wsEventBuffer)
		if err != nil {
			return nil, nil, &jsonError{msg: fmt.Sprintf("%s: %v", topic, err), code: codeInvalidParams}
		}
		return items, cancel, nil
	})
}
