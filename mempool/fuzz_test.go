package mempool

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// FuzzDecodeBatch feeds arbitrary envelopes to the decoder: it never panics, refuses with
// ErrBatch, and what it accepts re-encodes to the same payload.
func FuzzDecodeBatch(f *testing.F) {
	for _, n := range []int{0, 1, 5} {
		env, err := EncodeBatch(testBlocks(f, 2, n))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(env)
	}
	f.Add(Envelope(CodecNone, []byte{0xc0}))
	f.Fuzz(func(t *testing.T, env []byte) {
		blocks, err := DecodeBatch(env)
		if err != nil {
			if !errors.Is(err, ErrBatch) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		payload, err := EncodePayload(blocks)
		if err != nil {
			t.Fatalf("accepted blocks do not encode: %v", err)
		}
		if env[1] == CodecNone && !bytes.Equal(payload, env[EnvelopeHeaderSize:]) {
			t.Fatal("accepted payload is not canonical")
		}
		again, err := EncodeBatch(blocks)
		if err != nil {
			t.Fatal(err)
		}
		back, err := DecodeBatch(again)
		if err != nil || !reflect.DeepEqual(normalize(back), normalize(blocks)) {
			t.Fatalf("re-encoded batch does not round-trip: %v", err)
		}
	})
}

// FuzzEnvelopeFromBlobs feeds blob streams built from arbitrary bytes (placed at the start
// of the first blob, nblobs blobs in all) to the blob decoder.
func FuzzEnvelopeFromBlobs(f *testing.F) {
	env, err := EncodeBatch(testBlocks(f, 2, 3))
	if err != nil {
		f.Fatal(err)
	}
	blobs, _ := BlobsFromEnvelope(env)
	f.Add(blobs[0][:4096], uint8(1))
	f.Add([]byte{0, 1, 0, 0, 0, 0, 1, 0xc0}, uint8(2))
	f.Fuzz(func(t *testing.T, head []byte, nblobs uint8) {
		bs := make([]kzg4844.Blob, int(nblobs%8))
		if len(bs) > 0 {
			copy(bs[0][:], head)
		}
		out, err := EnvelopeFromBlobs(bs)
		if err != nil {
			if !errors.Is(err, ErrBatch) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		again, err := BlobsFromEnvelope(out)
		if err != nil || len(again) != len(bs) {
			t.Fatalf("accepted blobs do not round-trip: %v", err)
		}
		for i := range again {
			if again[i] != bs[i] {
				t.Fatalf("blob %d differs after a round trip", i)
			}
		}
	})
}
