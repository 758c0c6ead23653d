package devnet

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestLockCacheExcludes checks that a second build waits for the first one's
// lock and gives up when its context ends.
func TestLockCacheExcludes(t *testing.T) {
	cache := t.TempDir()
	unlock, err := lockCache(context.Background(), cache)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := lockCache(ctx, cache); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second lock while held: %v, want deadline exceeded", err)
	}
	got := make(chan error, 1)
	go func() {
		u, err := lockCache(context.Background(), cache)
		if err == nil {
			u()
		}
		got <- err
	}()
	unlock()
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("lock after release: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("lock not granted within 10s of release")
	}
}
