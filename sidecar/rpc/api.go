// Package rpc serves the promise engine to wallets and rollups: JSON-RPC over
// HTTP and WebSocket, the Commitments API v0 REST paths and Bolt's
// bolt_requestInclusion.
package rpc

import (
	"context"
	"errors"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/preconf"
)

// Chain is the chain view the servers need beyond the engine's.
type Chain interface {
	preconf.ChainView
	Duties() []preconf.Duty
	Status() preconf.ChainStatus
}

// api is the "preconf" JSON-RPC namespace; methods() makes its table.
type api struct{ s *Server }

// GetCommitment is preconf_getCommitment.
func (a *api) GetCommitment(txHash common.Hash) (*preconf.SignedCommitment, error) {
	sc, err := a.s.engine.Commitment(txHash)
	return sc, rpcError(err)
}

// EstimateFee is preconf_estimateFee; gas is optional and adds a penalty quote.
func (a *api) EstimateFee(slot preconf.Quantity, gas *preconf.Quantity) (*preconf.Quote, error) {
	var g uint64
	if gas != nil {
		g = uint64(*gas)
	}
	q, err := a.s.engine.EstimateFee(uint64(slot), g)
	return q, rpcError(err)
}

// Lookahead is preconf_lookahead: every known duty of the current and next epoch.
func (a *api) Lookahead() []preconf.LookaheadEntry {
	ds := a.s.chain.Duties()
	out := make([]preconf.LookaheadEntry, 0, len(ds))
	for _, d := range ds {
		e := preconf.LookaheadEntry{Slot: d.Slot, ValidatorIndex: d.ValidatorIndex, Pubkey: d.Pubkey[:], Ours: d.Ours, Deadline: d.Deadline}
		if d.Ours {
			c := d.Committer
			e.Committer = &c
		}
		out = append(out, e)
	}
	return out
}

// GetManifest is preconf_getManifest.
func (a *api) GetManifest(slot preconf.Quantity) (*preconf.SignedManifest, error) {
	m, err := a.s.engine.Manifest(uint64(slot))
	return m, rpcError(err)
}

// GetManifestProof is preconf_getManifestProof.
func (a *api) GetManifestProof(txHash common.Hash) (*preconf.ManifestProof, error) {
	p, err := a.s.engine.ManifestProof(txHash)
	return p, rpcError(err)
}

// Status is preconf_status.
func (a *api) Status() preconf.NodeStatus { return a.s.status() }

// jsonError is a JSON-RPC error with a code and data.
type jsonError struct {
	msg  string
	code int
	data any
}

func (e *jsonError) Error() string  { return e.msg }
func (e *jsonError) ErrorCode() int { return e.code }
func (e *jsonError) ErrorData() any { return e.data }

// rpcError keeps the rule's code and field when err wraps a RuleError.
func rpcError(err error) error {
	if err == nil {
		return nil
	}
	if re, ok := preconf.AsRuleError(err); ok {
		return &jsonError{msg: err.Error(), code: re.ErrorCode(), data: re.ErrorData()}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &jsonError{msg: err.Error(), code: -32000}
	}
	return err
}
