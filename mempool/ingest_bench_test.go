package mempool

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/state"
	"github.com/ethereum/go-ethereum/core/tracing"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/txpool/legacypool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/holiman/uint256"
)

// The ingest workload: 100,000 fresh transfers from 1,000 senders over 10 rollups (100
// senders per rollup, 100 nonces each), as raw bytes, so every run decodes them and
// recovers every signature again.
const (
	benchRollups   = 10
	benchSenders   = 100 // per rollup
	benchNonces    = 100
	benchWorkers   = 4
	benchChunk     = 16
	benchGasLimit  = 30_000_000
	benchFirstID   = 2001
	benchBaseFeeGw = 1
)

type ingestLoad struct {
	raw   [][][]byte // [rollup][i] in nonce-interleaved arrival order
	froms [][]common.Address
}

var (
	loadOnce sync.Once
	load     *ingestLoad
)

func ingestWorkload(b *testing.B) *ingestLoad {
	loadOnce.Do(func() {
		l := &ingestLoad{raw: make([][][]byte, benchRollups), froms: make([][]common.Address, benchRollups)}
		var wg sync.WaitGroup
		for r := 0; r < benchRollups; r++ {
			wg.Add(1)
			go func(r int) {
				defer wg.Done()
				chain := int64(benchFirstID + r)
				signer := types.LatestSignerForChainID(big.NewInt(chain))
				keys := make([]*ecdsa.PrivateKey, benchSenders)
				for s := range keys {
					k := testKey(b, r*benchSenders+s)
					keys[s] = k
					l.froms[r] = append(l.froms[r], crypto.PubkeyToAddress(k.PublicKey))
				}
				for n := 0; n < benchNonces; n++ {
					for s := 0; s < benchSenders; s++ {
						to := common.Address{0xaa, byte(s)}
						tx := types.MustSignNewTx(keys[s], signer, &types.DynamicFeeTx{
							ChainID: big.NewInt(chain), Nonce: uint64(n), GasTipCap: gwei(int64(1 + (s+n)%7)), GasFeeCap: gwei(100),
							Gas: 21000, To: &to, Value: big.NewInt(1),
						})
						raw, _ := tx.MarshalBinary()
						l.raw[r] = append(l.raw[r], raw)
					}
				}
			}(r)
		}
		wg.Wait()
		load = l
	})
	return load
}

// ingest feeds every rollup's raw txs to add from benchWorkers goroutines, chunk by chunk,
// decoding each tx on the way in.
func ingest(b *testing.B, l *ingestLoad, add func(r int, txs []*types.Transaction) []error) {
	type job struct{ r, from int }
	jobs := make(chan job, 1024)
	var failed atomic.Int64
	var first atomic.Value
	var wg sync.WaitGroup
	for w := 0; w < benchWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			txs := make([]*types.Transaction, 0, benchChunk)
			for j := range jobs {
				txs = txs[:0]
				for _, raw := range l.raw[j.r][j.from:min(j.from+benchChunk, len(l.raw[j.r]))] {
					tx := new(types.Transaction)
					if err := tx.UnmarshalBinary(raw); err != nil {
						panic(err)
					}
					txs = append(txs, tx)
				}
				for _, err := range add(j.r, txs) {
					if err != nil {
						failed.Add(1)
						first.CompareAndSwap(nil, err.Error())
					}
				}
			}
		}()
	}
	// Arrival interleaves the rollups, each in nonce order.
	for from := 0; from < benchSenders*benchNonces; from += benchChunk {
		for r := 0; r < benchRollups; r++ {
			jobs <- job{r, from}
		}
	}
	close(jobs)
	wg.Wait()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d txs refused, first: %v", n, first.Load())
	}
}

func benchPools(b *testing.B, l *ingestLoad) *TxPool {
	var pools []*Pool
	for r := 0; r < benchRollups; r++ {
		st := newMemState()
		for _, a := range l.froms[r] {
			st.set(a, 0, new(uint256.Int).Mul(ether, uint256.NewInt(100)))
		}
		p, err := NewPool(PoolConfig{
			ChainID: big.NewInt(int64(benchFirstID + r)), ChainConfig: rollupConfig(int64(benchFirstID + r)), GasLimit: benchGasLimit,
			MaxPerSender: 128, MaxTxs: 200_000,
		}, st, l2Head(1, benchBaseFeeGw, benchGasLimit))
		if err != nil {
			b.Fatal(err)
		}
		pools = append(pools, p)
	}
	tp, err := NewTxPool(1_000_000, pools...)
	if err != nil {
		b.Fatal(err)
	}
	return tp
}

// legacyChain is what go-ethereum's legacypool reads of a chain: one head and its state.
type legacyChain struct {
	cfg  *params.ChainConfig
	head *types.Header
	db   state.Database
	root common.Hash
}

func (c *legacyChain) Config() *params.ChainConfig { return c.cfg }
func (c *legacyChain) CurrentBlock() *types.Header { return c.head }
func (c *legacyChain) GetBlock(common.Hash, uint64) *types.Block {
	return types.NewBlock(c.head, nil, nil, trie.NewStackTrie(nil))
}
func (c *legacyChain) StateAt(common.Hash, *big.Int, uint64) (*state.StateDB, error) {
	return state.New(c.root, c.db)
}

type legacyReserver struct{}

func (legacyReserver) Hold(common.Address) error    { return nil }
func (legacyReserver) Release(common.Address) error { return nil }
func (legacyReserver) Has(common.Address) bool      { return false }

func legacyPools(b *testing.B, l *ingestLoad) []*legacypool.LegacyPool {
	var out []*legacypool.LegacyPool
	for r := 0; r < benchRollups; r++ {
		db := state.NewDatabaseForTesting()
		sdb, _ := state.New(types.EmptyRootHash, db)
		for _, a := range l.froms[r] {
			sdb.SetBalance(a, new(uint256.Int).Mul(ether, uint256.NewInt(100)), tracing.BalanceChangeUnspecified)
		}
		cfgR := rollupConfig(int64(benchFirstID + r))
		root, err := sdb.Commit(cfgR.Rules(common.Big0, true, 0), 0)
		if err != nil {
			b.Fatal(err)
		}
		head := l2Head(1, benchBaseFeeGw, benchGasLimit)
		head.Root = root
		chain := &legacyChain{cfg: rollupConfig(int64(benchFirstID + r)), head: head, db: db, root: root}
		cfg := legacypool.DefaultConfig
		cfg.Journal, cfg.NoLocals = "", true
		cfg.AccountSlots, cfg.AccountQueue = 128, 128
		cfg.GlobalSlots, cfg.GlobalQueue = 200_000, 200_000
		p := legacypool.New(cfg, chain)
		if err := p.Init(1, head, legacyReserver{}); err != nil {
			b.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// BenchmarkIngest adds 100,000 fresh L2 txs (decoding and signature recovery included) to
// 10 rollup pools from 4 goroutines: this package's pools, then go-ethereum's legacypool
// (one per rollup) on the same txs. Metrics: tx/s, and for based the ratio to legacypool
// measured in the same run.
func BenchmarkIngest(b *testing.B) {
	l := ingestWorkload(b)
	total := benchRollups * benchSenders * benchNonces
	ctx := context.Background()
	var legacyRate float64
	b.Run("legacypool", func(b *testing.B) {
		var elapsed, cpuUsed time.Duration
		for b.Loop() {
			b.StopTimer()
			pools := legacyPools(b, l)
			b.StartTimer()
			start, c0 := time.Now(), cpuTime()
			ingest(b, l, func(r int, txs []*types.Transaction) []error { return pools[r].Add(txs, false) })
			// Promotion is asynchronous in legacypool: done when every tx is pending.
			for {
				n := 0
				for _, p := range pools {
					pend, _ := p.Stats()
					n += pend
				}
				if n == total {
					break
				}
				time.Sleep(200 * time.Microsecond)
			}
			elapsed += time.Since(start)
			cpuUsed += cpuTime() - c0
			b.StopTimer()
			for _, p := range pools {
				p.Close()
			}
			b.StartTimer()
		}
		legacyRate = float64(total*b.N) / elapsed.Seconds()
		b.ReportMetric(legacyRate, "tx/s")
		b.ReportMetric(float64(cpuUsed.Microseconds())/float64(total*b.N), "cpu-µs/tx")
	})
	b.Run("based", func(b *testing.B) {
		var elapsed, cpuUsed time.Duration
		for b.Loop() {
			b.StopTimer()
			tp := benchPools(b, l)
			b.StartTimer()
			start, c0 := time.Now(), cpuTime()
			ingest(b, l, func(r int, txs []*types.Transaction) []error {
				return tp.Add(ctx, big.NewInt(int64(benchFirstID+r)), txs)
			})
			elapsed += time.Since(start)
			cpuUsed += cpuTime() - c0
			if p, q := tp.Stats(); p != total || q != 0 {
				b.Fatalf("pending %d queued %d, want %d 0", p, q, total)
			}
		}
		rate := float64(total*b.N) / elapsed.Seconds()
		b.ReportMetric(rate, "tx/s")
		b.ReportMetric(float64(cpuUsed.Microseconds())/float64(total*b.N), "cpu-µs/tx")
		if legacyRate > 0 {
			b.ReportMetric(rate/legacyRate, "x-legacypool")
		}
	})
}

// BenchmarkPendingMemory holds 100,000 pending txs over 10 rollups and reports the Go heap
// the pools add (after a collection) and the process's resident set.
func BenchmarkPendingMemory(b *testing.B) {
	l := ingestWorkload(b)
	ctx := context.Background()
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		tp := benchPools(b, l)
		ingest(b, l, func(r int, txs []*types.Transaction) []error {
			return tp.Add(ctx, big.NewInt(int64(benchFirstID+r)), txs)
		})
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if p, _ := tp.Stats(); p != benchRollups*benchSenders*benchNonces {
			b.Fatalf("%d pending", p)
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MiB")
		b.ReportMetric(rssMiB(), "rss-MiB")
		runtime.KeepAlive(tp)
	}
}

// cpuTime returns the process's user plus system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rssMiB returns the process's resident set (VmRSS) in MiB, 0 where /proc is absent.
func rssMiB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkSealBatch seals the shared batch from 10,000 pending txs (10 rollups × 100
// senders × 10 nonces, two of them promised per rollup): block building, RLP, zstd, tx roots.
func BenchmarkSealBatch(b *testing.B) {
	l := ingestWorkload(b)
	ctx := context.Background()
	tp := benchPools(b, l)
	for r := 0; r < benchRollups; r++ {
		var txs []*types.Transaction
		for _, raw := range l.raw[r][:benchSenders*10] {
			tx := new(types.Transaction)
			if err := tx.UnmarshalBinary(raw); err != nil {
				b.Fatal(err)
			}
			txs = append(txs, tx)
		}
		for i, err := range tp.Add(ctx, big.NewInt(int64(benchFirstID+r)), txs) {
			if err != nil {
				b.Fatalf("tx %d: %v", i, err)
			}
		}
		p, _ := tp.pool(big.NewInt(int64(benchFirstID + r)))
		for _, tx := range txs[:2] {
			if err := p.Pin(tx.Hash()); err != nil {
				b.Fatal(err)
			}
		}
	}
	if p, _ := tp.Stats(); p != 10_000 {
		b.Fatalf("%d pending", p)
	}
	var size int
	cpu0 := cpuTime()
	for b.Loop() {
		s, err := tp.Seal(common.Address{0xfe}, MaxBlobsEnvelope)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, h := range s.Headers {
			n += int(h.TxCount)
		}
		if n != 10_000 {
			b.Fatalf("batch has %d txs", n)
		}
		size = len(s.Envelope)
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(size), "envelope-bytes")
}

var _ txpool.Reserver = legacyReserver{}
