package preconf

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

func testLeaves(n int) (keys, vals []common.Hash) {
	for i := range n {
		keys = append(keys, crypto.Keccak256Hash([]byte{byte(i), byte(i >> 8), 'k'}))
		vals = append(vals, crypto.Keccak256Hash([]byte{byte(i), byte(i >> 8), 'v'}))
	}
	return keys, vals
}

func TestManifestProofVerifies(t *testing.T) {
	keys, vals := testLeaves(50)
	tree, root, err := buildManifestTree(keys, vals)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 17, 49} {
		vp, sd, err := tree.prove(keys[i])
		if err != nil {
			t.Fatal(err)
		}
		p := &ManifestProof{Root: root, Key: keys[i], Value: vals[i], Proof: vp, StateDiff: sd}
		if err := p.Verify(); err != nil {
			t.Fatalf("leaf %d: %v", i, err)
		}
		bad := *p
		bad.Value = vals[(i+1)%len(vals)]
		if err := bad.Verify(); !errors.Is(err, ErrBadProof) {
			t.Fatalf("wrong value verified: %v", err)
		}
		bad = *p
		bad.Root = crypto.Keccak256Hash(root[:])
		if err := bad.Verify(); !errors.Is(err, ErrBadProof) {
			t.Fatalf("wrong root verified: %v", err)
		}
	}
	// A tree without the key: the proof of absence must not pass as membership.
	_, otherRoot, err := buildManifestTree(keys[1:], vals[1:])
	if err != nil {
		t.Fatal(err)
	}
	vp, sd, err := tree.prove(keys[0])
	if err != nil {
		t.Fatal(err)
	}
	p := &ManifestProof{Root: otherRoot, Key: keys[0], Value: vals[0], Proof: vp, StateDiff: sd}
	if err := p.Verify(); !errors.Is(err, ErrBadProof) {
		t.Fatalf("proof against a root without the key verified: %v", err)
	}
}
