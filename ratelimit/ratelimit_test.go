package ratelimit

import (
	"testing"
	"time"
)

// TestSprayKeepsLimits checks that spraying new keys neither resets the
// limit of a key already in the table nor gives the new keys a budget each
// once the table is full.
func TestSprayKeepsLimits(t *testing.T) {
	for _, tc := range []struct {
		name       string
		size, keys int // table size, keys sprayed
		wantSpray  int // sprayed requests allowed
	}{
		{name: "table holds every key", size: 1000, keys: 500, wantSpray: 500},
		{name: "table full: new keys share one bucket", size: 10, keys: 1000, wantSpray: 9 + 2},
		{name: "default size, sprayed past it", size: 0, keys: DefaultKeys + 1, wantSpray: DefaultKeys - 1 + 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := New[int](1e-6, 2, tc.size) // a budget of 2 that does not refill during the test
			for range 2 {
				if !l.Allow(-1) {
					t.Fatal("key -1 refused within its burst")
				}
			}
			if l.Allow(-1) {
				t.Fatal("key -1 allowed over its burst")
			}
			allowed := 0
			for k := range tc.keys {
				if l.Allow(k) {
					allowed++
				}
			}
			if allowed != tc.wantSpray {
				t.Errorf("%d sprayed requests allowed, want %d", allowed, tc.wantSpray)
			}
			if l.Allow(-1) {
				t.Error("spraying new keys reset key -1's limit")
			}
		})
	}
}

func TestAllowN(t *testing.T) {
	l := New[string](1e-6, 5, 10)
	if !l.AllowN("a", 4) {
		t.Fatal("4 of 5 refused")
	}
	if l.AllowN("a", 2) {
		t.Fatal("2 more allowed with 1 left")
	}
	if !l.AllowN("a", 1) {
		t.Fatal("the last one refused: a refused AllowN must take nothing")
	}
	if !l.AllowN("b", 5) {
		t.Fatal("another key shares a's budget")
	}
}

func TestNoLimit(t *testing.T) {
	l := New[int](0, 0, 1)
	for k := range 1000 {
		if !l.AllowN(k%3, 1000) {
			t.Fatal("rate 0 refused a request")
		}
	}
	if l.Len() != 0 {
		t.Fatalf("rate 0 tracks %d keys", l.Len())
	}
}

// TestIdleKeysExpire checks that a key idle for its refill time leaves the
// table, so that the table makes room again without a reset of busy keys.
func TestIdleKeysExpire(t *testing.T) {
	l := New[int](100, 1, 2) // refills in 10 ms; kept at least 1 s
	l.Allow(1)
	l.Allow(2)
	if l.Len() != 2 {
		t.Fatalf("%d keys, want 2", l.Len())
	}
	deadline := time.Now().Add(10 * time.Second)
	for l.Len() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d idle keys still held after 10 s", l.Len())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !l.Allow(3) || l.Len() != 1 {
		t.Fatalf("a new key after expiry: %d keys", l.Len())
	}
}

// BenchmarkAllow is one request of a known key, the cost on every request.
func BenchmarkAllow(b *testing.B) {
	l := New[int](1e9, 1e9, DefaultKeys)
	for k := range 1000 {
		l.Allow(k)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		l.Allow(i % 1000)
		i++
	}
}
