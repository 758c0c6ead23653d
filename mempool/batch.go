package mempool

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/klauspost/compress/zstd"

	"github.com/basedsidecar/based/contracts/txroot"
)

// Batch format constants of docs/BATCH.md, version 1.
const (
	BatchVersion = 0x01 // byte 0 of every version-1 envelope

	CodecNone = 0x00 // body is the payload
	CodecZstd = 0x01 // body is one zstd frame of the payload

	EnvelopeHeaderSize = 6       // version, codec, uint32 body length
	MaxPayloadSize     = 8 << 20 // decompressed payload limit
	MaxBlocksPerBatch  = 256
	MaxTxsPerBlock     = 1 << 20
)

// Errors of batch decoding; every decoding error wraps ErrBatch and one of the others.
var (
	ErrBatch    = errors.New("invalid batch")
	ErrVersion  = errors.New("unknown batch version")
	ErrCodec    = errors.New("unknown codec")
	ErrEnvelope = errors.New("malformed envelope")
	ErrTooLarge = errors.New("batch too large")
	ErrPayload  = errors.New("malformed payload")
	ErrHeaders  = errors.New("batch does not match its headers")
	ErrBlobs    = errors.New("malformed blob data")
)

func batchErr(kind error, format string, args ...any) error {
	return fmt.Errorf("%w: %w: %s", ErrBatch, kind, fmt.Sprintf(format, args...))
}

// Block is one rollup's block inside a shared batch: its chain id, the receiver of its
// priority fees and its transactions in their EIP-2718 binary encoding, in execution order.
type Block struct {
	ChainID      *big.Int
	FeeRecipient common.Address
	Txs          [][]byte
}

// Header is RollupInbox.BlockHeader: what the inbox records of one block.
type Header struct {
	ChainID    *big.Int
	TxRoot     common.Hash
	TxCount    uint32
	ParentHash common.Hash
}

// TxHashes returns the hashes of the block's transactions (keccak256 of each encoding).
func (b *Block) TxHashes() []common.Hash {
	hs := make([]common.Hash, len(b.Txs))
	for i, t := range b.Txs {
		hs[i] = crypto.Keccak256Hash(t)
	}
	return hs
}

// Header returns the inbox header of the block built on parent.
func (b *Block) Header(parent common.Hash) Header {
	return Header{ChainID: b.ChainID, TxRoot: txroot.Root(b.TxHashes()), TxCount: uint32(len(b.Txs)), ParentHash: parent}
}

// HeadersHash returns keccak256(abi.encode(headers)), the inbox's batchHash.
func HeadersHash(headers []Header) common.Hash {
	return crypto.Keccak256Hash(EncodeHeaders(headers))
}

// EncodeHeaders returns abi.encode(headers) of a RollupInbox.BlockHeader[].
func EncodeHeaders(headers []Header) []byte {
	out := make([]byte, 64+128*len(headers))
	out[31] = 0x20
	binary.BigEndian.PutUint64(out[56:64], uint64(len(headers)))
	for i, h := range headers {
		w := out[64+128*i:]
		if h.ChainID != nil {
			h.ChainID.FillBytes(w[0:32])
		}
		copy(w[32:64], h.TxRoot[:])
		binary.BigEndian.PutUint32(w[92:96], h.TxCount)
		copy(w[96:128], h.ParentHash[:])
	}
	return out
}

// rlpBlock is a block as the payload holds it.
type rlpBlock struct {
	ChainID      *big.Int
	FeeRecipient common.Address
	Txs          [][]byte
}

// EncodePayload returns the RLP payload of the blocks (before compression).
func EncodePayload(blocks []Block) ([]byte, error) {
	if err := checkBlocks(blocks); err != nil {
		return nil, err
	}
	rb := make([]rlpBlock, len(blocks))
	for i, b := range blocks {
		rb[i] = rlpBlock(b)
	}
	return rlp.EncodeToBytes(rb)
}

// EncodeBatch returns the envelope of the blocks: zstd-compressed unless that is not
// shorter.
func EncodeBatch(blocks []Block) ([]byte, error) {
	enc, err := newCompressor()
	if err != nil {
		return nil, err
	}
	return encodeBatch(enc, blocks)
}

// newCompressor returns the zstd encoder of batches; one may be reused for many.
func newCompressor() (*zstd.Encoder, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedDefault))
	if err != nil {
		return nil, fmt.Errorf("zstd: %w", err)
	}
	return enc, nil
}

func encodeBatch(enc *zstd.Encoder, blocks []Block) ([]byte, error) {
	payload, err := EncodePayload(blocks)
	if err != nil {
		return nil, err
	}
	out := make([]byte, EnvelopeHeaderSize, EnvelopeHeaderSize+len(payload)/2+64)
	out = enc.EncodeAll(payload, out)
	if len(out)-EnvelopeHeaderSize >= len(payload) {
		return Envelope(CodecNone, payload), nil
	}
	out[0], out[1] = BatchVersion, CodecZstd
	binary.BigEndian.PutUint32(out[2:6], uint32(len(out)-EnvelopeHeaderSize))
	return out, nil
}

// Envelope wraps a body (already compressed with codec) into a version-1 envelope.
func Envelope(codec byte, body []byte) []byte {
	out := make([]byte, EnvelopeHeaderSize+len(body))
	out[0], out[1] = BatchVersion, codec
	binary.BigEndian.PutUint32(out[2:6], uint32(len(body)))
	copy(out[EnvelopeHeaderSize:], body)
	return out
}

func checkBlocks(blocks []Block) error {
	if len(blocks) == 0 {
		return batchErr(ErrPayload, "no blocks")
	}
	if len(blocks) > MaxBlocksPerBatch {
		return batchErr(ErrTooLarge, "%d blocks, at most %d", len(blocks), MaxBlocksPerBatch)
	}
	seen := make(map[string]bool, len(blocks))
	for i, b := range blocks {
		if b.ChainID == nil || b.ChainID.Sign() <= 0 {
			return batchErr(ErrPayload, "block %d: chain id %v", i, b.ChainID)
		}
		if len(b.Txs) > MaxTxsPerBlock {
			return batchErr(ErrTooLarge, "block %d: %d txs, at most %d", i, len(b.Txs), MaxTxsPerBlock)
		}
		k := string(b.ChainID.Bytes())
		if seen[k] {
			return batchErr(ErrPayload, "block %d: chain id %v repeats", i, b.ChainID)
		}
		seen[k] = true
	}
	return nil
}

// DecodeBatch decodes an envelope (calldata, or the data of EnvelopeFromBlobs) into its
// blocks, enforcing every rule of docs/BATCH.md sections 2 and 3.
func DecodeBatch(envelope []byte) ([]Block, error) {
	body, codec, err := splitEnvelope(envelope)
	if err != nil {
		return nil, err
	}
	if len(envelope) != EnvelopeHeaderSize+len(body) {
		return nil, batchErr(ErrEnvelope, "%d bytes after the body", len(envelope)-EnvelopeHeaderSize-len(body))
	}
	payload := body
	if codec == CodecZstd {
		if payload, err = decompress(body); err != nil {
			return nil, err
		}
	}
	return DecodePayload(payload)
}

// splitEnvelope checks the envelope's first bytes and returns its body (which may be
// followed by more bytes in envelope).
func splitEnvelope(envelope []byte) (body []byte, codec byte, err error) {
	if len(envelope) < EnvelopeHeaderSize {
		return nil, 0, batchErr(ErrEnvelope, "%d bytes, the envelope header has %d", len(envelope), EnvelopeHeaderSize)
	}
	if envelope[0] != BatchVersion {
		return nil, 0, batchErr(ErrVersion, "version 0x%02x", envelope[0])
	}
	codec = envelope[1]
	if codec != CodecNone && codec != CodecZstd {
		return nil, 0, batchErr(ErrCodec, "codec 0x%02x", codec)
	}
	n := binary.BigEndian.Uint32(envelope[2:6])
	if uint64(n) > uint64(len(envelope)-EnvelopeHeaderSize) {
		return nil, 0, batchErr(ErrEnvelope, "body length %d, only %d bytes follow", n, len(envelope)-EnvelopeHeaderSize)
	}
	return envelope[EnvelopeHeaderSize : EnvelopeHeaderSize+int(n)], codec, nil
}

func decompress(body []byte) ([]byte, error) {
	dec, err := zstd.NewReader(bytes.NewReader(body), zstd.WithDecoderConcurrency(1),
		zstd.WithDecoderMaxMemory(MaxPayloadSize), zstd.WithDecoderMaxWindow(MaxPayloadSize))
	if err != nil {
		return nil, batchErr(ErrEnvelope, "zstd: %v", err)
	}
	defer dec.Close()
	out, err := io.ReadAll(io.LimitReader(dec, MaxPayloadSize+1))
	if err != nil {
		if errors.Is(err, zstd.ErrDecoderSizeExceeded) || errors.Is(err, zstd.ErrWindowSizeExceeded) {
			return nil, batchErr(ErrTooLarge, "zstd: %v", err)
		}
		return nil, batchErr(ErrEnvelope, "zstd: %v", err)
	}
	if len(out) > MaxPayloadSize {
		return nil, batchErr(ErrTooLarge, "payload over %d bytes", MaxPayloadSize)
	}
	return out, nil
}

// DecodePayload decodes an RLP payload into its blocks.
func DecodePayload(payload []byte) ([]Block, error) {
	if len(payload) > MaxPayloadSize {
		return nil, batchErr(ErrTooLarge, "payload %d bytes, at most %d", len(payload), MaxPayloadSize)
	}
	var rb []rlpBlock
	if err := rlp.DecodeBytes(payload, &rb); err != nil {
		return nil, batchErr(ErrPayload, "rlp: %v", err)
	}
	blocks := make([]Block, len(rb))
	for i, b := range rb {
		blocks[i] = Block(b)
	}
	if err := checkBlocks(blocks); err != nil {
		return nil, err
	}
	return blocks, nil
}

// CheckHeaders reports whether the decoded blocks match the inbox headers
// (docs/BATCH.md section 4): same count, and per block the chain id, tx count and tx root.
func CheckHeaders(headers []Header, blocks []Block) error {
	if len(headers) != len(blocks) {
		return batchErr(ErrHeaders, "%d headers, %d blocks", len(headers), len(blocks))
	}
	for i, h := range headers {
		b := blocks[i]
		if h.ChainID == nil || h.ChainID.Cmp(b.ChainID) != 0 {
			return batchErr(ErrHeaders, "block %d: chain id %v, header says %v", i, b.ChainID, h.ChainID)
		}
		if uint64(len(b.Txs)) != uint64(h.TxCount) {
			return batchErr(ErrHeaders, "block %d: %d txs, header says %d", i, len(b.Txs), h.TxCount)
		}
		if root := txroot.Root(b.TxHashes()); root != h.TxRoot {
			return batchErr(ErrHeaders, "block %d: tx root %v, header says %v", i, root, h.TxRoot)
		}
	}
	return nil
}
