package localblock_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/localblock"
)

// BenchmarkBuild256Promised5000Pool measures our block on a real geth: 256
// promised transfers (64 senders × 4 nonces) on top, filled from 5,000
// pending pool transactions (500 senders × 10 nonces, tips 1–10 gwei) up to
// the 60 M gas limit, built with testing_buildBlockV1 and VALID by
// engine_newPayloadV4. One op is one whole Build, which reads the whole pool.
func BenchmarkBuild256Promised5000Pool(b *testing.B) { benchBuild(b, false) }

// BenchmarkBuild256Promised5000PoolReadAhead is the same build with the pool
// read ahead (Prefetch, untimed, as the service does once the parent is
// announced): the build reads only what became pending since.
func BenchmarkBuild256Promised5000PoolReadAhead(b *testing.B) { benchBuild(b, true) }

func benchBuild(b *testing.B, ahead bool) {
	ks := keys(b, 64+500)
	g := startGeth(b, ks)
	s := signer{chainID: g.chainID, to: common.HexToAddress("0xaa")}
	var cons fixedConstraints
	for n := range uint64(4) {
		for _, k := range ks[:64] {
			cons = append(cons, constraint(b, s.transfer(b, k, n, 1)))
		}
	}
	var pool [][]byte
	for i, k := range ks[64:] {
		for n := range uint64(10) {
			pool = append(pool, raw(b, s.transfer(b, k, n, int64(1+(i+int(n))%10))))
		}
	}
	g.send(b, pool)
	waitPending(b, g, uint64(len(pool)))
	bl := localblock.NewBuilder(g.eth, g.engine, cons, []byte("based"), prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	attrs := attrsOn(g.genesis, common.HexToAddress("0xfee"))
	ctx := context.Background()
	b.ResetTimer()
	var txs int
	var ph localblock.Phases
	for b.Loop() {
		if ahead {
			b.StopTimer()
			if err := bl.Prefetch(ctx, attrs.ParentHash); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		blk, err := bl.Build(ctx, attrs)
		if err != nil {
			b.Fatal(err)
		}
		if blk.Constraints != 256 || blk.Phases.Snapshot != ahead {
			b.Fatalf("%d constraints in the block, pool from a snapshot %v", blk.Constraints, blk.Phases.Snapshot)
		}
		txs = len(blk.Payload.Transactions)
		ph.Pool += blk.Phases.Pool
		ph.Build += blk.Phases.Build
		ph.NewPayload += blk.Phases.NewPayload
	}
	b.ReportMetric(float64(txs), "txs/block")
	n := float64(b.N) * 1e6
	b.ReportMetric(float64(ph.Pool)/n, "pool-ms/op")
	b.ReportMetric(float64(ph.Build)/n, "build-ms/op")
	b.ReportMetric(float64(ph.NewPayload)/n, "newpayload-ms/op")
}
