package preconf

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
)

// EIP-712 type strings; the PreconfSlasher contract hashes the same ones.
const (
	DomainType              = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
	InclusionCommitmentType = "InclusionCommitment(uint64 slot,uint256 chainId,bytes32 txHash,address sender,uint64 nonce,address committer,uint64 seq,uint256 penalty)"
	SlotManifestType        = "SlotManifest(uint64 slot,bytes32 root,uint32 count)"

	// DomainName and DomainVersion are the name and version of every promise's domain.
	DomainName    = "based"
	DomainVersion = "1"
)

var (
	domainTypeHash     = crypto.Keccak256Hash([]byte(DomainType))
	commitmentTypeHash = crypto.Keccak256Hash([]byte(InclusionCommitmentType))
	manifestTypeHash   = crypto.Keccak256Hash([]byte(SlotManifestType))
)

// Domain separates promises of one L1 chain and slasher deployment from all others.
type Domain struct {
	ChainID           *big.Int       // the L1 chain id
	VerifyingContract common.Address // the PreconfSlasher address
}

// Separator returns the EIP-712 domain separator.
func (d Domain) Separator() common.Hash {
	return crypto.Keccak256Hash(
		domainTypeHash[:],
		crypto.Keccak256([]byte(DomainName)),
		crypto.Keccak256([]byte(DomainVersion)),
		word(d.ChainID),
		common.LeftPadBytes(d.VerifyingContract[:], 32),
	)
}

// InclusionCommitment is the signed promise that TxHash is included in Slot on ChainID.
type InclusionCommitment struct {
	Slot      uint64         `json:"slot"`
	ChainID   *big.Int       `json:"chainId"` // L1 or a rollup chain id
	TxHash    common.Hash    `json:"txHash"`
	Sender    common.Address `json:"sender"` // the wallet the penalty is owed to
	Nonce     uint64         `json:"nonce"`  // the tx's nonce, for the void defence
	Committer common.Address `json:"committer"`
	Seq       uint64         `json:"seq"`     // position among the slot's promises
	Penalty   *big.Int       `json:"penalty"` // wei owed to Sender if the promise is broken
}

// StructHash returns hashStruct(InclusionCommitment).
func (c *InclusionCommitment) StructHash() common.Hash {
	return crypto.Keccak256Hash(
		commitmentTypeHash[:],
		u64word(c.Slot),
		word(c.ChainID),
		c.TxHash[:],
		common.LeftPadBytes(c.Sender[:], 32),
		u64word(c.Nonce),
		common.LeftPadBytes(c.Committer[:], 32),
		u64word(c.Seq),
		word(c.Penalty),
	)
}

// Digest returns the EIP-712 digest that the committer signs.
func (c *InclusionCommitment) Digest(d Domain) common.Hash {
	return typedDigest(d, c.StructHash())
}

// SlotManifest commits to every promise of one slot.
type SlotManifest struct {
	Slot  uint64      `json:"slot"`
	Root  common.Hash `json:"root"`
	Count uint32      `json:"count"`
}

// StructHash returns hashStruct(SlotManifest).
func (m *SlotManifest) StructHash() common.Hash {
	return crypto.Keccak256Hash(manifestTypeHash[:], u64word(m.Slot), m.Root[:], u64word(uint64(m.Count)))
}

// Digest returns the EIP-712 digest that the committer signs.
func (m *SlotManifest) Digest(d Domain) common.Hash {
	return typedDigest(d, m.StructHash())
}

func typedDigest(d Domain, structHash common.Hash) common.Hash {
	return typedDigestSep(d.Separator(), structHash)
}

// typedDigestSep is typedDigest with the domain separator already computed.
func typedDigestSep(sep, structHash common.Hash) common.Hash {
	return crypto.Keccak256Hash([]byte{0x19, 0x01}, sep[:], structHash[:])
}

// Sign returns a 65-byte signature [r ‖ s ‖ v] with v in {27, 28}, as
// eth_signTypedData_v4 and Solidity's ecrecover expect.
func Sign(digest common.Hash, key *ecdsa.PrivateKey) ([]byte, error) {
	sig, err := crypto.Sign(digest[:], key)
	if err != nil {
		return nil, fmt.Errorf("sign digest: %w", err)
	}
	sig[64] += 27
	return sig, nil
}

// ErrBadSignature is wrapped by every signature that does not recover.
var ErrBadSignature = errors.New("bad signature")

// Recover returns the address that produced sig over digest. It accepts v in
// {0, 1, 27, 28} and rejects high-s signatures, as the slasher does.
func Recover(digest common.Hash, sig []byte) (common.Address, error) {
	if len(sig) != crypto.SignatureLength {
		return common.Address{}, fmt.Errorf("%w: length %d, want %d", ErrBadSignature, len(sig), crypto.SignatureLength)
	}
	s := make([]byte, len(sig))
	copy(s, sig)
	if s[64] >= 27 {
		s[64] -= 27
	}
	if s[64] > 1 {
		return common.Address{}, fmt.Errorf("%w: v=%d", ErrBadSignature, sig[64])
	}
	if !crypto.ValidateSignatureValues(s[64], new(big.Int).SetBytes(s[:32]), new(big.Int).SetBytes(s[32:64]), true) {
		return common.Address{}, fmt.Errorf("%w: r or s out of range", ErrBadSignature)
	}
	pub, err := crypto.SigToPub(digest[:], s)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

// word encodes a non-negative big integer as a 32-byte ABI word (nil is zero).
func word(x *big.Int) []byte {
	if x == nil {
		return make([]byte, 32)
	}
	return math.U256Bytes(new(big.Int).Set(x))
}

func u64word(x uint64) []byte {
	return common.LeftPadBytes(new(big.Int).SetUint64(x).Bytes(), 32)
}
