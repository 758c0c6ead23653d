package preconf

import (
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
)

// simChain reads head, nonces and balances from a real in-process go-ethereum
// node; the lookahead comes from the fake chain.
type simChain struct {
	*fakeChain
	be *simulated.Backend
}

func (c *simChain) Head() Head {
	h, err := c.be.Client().HeaderByNumber(context.Background(), nil)
	if err != nil {
		panic(err)
	}
	return Head{Number: h.Number.Uint64(), Hash: h.Hash(), Timestamp: h.Time, BaseFee: h.BaseFee, BlobBaseFee: big.NewInt(1), Slot: 100}
}

func (c *simChain) Account(ctx context.Context, a common.Address) (uint64, *big.Int, error) {
	n, err := c.be.Client().NonceAt(ctx, a, nil)
	if err != nil {
		return 0, nil, err
	}
	b, err := c.be.Client().BalanceAt(ctx, a, nil)
	return n, b, err
}

// TestIntegrationSimulatedNode checks the state rules against a real node:
// nonces and balances from its state, the base fee from its head, and a
// promise voided when the sender spends its nonce on chain first.
func TestIntegrationSimulatedNode(t *testing.T) {
	rich, poor := newWalletKey(t), newWalletKey(t)
	be := simulated.NewBackend(types.GenesisAlloc{
		rich.addr: {Balance: new(big.Int).Mul(ether, big.NewInt(10))},
		poor.addr: {Balance: big.NewInt(1e15)},
	})
	defer be.Close()
	chainID, err := be.Client().ChainID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	env := newEnv(t, func(c *Config) { c.Domain.ChainID = chainID })
	sim := &simChain{fakeChain: env.chain, be: be}
	env.e.chain = sim
	ctx := context.Background()

	// Advance the sender's nonce on chain to 1.
	first := rich.rawFor(t, chainID, txOpts{typ: 2, nonce: 0})
	var tx types.Transaction
	if err := tx.UnmarshalBinary(first); err != nil {
		t.Fatal(err)
	}
	if err := be.Client().SendTransaction(ctx, &tx); err != nil {
		t.Fatal(err)
	}
	be.Commit()

	cases := []struct {
		name string
		raw  []byte
		want *Rule
	}{
		{"nonce already used on chain", rich.rawFor(t, chainID, txOpts{typ: 2, nonce: 0, value: big.NewInt(2)}), ErrNonce},
		{"next nonce after the chain's", rich.rawFor(t, chainID, txOpts{typ: 2, nonce: 1}), nil},
		{"consecutive after a promise", rich.rawFor(t, chainID, txOpts{typ: 2, nonce: 2}), nil},
		{"poor sender", poor.rawFor(t, chainID, txOpts{typ: 2, nonce: 0}), ErrBalance},
		{"max fee below the node's base fee", rich.rawFor(t, chainID, txOpts{typ: 2, nonce: 3, feeCap: big.NewInt(1), tip: big.NewInt(1)}), ErrMaxFee},
	}
	for _, c := range cases {
		_, err := env.e.Request(ctx, 110, chainID, c.raw)
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
		}
	}

	// The sender spends nonce 1 with another tx on chain: the promise for it is void.
	other := rich.rawFor(t, chainID, txOpts{typ: 2, nonce: 1, value: big.NewInt(99)})
	if err := tx.UnmarshalBinary(other); err != nil {
		t.Fatal(err)
	}
	if err := be.Client().SendTransaction(ctx, &tx); err != nil {
		t.Fatal(err)
	}
	be.Commit()
	if err := env.e.OnHead(ctx, sim.Head()); err != nil {
		t.Fatal(err)
	}
	voided, kept := 0, 0
	for _, p := range env.e.senders[chainAccount{env.e.l1, rich.addr}] {
		if p.Void != "" {
			voided++
			if p.Commitment.Nonce != 1 {
				t.Errorf("nonce %d voided", p.Commitment.Nonce)
			}
		} else {
			kept++
		}
	}
	if voided != 1 || kept != 1 {
		t.Fatalf("voided %d kept %d, want 1 and 1", voided, kept)
	}
}

func newWalletKey(t *testing.T) *wallet {
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return &wallet{key: k, addr: crypto.PubkeyToAddress(k.PublicKey)}
}

func (w *wallet) rawFor(t *testing.T, chainID *big.Int, o txOpts) []byte {
	o.chainID = chainID
	return w.raw(t, o)
}
