package defender

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/gethclient"
	"github.com/ethereum/go-ethereum/rlp"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/ethereum/go-ethereum/triedb"
)

// headerRLP is the RLP encoding of h, checked to hash to h's block hash (what the slasher checks).
func headerRLP(h *types.Header) ([]byte, error) {
	b, err := rlp.EncodeToBytes(h)
	if err != nil {
		return nil, err
	}
	if crypto.Keccak256Hash(b) != h.Hash() {
		return nil, fmt.Errorf("header %v: encoding does not hash to the block hash", h.Number)
	}
	return b, nil
}

// orderedProof collects trie proof nodes in the order Trie.Prove writes them: root first.
type orderedProof [][]byte

func (p *orderedProof) Put(_ []byte, v []byte) error {
	*p = append(*p, common.CopyBytes(v))
	return nil
}

func (p *orderedProof) Delete([]byte) error { return nil }

// txProof returns the transactions-trie proof of the tx at index of b, root first,
// after checking that the rebuilt trie has b's transactions root.
func txProof(b *types.Block, index int) ([][]byte, error) {
	tr := trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil))
	for i, tx := range b.Transactions() {
		v, err := tx.MarshalBinary()
		if err != nil {
			return nil, err
		}
		if err := tr.Update(rlp.AppendUint64(nil, uint64(i)), v); err != nil {
			return nil, err
		}
	}
	if root := tr.Hash(); root != b.TxHash() {
		return nil, fmt.Errorf("block %v: rebuilt transactions root %s, header has %s", b.Number(), root, b.TxHash())
	}
	var p orderedProof
	if err := tr.Prove(rlp.AppendUint64(nil, uint64(index)), &p); err != nil {
		return nil, err
	}
	return p, nil
}

// rpcProver reads account proofs with eth_getProof.
type rpcProver struct{ c *gethclient.Client }

// NewProver reads account proofs over c (eth_getProof).
func NewProver(c *gethrpc.Client) Prover { return rpcProver{gethclient.New(c)} }

func (p rpcProver) AccountProof(ctx context.Context, account common.Address, block *big.Int) ([][]byte, error) {
	r, err := p.c.GetProof(ctx, account, nil, block)
	if err != nil {
		return nil, fmt.Errorf("eth_getProof %s at block %v: %w", account, block, err)
	}
	out := make([][]byte, len(r.AccountProof))
	for i, n := range r.AccountProof {
		if out[i], err = hexutil.Decode(n); err != nil {
			return nil, fmt.Errorf("eth_getProof %s: node %d: %w", account, i, err)
		}
	}
	return out, nil
}
