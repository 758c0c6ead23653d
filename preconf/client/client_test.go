package client

import (
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/preconf"
)

// TestCheckRequest checks that a promise for another transaction, slot or
// chain than the one asked for is refused, whatever its signature.
func TestCheckRequest(t *testing.T) {
	domain := preconf.Domain{ChainID: big.NewInt(1), VerifyingContract: common.Address{1}}
	key, _ := crypto.GenerateKey()
	sign := func(nonce uint64) ([]byte, common.Hash) {
		tx, err := types.SignNewTx(key, types.LatestSignerForChainID(domain.ChainID), &types.DynamicFeeTx{ChainID: domain.ChainID, Nonce: nonce,
			GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Gas: 21000, To: &common.Address{2}})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := tx.MarshalBinary()
		return raw, tx.Hash()
	}
	raw, hash := sign(0)
	_, other := sign(1)
	promise := func(mut func(*preconf.InclusionCommitment)) *preconf.SignedCommitment {
		sc := &preconf.SignedCommitment{Commitment: preconf.InclusionCommitment{Slot: 110, ChainID: big.NewInt(1), TxHash: hash}}
		if mut != nil {
			mut(&sc.Commitment)
		}
		return sc
	}
	for _, tc := range []struct {
		name    string
		sc      *preconf.SignedCommitment
		chainID *big.Int
		want    error
	}{
		{"as asked", promise(nil), nil, nil},
		{"as asked, chain given", promise(nil), big.NewInt(1), nil},
		{"a swapped tx", promise(func(c *preconf.InclusionCommitment) { c.TxHash = other }), nil, ErrMismatch},
		{"another slot", promise(func(c *preconf.InclusionCommitment) { c.Slot = 111 }), nil, ErrMismatch},
		{"another chain", promise(func(c *preconf.InclusionCommitment) { c.ChainID = big.NewInt(10) }), nil, ErrMismatch},
		{"no chain", promise(func(c *preconf.InclusionCommitment) { c.ChainID = nil }), nil, ErrMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := CheckRequest(tc.sc, 110, tc.chainID, raw, domain); !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
}

type chainID int64

func (c chainID) ChainID(context.Context) (*big.Int, error) { return big.NewInt(int64(c)), nil }

func TestChainDomain(t *testing.T) {
	d, err := ChainDomain(context.Background(), chainID(17000), common.Address{5})
	if err != nil || d.ChainID.Int64() != 17000 || d.VerifyingContract != (common.Address{5}) {
		t.Fatalf("domain %+v %v", d, err)
	}
	if _, err := ChainDomain(context.Background(), chainID(1), common.Address{}); err == nil {
		t.Fatal("zero slasher accepted")
	}
}
