package main

import (
	"context"
	"testing"
	"time"
)

// TestBenchDue checks where a request's latency starts: at its planned time
// when the worker is late (so the wait counts), at the send when on time,
// and that a finished run stops the wait.
func TestBenchDue(t *testing.T) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	ctx := context.Background()
	past := time.Now().Add(-time.Second)
	if t0, ok := due(ctx, timer, time.Millisecond, past); !ok || !t0.Equal(past) {
		t.Fatalf("late request counts from %v (ok %v), want its planned time %v", t0, ok, past)
	}
	at := time.Now().Add(20 * time.Millisecond)
	if t0, ok := due(ctx, timer, time.Millisecond, at); !ok || t0.Before(at) {
		t.Fatalf("on-time request sent at %v, before it was due at %v", t0, at)
	}
	before := time.Now()
	if t0, ok := due(ctx, timer, 0, past); !ok || t0.Before(before) {
		t.Fatalf("without a rate: %v (ok %v), want now", t0, ok)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, ok := due(done, timer, time.Millisecond, time.Now().Add(time.Hour)); ok {
		t.Fatal("wait went on after the run ended")
	}
	if _, ok := due(done, timer, time.Millisecond, past); ok {
		t.Fatal("late request sent after the run ended")
	}
}
