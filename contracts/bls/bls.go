// Package bls holds BLS12-381 validator keys and the proofs of possession the Registry
// contract verifies, in the EIP-2537 point encoding its precompiles take.
package bls

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"

	bls12381 "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
	"github.com/ethereum/go-ethereum/common"
)

// DST is the hash-to-curve domain separation tag of Ethereum's BLS signatures.
const DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"

// Sizes of the EIP-2537 encodings.
const (
	G1Size = 128
	G2Size = 256
)

// ErrBadKey is wrapped by every secret key that is zero or not below the group order.
var ErrBadKey = errors.New("bad BLS secret key")

// SecretKey is a BLS12-381 secret scalar.
type SecretKey struct{ k *big.Int }

// NewSecretKey returns the key with the 32-byte big-endian scalar b.
func NewSecretKey(b []byte) (*SecretKey, error) {
	if len(b) != 32 {
		return nil, fmt.Errorf("%w: length %d, want 32", ErrBadKey, len(b))
	}
	k := new(big.Int).SetBytes(b)
	if k.Sign() == 0 || k.Cmp(fr.Modulus()) >= 0 {
		return nil, fmt.Errorf("%w: out of range", ErrBadKey)
	}
	return &SecretKey{k: k}, nil
}

// InteropKey returns the deterministic interop key of validator index i used by devnets:
// sha256 of i as 32 little-endian bytes, read little-endian, modulo the group order.
func InteropKey(i uint64) *SecretKey {
	var enc [32]byte
	binary.LittleEndian.PutUint64(enc[:], i)
	h := sha256.Sum256(enc[:])
	for a, b := 0, len(h)-1; a < b; a, b = a+1, b-1 {
		h[a], h[b] = h[b], h[a]
	}
	k := new(big.Int).SetBytes(h[:])
	return &SecretKey{k: k.Mod(k, fr.Modulus())}
}

// PublicKey returns the key's G1 point.
func (s *SecretKey) PublicKey() bls12381.G1Affine {
	var p bls12381.G1Affine
	p.ScalarMultiplicationBase(s.k)
	return p
}

// Sign returns the signature of msg: the key times hash_to_curve(msg) in G2.
func (s *SecretKey) Sign(msg []byte) (bls12381.G2Affine, error) {
	h, err := bls12381.HashToG2(msg, []byte(DST))
	if err != nil {
		return bls12381.G2Affine{}, fmt.Errorf("hash to G2: %w", err)
	}
	var sig bls12381.G2Affine
	sig.ScalarMultiplication(&h, s.k)
	return sig, nil
}

// Verify reports whether sig is a signature of msg under pk.
func Verify(pk bls12381.G1Affine, msg []byte, sig bls12381.G2Affine) bool {
	if pk.IsInfinity() || !pk.IsInSubGroup() || !sig.IsInSubGroup() {
		return false
	}
	h, err := bls12381.HashToG2(msg, []byte(DST))
	if err != nil {
		return false
	}
	_, _, g1, _ := bls12381.Generators()
	var neg bls12381.G1Affine
	neg.Neg(&g1)
	ok, err := bls12381.PairingCheck([]bls12381.G1Affine{pk, neg}, []bls12381.G2Affine{h, sig})
	return err == nil && ok
}

// EncodeG1 returns the 128-byte EIP-2537 encoding of p.
func EncodeG1(p bls12381.G1Affine) []byte {
	out := make([]byte, 0, G1Size)
	return append(append(out, fpWord(p.X)...), fpWord(p.Y)...)
}

// EncodeG2 returns the 256-byte EIP-2537 encoding of p (x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1).
func EncodeG2(p bls12381.G2Affine) []byte {
	out := make([]byte, 0, G2Size)
	for _, e := range []fp.Element{p.X.A0, p.X.A1, p.Y.A0, p.Y.A1} {
		out = append(out, fpWord(e)...)
	}
	return out
}

func fpWord(e fp.Element) []byte {
	b := e.Bytes()
	return append(make([]byte, 16, 64), b[:]...)
}

// PopMessage is the message each validator key signs to register with the Registry at
// registry on chainID for owner and committer (Registry.popMessage).
func PopMessage(chainID *big.Int, registry, owner, committer common.Address) []byte {
	msg := []byte("based-registration")
	msg = append(msg, common.LeftPadBytes(chainID.Bytes(), 32)...)
	msg = append(msg, registry[:]...)
	msg = append(msg, owner[:]...)
	return append(msg, committer[:]...)
}

// ProofOfPossession returns a validator key's registration: its EIP-2537 public key and
// its signature over PopMessage.
func ProofOfPossession(s *SecretKey, chainID *big.Int, registry, owner, committer common.Address) (pubkey, pop []byte, err error) {
	sig, err := s.Sign(PopMessage(chainID, registry, owner, committer))
	if err != nil {
		return nil, nil, err
	}
	return EncodeG1(s.PublicKey()), EncodeG2(sig), nil
}
