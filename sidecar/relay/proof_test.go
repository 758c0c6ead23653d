package relay_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	fastssz "github.com/ferranbt/fastssz"

	"github.com/basedsidecar/based/sidecar/relay"
	"github.com/basedsidecar/based/sidecar/relay/relaytest"
)

func TestTransactionsRootMatchesPayloadTree(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 64} {
		b := relaytest.NewBlock(t, 1, n, 0)
		if got := relay.TransactionsRoot(b.Txs); got != b.Header.TransactionsRoot {
			t.Errorf("%d txs: TransactionsRoot = %x, payload tree says %x", n, got, b.Header.TransactionsRoot)
		}
	}
}

// TestProofsEveryConstraintCount proves 1 to 40 and 256 constraints at
// scattered positions (the anchor's multiproofs broke from 3 on), checks
// them here and with fastssz's multiproof verifier, and refuses each proof
// with one merkle hash changed.
func TestProofsEveryConstraintCount(t *testing.T) {
	b := relaytest.NewBlock(t, 1, 300, 150)
	rng := rand.New(rand.NewPCG(1, 2))
	counts := []int{256}
	for n := 1; n <= 40; n++ {
		counts = append(counts, n)
	}
	for _, n := range counts {
		idx := rng.Perm(len(b.Txs))[:n]
		p, err := relay.Prove(b.Txs, idx)
		if err != nil {
			t.Fatal(err)
		}
		cons := make([]relay.Constraint, n)
		leaves := make([][]byte, n)
		indices := make([]int, n)
		for i, j := range idx {
			if cons[i], err = relay.NewConstraint(b.Raw[j]); err != nil {
				t.Fatal(err)
			}
			leaves[i] = cons[i].Root[:]
			indices[i] = int(p.GeneralizedIndexes[i])
		}
		if err := relay.VerifyInclusion(b.Header.TransactionsRoot, cons, p); err != nil {
			t.Fatalf("%d constraints: %v", n, err)
		}
		hashes := make([][]byte, len(p.MerkleHashes))
		for i := range p.MerkleHashes {
			hashes[i] = p.MerkleHashes[i][:]
		}
		if ok, err := fastssz.VerifyMultiproof(b.Header.TransactionsRoot[:], hashes, leaves, indices); !ok || err != nil {
			t.Fatalf("%d constraints: fastssz says %v, %v", n, ok, err)
		}
		// Constraints in another order than the proofs: still proven.
		rev := slices.Clone(cons)
		slices.Reverse(rev)
		if err := relay.VerifyInclusion(b.Header.TransactionsRoot, rev, p); err != nil {
			t.Fatalf("%d constraints reversed: %v", n, err)
		}
		forged := *p
		forged.MerkleHashes = slices.Clone(p.MerkleHashes)
		forged.MerkleHashes[rng.IntN(len(forged.MerkleHashes))][0] ^= 1
		if err := relay.VerifyInclusion(b.Header.TransactionsRoot, cons, &forged); !errors.Is(err, relay.ErrProof) {
			t.Fatalf("%d constraints, forged: %v, want ErrProof", n, err)
		}
	}
}

// TestBlobConstraintLeaf checks that a blob tx promised with its sidecar is
// proven by the leaf of its payload form (the anchor's blob proofs failed).
func TestBlobConstraintLeaf(t *testing.T) {
	b := relaytest.NewBlock(t, 1, 2, 1)
	if len(b.Raw[1]) <= len(b.Txs[1]) {
		t.Fatalf("blob tx: network form %d bytes, payload form %d: the test needs the sidecar", len(b.Raw[1]), len(b.Txs[1]))
	}
	c, err := relay.NewConstraint(b.Raw[1])
	if err != nil {
		t.Fatal(err)
	}
	if c.Root != relay.TxRoot(b.Txs[1]) {
		t.Fatal("blob constraint leaf is not the payload form's")
	}
	p, err := relay.Prove(b.Txs, []int{1})
	if err != nil {
		t.Fatal(err)
	}
	if err := relay.VerifyInclusion(b.Header.TransactionsRoot, []relay.Constraint{c}, p); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeProofsRefuses(t *testing.T) {
	h := `"0x` + strings.Repeat("11", 32) + `"`
	tests := []struct{ name, in string }{
		{"not json", `{`},
		{"empty", `{"transaction_hashes":[],"generalized_indexes":[],"merkle_hashes":[]}`},
		{"count mismatch", `{"transaction_hashes":[` + h + `],"generalized_indexes":[],"merkle_hashes":[]}`},
		{"index below the list", `{"transaction_hashes":[` + h + `],"generalized_indexes":["0x3"],"merkle_hashes":[]}`},
		{"index beyond the list", `{"transaction_hashes":[` + h + `],"generalized_indexes":["0x400000"],"merkle_hashes":[]}`},
		{"index twice", `{"transaction_hashes":[` + h + `,` + strings.Replace(h, "11", "22", -1) + `],"generalized_indexes":["0x200000","0x200000"],"merkle_hashes":[]}`},
		{"index not a number", `{"transaction_hashes":[` + h + `],"generalized_indexes":["x"],"merkle_hashes":[]}`},
		{"short hash", `{"transaction_hashes":[` + h + `],"generalized_indexes":[2097152],"merkle_hashes":["0x11"]}`},
	}
	for _, tt := range tests {
		if _, err := relay.DecodeProofs([]byte(tt.in)); !errors.Is(err, relay.ErrProof) {
			t.Errorf("%s: DecodeProofs = %v, want ErrProof", tt.name, err)
		}
	}
	// The three index forms.
	for _, g := range []string{`"0x200001"`, `"2097153"`, `2097153`} {
		p, err := relay.DecodeProofs([]byte(`{"transaction_hashes":[` + h + `],"generalized_indexes":[` + g + `],"merkle_hashes":[]}`))
		if err != nil || p.GeneralizedIndexes[0] != 2097153 {
			t.Errorf("index %s: %v %v", g, p, err)
		}
	}
}

// FuzzDecodeProofs feeds arbitrary proofs to the decoder and the verifier:
// they may refuse, never panic, and never accept proofs of a real block's
// constraints that differ from the true ones in a merkle hash.
func FuzzDecodeProofs(f *testing.F) {
	b := relaytest.NewBlock(f, 1, 5, -1)
	cons := make([]relay.Constraint, 0, 3)
	for _, i := range []int{0, 2, 4} {
		c, err := relay.NewConstraint(b.Raw[i])
		if err != nil {
			f.Fatal(err)
		}
		cons = append(cons, c)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := relay.DecodeProofs(in)
		if err != nil {
			if !errors.Is(err, relay.ErrProof) {
				t.Fatalf("DecodeProofs error %v is not ErrProof", err)
			}
			return
		}
		if err := relay.VerifyInclusion(b.Header.TransactionsRoot, cons, p); err == nil {
			want, _ := relay.Prove(b.Txs, []int{0, 2, 4})
			if !slices.Equal(want.MerkleHashes, p.MerkleHashes) {
				t.Fatalf("accepted proofs with other merkle hashes than the true ones")
			}
		}
	})
}
