package preconf

import (
	"math/big"

	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// blobOverhead is the most one blob adds to a network-form transaction:
// the blob, its commitment and up to 128 cell proofs.
const blobOverhead = 4096*32 + 48 + 48*kzg4844.CellProofsPerBlob + 64

// MaxRawSize is the largest network-form transaction cfg accepts.
func (c *Config) MaxRawSize() uint64 {
	return c.MaxTxSize + uint64(c.MaxBlobs)*blobOverhead
}

// DecodeTx decodes a transaction in its network form (blob transactions carry
// their blobs, commitments and proofs) and checks what needs no chain state:
// size, type, chain id and, for blob transactions, the KZG proofs.
func DecodeTx(cfg *Config, raw []byte, chainID *big.Int) (*types.Transaction, error) {
	if len(raw) == 0 {
		return nil, fail(ErrTxDecode, "tx", "empty")
	}
	if uint64(len(raw)) > cfg.MaxRawSize() {
		return nil, fail(ErrTxTooLarge, "tx", "%d bytes, limit %d", len(raw), cfg.MaxRawSize())
	}
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return nil, fail(ErrTxDecode, "tx", "%v", err)
	}
	if size := tx.WithoutBlobTxSidecar().Size(); size > cfg.MaxTxSize {
		return nil, fail(ErrTxTooLarge, "tx", "%d bytes without blobs, limit %d", size, cfg.MaxTxSize)
	}
	switch tx.Type() {
	case types.LegacyTxType, types.AccessListTxType, types.DynamicFeeTxType, types.BlobTxType, types.SetCodeTxType:
	default:
		return nil, fail(ErrTxDecode, "tx", "type %d not accepted", tx.Type())
	}
	if !tx.Protected() {
		return nil, fail(ErrChainID, "tx", "legacy transaction without a chain id (pre-EIP-155)")
	}
	if tx.ChainId().Cmp(chainID) != 0 {
		return nil, fail(ErrChainID, "chainId", "transaction is for chain %v, request for %v", tx.ChainId(), chainID)
	}
	if tx.Gas() > cfg.MaxGas {
		return nil, fail(ErrGasBudget, "gas", "gas limit %d exceeds the per-slot cap %d", tx.Gas(), cfg.MaxGas)
	}
	if tx.Type() == types.BlobTxType {
		if err := checkBlobs(cfg, tx); err != nil {
			return nil, err
		}
	}
	return tx, nil
}

// checkBlobs verifies a blob transaction's sidecar against its versioned hashes.
func checkBlobs(cfg *Config, tx *types.Transaction) error {
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
