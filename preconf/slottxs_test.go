package preconf

import (
	"bytes"
	"context"
	"maps"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// TestSlotTxsInPromiseOrderAcrossRestart checks SlotTxs (memory) and
// LoggedPromises (the log) of one slot before a void, after it and after a restart.
func TestSlotTxsInPromiseOrderAcrossRestart(t *testing.T) {
	env := newEnv(t, nil)
	a, b := newFunded(t, env), newFunded(t, env)
	raws := [][]byte{
		a.raw(t, txOpts{typ: 2, nonce: 0}),
		b.raw(t, txOpts{typ: 3, nonce: 0, blobs: 1}),
		a.raw(t, txOpts{typ: 2, nonce: 1}),
	}
	var ps []*Promise
	for _, raw := range raws {
		ps = append(ps, mustPromise(t, env, 110, raw))
	}
	mustPromise(t, env, 111, a.raw(t, txOpts{typ: 2, nonce: 2}))
	check := func(when string, wantVoid int) {
		t.Helper()
		got := env.e.SlotTxs(110)
		if len(got) != len(raws) {
			t.Fatalf("%s: %d txs, want %d", when, len(got), len(raws))
		}
		for i, g := range got {
			if g.Seq != uint64(i) || g.TxHash != ps[i].Commitment.TxHash || !bytes.Equal(g.Raw, raws[i]) {
				t.Errorf("%s: tx %d = seq %d %s, want seq %d %s (raw kept: %v)", when, i, g.Seq, g.TxHash, i, ps[i].Commitment.TxHash, bytes.Equal(g.Raw, raws[i]))
			}
			if (g.Void != "") != (i == wantVoid) {
				t.Errorf("%s: tx %d void %q", when, i, g.Void)
			}
		}
		// The log gives the same promises back, signed, with their raw txs.
		logged, err := env.e.LoggedPromises(110)
		if err != nil || len(logged) != len(raws) {
			t.Fatalf("%s: logged promises %d (%v), want %d", when, len(logged), err, len(raws))
		}
		for i, l := range logged {
			if l.Commitment.TxHash != ps[i].Commitment.TxHash || l.Commitment.Seq != uint64(i) || !bytes.Equal(l.Raw, raws[i]) {
				t.Errorf("%s: logged %d = %s seq %d, want %s seq %d (raw kept: %v)", when, i, l.Commitment.TxHash, l.Commitment.Seq, ps[i].Commitment.TxHash, i, bytes.Equal(l.Raw, raws[i]))
			}
			if signer, err := Recover(l.Commitment.Digest(env.e.cfg.Domain), l.Signature); err != nil || signer != env.e.Committer() {
				t.Errorf("%s: logged %d signed by %s (%v), want the committer", when, i, signer, err)
			}
			if (l.Void != "") != (i == wantVoid) {
				t.Errorf("%s: logged %d void %q", when, i, l.Void)
			}
		}
	}
	check("open", -1)
	if n := len(env.e.SlotTxs(112)); n != 0 {
		t.Errorf("slot without promises: %d txs", n)
	}
	if l, err := env.e.LoggedPromises(112); err != nil || len(l) != 0 {
		t.Errorf("slot without promises: %d logged (%v)", len(l), err)
	}
	if l, err := env.e.LoggedPromises(111); err != nil || len(l) != 1 {
		t.Errorf("slot 111: %d logged (%v), want 1", len(l), err)
	}
	// b spends nonce 0 elsewhere: its promise is void but still listed.
	env.chain.setAccount(b.addr, 1, ether)
	if err := env.e.OnHead(context.Background(), Head{Number: 91, Slot: 101}); err != nil {
		t.Fatal(err)
	}
	check("after void", 1)
	if err := env.lg.Close(); err != nil {
		t.Fatal(err)
	}
	env.open(t, env.e.cfg)
	check("after restart", 1)
}

// TestLaterNonces checks the lowest nonce each sender has promised for a slot
// after a given one, and that a void promise holds none.
func TestLaterNonces(t *testing.T) {
	env := newEnv(t, nil)
	a, b, c := newFunded(t, env), newFunded(t, env), newFunded(t, env)
	mustPromise(t, env, 110, a.raw(t, txOpts{typ: 2, nonce: 0}))
	mustPromise(t, env, 111, a.raw(t, txOpts{typ: 2, nonce: 1}))
	mustPromise(t, env, 111, a.raw(t, txOpts{typ: 2, nonce: 2}))
	mustPromise(t, env, 112, b.raw(t, txOpts{typ: 2, nonce: 0}))
	mustPromise(t, env, 110, c.raw(t, txOpts{typ: 2, nonce: 0}))
	check := func(when string, slot uint64, want map[common.Address]uint64) {
		t.Helper()
		got := env.e.LaterNonces(slot)
		if !maps.Equal(got, want) {
			t.Errorf("%s: LaterNonces(%d) = %v, want %v", when, slot, got, want)
		}
	}
	check("open", 109, map[common.Address]uint64{a.addr: 0, b.addr: 0, c.addr: 0})
	check("open", 110, map[common.Address]uint64{a.addr: 1, b.addr: 0})
	check("open", 111, map[common.Address]uint64{b.addr: 0})
	check("open", 112, map[common.Address]uint64{})
	// b spends nonce 0 elsewhere: its void promise holds no nonce.
	env.chain.setAccount(b.addr, 1, ether)
	if err := env.e.OnHead(context.Background(), Head{Number: 91, Slot: 101}); err != nil {
		t.Fatal(err)
	}
	check("after void", 110, map[common.Address]uint64{a.addr: 1})
}
