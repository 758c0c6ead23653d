package rpc

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/gorilla/websocket"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
)

func dialWS(t *testing.T, url string) *websocket.Conn {
	t.Helper()
	c, resp, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(url, "http"), nil)
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, resp)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func wsCall(t *testing.T, c *websocket.Conn, body string) []byte {
	t.Helper()
	if err := c.WriteMessage(websocket.TextMessage, []byte(body)); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, b, err := c.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWebSocketCountsEachCall checks that every call over a WebSocket
// connection takes from the client's IP rate, not only the upgrade.
func TestWebSocketCountsEachCall(t *testing.T) {
	env := start(t, func(c *Config) { c.IPRate, c.IPBurst = 1e-6, 4 })
	ctx := context.Background()
	ws, err := client.Dial(ctx, "ws"+strings.TrimPrefix(env.url, "http")) // the upgrade takes one
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	for i := range 3 {
		if _, err := ws.Status(ctx); err != nil {
			t.Fatalf("call %d within the burst: %v", i, err)
		}
	}
	_, err = ws.Status(ctx)
	var rerr gethrpc.Error
	if !errors.As(err, &rerr) || rerr.ErrorCode() != preconf.ErrRateLimited.Code {
		t.Fatalf("call over the burst: %v, want code %d", err, preconf.ErrRateLimited.Code)
	}
	// A batch over the rate is refused whole, each call with its id.
	c := dialWS(t, start(t, func(c *Config) { c.IPRate, c.IPBurst = 1e-6, 3 }).url)
	b := wsCall(t, c, `[{"jsonrpc":"2.0","id":1,"method":"preconf_status"},{"jsonrpc":"2.0","id":2,"method":"preconf_status"},{"jsonrpc":"2.0","id":3,"method":"preconf_status"}]`)
	var replies []struct {
		ID    int           `json:"id"`
		Error *rpcErrorBody `json:"error"`
	}
	if err := json.Unmarshal(b, &replies); err != nil || len(replies) != 3 {
		t.Fatalf("batch reply %s: %v", b, err)
	}
	for i, r := range replies {
		if r.ID != i+1 || r.Error == nil || r.Error.Code != preconf.ErrRateLimited.Code {
			t.Fatalf("reply %d: %s", i, b)
		}
	}
}

// TestOneMethodTable checks that HTTP and WebSocket answer every call the
// same way, from the one method table: results, refusals and envelope errors.
func TestOneMethodTable(t *testing.T) {
	env := start(t, nil)
	c := dialWS(t, env.url)
	for _, body := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"preconf_status"}`,
		`{"jsonrpc":"2.0","id":2,"method":"preconf_lookahead"}`,
		`{"jsonrpc":"2.0","id":3,"method":"preconf_estimateFee","params":["0x6f","0x5208"]}`,
		`{"jsonrpc":"2.0","id":4,"method":"preconf_estimateFee","params":[]}`,
		`{"jsonrpc":"2.0","id":5,"method":"preconf_getManifest","params":["0x6f"]}`,
		`{"jsonrpc":"2.0","id":6,"method":"preconf_nope"}`,
		`{"jsonrpc":"2.0","id":7,"method":"preconf_requestInclusion","params":[{"slot":"0x6f","tx":"0x02"}]}`,
		`{"jsonrpc":"2.0","id":8,"method":"preconf_requestInclusion","params":[{"slot":"0x96","tx":"` + hexTx(t) + `"}]}`,
		`{"jsonrpc":"2.0","id":9}`,
		`{"jsonrpc":"2.0","id":10,"method":"preconf_subscribe","params":["nope"]}`,
		`[{"jsonrpc":"2.0","id":11,"method":"preconf_status"},{"jsonrpc":"2.0","id":12,"method":"rpc_modules"}]`,
		`{"jsonrpc":`,
	} {
		_, overHTTP := post(t, env.url, []byte(body), nil)
		overWS := wsCall(t, c, body)
		if strings.TrimSpace(string(overHTTP)) != strings.TrimSpace(string(overWS)) {
			t.Errorf("%s:\nHTTP %s\nWS   %s", body, overHTTP, overWS)
		}
	}
	// Subscriptions need a connection of their own.
	_, b := post(t, env.url, []byte(`{"jsonrpc":"2.0","id":1,"method":"preconf_subscribe","params":["commitments"]}`), nil)
	if !strings.Contains(string(b), `"code":-32601`) {
		t.Fatalf("subscribe over HTTP: %s", b)
	}
}

func hexTx(t *testing.T) string { return hexutil.Encode(signedTx(t, newKey(t), 0)) }

// TestWebSocketSubscription checks the commitments stream: a promise made
// over HTTP arrives as a notification, unsubscribe ends it, and a
// connection's subscriptions are capped.
func TestWebSocketSubscription(t *testing.T) {
	env := start(t, nil)
	c := dialWS(t, env.url)
	var sub struct {
		Result string `json:"result"`
	}
	if err := json.Unmarshal(wsCall(t, c, `{"jsonrpc":"2.0","id":1,"method":"preconf_subscribe","params":["commitments"]}`), &sub); err != nil || !strings.HasPrefix(sub.Result, "0x") {
		t.Fatalf("subscribe: %+v %v", sub, err)
	}
	key := newKey(t)
	if code, b := post(t, env.url, []byte(inclusionCall(1, 110, signedTx(t, key, 0))), nil); code != http.StatusOK || !strings.Contains(string(b), `"result"`) {
		t.Fatalf("request: %d %s", code, b)
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, b, err := c.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	var n struct {
		Method string `json:"method"`
		Params struct {
			Subscription string        `json:"subscription"`
			Result       preconf.Event `json:"result"`
		} `json:"params"`
	}
	if err := json.Unmarshal(b, &n); err != nil || n.Method != "preconf_subscription" || n.Params.Subscription != sub.Result || n.Params.Result.Kind != "commitment" {
		t.Fatalf("notification %s: %v", b, err)
	}
	if b := wsCall(t, c, `{"jsonrpc":"2.0","id":2,"method":"preconf_unsubscribe","params":["`+sub.Result+`"]}`); !strings.Contains(string(b), `"result":true`) {
		t.Fatalf("unsubscribe: %s", b)
	}
	if b := wsCall(t, c, `{"jsonrpc":"2.0","id":3,"method":"preconf_unsubscribe","params":["`+sub.Result+`"]}`); !strings.Contains(string(b), `"result":false`) {
		t.Fatalf("second unsubscribe: %s", b)
	}
	// After unsubscribing, a new promise sends nothing: the next message is the answer to a call.
	post(t, env.url, []byte(inclusionCall(1, 110, signedTx(t, key, 1))), nil)
	if b := wsCall(t, c, `{"jsonrpc":"2.0","id":4,"method":"preconf_status"}`); !strings.Contains(string(b), `"id":4,"result"`) {
		t.Fatalf("after unsubscribe: %s", b)
	}
	for i := range wsMaxSubs {
		if b := wsCall(t, c, `{"jsonrpc":"2.0","id":5,"method":"preconf_subscribe","params":["commitments"]}`); !strings.Contains(string(b), `"result":"0x`) {
			t.Fatalf("subscription %d: %s", i, b)
		}
	}
	if b := wsCall(t, c, `{"jsonrpc":"2.0","id":6,"method":"preconf_subscribe","params":["commitments"]}`); !strings.Contains(string(b), "too many subscriptions") {
		t.Fatalf("subscription over the cap: %s", b)
	}
}

// TestSubscriptionAnsweredFirst replays logged events to a new subscription
// only after the answer that names it: a client drops notifications of a
// subscription it does not know yet (go-ethereum's client does).
func TestSubscriptionAnsweredFirst(t *testing.T) {
	env := start(t, nil)
	key := newKey(t)
	for n := range uint64(3) {
		code, b := post(t, env.url, []byte(inclusionCall(1, 110, signedTx(t, key, n))), nil)
		if code != http.StatusOK || !strings.Contains(string(b), `"result"`) {
			t.Fatalf("request: %d %s", code, b)
		}
	}
	for i := range 30 {
		c := dialWS(t, env.url)
		first := wsCall(t, c, `{"jsonrpc":"2.0","id":7,"method":"preconf_subscribe","params":["commitments",{"cursor":"0x0"}]}`)
		var r struct {
			ID     json.RawMessage `json:"id"`
			Result string          `json:"result"`
			Method string          `json:"method"`
		}
		if err := json.Unmarshal(first, &r); err != nil || string(r.ID) != "7" || r.Result == "" || r.Method != "" {
			t.Fatalf("try %d: first message %s, want the answer with the subscription id", i, first)
		}
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, b, err := c.ReadMessage(); err != nil || !strings.Contains(string(b), r.Result) {
			t.Fatalf("try %d: then %s (%v), want a replayed event of %s", i, b, err, r.Result)
		}
		c.Close()
	}
}
