package relay_test

import (
	"encoding/json"
	"testing"

	"github.com/basedsidecar/based/sidecar/relay"
	"github.com/basedsidecar/based/sidecar/relay/relaytest"
)

// BenchmarkVerifyProofs256 decodes and verifies the inclusion proofs of 256
// constraints (one a blob tx) in a 300-transaction payload, as getHeader
// does for a relay's bid; the constraints are prepared once per slot.
func BenchmarkVerifyProofs256(b *testing.B) {
	blk := relaytest.NewBlock(b, 1, 299, 150)
	idx := make([]int, 256)
	cons := make([]relay.Constraint, 256)
	for i := range idx {
		idx[i] = i * len(blk.Txs) / 256
		c, err := relay.NewConstraint(blk.Raw[idx[i]])
		if err != nil {
			b.Fatal(err)
		}
		cons[i] = c
	}
	p, err := relay.Prove(blk.Txs, idx)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := json.Marshal(p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		q, err := relay.DecodeProofs(raw)
		if err != nil {
			b.Fatal(err)
		}
		if err := relay.VerifyInclusion(blk.Header.TransactionsRoot, cons, q); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(p.MerkleHashes)), "hashes")
}

// BenchmarkPrepareConstraints256 reads 256 promised transactions into
// constraints (hash and payload-form leaf), once per slot.
func BenchmarkPrepareConstraints256(b *testing.B) {
	blk := relaytest.NewBlock(b, 1, 255, 100)
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range blk.Raw {
			if _, err := relay.NewConstraint(r); err != nil {
				b.Fatal(err)
			}
		}
	}
}
