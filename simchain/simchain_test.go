package simchain

import (
	"context"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
)

// TestMineThenReceipt mines sent transactions and reads their receipts back at once,
// many times over, the pattern that failed on an unindexed block; and gives up on a
// transaction never sent when the caller's context ends.
func TestMineThenReceipt(t *testing.T) {
	key, _ := crypto.GenerateKey()
	from := crypto.PubkeyToAddress(key.PublicKey)
	be := simulated.NewBackend(types.GenesisAlloc{from: {Balance: new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))}})
	t.Cleanup(func() { _ = be.Close() })
	c := be.Client()
	ctx := context.Background()
	id, err := c.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(id)
	for n := uint64(0); n < 50; n++ {
		tx := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{
			ChainID: id, Nonce: n, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &common.Address{0xaa}, Value: big.NewInt(1),
		})
		if err := c.SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
		var r *types.Receipt
		if n%2 == 0 {
			r, err = Mine(ctx, be, c, tx.Hash())
		} else {
			be.Commit()
			r, err = Receipt(ctx, c, tx.Hash())
		}
		if err != nil || r.TxHash != tx.Hash() || r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("tx %d: receipt %+v, %v", n, r, err)
		}
	}
	if bal, err := c.BalanceAt(ctx, common.Address{0xaa}, nil); err != nil || bal.Int64() != 50 {
		t.Fatalf("recipient balance %v %v, want 50 wei", bal, err)
	}

	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if r, err := Receipt(short, c, common.Hash{0x01}); r != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("receipt of an unknown tx: %+v, %v; want the deadline", r, err)
	}
}
