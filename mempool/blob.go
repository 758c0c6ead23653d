package mempool

import (
	"crypto/sha256"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// Blob layout constants of docs/BATCH.md section 5.
const (
	fieldElements    = 4096
	BlobDataSize     = fieldElements * 31 // data bytes per blob
	MaxBatchBlobs    = 6                  // EIP-7594's per-transaction limit
	MaxBlobsEnvelope = MaxBatchBlobs * BlobDataSize
)

// BlobCount returns how many blobs carry an envelope of n bytes.
func BlobCount(n int) int { return (n + BlobDataSize - 1) / BlobDataSize }

// BlobsFromEnvelope spreads an envelope over the fewest blobs: 31 data bytes per field
// element after a zero byte, zero after the envelope.
func BlobsFromEnvelope(envelope []byte) ([]kzg4844.Blob, error) {
	if len(envelope) == 0 {
		return nil, batchErr(ErrBlobs, "empty envelope")
	}
	if len(envelope) > MaxBlobsEnvelope {
		return nil, batchErr(ErrTooLarge, "envelope %d bytes, blobs hold %d", len(envelope), MaxBlobsEnvelope)
	}
	blobs := make([]kzg4844.Blob, BlobCount(len(envelope)))
	for i := range blobs {
		chunk := envelope[i*BlobDataSize : min(len(envelope), (i+1)*BlobDataSize)]
		for fe := 0; len(chunk) > 0; fe++ {
			n := copy(blobs[i][fe*32+1:fe*32+32], chunk)
			chunk = chunk[n:]
		}
	}
	return blobs, nil
}

// EnvelopeFromBlobs reads the envelope back from a transaction's blobs, in transaction
// order, refusing any stream docs/BATCH.md section 5 does not allow.
func EnvelopeFromBlobs(blobs []kzg4844.Blob) ([]byte, error) {
	if len(blobs) == 0 || len(blobs) > MaxBatchBlobs {
		return nil, batchErr(ErrBlobs, "%d blobs, want 1 to %d", len(blobs), MaxBatchBlobs)
	}
	stream := make([]byte, 0, len(blobs)*BlobDataSize)
	for i := range blobs {
		for fe := 0; fe < fieldElements; fe++ {
			if blobs[i][fe*32] != 0 {
				return nil, batchErr(ErrBlobs, "blob %d field element %d: byte 0 is 0x%02x", i, fe, blobs[i][fe*32])
			}
			stream = append(stream, blobs[i][fe*32+1:fe*32+32]...)
		}
	}
	body, _, err := splitEnvelope(stream)
	if err != nil {
		return nil, err
	}
	n := EnvelopeHeaderSize + len(body)
	for i, b := range stream[n:] {
		if b != 0 {
			return nil, batchErr(ErrBlobs, "nonzero byte at stream offset %d after the envelope", n+i)
		}
	}
	if want := BlobCount(n); want != len(blobs) {
		return nil, batchErr(ErrBlobs, "%d blobs for a %d-byte envelope that needs %d", len(blobs), n, want)
	}
	return stream[:n], nil
}

// BlobSidecar returns the version-1 (EIP-7594) sidecar of the blobs: each blob's KZG
// commitment and its cell proofs.
func BlobSidecar(blobs []kzg4844.Blob) (*types.BlobTxSidecar, error) {
	commitments := make([]kzg4844.Commitment, len(blobs))
	proofs := make([]kzg4844.Proof, 0, len(blobs)*kzg4844.CellProofsPerBlob)
	for i := range blobs {
		c, err := kzg4844.BlobToCommitment(&blobs[i])
		if err != nil {
			return nil, fmt.Errorf("blob %d commitment: %w", i, err)
		}
		commitments[i] = c
		p, err := kzg4844.ComputeCellProofs(&blobs[i])
		if err != nil {
			return nil, fmt.Errorf("blob %d cell proofs: %w", i, err)
		}
		proofs = append(proofs, p...)
	}
	return types.NewBlobTxSidecar(types.BlobSidecarVersion1, blobs, commitments, proofs), nil
}

// VersionedHashes returns the versioned hashes of the commitments (EIP-4844).
func VersionedHashes(commitments []kzg4844.Commitment) []common.Hash {
	h := sha256.New()
	out := make([]common.Hash, len(commitments))
	for i := range commitments {
		out[i] = kzg4844.CalcBlobHashV1(h, &commitments[i])
	}
	return out
}

// BlobDataHash returns the inbox's dataHash of a blob batch: keccak256 of the packed
// versioned hashes.
func BlobDataHash(versioned []common.Hash) common.Hash {
	buf := make([]byte, 0, 32*len(versioned))
	for _, v := range versioned {
		buf = append(buf, v[:]...)
	}
	return crypto.Keccak256Hash(buf)
}

// CalldataDataHash returns the inbox's dataHash of a calldata batch.
func CalldataDataHash(envelope []byte) common.Hash { return crypto.Keccak256Hash(envelope) }

// Carrier says how a batch's data goes to L1.
type Carrier int

// The two carriers of docs/BATCH.md section 7.
const (
	Calldata Carrier = iota
	Blobs
)

func (c Carrier) String() string {
	if c == Blobs {
		return "blobs"
	}
	return "calldata"
}

// L1Fees are the L1 prices a carrier is chosen at (wei).
type L1Fees struct {
	BaseFee     *big.Int
	Tip         *big.Int
	BlobBaseFee *big.Int
}

// Gas model of proposeBatch (the sequencer's estimate; only its choice depends on it).
const (
	txGas           = 21000
	txGasCap        = 1 << 24 // EIP-7825
	proposeBaseGas  = 50000   // batch hash store, BatchProposed, dispatch, ABI decoding
	proposeBlockGas = 15000   // per header: rollup lookup, counter update, RollupBlock
	abiCallOverhead = 4 + 4*32
	abiHeaderSize   = 128
)

// CalldataGas returns the gas of a proposeBatch call with n headers carrying data in
// calldata (EIP-7623 floor included); data is nil for a blob batch.
func CalldataGas(headers int, data []byte) uint64 {
	zeros, nonzeros := uint64(abiCallOverhead+headers*abiHeaderSize), uint64(0) // ABI words are mostly zero
	for _, b := range data {
		if b == 0 {
			zeros++
		} else {
			nonzeros++
		}
	}
	tokens := zeros + 4*nonzeros
	exec := uint64(proposeBaseGas+proposeBlockGas*headers) + 6*uint64(len(data)+31)/32 + 3*uint64(len(data)+31)/32
	return txGas + max(4*tokens+exec, 10*tokens)
}

// Cost returns the L1 cost in wei of sending the envelope by the carrier.
func Cost(c Carrier, headers int, envelope []byte, fees L1Fees) *big.Int {
	price := new(big.Int).Add(fees.BaseFee, fees.Tip)
	if c == Calldata {
		return price.Mul(price, new(big.Int).SetUint64(CalldataGas(headers, envelope)))
	}
	cost := price.Mul(price, new(big.Int).SetUint64(CalldataGas(headers, nil)))
	blob := new(big.Int).Mul(fees.BlobBaseFee, big.NewInt(int64(BlobCount(len(envelope))*131072)))
	return cost.Add(cost, blob)
}

// ChooseCarrier returns the cheaper carrier for the envelope at the fees (calldata on a
// tie), and whether it fits either.
func ChooseCarrier(headers int, envelope []byte, fees L1Fees) (Carrier, bool) {
	fitsCalldata := CalldataGas(headers, envelope) <= txGasCap
	fitsBlobs := len(envelope) <= MaxBlobsEnvelope
	switch {
	case fitsCalldata && fitsBlobs:
		if Cost(Blobs, headers, envelope, fees).Cmp(Cost(Calldata, headers, envelope, fees)) < 0 {
			return Blobs, true
		}
		return Calldata, true
	case fitsBlobs:
		return Blobs, true
	case fitsCalldata:
		return Calldata, true
	}
	return Calldata, false
}
