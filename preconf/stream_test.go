package preconf

import (
	"context"
	"errors"
	"math/big"
	"sync"
	"testing"
	"time"
)

// collect reads events from ch until it has n of them.
func collect(t *testing.T, ch <-chan Event, n int) []Event {
	t.Helper()
	var out []Event
	deadline := time.After(20 * time.Second)
	for len(out) < n {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("stream closed after %d of %d events", len(out), n)
			}
			out = append(out, ev)
		case <-deadline:
			t.Fatalf("%d of %d events", len(out), n)
		}
	}
	return out
}

// key is what identifies an event of the stream.
func evKey(ev Event) string {
	if ev.Manifest != nil {
		return ev.Kind + "/" + new(big.Int).SetUint64(ev.Manifest.Slot).String()
	}
	return ev.Kind + "/" + ev.Commitment.Commitment.TxHash.Hex()
}

// checkSeq fails unless got is exactly want (same events, same cursors, same order).
func checkSeq(t *testing.T, got, want []Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Cursor != want[i].Cursor || evKey(got[i]) != evKey(want[i]) {
			t.Fatalf("event %d: cursor %d %s, want %d %s", i, got[i].Cursor, evKey(got[i]), want[i].Cursor, evKey(want[i]))
		}
	}
}

func after(c uint64) StreamFilter { return StreamFilter{After: &c} }

// TestStreamResume makes promises from many goroutines while subscribers
// join live, from the start and from a cursor in the middle, then voids and
// seals, restarts the engine on the same log and resumes: every subscriber
// gets exactly the log's sequence after its cursor, cursors strictly
// increasing, with no gap and no duplicate.
func TestStreamResume(t *testing.T) {
	env := newEnv(t, nil)
	ctx := context.Background()
	live, cancelLive, err := env.e.SubscribeStream(StreamFilter{}, 4096)
	if err != nil {
		t.Fatal(err)
	}
	defer cancelLive()

	const senders, perSender = 8, 12
	ws := make([]*wallet, senders)
	for i := range ws {
		ws[i] = newFunded(t, env)
	}
	var (
		wg      sync.WaitGroup
		midOnce sync.Once
		mid     <-chan Event
		midAt   uint64
		midErr  error
	)
	for i, w := range ws {
		wg.Go(func() {
			for n := range uint64(perSender) {
				slot := uint64(110 + i%2)
				if _, err := env.e.Request(ctx, slot, nil, w.raw(t, txOpts{typ: 2, nonce: n})); err != nil {
					t.Error(err)
					return
				}
				if i == 3 && n == 5 { // a subscriber resumes in the middle of the burst
					midOnce.Do(func() {
						midAt = env.lg.durable.Load() - 2
						mid, _, midErr = env.e.SubscribeStream(after(midAt), 4096)
					})
				}
			}
		})
	}
	wg.Wait()
	if midErr != nil {
		t.Fatal(midErr)
	}
	// A void and a manifest take their place in the same order.
	env.chain.setAccount(ws[0].addr, perSender, ether)
	if err := env.e.OnHead(ctx, Head{Number: 91, Slot: 101}); err != nil {
		t.Fatal(err)
	}
	d := env.chain.duties[110].Deadline
	env.e.cfg.Now = func() time.Time { return d }
	if err := env.e.SealDue(ctx); err != nil {
		t.Fatal(err)
	}
	total := senders*perSender + perSender + 1 // promises, voids of ws[0] (slot 110), the manifest of 110

	all, cancelAll, err := env.e.SubscribeStream(after(0), 4096)
	if err != nil {
		t.Fatal(err)
	}
	full := collect(t, all, total)
	cancelAll()
	for i, ev := range full {
		if uint64(ev.Cursor) != uint64(i+1) {
			t.Fatalf("event %d has cursor %d", i, ev.Cursor)
		}
	}
	kinds := map[string]int{}
	for _, ev := range full {
		kinds[ev.Kind]++
	}
	if kinds["commitment"] != senders*perSender || kinds["void"] != perSender || kinds["manifest"] != 1 {
		t.Fatalf("kinds %v", kinds)
	}
	if last := full[len(full)-1]; last.Kind != "manifest" || last.Manifest.Count != senders/2*perSender {
		t.Fatalf("last event %+v", last)
	}
	// Each promise's event is the promise the engine holds.
	for _, ev := range full {
		if ev.Kind != "commitment" {
			continue
		}
		sc, err := env.e.Commitment(ev.Commitment.Commitment.TxHash)
		if err != nil || sc.Digest != ev.Commitment.Digest || string(sc.Signature) != string(ev.Commitment.Signature) {
			t.Fatalf("event %d: %+v, engine %+v %v", ev.Cursor, ev.Commitment, sc, err)
		}
	}
	checkSeq(t, collect(t, live, total), full)
	checkSeq(t, collect(t, mid, total-int(midAt)), full[midAt:])

	// Restart on the same log: the cursors go on from where they were.
	env.lg.Close()
	env.open(t, env.e.cfg)
	resumed, cancelResumed, err := env.e.SubscribeStream(after(uint64(full[40].Cursor)), 4096)
	if err != nil {
		t.Fatal(err)
	}
	defer cancelResumed()
	checkSeq(t, collect(t, resumed, total-41), full[41:])
	p := mustPromise(t, env, 112, newFunded(t, env).raw(t, txOpts{typ: 2}))
	if ev := collect(t, resumed, 1)[0]; ev.Kind != "commitment" || uint64(ev.Cursor) != uint64(total+1) || ev.Commitment.Commitment.TxHash != p.Commitment.TxHash {
		t.Fatalf("after the restart: %+v", ev)
	}

	// Filters and refusals.
	l1, cancelL1, err := env.e.SubscribeStream(StreamFilter{ChainID: testChainID, After: new(uint64)}, 4096)
	if err != nil {
		t.Fatal(err)
	}
	checkSeq(t, collect(t, l1, total), full)
	cancelL1()
	for _, tc := range []struct {
		f     StreamFilter
		field string
	}{
		{StreamFilter{ChainID: big.NewInt(5)}, "chainId"},
		{after(uint64(total + 2)), "cursor"},
	} {
		_, _, err := env.e.SubscribeStream(tc.f, 8)
		re, ok := AsRuleError(err)
		if !ok || !errors.Is(err, ErrBadRequest) || re.Field != tc.field {
			t.Errorf("%+v: %v, want ErrBadRequest on %s", tc.f, err, tc.field)
		}
	}
	// Pruned: slot 110 and 111 go; slot 112's promise was the last event.
	if _, err := env.lg.Prune(112); err != nil {
		t.Fatal(err)
	}
	_, _, err = env.e.SubscribeStream(after(3), 8)
	if re, ok := AsRuleError(err); !ok || re.Field != "cursor" {
		t.Fatalf("pruned cursor: %v", err)
	}
	tail, cancelTail, err := env.e.SubscribeStream(after(uint64(total)), 8)
	if err != nil {
		t.Fatalf("cursor just before what is held: %v", err)
	}
	defer cancelTail()
	if ev := collect(t, tail, 1)[0]; ev.Commitment.Commitment.TxHash != p.Commitment.TxHash {
		t.Fatalf("after the prune: %+v", ev)
	}
	// The floor survives a restart, and new cursors stay above it.
	env.lg.Close()
	env.open(t, env.e.cfg)
	if got := env.lg.floor.Load(); got != uint64(total+1) {
		t.Fatalf("floor after restart %d, want %d", got, total+1)
	}
	if _, _, err := env.e.SubscribeStream(after(3), 8); err == nil {
		t.Fatal("pruned cursor accepted after the restart")
	}
}

// TestStreamSlowSubscriberDropped checks that a live subscriber that does not
// read is dropped after its buffer, and that a replaying one is not.
func TestStreamSlowSubscriberDropped(t *testing.T) {
	env := newEnv(t, nil)
	slow, cancel, err := env.e.SubscribeStream(StreamFilter{}, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	w := newFunded(t, env)
	for n := range uint64(5) {
		mustPromise(t, env, 110, w.raw(t, txOpts{typ: 2, nonce: n}))
	}
	replay, cancelReplay, err := env.e.SubscribeStream(after(0), 1) // reads the log at its reader's pace
	if err != nil {
		t.Fatal(err)
	}
	defer cancelReplay()
	got := 0
	deadline := time.After(10 * time.Second)
	for open := true; open; {
		select {
		case _, open = <-slow:
			if open {
				got++
			}
		case <-deadline:
			t.Fatal("slow subscriber not dropped")
		}
	}
	if got > 2 {
		t.Fatalf("slow subscriber got %d events past a buffer of 2", got)
	}
	if evs := collect(t, replay, 5); evs[4].Cursor != 5 {
		t.Fatalf("replay %+v", evs)
	}
}

// TestStreamChainFilter checks that a chain id filter keeps that chain's
// commitments (and every manifest), live and replayed alike.
func TestStreamChainFilter(t *testing.T) {
	env, r := newRollupEnv(t)
	ctx := context.Background()
	l2live, cancel, err := env.e.SubscribeStream(StreamFilter{ChainID: testRollupID}, 16)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	l1 := mustPromise(t, env, 101, newFunded(t, env).raw(t, txOpts{typ: 2}))
	l2, err := env.e.Request(ctx, 101, testRollupID, l2Wallet(t, env, r).raw(t, txOpts{typ: 2, chainID: testRollupID}))
	if err != nil {
		t.Fatal(err)
	}
	d := env.chain.duties[101].Deadline
	env.e.cfg.Now = func() time.Time { return d }
	if err := env.e.SealDue(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		chain *big.Int
		want  []string
	}{
		{testRollupID, []string{"commitment/" + l2.Commitment.TxHash.Hex(), "manifest/101"}},
		{testChainID, []string{"commitment/" + l1.Commitment.TxHash.Hex(), "manifest/101"}},
		{nil, []string{"commitment/" + l1.Commitment.TxHash.Hex(), "commitment/" + l2.Commitment.TxHash.Hex(), "manifest/101"}},
	} {
		ch, cancel, err := env.e.SubscribeStream(StreamFilter{ChainID: tc.chain, After: new(uint64)}, 16)
		if err != nil {
			t.Fatal(err)
		}
		for i, ev := range collect(t, ch, len(tc.want)) {
			if evKey(ev) != tc.want[i] {
				t.Errorf("chain %v: event %d is %s, want %s", tc.chain, i, evKey(ev), tc.want[i])
			}
		}
		cancel()
	}
	evs := collect(t, l2live, 2)
	if evKey(evs[0]) != "commitment/"+l2.Commitment.TxHash.Hex() || evs[1].Kind != "manifest" || evs[0].Cursor != 2 || evs[1].Cursor != 3 {
		t.Fatalf("live rollup events %s (cursor %d), %s (cursor %d)", evKey(evs[0]), evs[0].Cursor, evKey(evs[1]), evs[1].Cursor)
	}
}

// BenchmarkStreamReplay is a resume from cursor 0 over 4,096 promises in the
// log: read, decoded, digested and delivered in order.
func BenchmarkStreamReplay(b *testing.B) {
	const n = 4096
	env := benchEnv(b)
	raws := benchTxs(b, env, n, 4096)
	ctx := context.Background()
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			for i := w; i < n; i += 16 {
				if _, err := env.e.Request(ctx, 110, nil, raws[i]); err != nil {
					b.Error(err)
				}
			}
		})
	}
	wg.Wait()
	b.ResetTimer()
	for b.Loop() {
		ch, cancel, err := env.e.SubscribeStream(after(0), 1024)
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			if ev := <-ch; uint64(ev.Cursor) != uint64(i+1) {
				b.Fatalf("event %d has cursor %d", i, ev.Cursor)
			}
		}
		cancel()
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
}
