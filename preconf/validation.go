package preconf

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// This file holds the rules a transaction must pass before it is promised,
// one function per rule, each failing with its own RuleError. They follow
// go-ethereum's core/txpool/validation.go (the consensus rules a block
// enforces), so that no promise is made on a transaction no block of the
// slot could include. The engine runs them and then only orders, reserves
// and persists.

// Fork is the L1 fork whose transaction rules the promised slots follow.
type Fork int

// The forks whose rules the engine knows.
const (
	ForkPrague Fork = iota // EIP-7702 set-code transactions, EIP-7623 calldata floor
	ForkOsaka              // and EIP-7825's per-transaction gas cap
)

// String returns the fork's name.
func (f Fork) String() string {
	switch f {
	case ForkPrague:
		return "prague"
	case ForkOsaka:
		return "osaka"
	}
	return fmt.Sprintf("fork(%d)", int(f))
}

// ParseFork returns the fork named s ("prague" or "osaka").
func ParseFork(s string) (Fork, error) {
	switch s {
	case "prague":
		return ForkPrague, nil
	case "osaka":
		return ForkOsaka, nil
	}
	return 0, fmt.Errorf("%w: fork %q: want prague or osaka", ErrConfig, s)
}

// rules returns go-ethereum's protocol rules of f.
func (f Fork) rules() params.Rules {
	return params.Rules{
		IsHomestead: true, IsEIP150: true, IsEIP155: true, IsEIP158: true, IsEIP2929: true,
		IsByzantium: true, IsConstantinople: true, IsPetersburg: true, IsIstanbul: true,
		IsBerlin: true, IsLondon: true, IsMerge: true, IsShanghai: true, IsCancun: true,
		IsPrague: true, IsOsaka: f >= ForkOsaka,
	}
}

// blobOverhead is the most one blob adds to a network-form transaction:
// the blob, its commitment and up to 128 cell proofs.
const blobOverhead = 4096*32 + 48 + 48*kzg4844.CellProofsPerBlob + 64

// MaxRawSize is the largest network-form transaction cfg accepts.
func (c *Config) MaxRawSize() uint64 {
	return c.MaxTxSize + uint64(c.MaxBlobs)*blobOverhead
}

// DecodeTx decodes a transaction in its network form (blob transactions carry
// their blobs, commitments and proofs) and applies every rule that needs
// neither chain state nor the sender: size, type, chain id, gas caps, fee
// caps, init code and, for blob transactions, the KZG proofs.
func DecodeTx(cfg *Config, raw []byte, chainID *big.Int) (*types.Transaction, error) {
	if err := validateRawSize(cfg, raw); err != nil {
		return nil, err
	}
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return nil, fail(ErrTxDecode, "tx", "%v", err)
	}
	for _, rule := range []func(*Config, *types.Transaction) error{
		validateType, validateSize, validateGasCap, validateFeeCaps, validateInitCode, validateAuthorizations,
	} {
		if err := rule(cfg, tx); err != nil {
			return nil, err
		}
	}
	if err := validateChainID(tx, chainID); err != nil {
		return nil, err
	}
	if tx.Type() == types.BlobTxType {
		if err := validateBlobs(cfg, tx); err != nil {
			return nil, err
		}
	}
	return tx, nil
}

// validateRawSize bounds the encoding before anything decodes it.
func validateRawSize(cfg *Config, raw []byte) error {
	if len(raw) == 0 {
		return fail(ErrTxDecode, "tx", "empty")
	}
	if uint64(len(raw)) > cfg.MaxRawSize() {
		return fail(ErrTxTooLarge, "tx", "%d bytes, limit %d", len(raw), cfg.MaxRawSize())
	}
	return nil
}

// validateType accepts the transaction types the fork enables.
func validateType(_ *Config, tx *types.Transaction) error {
	switch tx.Type() {
	case types.LegacyTxType, types.AccessListTxType, types.DynamicFeeTxType, types.BlobTxType, types.SetCodeTxType:
		return nil
	}
	return fail(ErrTxDecode, "tx", "type %d not accepted", tx.Type())
}

// validateSize bounds the transaction without its blobs.
func validateSize(cfg *Config, tx *types.Transaction) error {
	if size := tx.WithoutBlobTxSidecar().Size(); size > cfg.MaxTxSize {
		return fail(ErrTxTooLarge, "tx", "%d bytes without blobs, limit %d", size, cfg.MaxTxSize)
	}
	return nil
}

// validateChainID requires EIP-155 replay protection for chainID.
func validateChainID(tx *types.Transaction, chainID *big.Int) error {
	if !tx.Protected() {
		return fail(ErrChainID, "tx", "legacy transaction without a chain id (pre-EIP-155)")
	}
	if tx.ChainId().Cmp(chainID) != 0 {
		return fail(ErrChainID, "chainId", "transaction is for chain %v, request for %v", tx.ChainId(), chainID)
	}
	return nil
}

// validateGasCap bounds the gas limit by the protocol's per-transaction cap
// (EIP-7825 from Osaka) and by the per-slot cap.
func validateGasCap(cfg *Config, tx *types.Transaction) error {
	if cfg.Fork >= ForkOsaka && tx.Gas() > params.MaxTxGas {
		return fail(ErrGasBudget, "gas", "gas limit %d exceeds the protocol's per-transaction cap %d", tx.Gas(), params.MaxTxGas)
	}
	if tx.Gas() > cfg.MaxGas {
		return fail(ErrGasBudget, "gas", "gas limit %d exceeds the per-slot cap %d", tx.Gas(), cfg.MaxGas)
	}
	return nil
}

// validateBlockGas bounds the gas limit by the head block's gas limit (0: unknown).
func validateBlockGas(tx *types.Transaction, head *Head) error {
	if head.GasLimit > 0 && tx.Gas() > head.GasLimit {
		return fail(ErrGasBudget, "gas", "gas limit %d exceeds the block gas limit %d", tx.Gas(), head.GasLimit)
	}
	return nil
}

// validateFeeCaps requires fee caps of at most 256 bits and a tip no higher
// than the max fee (a block refuses a transaction with tip > fee cap).
func validateFeeCaps(_ *Config, tx *types.Transaction) error {
	tip := tx.GasTipCap()
	if typ := tx.Type(); typ == types.LegacyTxType || typ == types.AccessListTxType { // the others hold 256-bit fields
		if tx.GasFeeCapIntCmp(maxUint256) > 0 {
			return fail(ErrMaxFee, "maxFeePerGas", "more than 256 bits")
		}
	}
	if tx.GasFeeCapIntCmp(tip) < 0 {
		return fail(ErrTipAboveFeeCap, "maxPriorityFeePerGas", "tip %v above the max fee %v", tip, tx.GasFeeCap())
	}
	return nil
}

// maxUint256 is 2^256 − 1.
var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// validateInitCode bounds a contract creation's init code (EIP-3860).
func validateInitCode(_ *Config, tx *types.Transaction) error {
	if tx.To() == nil && len(tx.Data()) > params.MaxInitCodeSize {
		return fail(ErrInitCode, "data", "%d bytes of init code, limit %d", len(tx.Data()), params.MaxInitCodeSize)
	}
	return nil
}

// validateAuthorizations requires a set-code transaction to carry at least
// one authorization (EIP-7702).
func validateAuthorizations(_ *Config, tx *types.Transaction) error {
	if tx.Type() == types.SetCodeTxType && len(tx.SetCodeAuthorizations()) == 0 {
		return fail(ErrTxDecode, "authorizationList", "set-code transaction without authorizations")
	}
	return nil
}

// validateIntrinsicGas requires the gas limit to cover the intrinsic gas
// (base, calldata, access list, authorizations, init code words) and the
// EIP-7623 calldata floor.
func validateIntrinsicGas(cfg *Config, tx *types.Transaction, from common.Address) error {
	rules := cfg.Fork.rules()
	to := tx.To()
	var value *uint256.Int // read by the rules only from Amsterdam on
	if rules.IsAmsterdam {
		v, overflow := uint256.FromBig(tx.Value())
		if overflow {
			return fail(ErrBalance, "value", "more than 256 bits")
		}
		value = v
	}
	gas, err := core.IntrinsicGas(tx.Data(), tx.AccessList(), tx.SetCodeAuthorizations(), from, to, value, rules)
	if err != nil {
		return fail(ErrIntrinsicGas, "gas", "%v", err)
	}
	if tx.Gas() < gas {
		return fail(ErrIntrinsicGas, "gas", "gas limit %d, intrinsic gas %d", tx.Gas(), gas)
	}
	floor, err := core.FloorDataGas(rules, from, to, value, tx.Data(), tx.AccessList())
	if err != nil {
		return fail(ErrIntrinsicGas, "gas", "%v", err)
	}
	if tx.Gas() < floor {
		return fail(ErrIntrinsicGas, "gas", "gas limit %d, calldata floor %d (EIP-7623)", tx.Gas(), floor)
	}
	return nil
}

// validateFees requires the max fee to cover the base fee projected to the
// slot and, for blob transactions, the max blob fee the projected blob base
// fee; it returns the effective tip at the projected base fee, the least the
// block producer earns per gas: min(tip, max fee − projected base fee).
func validateFees(tx *types.Transaction, head *Head, slot uint64) (*big.Int, error) {
	dist := uint64(1)
	if slot > head.Slot {
		dist = slot - head.Slot
	}
	base := ProjectFee(head.BaseFee, dist)
	if head.exactBaseFee {
		base = new(big.Int).Set(head.BaseFee)
	}
	if tx.GasFeeCapIntCmp(base) < 0 {
		return nil, fail(ErrMaxFee, "maxFeePerGas", "%v below the base fee projected to slot %d: %v", tx.GasFeeCap(), slot, base)
	}
	if tx.Type() == types.BlobTxType {
		if want := ProjectFee(head.BlobBaseFee, dist); tx.BlobGasFeeCapIntCmp(want) < 0 {
			return nil, fail(ErrBlobFee, "maxFeePerBlobGas", "%v below the blob base fee projected to slot %d: %v", tx.BlobGasFeeCap(), slot, want)
		}
	}
	tip := base.Sub(tx.GasFeeCap(), base)
	if tx.GasTipCapIntCmp(tip) < 0 {
		tip.Set(tx.GasTipCap())
	}
	return tip, nil
}

// validateBlobs verifies a blob transaction's sidecar against its versioned hashes.
func validateBlobs(cfg *Config, tx *types.Transaction) error {
	hashes := tx.BlobHashes()
	sc := tx.BlobTxSidecar()
	switch {
	case sc == nil:
		return fail(ErrBlobs, "tx", "blob transaction without blobs (network form required)")
	case len(hashes) == 0:
		return fail(ErrBlobs, "tx", "blob transaction without blob hashes")
	case len(hashes) > cfg.MaxBlobs:
		return fail(ErrBlobs, "tx", "%d blobs, limit %d per block", len(hashes), cfg.MaxBlobs)
	}
	if err := sc.ValidateBlobCommitmentHashes(hashes); err != nil {
		return fail(ErrBlobs, "tx", "%v", err)
	}
	if len(sc.Blobs) != len(hashes) {
		return fail(ErrBlobs, "tx", "%d blobs for %d hashes", len(sc.Blobs), len(hashes))
	}
	switch sc.Version {
	case types.BlobSidecarVersion0:
		if len(sc.Proofs) != len(sc.Blobs) {
			return fail(ErrBlobs, "tx", "%d proofs for %d blobs", len(sc.Proofs), len(sc.Blobs))
		}
		for i := range sc.Blobs {
			if err := kzg4844.VerifyBlobProof(&sc.Blobs[i], sc.Commitments[i], sc.Proofs[i]); err != nil {
				return fail(ErrBlobs, "tx", "blob %d: KZG proof: %v", i, err)
			}
		}
	case types.BlobSidecarVersion1:
		if len(sc.Proofs) != len(sc.Blobs)*kzg4844.CellProofsPerBlob {
			return fail(ErrBlobs, "tx", "%d cell proofs for %d blobs", len(sc.Proofs), len(sc.Blobs))
		}
		if err := kzg4844.VerifyCellProofs(sc.Blobs, sc.Commitments, sc.Proofs); err != nil {
			return fail(ErrBlobs, "tx", "KZG cell proofs: %v", err)
		}
	default:
		return fail(ErrBlobs, "tx", "sidecar version %d", sc.Version)
	}
	return nil
}
