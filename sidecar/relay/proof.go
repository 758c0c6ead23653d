package relay

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
)

// ErrProof is wrapped when inclusion proofs are malformed or do not prove
// every constraint against the header's transactions_root.
var ErrProof = errors.New("relay: inclusion proof refused")

// SSZ limits of an execution payload's transactions (Bellatrix onwards).
const (
	// TxListDepth is log2 of MAX_TRANSACTIONS_PER_PAYLOAD (2^20).
	TxListDepth = 20
	// txBytesDepth is log2 of the chunk limit of one transaction,
	// MAX_BYTES_PER_TRANSACTION (2^30) / 32.
	txBytesDepth = 25
	// MaxConstraints bounds the constraints of one slot (the Constraints
	// API reference code's limit; its specification says 32).
	MaxConstraints = 256
	// maxProofHashes bounds the merkle hashes of one multiproof: each
	// constraint needs at most one helper per level below the list root.
	maxProofHashes = MaxConstraints * (TxListDepth + 2)
	// firstTxIndex is the generalized index of transaction 0 under
	// transactions_root: the data subtree is node 2, its leaves at depth 20.
	firstTxIndex = uint64(1) << (TxListDepth + 1)
)

// zeroHashes[i] is the root of a subtree of depth i with only zero chunks.
var zeroHashes = func() [txBytesDepth + 1][32]byte {
	var z [txBytesDepth + 1][32]byte
	for i := 1; i < len(z); i++ {
		z[i] = hashPair(z[i-1], z[i-1])
	}
	return z
}()

func hashPair(a, b [32]byte) [32]byte {
	var buf [64]byte
	copy(buf[:32], a[:])
	copy(buf[32:], b[:])
	return sha256.Sum256(buf[:])
}

// mixInLength is SSZ's mix_in_length.
func mixInLength(root [32]byte, n uint64) [32]byte {
	var l [32]byte
	binary.LittleEndian.PutUint64(l[:], n)
	return hashPair(root, l)
}

// merkleizeDepth merkleizes chunks as the leaves of a tree of the given depth,
// the absent ones zero.
func merkleizeDepth(layer [][32]byte, depth int) [32]byte {
	if len(layer) == 0 {
		return zeroHashes[depth]
	}
	layer = slices.Clone(layer)
	for d := 0; d < depth; d++ {
		if len(layer)%2 == 1 {
			layer = append(layer, zeroHashes[d])
		}
		next := layer[:len(layer)/2]
		for i := range next {
			next[i] = hashPair(layer[2*i], layer[2*i+1])
		}
		layer = next
	}
	return layer[0]
}

// TxRoot is the SSZ hash_tree_root of one transaction in its payload form
// (ByteList[MAX_BYTES_PER_TRANSACTION]).
func TxRoot(tx []byte) [32]byte {
	chunks := make([][32]byte, (len(tx)+31)/32)
	for i := range chunks {
		copy(chunks[i][:], tx[32*i:])
	}
	return mixInLength(merkleizeDepth(chunks, txBytesDepth), uint64(len(tx)))
}

// TransactionsRoot is the payload header's transactions_root of txs (each in payload form).
func TransactionsRoot(txs [][]byte) [32]byte {
	leaves := make([][32]byte, len(txs))
	for i, tx := range txs {
		leaves[i] = TxRoot(tx)
	}
	return mixInLength(merkleizeDepth(leaves, TxListDepth), uint64(len(txs)))
}

// Constraint is one constrained transaction as the proofs name it: its hash
// and the hash tree root of its payload form (a blob transaction without its
// blobs, commitments and proofs).
type Constraint struct {
	Hash common.Hash
	Root [32]byte
}

// NewConstraint reads a constrained transaction in its binary form (a blob
// transaction may carry its sidecar, as promised txs do).
func NewConstraint(raw []byte) (Constraint, error) {
	var tx types.Transaction
	if err := tx.UnmarshalBinary(raw); err != nil {
		return Constraint{}, fmt.Errorf("constraint: %w", err)
	}
	b, err := tx.WithoutBlobTxSidecar().MarshalBinary()
	if err != nil {
		return Constraint{}, fmt.Errorf("constraint: %w", err)
	}
	return Constraint{Hash: tx.Hash(), Root: TxRoot(b)}, nil
}

// InclusionProofs is a multiproof that transactions are in a payload:
// transaction hashes with their generalized indexes under transactions_root,
// and the merkle hashes of the multiproof's helper nodes in decreasing
// generalized index order (consensus-specs get_helper_indices).
type InclusionProofs struct {
	TransactionHashes  []common.Hash
	GeneralizedIndexes []uint64
	MerkleHashes       [][32]byte
}

type proofsJSON struct {
	TransactionHashes  []common.Hash     `json:"transaction_hashes"`
	GeneralizedIndexes []json.RawMessage `json:"generalized_indexes"`
	MerkleHashes       []hexutil.Bytes   `json:"merkle_hashes"`
}

// MarshalJSON writes the proofs with 0x-quantity generalized indexes.
func (p InclusionProofs) MarshalJSON() ([]byte, error) {
	j := proofsJSON{TransactionHashes: p.TransactionHashes, GeneralizedIndexes: make([]json.RawMessage, len(p.GeneralizedIndexes)),
		MerkleHashes: make([]hexutil.Bytes, len(p.MerkleHashes))}
	if j.TransactionHashes == nil {
		j.TransactionHashes = []common.Hash{}
	}
	for i, g := range p.GeneralizedIndexes {
		j.GeneralizedIndexes[i] = json.RawMessage(strconv.Quote(hexutil.EncodeUint64(g)))
	}
	for i, h := range p.MerkleHashes {
		j.MerkleHashes[i] = h[:]
	}
	return json.Marshal(j)
}

// DecodeProofs reads inclusion proofs (JSON) and checks their shape: as many
// generalized indexes as hashes, each naming a transaction of the payload,
// no index twice, hashes of 32 bytes, and within MaxConstraints. Indexes may
// be 0x quantities, decimal strings or JSON numbers.
func DecodeProofs(b []byte) (*InclusionProofs, error) {
	var j proofsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrProof, err)
	}
	switch {
	case len(j.TransactionHashes) == 0:
		return nil, fmt.Errorf("%w: transaction_hashes: empty", ErrProof)
	case len(j.TransactionHashes) > MaxConstraints:
		return nil, fmt.Errorf("%w: transaction_hashes: %d, at most %d", ErrProof, len(j.TransactionHashes), MaxConstraints)
	case len(j.GeneralizedIndexes) != len(j.TransactionHashes):
		return nil, fmt.Errorf("%w: generalized_indexes: %d for %d transaction_hashes", ErrProof, len(j.GeneralizedIndexes), len(j.TransactionHashes))
	case len(j.MerkleHashes) > maxProofHashes:
		return nil, fmt.Errorf("%w: merkle_hashes: %d, at most %d", ErrProof, len(j.MerkleHashes), maxProofHashes)
	}
	p := &InclusionProofs{TransactionHashes: j.TransactionHashes, GeneralizedIndexes: make([]uint64, len(j.GeneralizedIndexes)),
		MerkleHashes: make([][32]byte, len(j.MerkleHashes))}
	seen := make(map[uint64]bool, len(j.GeneralizedIndexes))
	for i, raw := range j.GeneralizedIndexes {
		g, err := parseIndex(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: generalized_indexes[%d]: %v", ErrProof, i, err)
		}
		if g < firstTxIndex || g >= 2*firstTxIndex {
			return nil, fmt.Errorf("%w: generalized_indexes[%d]: %d does not name a transaction of the payload", ErrProof, i, g)
		}
		if seen[g] {
			return nil, fmt.Errorf("%w: generalized_indexes[%d]: %d given twice", ErrProof, i, g)
		}
		seen[g] = true
		p.GeneralizedIndexes[i] = g
	}
	for i, h := range j.MerkleHashes {
		if len(h) != 32 {
			return nil, fmt.Errorf("%w: merkle_hashes[%d]: %d bytes, want 32", ErrProof, i, len(h))
		}
		copy(p.MerkleHashes[i][:], h)
	}
	return p, nil
}

// parseIndex reads a generalized index given as a 0x quantity, a decimal string or a JSON number.
func parseIndex(raw json.RawMessage) (uint64, error) {
	s := string(raw)
	if uq, err := strconv.Unquote(s); err == nil {
		if strings.HasPrefix(uq, "0x") {
			return hexutil.DecodeUint64(uq)
		}
		s = uq
	}
	return strconv.ParseUint(s, 10, 64)
}

// helperIndices are the generalized indexes of the nodes a multiproof of
// indices must supply, in decreasing order (consensus-specs get_helper_indices).
func helperIndices(indices []uint64) []uint64 {
	path := make(map[uint64]bool, len(indices)*(TxListDepth+1))
	for _, g := range indices {
		for x := g; x > 1; x /= 2 {
			path[x] = true
		}
	}
	var out []uint64
	added := make(map[uint64]bool)
	for _, g := range indices {
		for x := g; x > 1; x /= 2 {
			s := x ^ 1
			if !path[s] && !added[s] {
				added[s] = true
				out = append(out, s)
			}
		}
	}
	slices.SortFunc(out, func(a, b uint64) int {
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
	return out
}

// multiRoot computes the root of a multiproof of leaves at indices with the
// helper nodes proof (consensus-specs calculate_multi_merkle_root).
func multiRoot(leaves [][32]byte, indices []uint64, proof [][32]byte) ([32]byte, error) {
	helpers := helperIndices(indices)
	if len(proof) != len(helpers) {
		return [32]byte{}, fmt.Errorf("%w: merkle_hashes: %d, the indexes need %d", ErrProof, len(proof), len(helpers))
	}
	nodes := make(map[uint64][32]byte, len(indices)+2*len(helpers))
	for i, g := range indices {
		nodes[g] = leaves[i]
	}
	for i, g := range helpers {
		nodes[g] = proof[i]
	}
	// Work level by level from the deepest: every node's sibling is known
	// (a leaf, a helper, or computed from the level below).
	level := make([]uint64, 0, len(nodes))
	for g := range nodes {
		level = append(level, g)
	}
	for len(level) > 0 {
		maxLevel := 0
		for _, g := range level {
			maxLevel = max(maxLevel, bits.Len64(g))
		}
		var rest, parents []uint64
		for _, g := range level {
			if bits.Len64(g) != maxLevel {
				rest = append(rest, g)
				continue
			}
			if g == 1 {
				continue
			}
			p := g / 2
			if _, done := nodes[p]; done {
				continue
			}
			l, okl := nodes[p*2]
			r, okr := nodes[p*2+1]
			if !okl || !okr {
				return [32]byte{}, fmt.Errorf("%w: node %d has no sibling in the proof", ErrProof, g)
			}
			nodes[p] = hashPair(l, r)
			parents = append(parents, p)
		}
		level = append(rest, parents...)
		if len(level) == 1 && level[0] == 1 {
			break
		}
	}
	root, ok := nodes[1]
	if !ok {
		return [32]byte{}, fmt.Errorf("%w: the proof does not reach the root", ErrProof)
	}
	return root, nil
}

// VerifyInclusion checks that p proves every constraint against
// transactionsRoot: each constraint's hash is named, its leaf (the hash tree
// root of its payload form) is at the index given, and the multiproof of all
// of them together has that root. Proofs of other transactions are refused.
func VerifyInclusion(transactionsRoot [32]byte, constraints []Constraint, p *InclusionProofs) error {
	if p == nil {
		return ErrNoProofs
	}
	byHash := make(map[common.Hash]int, len(p.TransactionHashes))
	for i, h := range p.TransactionHashes {
		if _, dup := byHash[h]; dup {
			return fmt.Errorf("%w: transaction_hashes[%d]: %s given twice", ErrProof, i, h)
		}
		byHash[h] = i
	}
	if len(p.GeneralizedIndexes) != len(p.TransactionHashes) {
		return fmt.Errorf("%w: generalized_indexes: %d for %d transaction_hashes", ErrProof, len(p.GeneralizedIndexes), len(p.TransactionHashes))
	}
	leaves := make([][32]byte, len(p.TransactionHashes))
	found := 0
	for _, c := range constraints {
		i, ok := byHash[c.Hash]
		if !ok {
			return fmt.Errorf("%w: constraint %s has no proof", ErrProof, c.Hash)
		}
		leaves[i] = c.Root
		found++
	}
	if found != len(p.TransactionHashes) {
		return fmt.Errorf("%w: %d proofs for %d constraints (the proofs name transactions that are not constraints)", ErrProof, len(p.TransactionHashes), found)
	}
	root, err := multiRoot(leaves, p.GeneralizedIndexes, p.MerkleHashes)
	if err != nil {
		return err
	}
	if root != transactionsRoot {
		return fmt.Errorf("%w: the proofs give transactions_root %x, the header has %x", ErrProof, root, transactionsRoot)
	}
	return nil
}

// Prove builds the inclusion proofs of the transactions at positions idx of
// a payload's transactions (each in payload form): what a builder or relay
// sends next to its bid.
func Prove(txs [][]byte, idx []int) (*InclusionProofs, error) {
	n := len(txs)
	layers := make([][][32]byte, TxListDepth+1)
	layers[TxListDepth] = make([][32]byte, n)
	for i, tx := range txs {
		layers[TxListDepth][i] = TxRoot(tx)
	}
	for d := TxListDepth; d > 0; d-- {
		cur := layers[d]
		next := make([][32]byte, (len(cur)+1)/2)
		for i := range next {
			r := zeroHashes[TxListDepth-d]
			if 2*i+1 < len(cur) {
				r = cur[2*i+1]
			}
			next[i] = hashPair(cur[2*i], r)
		}
		layers[d-1] = next
	}
	var length [32]byte
	binary.LittleEndian.PutUint64(length[:], uint64(n))
	node := func(g uint64) [32]byte {
		if g == 3 {
			return length
		}
		depth := bits.Len64(g) - 2 // depth below the data root (node 2)
		pos := g - uint64(1)<<(depth+1)
		if pos < uint64(len(layers[depth])) {
			return layers[depth][pos]
		}
		return zeroHashes[TxListDepth-depth]
	}
	p := &InclusionProofs{}
	for _, i := range idx {
		if i < 0 || i >= n {
			return nil, fmt.Errorf("%w: transaction %d of %d", ErrProof, i, n)
		}
		var tx types.Transaction
		if err := tx.UnmarshalBinary(txs[i]); err != nil {
			return nil, fmt.Errorf("%w: transaction %d: %v", ErrProof, i, err)
		}
		p.TransactionHashes = append(p.TransactionHashes, tx.Hash())
		p.GeneralizedIndexes = append(p.GeneralizedIndexes, firstTxIndex+uint64(i))
	}
	for _, g := range helperIndices(p.GeneralizedIndexes) {
		p.MerkleHashes = append(p.MerkleHashes, node(g))
	}
	return p, nil
}
