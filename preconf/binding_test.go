package preconf

import (
	"context"
	"errors"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// TestPenaltyFromEffectiveTip checks that the penalty is priced on the tip
// the block producer can earn at the projected base fee, not the signed tip.
func TestPenaltyFromEffectiveTip(t *testing.T) {
	env := newEnv(t, nil)
	base := ProjectFee(gwei, 10) // head base fee 1 gwei, 10 blocks to slot 110
	feeCap := new(big.Int).Add(base, new(big.Int).Mul(big.NewInt(2), gwei))
	raw := newFunded(t, env).raw(t, txOpts{typ: 2, gas: 1_000_000, tip: feeCap, feeCap: feeCap}) // signed tip ≈ 5.25 gwei
	p := mustPromise(t, env, 110, raw)
	want := new(big.Int).Mul(big.NewInt(10*1_000_000), new(big.Int).Mul(big.NewInt(2), gwei)) // 10 × gas × 2 gwei
	if p.Commitment.Penalty.Cmp(want) != 0 {
		t.Fatalf("penalty %v, want %v (10 × gas × effective tip)", p.Commitment.Penalty, want)
	}
}

// TestBatchSlotBinding: a transaction promised for one slot is never served
// as the promise of another, on the batch (Bolt) path too, even when the
// other promise appears between the checks and the reservation.
func TestBatchSlotBinding(t *testing.T) {
	env := newEnv(t, nil)
	w := newFunded(t, env)
	raw := w.raw(t, txOpts{typ: 2})
	c, err := env.e.checkTx(context.Background(), 110, testChainID, raw)
	if err != nil {
		t.Fatal(err)
	}
	p111 := mustPromise(t, env, 111, raw) // meanwhile, the same tx for slot 111
	d, _ := env.chain.Duty(110)
	all, _, err := env.e.reserve(110, d, []*checked{c})
	if !errors.Is(err, ErrOtherSlot) {
		t.Fatalf("batch for slot 110 got %v, err %v; want ErrOtherSlot", all, err)
	}
	if re, _ := AsRuleError(err); re.Field != "slot" || re.ErrorCode() != ErrOtherSlot.Code {
		t.Fatalf("error %+v", re)
	}
	if _, err := env.e.RequestBatch(context.Background(), 110, nil, [][]byte{raw}); !errors.Is(err, ErrOtherSlot) {
		t.Fatalf("RequestBatch for another slot: %v", err)
	}
	if n := env.e.Status().Promises; n != 1 || p111.Commitment.Slot != 111 {
		t.Fatalf("%d promises", n)
	}
}

// TestDeadlineRecheckedUnderLock moves the clock past the deadline between
// the slot check and the reservation (as a slow account read does): no
// promise may be signed after the deadline, on either path.
func TestDeadlineRecheckedUnderLock(t *testing.T) {
	for _, batch := range []bool{false, true} {
		env := newEnv(t, nil)
		deadline := env.chain.duties[110].Deadline
		var calls atomic.Int32
		env.e.cfg.Now = func() time.Time {
			if calls.Add(1) == 1 { // the slot check
				return deadline.Add(-time.Millisecond)
			}
			return deadline
		}
		raw := newFunded(t, env).raw(t, txOpts{typ: 2})
		var err error
		if batch {
			_, err = env.e.RequestBatch(context.Background(), 110, nil, [][]byte{raw})
		} else {
			_, err = env.e.Request(context.Background(), 110, nil, raw)
		}
		if !errors.Is(err, ErrDeadline) {
			t.Fatalf("batch %v: promise with the clock at the deadline: %v", batch, err)
		}
		if n := env.e.Status().Promises; n != 0 {
			t.Fatalf("batch %v: %d promises", batch, n)
		}
	}
}

// TestSealWhileHeadStalls blocks every account read (a slow execution
// client) while a head is being processed: the slot past its deadline is
// sealed all the same.
func TestSealWhileHeadStalls(t *testing.T) {
	// The verkle tree's first use builds its precomputed tables (tens of
	// seconds under -race); do it before the clock of this test starts.
	if _, _, err := buildManifestTree([]common.Hash{{1}}, []common.Hash{{1}}); err != nil {
		t.Fatal(err)
	}
	env := newEnv(t, nil)
	mustPromise(t, env, 110, newFunded(t, env).raw(t, txOpts{typ: 2}))
	var now atomic.Pointer[time.Time]
	start := env.now
	now.Store(&start)
	env.e.cfg.Now = func() time.Time { return *now.Load() }
	gate := make(chan struct{})
	env.chain.mu.Lock()
	entered := make(chan struct{}, 1)
	env.chain.accountGate, env.chain.accountEntered = gate, entered
	env.chain.head.Hash[0] = 1 // a new head: OnHead reads the sender's account and blocks
	env.chain.mu.Unlock()
	events, stop := env.e.Subscribe(16)
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- env.e.Run(ctx, time.Millisecond) }()
	timeout := time.After(20 * time.Second)
	select {
	case <-entered: // the loop is inside OnHead, waiting for the account
	case <-timeout:
		t.Fatal("the head re-check never read an account")
	}
	past := env.chain.duties[110].Deadline
	now.Store(&past)
	for sealed := false; !sealed; {
		select {
		case ev := <-events:
			sealed = ev.Kind == "manifest" && ev.Manifest.Slot == 110
		case <-timeout:
			t.Fatal("slot not sealed while the head re-check was stalled")
		}
	}
	cancel()
	close(gate)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
