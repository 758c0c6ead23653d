package rpc

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/gorilla/websocket"

	"github.com/basedsidecar/based/preconf"
)

// WebSocket connection limits.
const (
	wsPingEvery   = 30 * time.Second
	wsPongWait    = 60 * time.Second
	wsWriteWait   = 10 * time.Second
	wsMaxSubs     = 16   // subscriptions per connection
	wsEventBuffer = 1024 // events a subscription may fall behind before it is dropped
)

// newUpgrader accepts WebSocket upgrades from origins ("*": any; a request
// without an Origin header, which browsers always send, is a non-browser
// client and accepted).
func newUpgrader(origins []string) *websocket.Upgrader {
	allowed := map[string]bool{}
	for _, o := range origins {
		allowed[o] = true
	}
	return &websocket.Upgrader{
		ReadBufferSize:  4096,
		WriteBufferSize: 4096,
		CheckOrigin: func(r *http.Request) bool {
			o := r.Header.Get("Origin")
			return o == "" || allowed["*"] || allowed[o]
		},
	}
}

// serveWS serves JSON-RPC on one WebSocket connection: every message goes
// through the same method table as HTTP (answer), each call counted against
// the client's IP rate, and preconf_subscribe streams events on it.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	ctx, cancel := context.WithCancel(s.base)
	sess := &session{conn: conn, subs: map[string]func(){}}
	defer func() {
		cancel()
		sess.close()
	}()
	go func() {
		// Ends the read loop when the server stops, and keeps idle
		// connections alive (and dead ones found) with pings.
		t := time.NewTicker(wsPingEvery)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				_ = conn.Close()
				return
			case <-t.C:
				if sess.ping() != nil {
					_ = conn.Close()
					return
				}
			}
		}
	}()
	conn.SetReadLimit(int64(s.cfg.BodyLimit))
	_ = conn.SetReadDeadline(time.Now().Add(wsPongWait))
	conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(wsPongWait)) })
	for {
		kind, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		_ = conn.SetReadDeadline(time.Now().Add(wsPongWait))
		if kind != websocket.TextMessage && kind != websocket.BinaryMessage {
			continue
		}
		out, _ := s.answer(ctx, r.RemoteAddr, 0, sess, msg)
		if len(out) > 0 && sess.write(out) != nil {
			return
		}
		sess.activate() // the answer naming new subscriptions is out: their items may follow
	}
}

// session is one WebSocket connection: its writes and its subscriptions.
type session struct {
	wmu  sync.Mutex // one writer at a time
	conn *websocket.Conn

	mu      sync.Mutex
	subs    map[string]func() // subscription id → cancel
	pending []chan struct{}   // subscriptions whose id has not been answered yet
	closed  bool
}

// activate lets the subscriptions made by the last answer send their items:
// a client knows a subscription only once it has read its id, and drops
// notifications that come before it.
func (c *session) activate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range c.pending {
		close(ch)
	}
	c.pending = nil
}

func (c *session) write(b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.conn.SetWriteDeadline(time.Now().Add(wsWriteWait))
	return c.conn.WriteMessage(websocket.TextMessage, b)
}

func (c *session) ping() error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(wsWriteWait))
}

// errTooManySubs refuses a subscription beyond wsMaxSubs on one connection.
var errTooManySubs = &jsonError{msg: "too many subscriptions on this connection", code: codeInvalidRequest}

// subscribe streams the engine's events (new promise, void, manifest) that
// f selects, each with its cursor, as preconf_subscription notifications
// (after a replay from the log when f has a cursor) and returns the
// subscription id. A live subscriber that falls wsEventBuffer events behind
// is dropped.
func (c *session) subscribe(engine *preconf.Engine, f preconf.StreamFilter) (string, error) {
	return startSubscription(c, func() (<-chan preconf.Event, func(), error) { return engine.SubscribeStream(f, wsEventBuffer) })
}

// startSubscription opens a stream with open (under the connection's subscription limit)
// and forwards its items as preconf_subscription notifications until it ends or a write
// fails; it returns the subscription id.
func startSubscription[T any](c *session, open func() (<-chan T, func(), error)) (string, error) {
	var raw [16]byte
	_, _ = rand.Read(raw[:])
	id := hexutil.Encode(raw[:])
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return "", errors.New("connection closed")
	}
	if len(c.subs) >= wsMaxSubs {
		c.mu.Unlock()
		return "", errTooManySubs
	}
	items, cancel, err := open()
	if err != nil {
		c.mu.Unlock()
		return "", err
	}
	c.subs[id] = cancel
	ready := make(chan struct{})
	c.pending = append(c.pending, ready)
	c.mu.Unlock()
	go func() {
		<-ready // after the answer with id (or the connection's end)
		for v := range items {
			b, err := json.Marshal(notification[T]{Version: "2.0", Method: "preconf_subscription", Params: notificationParams[T]{Subscription: id, Result: v}})
			if err != nil || c.write(b) != nil {
				c.unsubscribe(id)
				return
			}
		}
		c.unsubscribe(id) // the stream ended: its subscriber fell too far behind
	}()
	return id, nil
}

// unsubscribe ends subscription id; false when there is none.
func (c *session) unsubscribe(id string) bool {
	c.mu.Lock()
	cancel, ok := c.subs[id]
	delete(c.subs, id)
	c.mu.Unlock()
	if ok {
		cancel()
	}
	return ok
}

// close ends every subscription and the connection.
func (c *session) close() {
	c.mu.Lock()
	c.closed = true
	subs := c.subs
	c.subs = nil
	for _, ch := range c.pending {
		close(ch)
	}
	c.pending = nil
	c.mu.Unlock()
	for _, cancel := range subs {
		cancel()
	}
	_ = c.conn.Close()
}

// notification is a subscription's message, in go-ethereum's form.
type notification[T any] struct {
	Version string                `json:"jsonrpc"`
	Method  string                `json:"method"`
	Params  notificationParams[T] `json:"params"`
}

type notificationParams[T any] struct {
	Subscription string `json:"subscription"`
	Result       T      `json:"result"`
}
