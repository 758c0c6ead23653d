package mempool

import "testing"

// BenchmarkEncodeBatch encodes the shared batch of 10 rollups × 1,000 txs: RLP, zstd, and
// the inbox headers with their tx roots.
func BenchmarkEncodeBatch(b *testing.B) {
	blocks := testBlocks(b, 10, 1000)
	b.ResetTimer()
	for b.Loop() {
		env, err := EncodeBatch(blocks)
		if err != nil {
			b.Fatal(err)
		}
		for i := range blocks {
			_ = blocks[i].Header([32]byte{})
		}
		b.SetBytes(int64(len(env)))
	}
}

// BenchmarkDecodeBatch decodes that batch and checks it against its headers, as a rollup
// node does.
func BenchmarkDecodeBatch(b *testing.B) {
	blocks := testBlocks(b, 10, 1000)
	env, err := EncodeBatch(blocks)
	if err != nil {
		b.Fatal(err)
	}
	headers := make([]Header, len(blocks))
	for i := range blocks {
		headers[i] = blocks[i].Header([32]byte{})
	}
	b.ResetTimer()
	for b.Loop() {
		got, err := DecodeBatch(env)
		if err != nil {
			b.Fatal(err)
		}
		if err := CheckHeaders(headers, got); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBlobSidecar computes the KZG commitment and the 128 cell proofs of one blob.
func BenchmarkBlobSidecar(b *testing.B) {
	env, err := EncodeBatch(testBlocks(b, 10, 100))
	if err != nil {
		b.Fatal(err)
	}
	blobs, err := BlobsFromEnvelope(env)
	if err != nil {
		b.Fatal(err)
	}
	blobs = blobs[:1]
	b.ResetTimer()
	for b.Loop() {
		if _, err := BlobSidecar(blobs); err != nil {
			b.Fatal(err)
		}
	}
}
