package challenge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/preconf"
)

// ErrPromise is wrapped by every promise that does not decode.
var ErrPromise = errors.New("bad promise")

// FieldError is a promise that does not decode, naming the JSON field at fault
// (e.g. "commitment.slot").
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return fmt.Sprintf("%v: %s: %v", ErrPromise, e.Field, e.Err) }

// Unwrap returns ErrPromise and the cause.
func (e *FieldError) Unwrap() []error { return []error{ErrPromise, e.Err} }

// maxPromise bounds one promise's JSON (a promise with its typedData is
// about 1.5 KiB).
const maxPromise = 64 << 10

// DecodePromise decodes one promise as `based request` prints it and
// `preconf_getCommitment` answers it: {commitment, digest, signature,
// typedData?, void?}, every integer a 0x quantity. Every field of the
// commitment and a 65-byte signature are required; a typedData, when present,
// must say the same as the commitment. Nothing is verified here beyond the
// form: Challenger.Verify checks the signature under the chain's domain.
func DecodePromise(b []byte) (*preconf.SignedCommitment, error) {
	if len(b) > maxPromise {
		return nil, &FieldError{Field: "promise", Err: fmt.Errorf("%d bytes, at most %d", len(b), maxPromise)}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, &FieldError{Field: "promise", Err: fmt.Errorf("not a JSON object: %v", err)}
	}
	if top == nil {
		return nil, &FieldError{Field: "promise", Err: errors.New("null")}
	}
	rawC, ok := top["commitment"]
	if !ok {
		return nil, &FieldError{Field: "commitment", Err: errors.New("missing")}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(rawC, &fields); err != nil || fields == nil {
		return nil, &FieldError{Field: "commitment", Err: errors.New("not a JSON object")}
	}
	var c preconf.InclusionCommitment
	var errs []error
	get := func(name string, into any) {
		raw, ok := fields[name]
		if !ok || string(raw) == "null" {
			errs = append(errs, &FieldError{Field: "commitment." + name, Err: errors.New("missing")})
			return
		}
		if err := json.Unmarshal(raw, into); err != nil {
			errs = append(errs, &FieldError{Field: "commitment." + name, Err: err})
		}
	}
	var slot, nonce, seq hexutil.Uint64
	var chainID, penalty hexutil.Big
	get("slot", &slot)
	get("chainId", &chainID)
	get("txHash", &c.TxHash)
	get("sender", &c.Sender)
	get("nonce", &nonce)
	get("committer", &c.Committer)
	get("seq", &seq)
	get("penalty", &penalty)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	c.Slot, c.Nonce, c.Seq = uint64(slot), uint64(nonce), uint64(seq)
	c.ChainID, c.Penalty = chainID.ToInt(), penalty.ToInt()
	switch {
	case c.ChainID.Sign() <= 0:
		return nil, &FieldError{Field: "commitment.chainId", Err: errors.New("must be positive")}
	case c.Penalty.BitLen() > 256:
		return nil, &FieldError{Field: "commitment.penalty", Err: errors.New("above 2^256")}
	case c.Committer == (common.Address{}):
		return nil, &FieldError{Field: "commitment.committer", Err: errors.New("the zero address")}
	}
	sc := &preconf.SignedCommitment{Commitment: c}
	raw, ok := top["signature"]
	if !ok {
		return nil, &FieldError{Field: "signature", Err: errors.New("missing")}
	}
	var sig hexutil.Bytes
	if err := json.Unmarshal(raw, &sig); err != nil {
		return nil, &FieldError{Field: "signature", Err: err}
	}
	if len(sig) != crypto.SignatureLength {
		return nil, &FieldError{Field: "signature", Err: fmt.Errorf("%d bytes, want %d", len(sig), crypto.SignatureLength)}
	}
	sc.Signature = sig
	if raw, ok := top["digest"]; ok {
		if err := json.Unmarshal(raw, &sc.Digest); err != nil {
			return nil, &FieldError{Field: "digest", Err: err}
		}
	}
	if raw, ok := top["void"]; ok {
		if err := json.Unmarshal(raw, &sc.Void); err != nil {
			return nil, &FieldError{Field: "void", Err: err}
		}
	}
	if raw, ok := top["typedData"]; ok && string(raw) != "null" {
		// preconf's decoder checks the typedData against the commitment.
		var full preconf.SignedCommitment
		if err := json.Unmarshal(b, &full); err != nil {
			return nil, &FieldError{Field: "typedData", Err: err}
		}
		sc.Domain = full.Domain
	}
	return sc, nil
}

// DecodePromises reads a list of promises: a JSON array of them, or promises
// one after another (e.g. one per line, or the outputs of several `based
// request` runs with their text lines between them dropped). An error names
// the promise by its position, counted from 1.
func DecodePromises(r io.Reader) ([]*preconf.SignedCommitment, error) {
	b, err := io.ReadAll(io.LimitReader(r, 256<<20))
	if err != nil {
		return nil, err
	}
	b = bytes.TrimSpace(b)
	var out []*preconf.SignedCommitment
	if len(b) > 0 && b[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(b, &items); err != nil {
			return nil, &FieldError{Field: "promises", Err: err}
		}
		for i, it := range items {
			sc, err := DecodePromise(it)
			if err != nil {
				return nil, fmt.Errorf("promise %d: %w", i+1, err)
			}
			out = append(out, sc)
		}
		return out, nil
	}
	for i := 1; len(b) > 0; i++ {
		// Skip lines that are not JSON (the text `based request` prints after the promise).
		if b[0] != '{' {
			nl := bytes.IndexByte(b, '\n')
			if nl < 0 {
				break
			}
			b = bytes.TrimSpace(b[nl+1:])
			i--
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("promise %d: %w", i, &FieldError{Field: "promise", Err: err})
		}
		sc, err := DecodePromise(raw)
		if err != nil {
			return nil, fmt.Errorf("promise %d: %w", i, err)
		}
		out = append(out, sc)
		b = bytes.TrimSpace(b[dec.InputOffset():])
	}
	return out, nil
}

// onchain is c as the slasher's bindings take it.
func onchain(c *preconf.InclusionCommitment) bindingsCommitment {
	return bindingsCommitment{
		Slot: c.Slot, ChainId: new(big.Int).Set(c.ChainID), TxHash: c.TxHash, Sender: c.Sender, Nonce: c.Nonce,
		Committer: c.Committer, Seq: c.Seq, Penalty: new(big.Int).Set(c.Penalty),
	}
}
