// Package blocksim validates builder block submissions for mev-boost-relay
// (flashbots_validateBuilderSubmissionV5) on a stock execution client.
//
// A relay simulates each block a builder submits before it offers the block's
// header to proposers. The flashbots builder fork of geth has that endpoint;
// stock geth has not. This package gives it from what every execution client
// has: the parent's header and the fee recipient's balances from eth_*, and
// the block's execution from engine_newPayloadV4, which must say VALID.
package blocksim

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strconv"

	builderfulu "github.com/attestantio/go-builder-client/api/fulu"
	builderv1 "github.com/attestantio/go-builder-client/api/v1"
	"github.com/attestantio/go-eth2-client/spec/deneb"
	"github.com/attestantio/go-eth2-client/spec/electra"
	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"
)

// Caller is a JSON-RPC client (go-ethereum's *rpc.Client is one).
type Caller interface {
	CallContext(ctx context.Context, result any, method string, args ...any) error
}

// ErrBadRequest is wrapped when a submission is malformed or inconsistent in itself.
var ErrBadRequest = errors.New("blocksim: bad submission")

// ErrInvalid is wrapped when a well-formed submission fails validation.
var ErrInvalid = errors.New("blocksim: block not valid")

// ErrExecution is wrapped when the execution client cannot be asked.
var ErrExecution = errors.New("blocksim: execution client")

// Request is the relay's validation request for a Fulu block submission.
type Request struct {
	Message               *builderv1.BidTrace        `json:"message"`
	ExecutionPayload      *deneb.ExecutionPayload    `json:"execution_payload"`
	BlobsBundle           *builderfulu.BlobsBundle   `json:"blobs_bundle"`
	ExecutionRequests     *electra.ExecutionRequests `json:"execution_requests"`
	Signature             string                     `json:"signature"`
	RegisteredGasLimit    GasLimit                   `json:"registered_gas_limit"`
	ParentBeaconBlockRoot common.Hash                `json:"parent_beacon_block_root"`
}

// GasLimit is the registered gas limit, a quoted decimal integer as the relay sends it.
type GasLimit uint64

// UnmarshalJSON reads a quoted decimal integer.
func (g *GasLimit) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("registered_gas_limit: want a quoted decimal integer, got %s", b)
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return fmt.Errorf("registered_gas_limit: want a decimal integer, got %q", s)
	}
	*g = GasLimit(v)
	return nil
}

// MarshalJSON writes a quoted decimal integer.
func (g GasLimit) MarshalJSON() ([]byte, error) {
	return json.Marshal(strconv.FormatUint(uint64(g), 10))
}

// Response is the validation result the relay reads.
type Response struct {
	// BlockValue is what the proposer's fee recipient gains from the block.
	BlockValue *uint256.Int `json:"block_value"`
}

// Validator checks submissions on one execution client.
type Validator struct {
	eth    Caller // eth_*
	engine Caller // engine_* (JWT)
	log    *slog.Logger
	m      *Metrics
}

// New returns a Validator on an execution client's eth_* and Engine API clients.
func New(eth, engine Caller, m *Metrics, log *slog.Logger) *Validator {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Validator{eth: eth, engine: engine, log: log, m: m}
}

// cellsPerBlob is CELLS_PER_EXT_BLOB: Fulu blobs bundles carry one proof per cell.
const cellsPerBlob = 128

// Validate checks a submission and returns the value the proposer's fee
// recipient gains from the block: the bid trace must describe the payload,
// the gas limit must follow the registered one, the blobs must match their
// commitments and cell proofs, the execution client must find the payload
// VALID, and the fee recipient's balance must grow by at least the bid's value.
func (v *Validator) Validate(ctx context.Context, r *Request) (*uint256.Int, error) {
	val, err := v.validate(ctx, r)
	v.m.observe(err)
	if err != nil {
		v.log.Warn("submission refused", "err", err)
		return nil, err
	}
	v.log.Info("submission valid", "slot", r.Message.Slot, "block_hash", common.Hash(r.Message.BlockHash),
		"value", r.Message.Value.Dec(), "block_value", val.Dec())
	return val, nil
}

func (v *Validator) validate(ctx context.Context, r *Request) (*uint256.Int, error) {
	if err := checkShape(r); err != nil {
		return nil, err
	}
	msg, p := r.Message, r.ExecutionPayload
	var parent *types.Header
	if err := v.eth.CallContext(ctx, &parent, "eth_getBlockByHash", common.Hash(p.ParentHash), false); err != nil {
		return nil, fmt.Errorf("%w: eth_getBlockByHash: %w", ErrExecution, err)
	}
	if parent == nil {
		return nil, fmt.Errorf("%w: parent %x is unknown", ErrInvalid, p.ParentHash[:])
	}
	if want := core.CalcGasLimit(parent.GasLimit, uint64(r.RegisteredGasLimit)); p.GasLimit != want {
		return nil, fmt.Errorf("%w: gas limit %d, want %d (parent %d, registered %d)", ErrInvalid, p.GasLimit, want, parent.GasLimit, r.RegisteredGasLimit)
	}
	hashes, err := blobHashes(r.BlobsBundle)
	if err != nil {
		return nil, err
	}
	ed, err := executableData(p)
	if err != nil {
		return nil, err
	}
	reqs, err := requestsList(r.ExecutionRequests)
	if err != nil {
		return nil, err
	}
	var st engine.PayloadStatusV1
	root := r.ParentBeaconBlockRoot
	if err := v.engine.CallContext(ctx, &st, "engine_newPayloadV4", ed, hashes, &root, reqs); err != nil {
		return nil, fmt.Errorf("%w: engine_newPayloadV4: %w", ErrExecution, err)
	}
	if st.Status != engine.VALID {
		reason := ""
		if st.ValidationError != nil {
			reason = ": " + *st.ValidationError
		}
		return nil, fmt.Errorf("%w: engine_newPayloadV4 says %s%s", ErrInvalid, st.Status, reason)
	}
	// What the fee recipient gains: its balance after the block minus before.
	recipient := common.Address(msg.ProposerFeeRecipient)
	before, err := v.balance(ctx, recipient, common.Hash(p.ParentHash))
	if err != nil {
		return nil, err
	}
	after, err := v.balance(ctx, recipient, common.Hash(p.BlockHash))
	if err != nil {
		return nil, err
	}
	gain := new(big.Int).Sub(after, before)
	if gain.Sign() < 0 || gain.Cmp(msg.Value.ToBig()) < 0 {
		return nil, fmt.Errorf("%w: the fee recipient %s gains %s wei, the bid says %s", ErrInvalid, recipient, gain, msg.Value.Dec())
	}
	out, _ := uint256.FromBig(gain)
	return out, nil
}

func (v *Validator) balance(ctx context.Context, a common.Address, block common.Hash) (*big.Int, error) {
	var b hexutil.Big
	if err := v.eth.CallContext(ctx, &b, "eth_getBalance", a, rpc.BlockNumberOrHashWithHash(block, false)); err != nil {
		return nil, fmt.Errorf("%w: eth_getBalance of %s at %s: %w", ErrExecution, a, block, err)
	}
	return b.ToInt(), nil
}

// checkShape checks what the submission says of itself: every part present,
// and the bid trace naming the payload's block, parent and gas.
func checkShape(r *Request) error {
	switch {
	case r == nil:
		return fmt.Errorf("%w: no request", ErrBadRequest)
	case r.Message == nil:
		return fmt.Errorf("%w: message is missing", ErrBadRequest)
	case r.ExecutionPayload == nil:
		return fmt.Errorf("%w: execution_payload is missing", ErrBadRequest)
	case r.BlobsBundle == nil:
		return fmt.Errorf("%w: blobs_bundle is missing", ErrBadRequest)
	case r.ExecutionRequests == nil:
		return fmt.Errorf("%w: execution_requests is missing", ErrBadRequest)
	case r.Message.Value == nil:
		return fmt.Errorf("%w: message.value is missing", ErrBadRequest)
	case r.RegisteredGasLimit == 0:
		return fmt.Errorf("%w: registered_gas_limit is missing", ErrBadRequest)
	}
	m, p := r.Message, r.ExecutionPayload
	switch {
	case m.BlockHash != p.BlockHash:
		return fmt.Errorf("%w: message.block_hash %x is not the payload's %x", ErrBadRequest, m.BlockHash[:], p.BlockHash[:])
	case m.ParentHash != p.ParentHash:
		return fmt.Errorf("%w: message.parent_hash %x is not the payload's %x", ErrBadRequest, m.ParentHash[:], p.ParentHash[:])
	case m.GasLimit != p.GasLimit:
		return fmt.Errorf("%w: message.gas_limit %d is not the payload's %d", ErrBadRequest, m.GasLimit, p.GasLimit)
	case m.GasUsed != p.GasUsed:
		return fmt.Errorf("%w: message.gas_used %d is not the payload's %d", ErrBadRequest, m.GasUsed, p.GasUsed)
	case p.BaseFeePerGas == nil:
		return fmt.Errorf("%w: execution_payload.base_fee_per_gas is missing", ErrBadRequest)
	}
	return nil
}

// blobHashes checks the blobs bundle (one blob per commitment, 128 cell
// proofs per blob, every proof verifying) and returns the versioned hashes
// of its commitments, which the payload's blob transactions must carry in order.
func blobHashes(b *builderfulu.BlobsBundle) ([]common.Hash, error) {
	n := len(b.Commitments)
	if len(b.Blobs) != n || len(b.Proofs) != n*cellsPerBlob {
		return nil, fmt.Errorf("%w: blobs_bundle has %d commitments, %d blobs and %d proofs (want %d per blob)",
			ErrBadRequest, n, len(b.Blobs), len(b.Proofs), cellsPerBlob)
	}
	hashes := make([]common.Hash, n)
	if n == 0 {
		return hashes, nil
	}
	blobs, comms := make([]kzg4844.Blob, n), make([]kzg4844.Commitment, n)
	proofs := make([]kzg4844.Proof, len(b.Proofs))
	for i := range n {
		blobs[i], comms[i] = kzg4844.Blob(b.Blobs[i]), kzg4844.Commitment(b.Commitments[i])
		hashes[i] = kzg4844.CalcBlobHashV1(sha256.New(), &comms[i])
	}
	for i := range b.Proofs {
		proofs[i] = kzg4844.Proof(b.Proofs[i])
	}
	if err := kzg4844.VerifyCellProofs(blobs, comms, proofs); err != nil {
		return nil, fmt.Errorf("%w: blobs_bundle cell proofs: %v", ErrInvalid, err)
	}
	return hashes, nil
}

// executableData is the payload in the Engine API's form.
func executableData(p *deneb.ExecutionPayload) (*engine.ExecutableData, error) {
	txs := make([][]byte, len(p.Transactions))
	for i, tx := range p.Transactions {
		txs[i] = tx
	}
	ws := make([]*types.Withdrawal, len(p.Withdrawals))
	for i, w := range p.Withdrawals {
		if w == nil {
			return nil, fmt.Errorf("%w: execution_payload.withdrawals[%d] is null", ErrBadRequest, i)
		}
		ws[i] = &types.Withdrawal{Index: uint64(w.Index), Validator: uint64(w.ValidatorIndex), Address: common.Address(w.Address), Amount: uint64(w.Amount)}
	}
	blobGas, excess := p.BlobGasUsed, p.ExcessBlobGas
	return &engine.ExecutableData{
		ParentHash: common.Hash(p.ParentHash), FeeRecipient: common.Address(p.FeeRecipient), StateRoot: common.Hash(p.StateRoot),
		ReceiptsRoot: common.Hash(p.ReceiptsRoot), LogsBloom: p.LogsBloom[:], Random: common.Hash(p.PrevRandao),
		Number: p.BlockNumber, GasLimit: p.GasLimit, GasUsed: p.GasUsed, Timestamp: p.Timestamp, ExtraData: p.ExtraData,
		BaseFeePerGas: p.BaseFeePerGas.ToBig(), BlockHash: common.Hash(p.BlockHash), Transactions: txs,
		Withdrawals: ws, BlobGasUsed: &blobGas, ExcessBlobGas: &excess,
	}, nil
}

// requestsList is the Engine API's form of the execution requests: per
// non-empty type, the type byte followed by the SSZ of its elements (EIP-7685).
func requestsList(r *electra.ExecutionRequests) ([]hexutil.Bytes, error) {
	out := []hexutil.Bytes{}
	add := func(typ byte, items []interface{ MarshalSSZ() ([]byte, error) }) error {
		if len(items) == 0 {
			return nil
		}
		b := []byte{typ}
		for i, it := range items {
			enc, err := it.MarshalSSZ()
			if err != nil {
				return fmt.Errorf("%w: execution_requests type %d item %d: %v", ErrBadRequest, typ, i, err)
			}
			b = append(b, enc...)
		}
		out = append(out, b)
		return nil
	}
	var deps, wds, cons []interface{ MarshalSSZ() ([]byte, error) }
	for i, d := range r.Deposits {
		if d == nil {
			return nil, fmt.Errorf("%w: execution_requests.deposits[%d] is null", ErrBadRequest, i)
		}
		deps = append(deps, d)
	}
	for i, w := range r.Withdrawals {
		if w == nil {
			return nil, fmt.Errorf("%w: execution_requests.withdrawals[%d] is null", ErrBadRequest, i)
		}
		wds = append(wds, w)
	}
	for i, c := range r.Consolidations {
		if c == nil {
			return nil, fmt.Errorf("%w: execution_requests.consolidations[%d] is null", ErrBadRequest, i)
		}
		cons = append(cons, c)
	}
	for _, t := range []struct {
		typ   byte
		items []interface{ MarshalSSZ() ([]byte, error) }
	}{{0, deps}, {1, wds}, {2, cons}} {
		if err := add(t.typ, t.items); err != nil {
			return nil, err
		}
	}
	return out, nil
}
