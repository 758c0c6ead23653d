package preconf

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	verkle "github.com/ethereum/go-verkle"
)

// SignedManifest is a slot's manifest with the committer's signature.
type SignedManifest struct {
	SlotManifest
	Signature hexutil.Bytes `json:"signature"`
}

// ManifestProof shows that one promise is in a slot's manifest: the verkle
// tree under Root maps Key (the tx hash) to Value (the promise's EIP-712 digest).
type ManifestProof struct {
	Slot      uint64              `json:"slot"`
	Root      common.Hash         `json:"root"`
	Key       common.Hash         `json:"key"`
	Value     common.Hash         `json:"value"`
	Proof     *verkle.VerkleProof `json:"proof"`
	StateDiff verkle.StateDiff    `json:"stateDiff"`
}

// manifestTree is the verkle tree over one slot's promises.
type manifestTree struct {
	root verkle.VerkleNode
}

// buildManifestTree inserts every (tx hash → digest) pair and commits the tree.
func buildManifestTree(keys, values []common.Hash) (*manifestTree, common.Hash, error) {
	root := verkle.New()
	for i := range keys {
		if err := root.Insert(keys[i][:], values[i][:], nil); err != nil {
			return nil, common.Hash{}, fmt.Errorf("manifest insert %s: %w", keys[i], err)
		}
	}
	c := root.Commit()
	return &manifestTree{root: root}, common.Hash(c.Bytes()), nil
}

// prove builds the membership proof of key.
func (t *manifestTree) prove(key common.Hash) (*verkle.VerkleProof, verkle.StateDiff, error) {
	p, _, _, _, err := verkle.MakeVerkleMultiProof(t.root, nil, [][]byte{key[:]}, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("manifest proof: %w", err)
	}
	return verkle.SerializeProof(p)
}

// ErrBadProof is wrapped by every manifest proof that does not verify.
var ErrBadProof = errors.New("manifest proof does not verify")

// Verify checks that the proof opens Root at Key to Value. It does not check
// who signed Root; compare Root with a signed manifest for that.
func (p *ManifestProof) Verify() error {
	if p.Proof == nil {
		return fmt.Errorf("%w: no proof", ErrBadProof)
	}
	found := false
	for _, sd := range p.StateDiff {
		if !bytes.Equal(sd.Stem[:], p.Key[:31]) {
			continue
		}
		for _, d := range sd.SuffixDiffs {
			if d.Suffix == p.Key[31] && d.CurrentValue != nil && *d.CurrentValue == p.Value {
				found = true
			}
		}
	}
	if !found {
		return fmt.Errorf("%w: key %s with value %s not in the proof", ErrBadProof, p.Key, p.Value)
	}
	if err := verkle.Verify(p.Proof, p.Root[:], p.Root[:], p.StateDiff); err != nil {
		return fmt.Errorf("%w: %v", ErrBadProof, err)
	}
	return nil
}
