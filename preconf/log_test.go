package preconf

import (
	"errors"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cockroachdb/pebble/vfs"
	"github.com/ethereum/go-ethereum/common"
)

func testRecord(seq uint64) *record {
	return &record{Slot: 7, ChainID: testChainID, TxHash: common.BigToHash(new(big.Int).SetUint64(seq + 1)), Seq: seq,
		Penalty: big.NewInt(1e15), Signature: make([]byte, 65), Tx: []byte{0x02, byte(seq)}}
}

// syncCountFS counts the fsyncs of the write-ahead log's files.
type syncCountFS struct {
	vfs.FS
	syncs atomic.Int64
}

func (fs *syncCountFS) wrap(f vfs.File, name string, err error) (vfs.File, error) {
	if err != nil || !strings.HasSuffix(name, ".log") {
		return f, err
	}
	return &syncCountFile{File: f, n: &fs.syncs}, nil
}

func (fs *syncCountFS) Create(name string) (vfs.File, error) {
	f, err := fs.FS.Create(name)
	return fs.wrap(f, name, err)
}

func (fs *syncCountFS) ReuseForWrite(oldname, newname string) (vfs.File, error) {
	f, err := fs.FS.ReuseForWrite(oldname, newname)
	return fs.wrap(f, newname, err)
}

type syncCountFile struct {
	vfs.File
	n *atomic.Int64
}

func (f *syncCountFile) Sync() error     { f.n.Add(1); return f.File.Sync() }
func (f *syncCountFile) SyncData() error { f.n.Add(1); return f.File.SyncData() }
func (f *syncCountFile) SyncTo(length int64) (bool, error) {
	f.n.Add(1)
	return f.File.SyncTo(length)
}

// TestLogGroupCommit appends from many goroutines at once and checks that
// concurrent appends share fsyncs (fewer WAL syncs than appends) and that
// every append that returned is in the store after a reopen, each once.
func TestLogGroupCommit(t *testing.T) {
	dir := t.TempDir()
	fs := &syncCountFS{FS: vfs.Default}
	lg, err := openLog(dir, slog.New(slog.DiscardHandler), fs)
	if err != nil {
		t.Fatal(err)
	}
	base := fs.syncs.Load()
	const writers, each = 64, 20
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				seq := uint64(w*each + i)
				recs := []*record{testRecord(seq)}
				if i%5 == 0 { // some appends carry two promises
					seq2 := uint64(writers*each + w*each + i)
					recs = append(recs, testRecord(seq2))
				}
				errs <- lg.Append(recs)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	appends := int64(writers * each)
	if syncs := fs.syncs.Load() - base; syncs <= 0 || syncs >= appends {
		t.Fatalf("%d WAL syncs for %d concurrent appends: want at least one and fewer than appends", syncs, appends)
	} else {
		t.Logf("%d WAL syncs for %d appends", syncs, appends)
	}
	if err := lg.Close(); err != nil {
		t.Fatal(err)
	}
	if err := lg.Append([]*record{testRecord(1 << 20)}); !errors.Is(err, ErrLogClosed) {
		t.Fatalf("append after close: %v, want ErrLogClosed", err)
	}

	lg, err = OpenLog(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	seen := map[uint64]bool{}
	err = lg.Slots(0, 100, func(r *record, _ string) error {
		if seen[r.Seq] {
			t.Errorf("seq %d twice", r.Seq)
		}
		seen[r.Seq] = true
		if got, _, err := lg.ByHash(r.TxHash); err != nil || got.Seq != r.Seq {
			t.Errorf("index of seq %d: %v %v", r.Seq, got, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := writers*each + writers*each/5
	if len(seen) != want {
		t.Fatalf("%d promises after reopen, want %d", len(seen), want)
	}
}

// TestLogCloseWhileAppending closes the log under concurrent appends: every
// append either succeeds (and is then on disk) or fails with ErrLogClosed.
func TestLogCloseWhileAppending(t *testing.T) {
	dir := t.TempDir()
	lg, err := OpenLog(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg sync.WaitGroup
		mu sync.Mutex
		ok []uint64
	)
	start := make(chan struct{})
	for w := range 32 {
		wg.Go(func() {
			<-start
			for i := range 50 {
				seq := uint64(w*50 + i)
				switch err := lg.Append([]*record{testRecord(seq)}); {
				case err == nil:
					mu.Lock()
					ok = append(ok, seq)
					mu.Unlock()
				case errors.Is(err, ErrLogClosed):
					return
				default:
					t.Errorf("append %d: %v", seq, err)
					return
				}
			}
		})
	}
	close(start)
	if err := lg.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()

	lg, err = OpenLog(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	for _, seq := range ok {
		if _, _, err := lg.get(7, seq); err != nil {
			t.Fatalf("append %d returned nil but is not on disk: %v", seq, err)
		}
	}
}

// TestPruneRequestsByIndex prunes Commitments API requests through their
// per-slot index: requests of pruned slots go, later ones stay, and requests
// stored without an index entry (older logs) are found by the first prune
// of a process only, not by a scan of every request at each slot.
func TestPruneRequestsByIndex(t *testing.T) {
	dir := t.TempDir()
	lg, err := OpenLog(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { lg.Close() }()
	old, kept := common.Hash{1}, common.Hash{2}
	if err := lg.PutRequest(old, 110, common.Hash{0xa}, nil); err != nil {
		t.Fatal(err)
	}
	if err := lg.PutRequest(kept, 115, common.Hash{0xb}, nil); err != nil {
		t.Fatal(err)
	}
	legacy := func(h common.Hash, slot uint64) {
		k, v, err := requestKV(h, slot, common.Hash{0xc}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := lg.db.Set(k, v, nil); err != nil {
			t.Fatal(err)
		}
	}
	legacy(common.Hash{3}, 105) // no 'r' entry
	if _, err := lg.Prune(111); err != nil {
		t.Fatal(err)
	}
	has := func(h common.Hash) bool {
		_, _, _, err := lg.Request(h)
		return err == nil
	}
	if has(old) || !has(kept) || has(common.Hash{3}) {
		t.Fatalf("after the first prune: old %v kept %v legacy %v", has(old), has(kept), has(common.Hash{3}))
	}
	legacy(common.Hash{4}, 106)
	if _, err := lg.Prune(112); err != nil {
		t.Fatal(err)
	}
	if !has(common.Hash{4}) || !has(kept) {
		t.Fatal("a later prune scanned every request")
	}
	if err := lg.Close(); err != nil { // a new process scans once more
		t.Fatal(err)
	}
	if lg, err = OpenLog(dir, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if _, err := lg.Prune(113); err != nil {
		t.Fatal(err)
	}
	if has(common.Hash{4}) || !has(kept) {
		t.Fatalf("first prune of a new process: legacy %v kept %v", has(common.Hash{4}), has(kept))
	}
}
