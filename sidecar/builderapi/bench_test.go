package builderapi

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/relay"
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
