package mempool

import (
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
)

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

// BenchmarkSubmitBlock checks an external block of 1,001 txs (2 promised first, then the
// rest of a pool of 100 senders × 10 nonces, and the payment) as rollup_submitBlock does:
// every tx decoded from its bytes and its signature recovered, every check, and the pool's
// own block built for the comparison. The block equals the one held, so each run ends in
// the last check (worth no more than the block held) and nothing changes between runs.
func BenchmarkSubmitBlock(b *testing.B) {
	f := newFixture(b, 1001, 101, func(c *PoolConfig) { c.Operator = operator; c.MaxPerSender = 16 })
	ctx := context.Background()
	for s := 0; s < 100; s++ {
		for n := uint64(0); n < 10; n++ {
			if err := f.add(b, f.tx(b, s, n, int64(1+s%7), 100)); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, s := range []int{3, 5} {
		if err := f.pool.Pin(f.tx(b, s, 0, int64(1+s%7), 100).Hash()); err != nil {
			b.Fatal(err)
		}
	}
	block := f.pool.Block()
	payment := payTx(b, f.keys[100], 1001, 0, 1, 30, &operator, big.NewInt(1e18), nil)
	if _, err := f.pool.SubmitBlock(ctx, block, payment); err != nil {
		b.Fatal(err)
	}
	raws := make([][]byte, len(block)+1)
	for i, tx := range append(block, payment) {
		raw, err := tx.MarshalBinary()
		if err != nil {
			b.Fatal(err)
		}
		raws[i] = raw
	}
	b.ResetTimer()
	for b.Loop() {
		txs := make([]*types.Transaction, len(raws))
		for i, raw := range raws {
			txs[i] = new(types.Transaction)
			if err := txs[i].UnmarshalBinary(raw); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := f.pool.SubmitBlock(ctx, txs[:len(block)], txs[len(block)]); !errors.Is(err, ErrBlockValue) {
			b.Fatal(err)
		}
	}
}
