package preconf

import (
	"bytes"
	"context"
	"testing"
)

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
	}
	check("open", -1)
	if n := len(env.e.SlotTxs(112)); n != 0 {
		t.Errorf("slot without promises: %d txs", n)
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
