package preconf

import (
	"errors"
	"log/slog"
	"math/big"
	"sync"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func testRecord(seq uint64) *record {
	return &record{Slot: 7, ChainID: testChainID, TxHash: common.BigToHash(new(big.Int).SetUint64(seq + 1)), Seq: seq,
		Penalty: big.NewInt(1e15), Signature: make([]byte, 65), Tx: []byte{0x02, byte(seq)}}
}

// TestLogGroupCommit appends from many goroutines at once and checks that
// every append that returned is in the store after a reopen, each once.
func TestLogGroupCommit(t *testing.T) {
	dir := t.TempDir()
	lg, err := OpenLog(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
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
