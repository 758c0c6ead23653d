package rpc

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
)

// startOn starts an engine on the commitment log in dir and a server for it;
// stop ends both and closes the log (a restart is stop, then startOn again).
func startOn(t *testing.T, dir string) (e *env, stop func()) {
	t.Helper()
	now := time.Unix(1_800_000_000, 0)
	chain := &fakeChain{committer: crypto.PubkeyToAddress(testKey.PublicKey), now: now, accounts: map[common.Address]uint64{}}
	cfg := preconf.DefaultConfig()
	cfg.Domain, cfg.Key, cfg.SenderRate = testDomain, testKey, 0
	cfg.MaxCount, cfg.MaxGas = 100_000, 1<<40
	cfg.Collateral = new(big.Int).Lsh(big.NewInt(1), 200)
	cfg.Now = func() time.Time { return now }
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	lg, err := preconf.OpenLog(dir, log)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := preconf.NewEngine(cfg, chain, lg, log)
	if err != nil {
		t.Fatal(err)
	}
	rc := DefaultConfig()
	rc.IPRate = 1e6
	s, err := New(rc, eng, chain, prometheus.NewRegistry(), log)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			// Connections the client dialled but never used would hold the
			// server's graceful shutdown until its deadline.
			http.DefaultClient.CloseIdleConnections()
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
			if err := lg.Close(); err != nil {
				t.Errorf("close log: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return &env{url: "http://" + ln.Addr().String(), engine: eng, chain: chain, server: s, log: lg}, stop
}

// subscribeCommitments subscribes as a rollup node would, with go-ethereum's client.
func subscribeCommitments(t *testing.T, ctx context.Context, url string, params map[string]any) (*gethrpc.Client, chan preconf.Event, *gethrpc.ClientSubscription) {
	t.Helper()
	c, err := gethrpc.DialContext(ctx, "ws"+strings.TrimPrefix(url, "http"))
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan preconf.Event, 4096)
	args := []any{"commitments"}
	if params != nil {
		args = append(args, params)
	}
	sub, err := c.Subscribe(ctx, "preconf", ch, args...)
	if err != nil {
		c.Close()
		t.Fatal(err)
	}
	return c, ch, sub
}

// burst requests n promises from each of senders keys over HTTP, for slots
// 110 and 111, and returns the promised tx hashes. With gate set, each sender
// waits for it to close after its first gateAt promises.
func burst(t *testing.T, url string, senders, n int, gate <-chan struct{}, gateAt uint64) []common.Hash {
	t.Helper()
	var (
		mu     sync.Mutex
		hashes []common.Hash
		wg     sync.WaitGroup
	)
	for i := range senders {
		key := newKey(t)
		wg.Go(func() {
			for nonce := range uint64(n) {
				if gate != nil && nonce == gateAt {
					<-gate
				}
				code, b := post(t, url, []byte(inclusionCall(1, 110+uint64(i%2), signedTx(t, key, nonce))), nil)
				var r struct {
					Result *preconf.SignedCommitment `json:"result"`
				}
				if code != http.StatusOK || json.Unmarshal(b, &r) != nil || r.Result == nil {
					t.Errorf("request: %d %s", code, b)
					return
				}
				mu.Lock()
				hashes = append(hashes, r.Result.Commitment.TxHash)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return hashes
}

// TestIntegrationCommitmentsResume is a rollup node's reconnect: it
// subscribes, receives part of a burst of promises, disconnects in the middle
// of it, the sidecar restarts on the same commitment log, and the node
// resubscribes with its last cursor. It must end with exactly the log's
// sequence: every promise once, cursors strictly increasing, nothing missed
// between the replay and the live events that follow.
func TestIntegrationCommitmentsResume(t *testing.T) {
	dir := t.TempDir()
	e1, stop := startOn(t, dir)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c1, ch1, _ := subscribeCommitments(t, ctx, e1.url, nil) // the old form: live only
	var (
		got       []preconf.Event
		burstDone = make(chan []common.Hash, 1)
	)
	disconnected := make(chan struct{})
	go func() { burstDone <- burst(t, e1.url, 8, 15, disconnected, 6) }()
	for len(got) < 30 { // of the 48 made before the gate
		select {
		case ev := <-ch1:
			got = append(got, ev)
		case <-ctx.Done():
			t.Fatalf("%d events before the disconnect", len(got))
		}
	}
	c1.Close() // in the middle of the burst: 72 more promises follow
	close(disconnected)
	first := <-burstDone
	if len(first) != 120 {
		t.Fatalf("%d promises in the burst", len(first))
	}
	stop()

	e2, _ := startOn(t, dir)
	last := got[len(got)-1].Cursor
	c2, ch2, sub2 := subscribeCommitments(t, ctx, e2.url, map[string]any{"cursor": last, "chainId": (*hexutil.Big)(testDomain.ChainID)})
	defer c2.Close()
	// Promises made while the replay runs, and after it, come live.
	second := burst(t, e2.url, 4, 5, nil, 0)
	for len(got) < len(first)+len(second) {
		select {
		case ev := <-ch2:
			got = append(got, ev)
		case err := <-sub2.Err():
			t.Fatalf("subscription ended after %d events: %v", len(got), err)
		case <-ctx.Done():
			t.Fatalf("%d of %d events after the resume", len(got), len(first)+len(second))
		}
	}
	// Exactly the promises made, each once, in strictly increasing cursor order...
	promised := map[common.Hash]bool{}
	for _, h := range append(first, second...) {
		promised[h] = true
	}
	for i, ev := range got {
		if i > 0 && ev.Cursor <= got[i-1].Cursor {
			t.Fatalf("event %d: cursor %d after %d", i, ev.Cursor, got[i-1].Cursor)
		}
		if ev.Kind != "commitment" || !promised[ev.Commitment.Commitment.TxHash] {
			t.Fatalf("event %d: %+v is not a promise made, or a duplicate", i, ev)
		}
		delete(promised, ev.Commitment.Commitment.TxHash)
		// ...each the promise the log holds.
		sc, err := e2.engine.Commitment(ev.Commitment.Commitment.TxHash)
		if err != nil || sc.Digest != ev.Commitment.Digest || !strings.EqualFold(hexutil.Encode(sc.Signature), hexutil.Encode(ev.Commitment.Signature)) {
			t.Fatalf("event %d: %+v; the log has %+v (%v)", i, ev.Commitment, sc, err)
		}
	}
	if len(promised) != 0 {
		t.Fatalf("%d promises never streamed", len(promised))
	}
	// The same sequence as a replay of the whole log.
	c3, ch3, _ := subscribeCommitments(t, ctx, e2.url, map[string]any{"cursor": "0x0"})
	defer c3.Close()
	for i := range got {
		select {
		case ev := <-ch3:
			if ev.Cursor != got[i].Cursor || ev.Commitment.Commitment.TxHash != got[i].Commitment.Commitment.TxHash {
				t.Fatalf("replay event %d: cursor %d %s, streamed %d %s", i, ev.Cursor, ev.Commitment.Commitment.TxHash, got[i].Cursor, got[i].Commitment.Commitment.TxHash)
			}
		case <-ctx.Done():
			t.Fatalf("%d of %d events in the full replay", i, len(got))
		}
	}
}

// TestSubscribeCommitmentsParams refuses every malformed second parameter
// with -32602 naming the field, and a rollup's chain id that is not served.
func TestSubscribeCommitmentsParams(t *testing.T) {
	env := start(t, nil)
	c := dialWS(t, env.url)
	for _, tc := range []struct {
		params string
		field  string
	}{
		{`["commitments", 5]`, "params[1]"},
		{`["commitments", "0x1"]`, "params[1]"},
		{`["commitments", []]`, "params[1]"},
		{`["commitments", {"chainId": 5}]`, "chainId"},
		{`["commitments", {"chainId": "0x"}]`, "chainId"},
		{`["commitments", {"chainId": "0x05"}]`, "chainId"},
		{`["commitments", {"chainId": "0x5"}]`, "chainId"}, // not served
		{`["commitments", {"cursor": 7}]`, "cursor"},
		{`["commitments", {"cursor": "0x10000000000000000"}]`, "cursor"},
		{`["commitments", {"cursor": "-0x1"}]`, "cursor"},
		{`["commitments", {"cursor": "0x9"}]`, "cursor"}, // ahead of the stream
		{`["commitments", {"slot": "0x1"}]`, "slot"},
		{`["commitments", {}, 1]`, ""},
	} {
		b := wsCall(t, c, `{"jsonrpc":"2.0","id":1,"method":"preconf_subscribe","params":`+tc.params+`}`)
		var r struct {
			Error *struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
				Data    struct {
					Field string `json:"field"`
				} `json:"data"`
			} `json:"error"`
		}
		if err := json.Unmarshal(b, &r); err != nil || r.Error == nil || r.Error.Code != -32602 || r.Error.Data.Field != tc.field {
			t.Errorf("%s: %s, want -32602 naming %q", tc.params, b, tc.field)
		}
	}
	// Well-formed ones subscribe, and an L1 filter with a cursor replays.
	key := newKey(t)
	post(t, env.url, []byte(inclusionCall(1, 110, signedTx(t, key, 0))), nil)
	for _, params := range []string{`["commitments", null]`, `["commitments", {}]`, `["commitments", {"chainId": "0x301824", "cursor": "0x0"}]`} {
		b := wsCall(t, c, `{"jsonrpc":"2.0","id":2,"method":"preconf_subscribe","params":`+params+`}`)
		if !strings.Contains(string(b), `"result":"0x`) {
			t.Fatalf("%s: %s", params, b)
		}
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, b, err := c.ReadMessage()
	if err != nil || !strings.Contains(string(b), `"cursor":"0x1"`) || !strings.Contains(string(b), `"kind":"commitment"`) {
		t.Fatalf("replayed event %s: %v", b, err)
	}
}

func FuzzCommitmentsParams(f *testing.F) {
	for _, s := range []string{`{"chainId":"0x301824","cursor":"0x10"}`, `{"cursor":"0x0"}`, `{}`, `null`, `{"chainId":"0x28c59"}`, `{"cursor":1}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := commitmentsParams([]json.RawMessage{json.RawMessage(`"commitments"`), raw})
		if err != nil {
			re, ok := preconf.AsRuleError(err)
			if !ok || !errors.Is(err, preconf.ErrBadRequest) || re.Field == "" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if p.ChainID != nil && p.ChainID.Sign() < 0 {
			t.Fatalf("negative chain id from %q", raw)
		}
	})
}

// TestClientSubscribeFrom resumes with the Go client: from a cursor, with the
// L1 filter, and refused for a chain that is not served.
func TestClientSubscribeFrom(t *testing.T) {
	env := start(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	key := newKey(t)
	var hashes []common.Hash
	for n := range uint64(3) {
		code, b := post(t, env.url, []byte(inclusionCall(1, 110, signedTx(t, key, n))), nil)
		var r struct {
			Result *preconf.SignedCommitment `json:"result"`
		}
		if code != http.StatusOK || json.Unmarshal(b, &r) != nil || r.Result == nil {
			t.Fatalf("request: %d %s", code, b)
		}
		hashes = append(hashes, r.Result.Commitment.TxHash)
	}
	ws, err := client.Dial(ctx, "ws"+strings.TrimPrefix(env.url, "http"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	ch := make(chan preconf.Event, 8)
	one := uint64(1)
	sub, err := ws.SubscribeFrom(ctx, ch, testDomain.ChainID, &one)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	for i, want := range hashes[1:] {
		select {
		case ev := <-ch:
			if uint64(ev.Cursor) != uint64(i+2) || ev.Commitment.Commitment.TxHash != want {
				t.Fatalf("event %d: cursor %d %s, want %d %s", i, ev.Cursor, ev.Commitment.Commitment.TxHash, i+2, want)
			}
		case err := <-sub.Err():
			t.Fatal(err)
		case <-ctx.Done():
			t.Fatal("no replayed event")
		}
	}
	_, err = ws.SubscribeFrom(ctx, make(chan preconf.Event, 1), big.NewInt(5), nil)
	var re gethrpc.Error
	if !errors.As(err, &re) || re.ErrorCode() != -32602 || !strings.Contains(err.Error(), "chain 5 is not served") {
		t.Fatalf("unserved chain: %v", err)
	}
}
