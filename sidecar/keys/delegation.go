package keys

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/flashbots/go-boost-utils/bls"
	"github.com/flashbots/go-boost-utils/ssz"

	"github.com/basedsidecar/based/preconf"
)

// ErrDelegation is wrapped when a delegation is malformed, badly signed, or
// does not delegate our validators to our committer.
var ErrDelegation = errors.New("bad delegation")

// DomainTypeDelegation is the Constraints API's DELEGATION_DOMAIN_SEPARATOR.
var DomainTypeDelegation = phase0.DomainType{0x00, 0x44, 0x65, 0x6c}

// MaxDelegationMetadata bounds Delegation.Metadata, an SSZ List[byte, 1024].
const MaxDelegationMetadata = 1024

// DelegationDomain is the signing domain of delegations on one chain: the
// delegation domain type with the chain's genesis fork version and validators root.
func DelegationDomain(genesisForkVersion phase0.Version, genesisValidatorsRoot phase0.Root) phase0.Domain {
	return ssz.ComputeDomain(DomainTypeDelegation, genesisForkVersion, genesisValidatorsRoot)
}

// Delegation lets Delegate (a BLS key) sign constraints and Committer (an
// ECDSA address) sign promises for the proposer's slots; Slot 0 means every slot.
type Delegation struct {
	Proposer  preconf.BLSPubkey
	Delegate  preconf.BLSPubkey
	Committer common.Address
	Slot      uint64
	Metadata  []byte
}

// HashTreeRoot is the SSZ hash tree root of the delegation container.
func (d *Delegation) HashTreeRoot() ([32]byte, error) {
	if len(d.Metadata) > MaxDelegationMetadata {
		return [32]byte{}, fmt.Errorf("%w: metadata: %d bytes, at most %d", ErrDelegation, len(d.Metadata), MaxDelegationMetadata)
	}
	var fields [8][32]byte
	fields[0] = merkleize(chunks(d.Proposer[:]), 2)
	fields[1] = merkleize(chunks(d.Delegate[:]), 2)
	copy(fields[2][:], d.Committer[:])
	binary.LittleEndian.PutUint64(fields[3][:], d.Slot)
	meta := merkleize(chunks(d.Metadata), (MaxDelegationMetadata+31)/32)
	var length [32]byte
	binary.LittleEndian.PutUint64(length[:], uint64(len(d.Metadata)))
	fields[4] = sha256.Sum256(append(meta[:], length[:]...))
	return merkleize(fields[:5], 8), nil
}

// chunks splits b into 32-byte chunks, the last one zero-padded.
func chunks(b []byte) [][32]byte {
	out := make([][32]byte, (len(b)+31)/32)
	for i := range out {
		copy(out[i][:], b[32*i:])
	}
	return out
}

// merkleize is SSZ merkleization of chunks padded with zero chunks to limit (a power of two or rounded up to one).
func merkleize(c [][32]byte, limit int) [32]byte {
	width := 1
	for width < limit {
		width *= 2
	}
	layer := make([][32]byte, width)
	copy(layer, c)
	for len(layer) > 1 {
		next := make([][32]byte, len(layer)/2)
		for i := range next {
			next[i] = sha256.Sum256(append(layer[2*i][:], layer[2*i+1][:]...))
		}
		layer = next
	}
	return layer[0]
}

// SignedDelegation is a delegation with the proposer's BLS signature.
type SignedDelegation struct {
	Message   Delegation
	Signature phase0.BLSSignature
}

type delegationJSON struct {
	Proposer  hexutil.Bytes  `json:"proposer"`
	Delegate  hexutil.Bytes  `json:"delegate"`
	Committer common.Address `json:"committer"`
	Slot      string         `json:"slot"`
	Metadata  hexutil.Bytes  `json:"metadata"`
}

type signedDelegationJSON struct {
	Message   delegationJSON `json:"message"`
	Signature hexutil.Bytes  `json:"signature"`
}

// MarshalJSON writes the Constraints API JSON form (hex bytes, decimal slot string).
func (s SignedDelegation) MarshalJSON() ([]byte, error) {
	m := s.Message
	return json.Marshal(signedDelegationJSON{
		Message: delegationJSON{Proposer: m.Proposer[:], Delegate: m.Delegate[:], Committer: m.Committer,
			Slot: fmt.Sprint(m.Slot), Metadata: append(hexutil.Bytes{}, m.Metadata...)},
		Signature: s.Signature[:],
	})
}

// UnmarshalJSON reads the Constraints API JSON form, naming the first bad field.
func (s *SignedDelegation) UnmarshalJSON(b []byte) error {
	var j signedDelegationJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("%w: %v", ErrDelegation, err)
	}
	slot, err := strconv.ParseUint(j.Message.Slot, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: message.slot %q: want a decimal integer", ErrDelegation, j.Message.Slot)
	}
	switch {
	case len(j.Message.Proposer) != 48:
		return fmt.Errorf("%w: message.proposer: want 48 bytes", ErrDelegation)
	case len(j.Message.Delegate) != 48:
		return fmt.Errorf("%w: message.delegate: want 48 bytes", ErrDelegation)
	case len(j.Signature) != 96:
		return fmt.Errorf("%w: signature: want 96 bytes", ErrDelegation)
	case len(j.Message.Metadata) > MaxDelegationMetadata:
		return fmt.Errorf("%w: message.metadata: at most %d bytes", ErrDelegation, MaxDelegationMetadata)
	}
	*s = SignedDelegation{Message: Delegation{Committer: j.Message.Committer, Slot: slot, Metadata: j.Message.Metadata}}
	copy(s.Message.Proposer[:], j.Message.Proposer)
	copy(s.Message.Delegate[:], j.Message.Delegate)
	copy(s.Signature[:], j.Signature)
	return nil
}

// SignDelegation signs d with the proposer's secret key under domain.
func SignDelegation(d Delegation, sk *bls.SecretKey, domain phase0.Domain) (SignedDelegation, error) {
	pk, err := bls.PublicKeyFromSecretKey(sk)
	if err != nil {
		return SignedDelegation{}, fmt.Errorf("%w: %v", ErrDelegation, err)
	}
	if preconf.BLSPubkey(bls.PublicKeyToBytes(pk)) != d.Proposer {
		return SignedDelegation{}, fmt.Errorf("%w: proposer %x is not the signing key", ErrDelegation, d.Proposer)
	}
	sig, err := ssz.SignMessage(&d, domain, sk)
	if err != nil {
		return SignedDelegation{}, fmt.Errorf("%w: %w", ErrDelegation, err)
	}
	return SignedDelegation{Message: d, Signature: sig}, nil
}

// Verify checks the proposer's signature under domain.
func (s SignedDelegation) Verify(domain phase0.Domain) error {
	ok, err := ssz.VerifySignature(&s.Message, domain, s.Message.Proposer[:], s.Signature[:])
	if err != nil {
		return fmt.Errorf("%w: proposer %x: %w", ErrDelegation, s.Message.Proposer, err)
	}
	if !ok {
		return fmt.Errorf("%w: proposer %x: signature does not verify", ErrDelegation, s.Message.Proposer)
	}
	return nil
}

// ReadDelegations reads a JSON array of signed delegations.
func ReadDelegations(path string) ([]SignedDelegation, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDelegation, err)
	}
	var out []SignedDelegation
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// CheckDelegations verifies that every validator has a correctly signed
// delegation to committer (and to delegate, when not zero) and returns the
// committer address per validator.
func CheckDelegations(ds []SignedDelegation, validators []Validator, committer common.Address, delegate preconf.BLSPubkey, domain phase0.Domain) (map[preconf.BLSPubkey]common.Address, error) {
	byProposer := map[preconf.BLSPubkey]SignedDelegation{}
	for i, d := range ds {
		if err := d.Verify(domain); err != nil {
			return nil, fmt.Errorf("delegation %d: %w", i, err)
		}
		byProposer[d.Message.Proposer] = d
	}
	out := make(map[preconf.BLSPubkey]common.Address, len(validators))
	for _, v := range validators {
		d, ok := byProposer[v.Pubkey]
		switch {
		case !ok:
			return nil, fmt.Errorf("%w: validator %x has no delegation", ErrDelegation, v.Pubkey)
		case d.Message.Committer != committer:
			return nil, fmt.Errorf("%w: validator %x delegates to committer %s, ours is %s", ErrDelegation, v.Pubkey, d.Message.Committer, committer)
		case delegate != (preconf.BLSPubkey{}) && d.Message.Delegate != delegate:
			return nil, fmt.Errorf("%w: validator %x delegates to BLS key %x, ours is %x", ErrDelegation, v.Pubkey, d.Message.Delegate, delegate)
		}
		out[v.Pubkey] = committer
	}
	return out, nil
}
