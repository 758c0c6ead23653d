package preconf

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// benchTxs pre-signs n transfers of nSenders senders, consecutive nonces each.
func benchTxs(b *testing.B, env *testEnv, n, nSenders int) [][]byte {
	b.Helper()
	ws := make([]*wallet, nSenders)
	for i := range ws {
		ws[i] = newWallet(b, env.chain, new(big.Int).Mul(ether, big.NewInt(1000)))
	}
	raws := make([][]byte, n)
	for i := range raws {
		raws[i] = ws[i%nSenders].raw(b, txOpts{typ: 2, nonce: uint64(i / nSenders)})
	}
	return raws
}

func benchEnv(b *testing.B) *testEnv {
	return newEnv(b, func(c *Config) {
		c.MaxCount, c.MaxGas = 1<<22, 1<<40 // max gas × max count must fit in 63 bits
		c.Collateral = new(big.Int).Lsh(big.NewInt(1), 200)
	})
}

// BenchmarkRequest is the whole path: decode, sender recovery, rules, EIP-712
// signature and a synced log write, with 32 concurrent requesters sharing fsyncs.
func BenchmarkRequest(b *testing.B) {
	env := benchEnv(b)
	raws := benchTxs(b, env, b.N, 4096)
	var next atomic.Int64
	b.SetParallelism(16) // 32 requesters on 2 cores
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) - 1
			if _, err := env.e.Request(context.Background(), 110, nil, raws[i]); err != nil {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "promises/s")
}

// BenchmarkSignPersist is one EIP-712 signature and one synced log write, alone.
func BenchmarkSignPersist(b *testing.B) {
	env := benchEnv(b)
	c := InclusionCommitment{Slot: 110, ChainID: testChainID, Committer: env.e.Committer(), Penalty: big.NewInt(1e15)}
	raw := make([]byte, 110)
	b.ResetTimer()
	for i := range b.N {
		c.Seq, c.TxHash = uint64(i), common.BigToHash(big.NewInt(int64(i)))
		sig, err := Sign(c.Digest(env.e.cfg.Domain), committerKey)
		if err != nil {
			b.Fatal(err)
		}
		if err := env.lg.Append([]*record{{Slot: c.Slot, ChainID: c.ChainID, TxHash: c.TxHash, Committer: c.Committer, Seq: c.Seq, Penalty: c.Penalty, Signature: sig, Tx: raw}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSignPersistParallel is the same with 32 concurrent writers.
func BenchmarkSignPersistParallel(b *testing.B) {
	env := benchEnv(b)
	var next atomic.Int64
	raw := make([]byte, 110)
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1)
			c := InclusionCommitment{Slot: 110, ChainID: testChainID, Committer: env.e.Committer(), Penalty: big.NewInt(1e15), Seq: uint64(i), TxHash: common.BigToHash(big.NewInt(i))}
			sig, _ := Sign(c.Digest(env.e.cfg.Domain), committerKey)
			if err := env.lg.Append([]*record{{Slot: c.Slot, ChainID: c.ChainID, TxHash: c.TxHash, Committer: c.Committer, Seq: c.Seq, Penalty: c.Penalty, Signature: sig, Tx: raw}}); err != nil {
				b.Error(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
}

// BenchmarkValidate is decoding, sender recovery and the account checks, without signing or writing.
func BenchmarkValidate(b *testing.B) {
	env := benchEnv(b)
	raws := benchTxs(b, env, 1024, 1024)
	b.ResetTimer()
	for i := range b.N {
		if _, err := env.e.checkTx(context.Background(), 110, testChainID, raws[i%len(raws)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkManifest(b *testing.B) {
	for _, n := range []int{256, 4096} {
		keys, vals := make([]common.Hash, n), make([]common.Hash, n)
		for i := range n {
			keys[i] = crypto.Keccak256Hash([]byte(fmt.Sprint("k", i)))
			vals[i] = crypto.Keccak256Hash([]byte(fmt.Sprint("v", i)))
		}
		b.Run(fmt.Sprintf("build/%d", n), func(b *testing.B) {
			for range b.N {
				if _, _, err := buildManifestTree(keys, vals); err != nil {
					b.Fatal(err)
				}
			}
		})
		tree, root, err := buildManifestTree(keys, vals)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("prove/%d", n), func(b *testing.B) {
			for i := range b.N {
				if _, _, err := tree.prove(keys[i%n]); err != nil {
					b.Fatal(err)
				}
			}
		})
		vp, sd, _ := tree.prove(keys[0])
		p := &ManifestProof{Root: root, Key: keys[0], Value: vals[0], Proof: vp, StateDiff: sd}
		b.Run(fmt.Sprintf("verify/%d", n), func(b *testing.B) {
			for range b.N {
				if err := p.Verify(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFloor measures what no code of ours can go below on this machine:
// sender recovery and a committer signature with every core busy (cpu-µs
// is the CPU time one costs), and one 4 KiB write + fdatasync of a
// preallocated file (the disk's flush latency, p50 and p99).
func BenchmarkFloor(b *testing.B) {
	key, _ := crypto.GenerateKey()
	digest := crypto.Keccak256([]byte("floor"))
	sig, _ := crypto.Sign(digest, key)
	cpuMicros := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())*float64(runtime.GOMAXPROCS(0))/float64(b.N)/1e3, "cpu-µs/op")
	}
	b.Run("recover", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := crypto.Ecrecover(digest, sig); err != nil {
					b.Error(err)
				}
			}
		})
		cpuMicros(b)
	})
	b.Run("sign", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := crypto.Sign(digest, key); err != nil {
					b.Error(err)
				}
			}
		})
		cpuMicros(b)
	})
	// fdatasync overwrites blocks of a preallocated file, the cheapest
	// flush; fdatasync-append appends to a growing file as a fresh WAL does,
	// so each flush also commits the new file size.
	for _, mode := range []string{"fdatasync", "fdatasync-append"} {
		b.Run(mode, func(b *testing.B) {
			f, err := os.Create(filepath.Join(b.TempDir(), "sync"))
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			const blocks = 4096
			buf := make([]byte, 4096)
			if mode == "fdatasync" {
				for i := range blocks {
					if _, err := f.WriteAt(buf, int64(i)*4096); err != nil {
						b.Fatal(err)
					}
				}
				if err := f.Sync(); err != nil {
					b.Fatal(err)
				}
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				off := int64(i%blocks) * 4096
				if mode != "fdatasync" {
					off = int64(i) * 512
				}
				t0 := time.Now()
				if _, err := f.WriteAt(buf[:512], off); err != nil {
					b.Fatal(err)
				}
				if err := syscall.Fdatasync(int(f.Fd())); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		})
	}
}

// BenchmarkRequestPaced sends b.N requests at a fixed 2,000 per second, each
// in its own goroutine, and reports the latency percentiles of the engine
// alone (no HTTP): run with -benchtime 20000x for ten seconds of load.
func BenchmarkRequestPaced(b *testing.B) {
	const rate = 2000
	env := benchEnv(b)
	raws := benchTxs(b, env, b.N, 4096)
	lats := make([]time.Duration, b.N)
	done := make(chan struct{}, b.N)
	interval := time.Second / rate
	b.ResetTimer()
	start := time.Now()
	for i := range b.N {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		go func() {
			t0 := time.Now()
			if _, err := env.e.Request(context.Background(), 110, nil, raws[i]); err != nil {
				b.Error(err)
			}
			lats[i] = time.Since(t0)
			done <- struct{}{}
		}()
	}
	for range b.N {
		<-done
	}
	b.StopTimer()
	slices.Sort(lats)
	b.ReportMetric(float64(lats[b.N/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lats[b.N*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(lats[b.N-1].Microseconds()), "max-µs")
}

// BenchmarkHeldPromise reports the Go heap that each promise of an open slot
// keeps live until its slot is final (64 slots later by default), the figure
// that sets the sidecar's memory at a sustained rate.
func BenchmarkHeldPromise(b *testing.B) {
	env := benchEnv(b)
	raws := benchTxs(b, env, b.N, 4096)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for len(raws) > 0 { // as a server gets them: batches of fresh bytes
		cs := make([]Call, min(len(raws), 100))
		for i := range cs {
			cs[i] = Call{Slot: 110, Tx: slices.Clone(raws[i])}
		}
		raws = raws[len(cs):]
		for _, o := range env.e.RequestEach(context.Background(), cs) {
			if o.Err != nil {
				b.Fatal(o.Err)
			}
		}
	}
	b.StopTimer()
	runtime.GC() // twice: the first only moves pooled buffers to the victim cache
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(b.N), "heap-B/promise")
	runtime.KeepAlive(env)
}

// BenchmarkSignedCommitmentJSON is the encoding of one promise answer, with
// its typedData (as served) and without.
func BenchmarkSignedCommitmentJSON(b *testing.B) {
	sc := SignedCommitment{Commitment: InclusionCommitment{Slot: 123456, ChainID: big.NewInt(3151908), TxHash: common.Hash{1}, Sender: common.Address{2},
		Nonce: 7, Committer: common.Address{3}, Seq: 12, Penalty: new(big.Int).Mul(big.NewInt(21e13), big.NewInt(1e5))}, Digest: common.Hash{4}, Signature: make([]byte, 65)}
	for _, c := range []struct {
		name   string
		domain *Domain
	}{{"typedData", &Domain{ChainID: big.NewInt(3151908), VerifyingContract: common.Address{5}}}, {"bare", nil}} {
		b.Run(c.name, func(b *testing.B) {
			sc.Domain = c.domain
			b.ReportAllocs()
			var n int
			for b.Loop() {
				out, _ := sc.MarshalJSON()
				n = len(out)
			}
			b.ReportMetric(float64(n), "bytes/answer")
		})
	}
}
