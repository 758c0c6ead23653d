package rollup_test

import (
	"math/big"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/rollup"
	"github.com/ethereum/go-ethereum/common"
)

// BenchmarkDeriveReplay replays L1 into a fresh node: a simulated L1 with the real inbox
// holds BENCH_BLOCKS (default 50) batches of BENCH_TXS (default 200) transfers each; every
// iteration a new node on a new real geth derives all of it (fetch, decode, header checks,
// Engine API execution). It reports L2 blocks/s and tx/s.
func BenchmarkDeriveReplay(b *testing.B) {
	blocks, txsPer := envInt("BENCH_BLOCKS", 50), envInt("BENCH_TXS", 200)
	l := newL1Sim(b, l2ChainID)
	const senders = 20
	keys, alloc := testKeys(b, senders)
	gen := rollup.Genesis(l2ChainID, l2GasLimit, 0, alloc)
	ref := startNode(b, l, gen, "", b.TempDir())
	nonces := make([]uint64, senders)
	to := common.Address{0xaa}
	for i := range blocks {
		var txs [][]byte
		for j := range txsPer {
			k := j % senders
			txs = append(txs, transfer(b, keys[k], l2ChainID, nonces[k], to, 1))
			nonces[k]++
		}
		hs, env := batch(b, []common.Hash{ref.d.Head().L2Hash}, mempool.Block{ChainID: big.NewInt(l2ChainID), FeeRecipient: common.Address{0xfe}, Txs: txs})
		l.post(hs, env, false)
		ref.sync(b)
		if uint64(ref.d.Head().L2Number) != uint64(i+1) {
			b.Fatalf("batch %d not derived", i)
		}
	}
	b.ResetTimer()
	var total time.Duration
	for range b.N {
		b.StopTimer()
		n := startNode(b, l, gen, "", b.TempDir())
		b.StartTimer()
		start := time.Now()
		n.sync(b)
		total += time.Since(start)
		b.StopTimer()
		if n.d.Head().L2Hash != ref.d.Head().L2Hash {
			b.Fatal("replayed chain differs")
		}
		b.StartTimer()
	}
	sec := total.Seconds() / float64(b.N)
	b.ReportMetric(float64(blocks)/sec, "blocks/s")
	b.ReportMetric(float64(blocks*txsPer)/sec, "tx/s")
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkExecutionApply measures the execution side alone: one L2 block of BENCH_TXS
// (default 200) transfers per iteration through testing_buildBlockV1, engine_newPayloadV4
// and engine_forkchoiceUpdatedV3 on a real geth. It reports tx/s.
func BenchmarkExecutionApply(b *testing.B) {
	txsPer := envInt("BENCH_TXS", 200)
	const senders = 20
	keys, alloc := testKeys(b, senders)
	g := startGeth(b, rollup.Genesis(l2ChainID, l2GasLimit, 0, alloc))
	x := g.dial(b)
	nonces := make([]uint64, senders)
	inputs := make([]rollup.BlockInput, b.N)
	for i := range inputs {
		inputs[i] = rollup.BlockInput{Slot: uint64(i + 1), Timestamp: uint64(i + 1), FeeRecipient: common.Address{0xfe}}
		for j := range txsPer {
			k := j % senders
			inputs[i].Txs = append(inputs[i].Txs, transfer(b, keys[k], l2ChainID, nonces[k], common.Address{0xaa}, 1))
			nonces[k]++
		}
	}
	head, err := x.Header(b.Context(), common.Hash{})
	if err != nil {
		b.Fatal(err)
	}
	parent := head.Hash()
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		built, err := x.Apply(b.Context(), parent, inputs[i])
		if err != nil || built.Included != txsPer {
			b.Fatalf("block %d: %v %+v", i, err, built)
		}
		parent = built.Hash
	}
	sec := time.Since(start).Seconds()
	b.ReportMetric(float64(b.N)/sec, "blocks/s")
	b.ReportMetric(float64(b.N*txsPer)/sec, "tx/s")
}
