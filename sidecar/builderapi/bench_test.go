package builderapi

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/relay"
	"github.com/basedsidecar/based/sidecar/relay/relaytest"
)

// BenchmarkHeaderNoBid measures a getHeader call answered 204 after asking
// one relay (itself answering 204) over loopback HTTP.
func BenchmarkHeaderNoBid(b *testing.B) {
	rs := httptest.NewServer(&fakeRelay{})
	defer rs.Close()
	c, err := relay.New(keyedURL(b, rs.URL), rs.Client())
	if err != nil {
		b.Fatal(err)
	}
	s := New([]Relay{c}, prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	url := hs.URL + "/eth/v1/builder/header/1/" + testParent + "/" + testPubkey
	cl := hs.Client()
	b.ResetTimer()
	for b.Loop() {
		resp, err := cl.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

// BenchmarkCountRegistrations64 measures checking a JSON batch of 64
// registrations, the size the devnet's beacon node sends each epoch.
func BenchmarkCountRegistrations64(b *testing.B) {
	body := []byte(registrationJSON(64))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if n, err := CountRegistrations(body, contentJSON); err != nil || n != 64 {
			b.Fatal(n, err)
		}
	}
}

// BenchmarkHeaderOverRelay256 measures what our getHeader adds over the
// relay's own answer in a slot with 256 constraints: each iteration asks a
// relay double for its header with proofs directly, then asks our server
// (which asks the same relay, verifies the bid and 256 inclusion proofs,
// and chooses against our block). Reported: p50/p99 of the direct answer
// and of ours, and p99 of the difference per pair.
func BenchmarkHeaderOverRelay256(b *testing.B) {
	blk := relaytest.NewBlock(b, 400, 299, 150)
	idx := make([]int, 256)
	var cons [][]byte
	for i := range idx {
		idx[i] = i * len(blk.Txs) / 256
		cons = append(cons, blk.Raw[idx[i]])
	}
	d := relaytest.New(b, blk, 1_000_000)
	d.Proven = idx
	setup := newDoubleServerB(b, blk, cons, d)
	direct := strings.Replace(headerURL(stripKey(d.URL()), blk), "/header/", "/header_with_proofs/", 1)
	ours := headerURL(setup.url, blk)
	get := func(u string) time.Duration {
		start := time.Now()
		resp, err := http.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("%s: %d", u, resp.StatusCode)
		}
		return time.Since(start)
	}
	get(ours) // prepares the slot's constraints, as the first call of a slot does
	var rel, our, diff []time.Duration
	b.ResetTimer()
	for b.Loop() {
		r := get(direct)
		o := get(ours)
		rel, our, diff = append(rel, r), append(our, o), append(diff, o-r)
	}
	b.StopTimer()
	pct := func(s []time.Duration, p float64) float64 {
		s = slices.Clone(s)
		slices.Sort(s)
		return float64(s[int(p*float64(len(s)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(rel, 0.5), "relay-p50-ms")
	b.ReportMetric(pct(rel, 0.99), "relay-p99-ms")
	b.ReportMetric(pct(our, 0.5), "ours-p50-ms")
	b.ReportMetric(pct(our, 0.99), "ours-p99-ms")
	b.ReportMetric(pct(diff, 0.99), "added-p99-ms")
}
