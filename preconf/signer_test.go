package preconf

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// TestSigner checks that each of the Signer's signatures recovers to the
// committer over the digest its verifier computes.
func TestSigner(t *testing.T) {
	d := Domain{ChainID: testChainID, VerifyingContract: common.Address{0x5f}}
	s := NewSigner(committerKey, d)
	if s.Address() != crypto.PubkeyToAddress(committerKey.PublicKey) {
		t.Fatalf("address %s", s.Address())
	}
	c := &InclusionCommitment{Slot: 9, ChainID: testChainID, TxHash: common.Hash{1}, Committer: s.Address(), Penalty: big.NewInt(1)}
	m := &SlotManifest{Slot: 9, Root: common.Hash{2}, Count: 3}
	hashes := []common.Hash{{3}, {4}}
	pd, psig, err := s.SignPromise(c)
	if err != nil || pd != c.Digest(d) {
		t.Fatalf("promise digest %s, want %s (%v)", pd, c.Digest(d), err)
	}
	msig, err := s.SignManifest(m)
	if err != nil {
		t.Fatal(err)
	}
	bsig, err := s.SignBolt(9, hashes)
	if err != nil {
		t.Fatal(err)
	}
	esig, err := s.SignEnvelope(common.Hash{5})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		digest common.Hash
		sig    []byte
	}{
		{"promise", c.Digest(d), psig},
		{"manifest", m.Digest(d), msig},
		{"bolt", crypto.Keccak256Hash(hashes[0][:], hashes[1][:], []byte{9, 0, 0, 0, 0, 0, 0, 0}), bsig},
		{"envelope", common.Hash{5}, esig},
	} {
		if who, err := Recover(tc.digest, tc.sig); err != nil || who != s.Address() {
			t.Errorf("%s signature recovers to %s (%v)", tc.name, who, err)
		}
	}
}
