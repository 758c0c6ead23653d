package preconf

import (
	"errors"
	"fmt"
)

// Rule is one check a request must pass; its Code is the JSON-RPC error code
// returned when the check fails. Compare with errors.Is.
type Rule struct {
	Name string
	Code int
}

func (r *Rule) Error() string { return r.Name }

// The rules, in the order the engine checks them (cheap ones first).
var (
	ErrNotReady       = &Rule{"chain view not ready", -32000}
	ErrRateLimited    = &Rule{"rate limited", -32005}
	ErrBadRequest     = &Rule{"malformed request", -32602}
	ErrSlotNotOurs    = &Rule{"slot is not ours", -32010}
	ErrSlotOutOfRange = &Rule{"slot not in the current or next epoch", -32011}
	ErrDeadline       = &Rule{"slot deadline passed", -32012}
	ErrOtherSlot      = &Rule{"transaction already promised for another slot", -32013}
	ErrTxDecode       = &Rule{"transaction does not decode", -32020}
	ErrChainID        = &Rule{"wrong chain id", -32021}
	ErrTxTooLarge     = &Rule{"transaction too large", -32022}
	ErrBlobs          = &Rule{"invalid blobs", -32023}
	ErrGasBudget      = &Rule{"gas limit exceeds the slot's remaining budget", -32024}
	ErrSender         = &Rule{"sender does not recover", -32025}
	ErrIntrinsicGas   = &Rule{"gas limit below the intrinsic gas", -32026}
	ErrInitCode       = &Rule{"init code too large", -32027}
	ErrSenderCode     = &Rule{"sender has code", -32028}
	ErrTxType         = &Rule{"transaction type not promised on this chain", -32029}
	ErrNonce          = &Rule{"nonce out of sequence", -32030}
	ErrNonceTaken     = &Rule{"nonce already promised to another transaction", -32031}
	ErrBalance        = &Rule{"balance does not cover the promised transactions", -32032}
	ErrMaxFee         = &Rule{"max fee below the projected base fee", -32033}
	ErrBlobFee        = &Rule{"max blob fee below the projected blob base fee", -32034}
	ErrTip            = &Rule{"tip below the slot's price", -32035}
	ErrTipAboveFeeCap = &Rule{"tip above the max fee", -32036}
	ErrAuthority      = &Rule{"account is an authority of a promised set-code transaction", -32037}
	ErrRollupPool     = &Rule{"the rollup's pool refused the transaction", -32038}
	ErrSlotFull       = &Rule{"slot has no room left", -32040}
	ErrCollateral     = &Rule{"outstanding penalties would exceed the collateral", -32041}
	ErrNotFound       = &Rule{"not found", -32044}
	ErrUnavailable    = &Rule{"commitment log unavailable", -32603}
)

// RuleError is a failed rule with the request field it concerns.
type RuleError struct {
	Rule   *Rule
	Field  string
	Detail string
}

func (e *RuleError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Rule.Name)
	}
	return fmt.Sprintf("%s: %s: %s", e.Field, e.Rule.Name, e.Detail)
}

// Unwrap makes errors.Is(err, ErrNonce) and friends work.
func (e *RuleError) Unwrap() error { return e.Rule }

// ErrorCode is the JSON-RPC error code (go-ethereum's rpc package reads it).
func (e *RuleError) ErrorCode() int { return e.Rule.Code }

// ErrorData is the JSON-RPC error data: the rule and the field.
func (e *RuleError) ErrorData() any {
	return map[string]string{"rule": e.Rule.Name, "field": e.Field}
}

func fail(r *Rule, field, format string, args ...any) *RuleError {
	return &RuleError{Rule: r, Field: field, Detail: fmt.Sprintf(format, args...)}
}

// AsRuleError returns the RuleError inside err, if any.
func AsRuleError(err error) (*RuleError, bool) {
	var re *RuleError
	ok := errors.As(err, &re)
	return re, ok
}
