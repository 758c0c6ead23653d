package preconf

import (
	"bufio"
	"context"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

const killHelperEnv = "BASED_PRECONF_KILL_HELPER_DIR"

// TestKill9NeverLosesAPromise runs the engine in a subprocess, kills it with
// SIGKILL while requests are in flight on every path (single requests,
// JSON-RPC batches through RequestEach, Commitments API requests with their
// record, Bolt batches through RequestBatch) and one promise sits between
// its log write and its response, and checks after a restart that every
// promise the subprocess wrote or answered is in the log with the same
// signature, every answered Commitments API request is recorded, and the
// voids and the manifest it reported are there, and streamed once each.
func TestKill9NeverLosesAPromise(t *testing.T) {
	if dir := os.Getenv(killHelperEnv); dir != "" {
		killHelper(t, dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKill9NeverLosesAPromise$", "-test.count=1")
	cmd.Env = append(os.Environ(), killHelperEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	written, answered := map[common.Hash]string{}, map[common.Hash]string{}
	records := map[common.Hash]common.Hash{} // request hash → tx hash
	voids := map[common.Hash]bool{}
	manifests := map[uint64]common.Hash{} // slot → root
	held := common.Hash{}
	sc := bufio.NewScanner(stdout)
	killed := false
	deadline := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			continue
		}
		h := common.HexToHash(f[1])
		switch f[0] {
		case "W":
			written[h] = f[2]
		case "A":
			answered[h] = f[2]
		case "R":
			records[h] = common.HexToHash(f[2])
		case "V":
			voids[h] = true
		case "M":
			manifests[h.Big().Uint64()] = common.HexToHash(f[2])
		case "HELD":
			held = h
			if !killed {
				killed = true
				_ = cmd.Process.Kill() // SIGKILL: no defer, no flush, no close
			}
		}
	}
	_ = cmd.Wait()
	if !killed {
		t.Fatal("the helper never reached the held write")
	}
	if len(answered) == 0 || held == (common.Hash{}) {
		t.Fatalf("answered %d, held %s", len(answered), held)
	}
	// Restart on the same directory.
	env := &testEnv{dir: dir, now: time.Unix(1_800_000_000, 0)}
	env.chain = newChain(committerAddr(), env.now)
	env.open(t, testConfig(env.now))
	check := func(kind string, m map[common.Hash]string) {
		for h, sig := range m {
			got, err := env.e.Commitment(h)
			if err != nil {
				t.Fatalf("%s promise %s lost after kill -9: %v", kind, h, err)
			}
			if hexutil.Encode(got.Signature) != sig {
				t.Fatalf("%s promise %s: signature changed", kind, h)
			}
			checkSigned(t, env.e, got)
		}
	}
	check("answered", answered)
	check("written", written)
	if _, ok := written[held]; !ok {
		t.Fatal("the held promise was not reported as written")
	}
	if len(records) == 0 || len(voids) == 0 || len(manifests) == 0 {
		t.Fatalf("the helper reported %d records, %d voids, %d manifests", len(records), len(voids), len(manifests))
	}
	for rh, th := range records {
		if _, got, _, err := env.e.LookupRequest(rh); err != nil || got != th {
			t.Fatalf("answered Commitments API request %s lost after kill -9: %s %v", rh, got, err)
		}
	}
	for h := range voids {
		if sc, err := env.e.Commitment(h); err != nil || sc.Void == "" {
			t.Fatalf("void of %s lost after kill -9: %+v %v", h, sc, err)
		}
	}
	for slot, root := range manifests {
		if m, err := env.e.Manifest(slot); err != nil || m.Root != root {
			t.Fatalf("manifest of slot %d lost after kill -9: %+v %v", slot, m, err)
		}
	}
	// The commitments stream replays the same from the log: each promise,
	// void and manifest once, in strictly increasing cursor order.
	ch, cancel, err := env.e.SubscribeStream(StreamFilter{After: new(uint64)}, 1024)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	seen := map[string]int{}
	var last uint64
	for last < env.lg.durable.Load() {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("stream after kill -9: closed at cursor %d", last)
			}
			if uint64(ev.Cursor) <= last {
				t.Fatalf("stream after kill -9: cursor %d after %d", ev.Cursor, last)
			}
			last = uint64(ev.Cursor)
			seen[evKey(ev)]++
			if ev.Commitment != nil {
				if _, err := env.e.Commitment(ev.Commitment.Commitment.TxHash); err != nil {
					t.Fatalf("stream after kill -9: event %d names a promise the log lacks: %v", ev.Cursor, err)
				}
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("stream after kill -9: stalled at cursor %d", last)
		}
	}
	for _, m := range []map[common.Hash]string{answered, written} {
		for h := range m {
			if n := seen["commitment/"+h.Hex()]; n != 1 {
				t.Fatalf("stream after kill -9: promise %s streamed %d times", h, n)
			}
		}
	}
	for h := range voids {
		if n := seen["void/"+h.Hex()]; n != 1 {
			t.Fatalf("stream after kill -9: void of %s streamed %d times", h, n)
		}
	}
	for slot := range manifests {
		if n := seen["manifest/"+new(big.Int).SetUint64(slot).String()]; n != 1 {
			t.Fatalf("stream after kill -9: manifest of slot %d streamed %d times", slot, n)
		}
	}
	t.Logf("%d answered, %d written, %d records, %d voids, %d manifests survived kill -9; %d stream events", len(answered), len(written), len(records), len(voids), len(manifests), last)
}

// killHelper is the subprocess. It first makes a void (reported V) and a
// sealed manifest (M), then serves requests from 8 goroutines, two on each
// path, and reports every promise on stdout when written (W) and when
// answered (A), and each answered Commitments API request (R); the 40th
// write is held forever before its answer (HELD).
func killHelper(t *testing.T, dir string) {
	now := time.Unix(1_800_000_000, 0)
	env := &testEnv{dir: dir, now: now, chain: newChain(committerAddr(), now)}
	cfg := testConfig(now)
	var clock atomic.Pointer[time.Time]
	clock.Store(&now)
	cfg.Now = func() time.Time { return *clock.Load() }
	env.open(t, cfg)
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) {
		mu.Lock()
		fmt.Fprintf(out, format, args...)
		out.Flush()
		mu.Unlock()
	}
	ctx := context.Background()
	// A void: the sender spends nonce 0 before slot 102.
	vw := newFunded(t, env)
	vp := mustPromise(t, env, 102, vw.raw(t, txOpts{typ: 2}))
	say("A %s %s\n", vp.Commitment.TxHash.Hex(), hexutil.Encode(vp.Signature))
	env.chain.setAccount(vw.addr, 1, ether)
	if err := env.e.OnHead(ctx, Head{Number: 91, Slot: 101}); err != nil {
		t.Fatal(err)
	}
	say("V %s x\n", vp.Commitment.TxHash.Hex())
	// A manifest: slot 101 past its deadline.
	mp := mustPromise(t, env, 101, newFunded(t, env).raw(t, txOpts{typ: 2}))
	say("A %s %s\n", mp.Commitment.TxHash.Hex(), hexutil.Encode(mp.Signature))
	past := env.chain.duties[101].Deadline
	clock.Store(&past)
	if err := env.e.SealDue(ctx); err != nil {
		t.Fatal(err)
	}
	m, err := env.e.Manifest(101)
	if err != nil {
		t.Fatal(err)
	}
	say("M %s %s\n", common.BigToHash(new(big.Int).SetUint64(101)).Hex(), m.Root.Hex())

	var n int
	block := make(chan struct{})
	env.e.afterAppend = func(ps []*Promise) {
		mu.Lock()
		n++
		hold := n == 40
		mu.Unlock()
		for _, p := range ps {
			say("W %s %s\n", p.Commitment.TxHash.Hex(), hexutil.Encode(p.Signature))
		}
		if hold {
			say("HELD %s %s\n", ps[0].Commitment.TxHash.Hex(), hexutil.Encode(ps[0].Signature))
			<-block // never answered: the parent kills us here
		}
	}
	answer := func(ps ...*Promise) {
		for _, p := range ps {
			say("A %s %s\n", p.Commitment.TxHash.Hex(), hexutil.Encode(p.Signature))
		}
	}
	stop := func(err error) { say("E %s x\n", strings.ReplaceAll(err.Error(), " ", "_")) }
	var wg sync.WaitGroup
	for i := range 8 {
		a, b := newFunded(t, env), newFunded(t, env)
		wg.Go(func() {
			for nonce := uint64(0); ; nonce += 2 {
				switch i % 4 {
				case 0: // single requests
					p, err := env.e.Request(ctx, 110, nil, a.raw(t, txOpts{typ: 2, nonce: nonce}))
					if err != nil {
						stop(err)
						return
					}
					answer(p)
				case 1: // a JSON-RPC batch of two senders
					outs := env.e.RequestEach(ctx, []Call{{Slot: 110, Tx: a.raw(t, txOpts{typ: 2, nonce: nonce})}, {Slot: 110, Tx: b.raw(t, txOpts{typ: 2, nonce: nonce})}})
					for _, o := range outs {
						if o.Err != nil {
							stop(o.Err)
							return
						}
						answer(o.Promise)
					}
				case 2: // Commitments API requests
					raw := a.raw(t, txOpts{typ: 2, nonce: nonce})
					rh := crypto.Keccak256Hash(raw)
					p, err := env.e.RequestRecorded(ctx, 110, nil, raw, RequestRecord{Hash: rh, Payload: raw})
					if err != nil {
						stop(err)
						return
					}
					answer(p)
					say("R %s %s\n", rh.Hex(), p.Commitment.TxHash.Hex())
				case 3: // a Bolt batch: two nonces of one sender
					ps, err := env.e.RequestBatch(ctx, 110, nil, [][]byte{a.raw(t, txOpts{typ: 2, nonce: nonce}), a.raw(t, txOpts{typ: 2, nonce: nonce + 1})})
					if err != nil {
						stop(err)
						return
					}
					answer(ps...)
				}
			}
		})
	}
	wg.Wait()
}

func committerAddr() common.Address { return crypto.PubkeyToAddress(committerKey.PublicKey) }
