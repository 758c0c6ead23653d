package preconf

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/vfs"
	"github.com/ethereum/go-ethereum/common"
)

// openOn opens env's engine on a log stored on fs.
func (env *testEnv) openOn(t testing.TB, cfg Config, fs vfs.FS) {
	t.Helper()
	lg, err := openLog(env.dir, discardLogger, fs)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEngine(cfg, env.chain, lg, discardLogger)
	if err != nil {
		t.Fatal(err)
	}
	env.e, env.lg = e, lg
	t.Cleanup(func() { lg.Close() })
}

// TestWriteFailureRefuses makes the log refuse a write under a request (it
// is closed; Pebble itself treats a failed WAL write as fatal and stops the
// process, which the kill -9 tests cover): the request gets ErrUnavailable
// and no promise, the state is as before, every later request is refused,
// and no manifest is signed any more.
func TestWriteFailureRefuses(t *testing.T) {
	env := newEnv(t, nil)
	first := mustPromise(t, env, 110, newFunded(t, env).raw(t, txOpts{typ: 2}))
	before := env.e.Status()
	if err := env.lg.Close(); err != nil {
		t.Fatal(err)
	}
	raw := newFunded(t, env).raw(t, txOpts{typ: 2})
	p, err := env.e.Request(context.Background(), 110, nil, raw)
	if !errors.Is(err, ErrUnavailable) || p != nil {
		t.Fatalf("request on a failing log: %v %v", p, err)
	}
	after := env.e.Status()
	if after.Promises != before.Promises || after.Outstanding.ToInt().Cmp(before.Outstanding.ToInt()) != 0 || after.Error == "" {
		t.Fatalf("state after the failed write: %+v (before %+v)", after, before)
	}
	if _, err := env.e.Request(context.Background(), 110, nil, newFunded(t, env).raw(t, txOpts{typ: 2})); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("request after the failure: %v", err)
	}
	if _, err := env.e.RequestBatch(context.Background(), 110, nil, [][]byte{newFunded(t, env).raw(t, txOpts{typ: 2})}); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("batch after the failure: %v", err)
	}
	// Past the deadline nothing is sealed: the failed write may be on disk,
	// and a manifest without it would be a second truth about the slot.
	d := env.chain.duties[110].Deadline
	env.e.cfg.Now = func() time.Time { return d }
	if err := env.e.SealDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	env.e.mu.Lock()
	m := env.e.slots[110].manifest
	env.e.mu.Unlock()
	if m != nil {
		t.Fatalf("manifest signed after the log failed: %+v", m)
	}
	if sc, err := env.e.Commitment(first.Commitment.TxHash); err != nil || sc.Digest != first.Digest {
		t.Fatalf("the earlier promise: %v", err)
	}
}

// TestPowerLoss runs every kind of write on Pebble's strict in-memory file
// system, then drops everything that was not fsynced (a power cut) and
// reopens: every promise answered (the last writes before the cut), every Commitments API request answered,
// every void and every manifest is still there.
func TestPowerLoss(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	fs := vfs.NewStrictMem()
	env := &testEnv{dir: "commitments", now: now, chain: newChain(committerAddr(), now)}
	if err := fs.MkdirAll(env.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	root, err := fs.OpenDir("/") // the data folder exists before the sidecar runs
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(root.Sync(), root.Close()); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(now)
	var clock atomic.Pointer[time.Time]
	clock.Store(&now)
	cfg.Now = func() time.Time { return *clock.Load() }
	env.openOn(t, cfg, fs)
	ctx := context.Background()
	var (
		answered []*Promise
		p        *Promise
	)
	// A void and a manifest first: the promises after them are the last writes before the cut.
	v := newFunded(t, env)
	vp := mustPromise(t, env, 102, v.raw(t, txOpts{typ: 2}))
	env.chain.setAccount(v.addr, 1, ether)
	if err := env.e.OnHead(ctx, Head{Number: 91, Slot: 101}); err != nil {
		t.Fatal(err)
	}
	mp := mustPromise(t, env, 101, newFunded(t, env).raw(t, txOpts{typ: 2}))
	past := env.chain.duties[101].Deadline
	clock.Store(&past)
	if err := env.e.SealDue(ctx); err != nil {
		t.Fatal(err)
	}
	m, err := env.e.Manifest(101)
	if err != nil {
		t.Fatal(err)
	}
	// Single, JSON-RPC batch, Commitments API and Bolt requests.
	a, b := newFunded(t, env), newFunded(t, env)
	answered = append(answered, mustPromise(t, env, 110, a.raw(t, txOpts{typ: 2, nonce: 0})))
	for _, o := range env.e.RequestEach(ctx, []Call{{Slot: 110, Tx: a.raw(t, txOpts{typ: 2, nonce: 1})}, {Slot: 111, Tx: b.raw(t, txOpts{typ: 2})}}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		answered = append(answered, o.Promise)
	}
	rec := RequestRecord{Hash: common.Hash{0x51}, Payload: []byte(`{"slot":110}`)}
	p, err = env.e.RequestRecorded(ctx, 110, nil, a.raw(t, txOpts{typ: 2, nonce: 2}), rec)
	if err != nil {
		t.Fatal(err)
	}
	answered = append(answered, p)
	c := newFunded(t, env)
	ps, err := env.e.RequestBatch(ctx, 110, nil, [][]byte{c.raw(t, txOpts{typ: 2, nonce: 0}), c.raw(t, txOpts{typ: 2, nonce: 1})})
	if err != nil {
		t.Fatal(err)
	}
	answered = append(answered, ps...)
	answered = append(answered, mp)
	// Power cut: whatever was not synced is gone.
	fs.SetIgnoreSyncs(true)
	if err := env.lg.Close(); err != nil {
		t.Fatal(err)
	}
	fs.ResetToSyncedState()
	fs.SetIgnoreSyncs(false)
	env.openOn(t, testConfig(now), fs)
	for i, p := range answered {
		sc, err := env.e.Commitment(p.Commitment.TxHash)
		if err != nil || sc.Digest != p.Digest || string(sc.Signature) != string(p.Signature) {
			t.Errorf("promise %d (slot %d seq %d) after the power cut: %+v %v", i, p.Commitment.Slot, p.Commitment.Seq, sc, err)
		}
	}
	if _, h, payload, err := env.e.LookupRequest(rec.Hash); err != nil || h != p.Commitment.TxHash || string(payload) != string(rec.Payload) {
		t.Fatalf("Commitments API request after the power cut: %s %q %v", h, payload, err)
	}
	if sc, err := env.e.Commitment(vp.Commitment.TxHash); err != nil || sc.Void == "" {
		t.Fatalf("void after the power cut: %+v %v", sc, err)
	}
	if got, err := env.e.Manifest(101); err != nil || got.Root != m.Root || string(got.Signature) != string(m.Signature) {
		t.Fatalf("manifest after the power cut: %+v %v", got, err)
	}
	if got := env.e.Status().Promises; got != len(answered)+1 {
		t.Fatalf("%d promises after the power cut, want %d", got, len(answered)+1)
	}
}

// TestRequestRecorded writes a Commitments API request with its promise and,
// for a transaction promised before, on its own; a failed write is an error,
// never a promise answered without its record.
func TestRequestRecorded(t *testing.T) {
	env := newEnv(t, nil)
	raw := newFunded(t, env).raw(t, txOpts{typ: 2})
	r1, r2 := RequestRecord{Hash: common.Hash{1}, Payload: []byte("a")}, RequestRecord{Hash: common.Hash{2}, Payload: []byte("b")}
	p1, err := env.e.RequestRecorded(context.Background(), 110, nil, raw, r1)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := env.e.RequestRecorded(context.Background(), 110, nil, raw, r2)
	if err != nil || p2 != p1 {
		t.Fatalf("the same tx again: %v %v", p2, err)
	}
	for _, r := range []RequestRecord{r1, r2} {
		if slot, h, payload, err := env.e.LookupRequest(r.Hash); err != nil || slot != 110 || h != p1.Commitment.TxHash || string(payload) != string(r.Payload) {
			t.Fatalf("record %s: %d %s %q %v", r.Hash, slot, h, payload, err)
		}
	}
	if err := env.lg.Close(); err != nil {
		t.Fatal(err)
	}
	p, err := env.e.RequestRecorded(context.Background(), 110, nil, newFunded(t, env).raw(t, txOpts{typ: 2}), RequestRecord{Hash: common.Hash{3}})
	if !errors.Is(err, ErrUnavailable) || p != nil {
		t.Fatalf("record on a failed log: %v %v", p, err)
	}
}

// TestOneManifestPerSlot checks that a slot's manifest is signed once, ever:
// after a restart the stored one is served and not signed again, and a
// stored manifest that differs from the slot's promises stops sealing
// instead of a second, different manifest being signed.
func TestOneManifestPerSlot(t *testing.T) {
	env := newEnv(t, nil)
	mustPromise(t, env, 110, newFunded(t, env).raw(t, txOpts{typ: 2}))
	mustPromise(t, env, 111, newFunded(t, env).raw(t, txOpts{typ: 2}))
	d := env.chain.duties[110].Deadline
	env.e.cfg.Now = func() time.Time { return d }
	if err := env.e.SealDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	m, err := env.e.Manifest(110)
	if err != nil {
		t.Fatal(err)
	}
	// A manifest for slot 111 is already in the log (an earlier run's write
	// whose outcome it never learned), but not for the promises it holds now.
	stale := &SignedManifest{SlotManifest: SlotManifest{Slot: 111, Root: common.Hash{0xee}, Count: 7}}
	if stale.Signature, err = env.e.Signer().SignManifest(&stale.SlotManifest); err != nil {
		t.Fatal(err)
	}
	if err := env.lg.PutManifest(stale); err != nil {
		t.Fatal(err)
	}
	if err := env.lg.Close(); err != nil {
		t.Fatal(err)
	}
	cfg := env.e.cfg
	env.open(t, cfg)
	events, stop := env.e.Subscribe(8)
	defer stop()
	d111 := env.chain.duties[111].Deadline
	env.e.cfg.Now = func() time.Time { return d111 }
	if err := env.e.SealDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-events:
		t.Fatalf("a manifest was signed again after the restart: %+v", ev)
	default:
	}
	if got, err := env.e.Manifest(110); err != nil || got.Root != m.Root || string(got.Signature) != string(m.Signature) {
		t.Fatalf("manifest of 110 after the restart: %+v %v", got, err)
	}
	if got, err := env.e.Manifest(111); err != nil || got.Root != stale.Root {
		t.Fatalf("manifest of 111: %+v %v", got, err)
	}
	// The same stored manifest met by a seal in this process: an error, no second manifest.
	env.e.mu.Lock()
	st := env.e.slots[111]
	st.sealed, st.manifest = false, nil
	env.e.mu.Unlock()
	if err := env.e.SealDue(context.Background()); err == nil {
		t.Fatal("sealed over a stored manifest that differs from the slot's promises")
	}
	if env.e.Status().Error == "" {
		t.Fatal("the engine goes on after a manifest conflict")
	}
	if got, err := env.lg.Manifest(111); err != nil || got.Root != stale.Root {
		t.Fatalf("stored manifest of 111 replaced: %+v %v", got, err)
	}
}

// TestVoidWriteFailureLeavesNone fails the voids' write under OnHead (the log
// is closed): the error says so, memory marks nothing (the promise binds, its
// penalty still counts, no event), and after a restart on the same folder the
// next head writes the void.
func TestVoidWriteFailureLeavesNone(t *testing.T) {
	env := newEnv(t, nil)
	ctx := context.Background()
	w := newFunded(t, env)
	p := mustPromise(t, env, 110, w.raw(t, txOpts{typ: 2, nonce: 0}))
	events, cancel := env.e.Subscribe(8)
	defer cancel()
	before := env.e.Outstanding()
	env.chain.setAccount(w.addr, 1, ether) // nonce 0 spent elsewhere
	if err := env.lg.Close(); err != nil {
		t.Fatal(err)
	}
	if err := env.e.OnHead(ctx, Head{Number: 91, Slot: 101}); err == nil || !strings.Contains(err.Error(), "write voids") {
		t.Fatalf("OnHead on a failing log: %v, want the voids' write error", err)
	}
	env.e.mu.Lock()
	void := p.Void
	env.e.mu.Unlock()
	if void != "" || env.e.Outstanding().Cmp(before) != 0 {
		t.Fatalf("after the failed write: void %q, outstanding %v (before %v)", void, env.e.Outstanding(), before)
	}
	select {
	case ev := <-events:
		t.Fatalf("event after the failed write: %+v", ev)
	default:
	}
	env.open(t, env.e.cfg)
	if err := env.e.OnHead(ctx, Head{Number: 92, Slot: 102}); err != nil {
		t.Fatal(err)
	}
	sc, err := env.e.Commitment(p.Commitment.TxHash)
	if err != nil || sc.Void == "" {
		t.Fatalf("after the restart and the next head: %+v %v, want void", sc, err)
	}
	if env.e.Outstanding().Sign() != 0 {
		t.Fatalf("outstanding %v after the void, want 0", env.e.Outstanding())
	}
}
