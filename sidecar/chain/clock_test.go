package chain

import (
	"errors"
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	genesis := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name        string
		slot        time.Duration
		deadline    time.Duration
		at          time.Duration // since genesis
		wantSlot    uint64
		wantEpoch   uint64
		wantNext    time.Duration // since genesis
		proposal    uint64
		wantDeadlne time.Duration // since genesis
	}{
		{"before genesis", 12 * time.Second, 0, -5 * time.Second, 0, 0, 0, 1, 8 * time.Second},
		{"at genesis", 12 * time.Second, 0, 0, 0, 0, 12 * time.Second, 1, 8 * time.Second},
		{"mid slot 3, mainnet default 8 s", 12 * time.Second, 0, 40 * time.Second, 3, 0, 48 * time.Second, 5, 56 * time.Second},
		{"last ns of epoch 0", 12 * time.Second, 0, 32*12*time.Second - 1, 31, 0, 32 * 12 * time.Second, 32, 31*12*time.Second + 8*time.Second},
		{"first slot of epoch 1", 12 * time.Second, 0, 32 * 12 * time.Second, 32, 1, 33 * 12 * time.Second, 33, 32*12*time.Second + 8*time.Second},
		{"devnet 2 s slots scale the deadline", 2 * time.Second, 0, 5 * time.Second, 2, 0, 6 * time.Second, 3, 4*time.Second + 1333333333},
		{"configured deadline 9.5 s", 12 * time.Second, 9500 * time.Millisecond, 0, 0, 0, 12 * time.Second, 2, 12*time.Second + 9500*time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClock(genesis, tc.slot, 32, tc.deadline)
			if err != nil {
				t.Fatal(err)
			}
			now := genesis.Add(tc.at)
			if got := c.SlotAt(now); got != tc.wantSlot {
				t.Errorf("SlotAt = %d, want %d", got, tc.wantSlot)
			}
			if got := c.Epoch(c.SlotAt(now)); got != tc.wantEpoch {
				t.Errorf("Epoch = %d, want %d", got, tc.wantEpoch)
			}
			if got := c.NextSlotStart(now); !got.Equal(genesis.Add(tc.wantNext)) {
				t.Errorf("NextSlotStart = %s, want %s", got.Sub(genesis), tc.wantNext)
			}
			if got := c.CommitmentDeadline(tc.proposal); !got.Equal(genesis.Add(tc.wantDeadlne)) {
				t.Errorf("CommitmentDeadline(%d) = %s after genesis, want %s", tc.proposal, got.Sub(genesis), tc.wantDeadlne)
			}
			if !c.CommitmentDeadline(tc.proposal).Before(c.SlotStart(tc.proposal)) {
				t.Errorf("deadline of slot %d not before the slot starts", tc.proposal)
			}
		})
	}
}

func TestClockSlotAtTimestamp(t *testing.T) {
	c, err := NewClock(time.Unix(1000, 0), 2*time.Second, 32, 0)
	if err != nil {
		t.Fatal(err)
	}
	for ts, want := range map[uint64]uint64{1000: 0, 1002: 1, 1064: 32, 999: 0} {
		if got := c.SlotAtTimestamp(ts); got != want {
			t.Errorf("SlotAtTimestamp(%d) = %d, want %d", ts, got, want)
		}
	}
}

func TestClockRejects(t *testing.T) {
	g := time.Unix(1000, 0)
	for name, f := range map[string]func() (Clock, error){
		"zero genesis":      func() (Clock, error) { return NewClock(time.Time{}, time.Second, 32, 0) },
		"zero slot":         func() (Clock, error) { return NewClock(g, 0, 32, 0) },
		"zero epoch":        func() (Clock, error) { return NewClock(g, time.Second, 0, 0) },
		"deadline too late": func() (Clock, error) { return NewClock(g, 12*time.Second, 32, 12*time.Second) },
		"negative deadline": func() (Clock, error) { return NewClock(g, 12*time.Second, 32, -time.Millisecond) },
	} {
		if _, err := f(); !errors.Is(err, ErrClock) {
			t.Errorf("%s: err = %v, want ErrClock", name, err)
		}
	}
}

// TestBlobSteps reads per-block blob limits as go-eth2-client parses the
// spec: Deneb's and Electra's constants at their forks, then BLOB_SCHEDULE.
func TestBlobSteps(t *testing.T) {
	forks := map[string]uint64{"DENEB": 10, "ELECTRA": 20, "FULU": 30}
	spec := map[string]any{
		"MAX_BLOBS_PER_BLOCK":         uint64(6),
		"MAX_BLOBS_PER_BLOCK_ELECTRA": uint64(9),
		"BLOB_SCHEDULE": []any{
			map[string]any{"EPOCH": uint64(40), "MAX_BLOBS_PER_BLOCK": uint64(21)},
			map[string]any{"EPOCH": uint64(30), "MAX_BLOBS_PER_BLOCK": uint64(15)},
			map[string]any{"EPOCH": "x"}, // unreadable: skipped
			"junk",
		},
	}
	cs := chainSpec{blobSteps: blobStepsFrom(spec, forks)}
	for _, tc := range []struct{ epoch, want uint64 }{{0, 0}, {9, 0}, {10, 6}, {19, 6}, {20, 9}, {30, 15}, {39, 15}, {40, 21}, {1 << 40, 21}} {
		if got := cs.maxBlobs(tc.epoch); got != tc.want {
			t.Errorf("epoch %d: %d blobs, want %d", tc.epoch, got, tc.want)
		}
	}
	// Every fork at epoch 0, as on the devnet: the later fork's limit wins.
	cs = chainSpec{blobSteps: blobStepsFrom(map[string]any{"MAX_BLOBS_PER_BLOCK": uint64(6), "MAX_BLOBS_PER_BLOCK_ELECTRA": uint64(9), "BLOB_SCHEDULE": []any{}},
		map[string]uint64{"DENEB": 0, "ELECTRA": 0})}
	if got := cs.maxBlobs(0); got != 9 {
		t.Errorf("all forks at 0: %d, want 9", got)
	}
}
