package mempool

import (
	"bytes"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/klauspost/compress/zstd"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/txroot"
)

func TestBatchRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name      string
		rollups   int
		txs       int
		wantCodec byte
	}{
		{"one empty block", 1, 0, CodecNone},
		{"one tx", 1, 1, CodecZstd},
		{"two rollups", 2, 20, CodecZstd},
		{"ten rollups", 10, 100, CodecZstd},
	} {
		t.Run(tc.name, func(t *testing.T) {
			blocks := testBlocks(t, tc.rollups, tc.txs)
			env, err := EncodeBatch(blocks)
			if err != nil {
				t.Fatal(err)
			}
			if env[0] != BatchVersion || env[1] != tc.wantCodec {
				t.Fatalf("envelope starts %x, want version 1 codec %d", env[:2], tc.wantCodec)
			}
			got, err := DecodeBatch(env)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normalize(got), normalize(blocks)) {
				t.Fatal("decoded blocks differ from the encoded ones")
			}
			headers := make([]Header, len(blocks))
			for i := range blocks {
				headers[i] = blocks[i].Header(common.Hash{byte(i)})
			}
			if err := CheckHeaders(headers, got); err != nil {
				t.Fatal(err)
			}
			blobs, err := BlobsFromEnvelope(env)
			if err != nil {
				t.Fatal(err)
			}
			back, err := EnvelopeFromBlobs(blobs)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(back, env) {
				t.Fatal("envelope from blobs differs")
			}
		})
	}
}

// normalize makes empty tx lists comparable after decoding.
func normalize(bs []Block) []Block {
	out := append([]Block(nil), bs...)
	for i := range out {
		if len(out[i].Txs) == 0 {
			out[i].Txs = nil
		}
	}
	return out
}

func TestCheckHeadersRefusesMismatch(t *testing.T) {
	blocks := testBlocks(t, 2, 5)
	good := []Header{blocks[0].Header(common.Hash{}), blocks[1].Header(common.Hash{})}
	for _, tc := range []struct {
		name  string
		edit  func(h []Header) []Header
		field string
	}{
		{"fewer headers", func(h []Header) []Header { return h[:1] }, "headers"},
		{"chain id", func(h []Header) []Header { h[1].ChainID = big.NewInt(7); return h }, "chain id"},
		{"tx count", func(h []Header) []Header { h[0].TxCount++; return h }, "txs"},
		{"tx root", func(h []Header) []Header { h[1].TxRoot[0] ^= 1; return h }, "tx root"},
		{"order", func(h []Header) []Header { h[0], h[1] = h[1], h[0]; return h }, "chain id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.edit(append([]Header(nil), good...))
			err := CheckHeaders(h, blocks)
			if !errors.Is(err, ErrHeaders) || !errors.Is(err, ErrBatch) || !strings.Contains(err.Error(), tc.field) {
				t.Fatalf("got %v, want ErrHeaders naming %q", err, tc.field)
			}
		})
	}
}

func TestDecodeBatchRefuses(t *testing.T) {
	blocks := testBlocks(t, 2, 3)
	payload, err := EncodePayload(blocks)
	if err != nil {
		t.Fatal(err)
	}
	zenc, _ := zstd.NewWriter(nil)
	bomb := zenc.EncodeAll(make([]byte, MaxPayloadSize+1), nil)
	dup := []Block{blocks[0], blocks[0]}
	dupPayload, _ := rlp.EncodeToBytes([]rlpBlock{rlpBlock(dup[0]), rlpBlock(dup[1])})
	type extra struct {
		ChainID      *big.Int
		FeeRecipient common.Address
		Txs          [][]byte
		More         uint64
	}
	extraPayload, _ := rlp.EncodeToBytes([]extra{{big.NewInt(1), common.Address{}, nil, 1}})
	zeroChain, _ := rlp.EncodeToBytes([]rlpBlock{{big.NewInt(0), common.Address{}, nil}})
	shortAddr, _ := rlp.EncodeToBytes([]any{[]any{big.NewInt(1), []byte{1, 2}, [][]byte{}}})
	for _, tc := range []struct {
		name string
		env  []byte
		want error
	}{
		{"empty", nil, ErrEnvelope},
		{"short header", []byte{1, 0, 0}, ErrEnvelope},
		{"version 2", append([]byte{2}, Envelope(CodecNone, payload)[1:]...), ErrVersion},
		{"codec 7", append([]byte{1, 7}, Envelope(CodecNone, payload)[2:]...), ErrCodec},
		{"truncated body", Envelope(CodecNone, payload)[:20], ErrEnvelope},
		{"trailing byte", append(Envelope(CodecNone, payload), 0), ErrEnvelope},
		{"zstd garbage", Envelope(CodecZstd, []byte("not a zstd frame at all")), ErrEnvelope},
		{"zstd truncated", func() []byte {
			e, _ := EncodeBatch(testBlocks(t, 2, 20))
			b := e[6 : len(e)-5]
			return Envelope(CodecZstd, b)
		}(), ErrEnvelope},
		{"decompression bomb", Envelope(CodecZstd, bomb), ErrTooLarge},
		{"not rlp", Envelope(CodecNone, []byte{0xff, 0x01}), ErrPayload},
		{"no blocks", Envelope(CodecNone, []byte{0xc0}), ErrPayload},
		{"repeated chain id", Envelope(CodecNone, dupPayload), ErrPayload},
		{"extra block field", Envelope(CodecNone, extraPayload), ErrPayload},
		{"chain id zero", Envelope(CodecNone, zeroChain), ErrPayload},
		{"short fee recipient", Envelope(CodecNone, shortAddr), ErrPayload},
		{"bytes after payload", Envelope(CodecNone, append(append([]byte(nil), payload...), 0x80)), ErrPayload},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeBatch(tc.env)
			if !errors.Is(err, tc.want) || !errors.Is(err, ErrBatch) || got != nil {
				t.Fatalf("got %v, %v; want %v", len(got), err, tc.want)
			}
		})
	}
}

func TestEnvelopeFromBlobsRefuses(t *testing.T) {
	env, err := EncodeBatch(testBlocks(t, 3, 30))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := BlobsFromEnvelope(env)
	if err != nil {
		t.Fatal(err)
	}
	if len(blobs) != 1 {
		t.Fatalf("%d blobs for %d bytes", len(blobs), len(env))
	}
	for _, tc := range []struct {
		name string
		edit func(b []byte) // the one blob
		more bool           // append an empty blob
	}{
		{"nonzero high byte", func(b []byte) { b[32*7] = 1 }, false},
		{"byte after envelope", func(b []byte) { b[len(b)-1] = 1 }, false},
		{"extra blob", func([]byte) {}, true},
		{"bad version", func(b []byte) { b[1] = 9 }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bs := append(blobs[:0:0], blobs...)
			tc.edit(bs[0][:])
			if tc.more {
				bs = append(bs, bs[0])
				bs[1] = [131072]byte{}
			}
			if _, err := EnvelopeFromBlobs(bs); !errors.Is(err, ErrBatch) {
				t.Fatalf("got %v, want a batch error", err)
			}
		})
	}
	if _, err := EnvelopeFromBlobs(nil); !errors.Is(err, ErrBlobs) {
		t.Fatalf("no blobs: %v", err)
	}
	if _, err := BlobsFromEnvelope(make([]byte, MaxBlobsEnvelope+1)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("oversized envelope: %v", err)
	}
}

func TestBlobsSpanSeveral(t *testing.T) {
	env := Envelope(CodecNone, bytes.Repeat([]byte{0x5a}, 2*BlobDataSize))
	blobs, err := BlobsFromEnvelope(env)
	if err != nil {
		t.Fatal(err)
	}
	if len(blobs) != 3 {
		t.Fatalf("%d blobs, want 3", len(blobs))
	}
	back, err := EnvelopeFromBlobs(blobs)
	if err != nil || !bytes.Equal(back, env) {
		t.Fatalf("round trip: %v", err)
	}
}

func TestBlobSidecarCellProofs(t *testing.T) {
	env, err := EncodeBatch(testBlocks(t, 2, 10))
	if err != nil {
		t.Fatal(err)
	}
	blobs, _ := BlobsFromEnvelope(env)
	sc, err := BlobSidecar(blobs)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Proofs) != 128*len(blobs) || sc.Version != 1 {
		t.Fatalf("version %d with %d proofs", sc.Version, len(sc.Proofs))
	}
	if err := kzgVerify(sc); err != nil {
		t.Fatal(err)
	}
	vh := VersionedHashes(sc.Commitments)
	if !reflect.DeepEqual(vh, sc.BlobHashes()) {
		t.Fatal("versioned hashes differ from go-ethereum's")
	}
	want := crypto.Keccak256Hash(vh[0][:])
	if BlobDataHash(vh) != want {
		t.Fatal("blob data hash")
	}
}

// TestHeadersHashIsABIEncode checks EncodeHeaders against go-ethereum's ABI encoder on the
// inbox's own ABI.
func TestHeadersHashIsABIEncode(t *testing.T) {
	parsed, err := bindings.RollupInboxMetaData.GetAbi()
	if err != nil {
		t.Fatal(err)
	}
	args := abi.Arguments{parsed.Methods["proposeBatch"].Inputs[0]}
	blocks := testBlocks(t, 3, 4)
	var hs []Header
	var bh []bindings.RollupInboxBlockHeader
	for i, b := range blocks {
		h := b.Header(common.Hash{0xee, byte(i)})
		hs = append(hs, h)
		bh = append(bh, bindings.RollupInboxBlockHeader{ChainId: h.ChainID, TxRoot: h.TxRoot, TxCount: h.TxCount, ParentHash: h.ParentHash})
	}
	want, err := args.Pack(bh)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(EncodeHeaders(hs), want) {
		t.Fatalf("EncodeHeaders differs from abi.encode")
	}
	if HeadersHash(hs) != crypto.Keccak256Hash(want) {
		t.Fatal("HeadersHash")
	}
	proof, _ := txroot.Proof(blocks[1].TxHashes(), 2)
	if !txroot.Verify(proof, hs[1].TxRoot, blocks[1].TxHashes()[2]) {
		t.Fatal("tx not under its block's root")
	}
}

func TestChooseCarrier(t *testing.T) {
	small := Envelope(CodecNone, bytes.Repeat([]byte{1}, 100))
	mid := Envelope(CodecNone, bytes.Repeat([]byte{1}, 20000))
	huge := Envelope(CodecNone, bytes.Repeat([]byte{1}, 500000))
	tooBig := Envelope(CodecNone, bytes.Repeat([]byte{1}, MaxBlobsEnvelope))
	floor := L1Fees{BaseFee: gwei(16), Tip: big.NewInt(0), BlobBaseFee: gwei(1)}
	dear := L1Fees{BaseFee: gwei(1), Tip: big.NewInt(0), BlobBaseFee: gwei(10)}
	for _, tc := range []struct {
		name string
		env  []byte
		fees L1Fees
		want Carrier
		fits bool
	}{
		{"100 bytes at the blob floor", small, floor, Calldata, true},
		{"20 kB at the blob floor", mid, floor, Blobs, true},
		{"20 kB with dear blobs", mid, dear, Calldata, true},
		{"500 kB fits only blobs", huge, dear, Blobs, true},
		{"over six blobs and the gas cap", tooBig, floor, Calldata, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, fits := ChooseCarrier(2, tc.env, tc.fees)
			if got != tc.want || fits != tc.fits {
				t.Fatalf("got %v %v, want %v %v", got, fits, tc.want, tc.fits)
			}
		})
	}
}

// TestFuzzCorpusExists keeps the seed corpus of the decoder fuzzers in the repository.
func TestFuzzCorpusExists(t *testing.T) {
	for _, f := range []string{"FuzzDecodeBatch", "FuzzEnvelopeFromBlobs"} {
		entries, err := os.ReadDir(filepath.Join("testdata", "fuzz", f))
		if err != nil || len(entries) == 0 {
			t.Fatalf("%s: no seed corpus (%v)", f, err)
		}
	}
}
