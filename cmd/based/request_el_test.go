package main

import (
	"context"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// TestRequestWaitFollowsTxToBlock runs `based request --wait --el` against a
// sidecar on a synthetic chain and a real in-process go-ethereum node (over
// IPC) that mines the promised transaction: the command verifies the promise
// and the manifest proof, then reports the block the transaction landed in.
func TestRequestWaitFollowsTxToBlock(t *testing.T) {
	t.Parallel() // most of it is waiting for the slot's deadline
	key, _ := crypto.GenerateKey()
	dir, err := os.MkdirTemp("", "based-el") // short: an IPC path has a length limit
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ipc := filepath.Join(dir, "el.ipc")
	b := simulated.NewBackend(types.GenesisAlloc{crypto.PubkeyToAddress(key.PublicKey): {Balance: big.NewInt(1e18)}}, func(nc *node.Config, _ *ethconfig.Config) {
		nc.IPCPath = ipc
	})
	t.Cleanup(func() { b.Close() })
	chainID := params.AllDevChainProtocolChanges.ChainID
	url := startSynthetic(t, "--preconf.chain-id", chainID.String())

	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{ChainID: chainID, Nonce: 0,
		GasTipCap: big.NewInt(2e9), GasFeeCap: big.NewInt(1e11), Gas: 21000, To: &common.Address{1}, Value: big.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tx.MarshalBinary()

	// The block producer: once the promise is out, the node gets the tx and mines it.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	mined := make(chan error, 1)
	go func() {
		mined <- func() error {
			cl := b.Client()
			if err := cl.SendTransaction(ctx, tx); err != nil {
				return err
			}
			for { // the pool admits transactions asynchronously
				n, err := cl.PendingTransactionCount(ctx)
				if err != nil {
					return err
				}
				if n > 0 {
					break
				}
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(10 * time.Millisecond):
				}
			}
			b.Commit()
			return nil
		}()
	}()

	out, code, err := runApp(t, ctx, "request", "--rpc", url, "--slot", "next", "--tx", hexutil.Encode(raw),
		"--wait", "--el", ipc, "--timeout", "80s")
	if code != 0 {
		t.Fatalf("request: %v\n%s", err, out)
	}
	if err := <-mined; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"promise verified", "manifest proof verified", "included in block 1", "succeeded", tx.Hash().Hex()} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
}
