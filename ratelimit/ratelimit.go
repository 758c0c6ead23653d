// Package ratelimit limits requests per key (a sender, a client address) with
// one token bucket per key, in a table of bounded size.
package ratelimit

import (
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"golang.org/x/time/rate"
)

// DefaultKeys is the default size of a limiter's table.
const DefaultKeys = 100_000

// Keyed is a token bucket per key. A key's bucket is forgotten only once it
// has been idle long enough to have refilled (burst / rate), so forgetting it
// never gives a key more than it would have had. When the table is full of
// buckets still refilling, a new key shares one overflow bucket with every
// other key that found the table full: spraying new keys throttles the new
// keys, and never resets the limit of a key already in the table.
type Keyed[K comparable] struct {
	limit rate.Limit
	burst int
	size  int

	mu       sync.Mutex
	keys     *expirable.LRU[K, *rate.Limiter]
	overflow *rate.Limiter
}

// New returns a limiter of perSecond requests per key with burst, holding at
// most size keys (size ≤ 0: DefaultKeys). perSecond ≤ 0 allows everything.
func New[K comparable](perSecond float64, burst, size int) *Keyed[K] {
	if size <= 0 {
		size = DefaultKeys
	}
	burst = max(burst, 1)
	k := &Keyed[K]{limit: rate.Limit(perSecond), burst: burst, size: size}
	if perSecond <= 0 {
		return k
	}
	// The time an idle bucket takes to refill; a second at least, so that
	// the table's expiry sweep (ttl/100) stays cheap.
	refill := max(time.Duration(float64(burst)/perSecond*float64(time.Second)), time.Second)
	k.keys = expirable.NewLRU[K, *rate.Limiter](size, nil, refill)
	k.overflow = rate.NewLimiter(k.limit, burst)
	return k
}

// Allow takes one request from key's budget.
func (k *Keyed[K]) Allow(key K) bool { return k.AllowN(key, 1) }

// AllowN takes n requests from key's budget, all or none.
func (k *Keyed[K]) AllowN(key K, n int) bool {
	if k.keys == nil {
		return true
	}
	return k.bucket(key).AllowN(time.Now(), n)
}

// bucket returns key's bucket, making one when the table has room, and
// renews its expiry: a bucket in use never expires.
func (k *Keyed[K]) bucket(key K) *rate.Limiter {
	k.mu.Lock()
	defer k.mu.Unlock()
	l, ok := k.keys.Get(key)
	if !ok {
		if k.keys.Len() >= k.size {
			return k.overflow
		}
		l = rate.NewLimiter(k.limit, k.burst)
	}
	k.keys.Add(key, l)
	return l
}

// Len is the number of keys in the table.
func (k *Keyed[K]) Len() int {
	if k.keys == nil {
		return 0
	}
	return k.keys.Len()
}
