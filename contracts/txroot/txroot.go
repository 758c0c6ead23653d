// Package txroot computes the transaction root a rollup block header commits to in the
// RollupInbox, and the proofs the PreconfSlasher's L2 defence checks: a binary Merkle tree
// over the block's tx hashes with sorted-pair keccak256 (OpenZeppelin's MerkleProof), where
// the last node of an odd level moves up unchanged.
package txroot

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// ErrIndex is wrapped by every proof request for a tx index the block does not have.
var ErrIndex = errors.New("txroot: tx index out of range")

// Root returns the root over the tx hashes; the zero hash for none.
func Root(txs []common.Hash) common.Hash {
	if len(txs) == 0 {
		return common.Hash{}
	}
	level := append([]common.Hash(nil), txs...)
	for len(level) > 1 {
		level = up(level)
	}
	return level[0]
}

// Proof returns the sibling hashes from tx index up to the root.
func Proof(txs []common.Hash, index int) ([]common.Hash, error) {
	if index < 0 || index >= len(txs) {
		return nil, fmt.Errorf("%w: index %d, block has %d txs", ErrIndex, index, len(txs))
	}
	var proof []common.Hash
	level := append([]common.Hash(nil), txs...)
	for len(level) > 1 {
		if sib := index ^ 1; sib < len(level) {
			proof = append(proof, level[sib])
		}
		level = up(level)
		index /= 2
	}
	return proof, nil
}

// Verify reports whether proof places tx under root.
func Verify(proof []common.Hash, root, tx common.Hash) bool {
	h := tx
	for _, p := range proof {
		h = pair(h, p)
	}
	return h == root
}

func up(level []common.Hash) []common.Hash {
	next := make([]common.Hash, (len(level)+1)/2)
	for i := range next {
		if 2*i+1 < len(level) {
			next[i] = pair(level[2*i], level[2*i+1])
		} else {
			next[i] = level[2*i]
		}
	}
	return next
}

func pair(a, b common.Hash) common.Hash {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	return crypto.Keccak256Hash(a[:], b[:])
}
