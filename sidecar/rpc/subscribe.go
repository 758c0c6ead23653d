package rpc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/basedsidecar/based/preconf"
)

// commitmentsParams decodes the optional second parameter of
// preconf_subscribe("commitments", {"chainId": "0x…", "cursor": "0x…"}):
// both fields 0x quantities and optional, no other field. Absent or null:
// every chain, live only. Each refusal is -32602 naming the field.
func commitmentsParams(ps []json.RawMessage) (preconf.StreamFilter, error) {
	var f preconf.StreamFilter
	if len(ps) < 2 || bytes.Equal(bytes.TrimSpace(ps[1]), nullID) {
		return f, nil
	}
	var fields map[string]json.RawMessage
	if p := bytes.TrimSpace(ps[1]); len(p) == 0 || p[0] != '{' || json.Unmarshal(p, &fields) != nil {
		return f, paramError("params[1]", `want {"chainId": "0x…", "cursor": "0x…"}, both optional`)
	}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	slices.Sort(names) // the first unknown field named is always the same one
	for _, k := range names {
		v := fields[k]
		switch k {
		case "chainId":
			var id hexutil.Big
			if err := json.Unmarshal(v, &id); err != nil {
				return f, paramError(k, "want a 0x quantity: %v", err)
			}
			f.ChainID = id.ToInt()
		case "cursor":
			var c hexutil.Uint64
			if err := json.Unmarshal(v, &c); err != nil {
				return f, paramError(k, "want a 0x quantity below 2^64: %v", err)
			}
			after := uint64(c)
			f.After = &after
		default:
			field := k
			if field == "" {
				field = "params[1]"
			}
			return f, paramError(field, "unknown field %q (fields: chainId, cursor)", k)
		}
	}
	return f, nil
}

// paramError is -32602 naming field.
func paramError(field, format string, args ...any) error {
	return &preconf.RuleError{Rule: preconf.ErrBadRequest, Field: field, Detail: fmt.Sprintf(format, args...)}
}
