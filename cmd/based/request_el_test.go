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

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
)

// TestRequestWaitFollowsTxToBlock runs `based request --wait --el` against a
// sidecar on a synthetic chain and a real in-process go-ethereum node (over
// IPC) that mines the promised transaction: the command verifies the promise
// and the manifest proof, follows the transaction to its block, and exits 0
// only when the block is the promised slot's (timestamp = genesis + slot ×
// slot duration); mined at another time it exits 1 with "promise broken".
func TestRequestWaitFollowsTxToBlock(t *testing.T) {
	for _, tt := range []struct {
		name     string
		inSlot   bool
		wantCode int
		want     []string
	}{
		{"in the promised slot", true, 0, []string{"promise verified", "(from --slasher and the execution client)", "manifest proof verified", "included in block", "succeeded", "slot timing NOT checked", "landed in the promised slot"}},
		{"in another slot", false, 1, []string{"promise verified", "included in block 1", "promise broken"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
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
			const slasher = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
			url := startSynthetic(t, "--preconf.chain-id", chainID.String(), "--preconf.slasher", slasher)

			tx, err := types.SignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{ChainID: chainID, Nonce: 0,
				GasTipCap: big.NewInt(2e9), GasFeeCap: big.NewInt(1e11), Gas: 21000, To: &common.Address{1}, Value: big.NewInt(1)})
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := tx.MarshalBinary()

			// The block producer: once the promise is out, the node gets the
			// tx and mines it, in the promised slot's time (an empty block
			// first, a second before it) or at once.
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			mined := make(chan error, 1)
			go func() {
				mined <- func() error {
					pc, err := client.Dial(ctx, url)
					if err != nil {
						return err
					}
					defer pc.Close()
					var sc *preconf.SignedCommitment
					for sc == nil {
						if sc, err = pc.Commitment(ctx, tx.Hash()); err != nil {
							sc = nil
							select {
							case <-ctx.Done():
								return ctx.Err()
							case <-time.After(20 * time.Millisecond):
							}
						}
					}
					cl := b.Client()
					if tt.inSlot {
						st, err := pc.Status(ctx)
						if err != nil {
							return err
						}
						want := st.Chain.GenesisTime + sc.Commitment.Slot*st.Chain.SlotDurationMs/1000
						head, err := cl.HeaderByNumber(ctx, nil)
						if err != nil {
							return err
						}
						if err := b.AdjustTime(time.Duration(want-1-head.Time) * time.Second); err != nil {
							return err
						}
					}
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
				"--wait", "--el", ipc, "--slasher", slasher, "--timeout", "80s")
			if code != tt.wantCode {
				t.Fatalf("request: exit %d (%v), want %d\n%s", code, err, tt.wantCode, out)
			}
			if err := <-mined; err != nil {
				t.Fatal(err)
			}
			if err != nil {
				out += err.Error()
			}
			for _, want := range append(tt.want, tx.Hash().Hex()) {
				if !strings.Contains(out, want) {
					t.Fatalf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}
