package sequencer

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"

	"github.com/basedsidecar/based/mempool"
)

// BenchmarkSeal is the work at a deadline: seal the batch of one rollup with 1,000 pending
// transfers from 100 senders (the L2 gas limit takes about 1,400 of them), sign its calldata
// tx and store the record synced (on the test's disk).
func BenchmarkSeal(b *testing.B) {
	e := newEnv(b)
	ctx := context.Background()
	keys := make([]*ecdsa.PrivateKey, 100)
	for i := range keys {
		keys[i], _ = crypto.GenerateKey()
		e.state.accs[crypto.PubkeyToAddress(keys[i].PublicKey)] = mempool.Account{Balance: uint256.NewInt(1e18)}
	}
	var txs []*types.Transaction
	to := common.Address{0xaa}
	for n := range uint64(10) {
		for _, k := range keys {
			txs = append(txs, types.MustSignNewTx(k, types.LatestSignerForChainID(rollupID), &types.DynamicFeeTx{ChainID: rollupID, Nonce: n, To: &to,
				Value: big.NewInt(1), Gas: 21000, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9)}))
		}
	}
	e.add(txs...)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		slot := uint64(1000 + i)
		if err := e.seq.seal(ctx, slot); err != nil {
			b.Fatal(err)
		}
		rec, _ := e.seq.Record(slot)
		if len(rec.Blocks) != 1 || len(rec.Blocks[0].Txs) != 1000 {
			b.Fatalf("sealed %d blocks", len(rec.Blocks))
		}
		b.ReportMetric(float64(len(rec.Envelope)), "envelope_bytes")
		// As if L1 missed it: the same txs are sealed again at the next iteration.
		e.seq.mu.Lock()
		e.seq.records[slot].Status = Missed
		e.seq.mu.Unlock()
	}
}
