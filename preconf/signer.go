package preconf

import (
	"crypto/ecdsa"
	"encoding/binary"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Signer signs with the committer key. The engine owns it (Engine.Signer);
// the API servers sign their envelopes through it and never hold the key.
type Signer struct {
	key       *ecdsa.PrivateKey
	domain    Domain
	separator common.Hash
	addr      common.Address
}

// NewSigner returns a Signer of key under the EIP-712 domain d.
func NewSigner(key *ecdsa.PrivateKey, d Domain) *Signer {
	return &Signer{key: key, domain: d, separator: d.Separator(), addr: crypto.PubkeyToAddress(key.PublicKey)}
}

// Address is the committer address the signatures recover to.
func (s *Signer) Address() common.Address { return s.addr }

// Domain is the EIP-712 domain the signer's promises and manifests are under.
func (s *Signer) Domain() Domain { return s.domain }

// SignPromise returns the EIP-712 digest of c and the committer's signature over it.
func (s *Signer) SignPromise(c *InclusionCommitment) (common.Hash, []byte, error) {
	d := typedDigestSep(s.separator, c.StructHash())
	sig, err := Sign(d, s.key)
	return d, sig, err
}

// SignManifest returns the committer's signature over m's EIP-712 digest.
func (s *Signer) SignManifest(m *SlotManifest) ([]byte, error) {
	return Sign(typedDigestSep(s.separator, m.StructHash()), s.key)
}

// SignBolt returns the committer's signature over BoltDigest(slot, hashes),
// the digest Bolt's clients sign with their request.
func (s *Signer) SignBolt(slot uint64, hashes []common.Hash) ([]byte, error) {
	return Sign(BoltDigest(slot, hashes), s.key)
}

// SignEnvelope returns the committer's signature over the hash of a
// Commitments API envelope (keccak256 of the ABI-encoded Commitment).
func (s *Signer) SignEnvelope(hash common.Hash) ([]byte, error) {
	return Sign(hash, s.key)
}

// BoltDigest is keccak256(txHash₁ ‖ … ‖ txHashₙ ‖ le_u64(slot)), what Bolt's
// X-Bolt-Signature and its committer's answer sign.
func BoltDigest(slot uint64, hashes []common.Hash) common.Hash {
	b := make([]byte, 0, 32*len(hashes)+8)
	for _, h := range hashes {
		b = append(b, h[:]...)
	}
	b = binary.LittleEndian.AppendUint64(b, slot)
	return crypto.Keccak256Hash(b)
}
