package rollup

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"
)

// cursorSource is a sequencer stream that records each subscription's cursor and sends,
// to each, the blocks of slots after it.
type cursorSource struct {
	mu      sync.Mutex
	cursors []*hexutil.Uint64
	blocks  []StreamBlock
}

func (s *cursorSource) RollupBlocks(ctx context.Context, f StreamFilter) (*rpc.Subscription, error) {
	notifier, ok := rpc.NotifierFromContext(ctx)
	if !ok {
		return nil, rpc.ErrNotificationsUnsupported
	}
	sub := notifier.CreateSubscription()
	s.mu.Lock()
	s.cursors = append(s.cursors, f.Cursor)
	var send []StreamBlock
	for _, b := range s.blocks {
		if f.Cursor == nil || b.Slot > *f.Cursor {
			send = append(send, b)
		}
	}
	s.mu.Unlock()
	go func() {
		for _, b := range send {
			_ = notifier.Notify(sub.ID, b)
		}
	}()
	return sub, nil
}

// TestStreamResumesFromCursor: after the stream drops, the node subscribes again with the
// slot of the last block it received as its cursor, and gets only the later blocks.
func TestStreamResumesFromCursor(t *testing.T) {
	src := &cursorSource{blocks: []StreamBlock{{ChainID: 7, Slot: 10}, {ChainID: 7, Slot: 11}}}
	var (
		mu  sync.Mutex
		cur *rpc.Server
	)
	serve := func() *rpc.Server {
		srv := rpc.NewServer()
		if err := srv.RegisterName("preconf", src); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		cur = srv
		mu.Unlock()
		return srv
	}
	first := serve()
	ws := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		srv := cur
		mu.Unlock()
		srv.WebsocketHandler([]string{"*"}).ServeHTTP(w, r)
	}))
	defer ws.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := newPreconfState().subscribe(ctx, "ws"+strings.TrimPrefix(ws.URL, "http"), 7, slog.New(slog.NewTextHandler(io.Discard, nil)))
	next := func() StreamBlock {
		t.Helper()
		select {
		case b := <-out:
			return b
		case <-time.After(10 * time.Second):
			t.Fatal("no block within 10 s")
		}
		return StreamBlock{}
	}
	if a, b := next(), next(); a.Slot != 10 || b.Slot != 11 {
		t.Fatalf("first subscription: slots %d, %d", a.Slot, b.Slot)
	}
	// A block sealed while the node is away, then the connection drops.
	src.mu.Lock()
	src.blocks = append(src.blocks, StreamBlock{ChainID: 7, Slot: 12})
	src.mu.Unlock()
	serve()
	first.Stop()
	if b := next(); b.Slot != 12 {
		t.Fatalf("after the drop: slot %d, want 12 (and nothing twice)", b.Slot)
	}
	src.mu.Lock()
	defer src.mu.Unlock()
	if len(src.cursors) != 2 || src.cursors[0] != nil || src.cursors[1] == nil || *src.cursors[1] != 11 {
		t.Fatalf("cursors %v, want none then 11", src.cursors)
	}
}
