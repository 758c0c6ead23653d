package chain

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// BenchmarkDecodeRecordedEvents reads and decodes the recorded Prysm event
// stream (head and Fulu payload_attributes events), per event.
func BenchmarkDecodeRecordedEvents(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(prysmDir, "events.sse"))
	if err != nil {
		b.Fatal(err)
	}
	events := 0
	b.ReportAllocs()
	for b.Loop() {
		r := NewEventReader(strings.NewReader(string(raw)))
		for {
			ev, err := r.Next()
			if err != nil {
				break
			}
			events++
			switch ev.Name {
			case "head":
				if _, err := ParseHead(ev.Data); err != nil {
					b.Fatal(err)
				}
			case "payload_attributes":
				if _, err := ParsePayloadAttributes(ev.Data); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
}

// BenchmarkDutyAndAccountCached is what the engine asks per request once the
// lookahead is loaded and the sender's account is cached at the head.
func BenchmarkDutyAndAccountCached(b *testing.B) {
	r := newReplay(b)
	rec := readRecorded(b)
	h := newHarness(b, nil, r)
	slot := rec.epochs[len(rec.epochs)-2]*rec.slotsPerEpoch + 5
	h.now.set(h.slotTime(slot))
	if err := h.v.loadSpec(h.ctx); err != nil {
		b.Fatal(err)
	}
	h.v.tick(h.ctx)
	addr := common.Address{0xaa}
	if _, _, err := h.v.Account(context.Background(), addr); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, ok := h.v.Duty(slot + 20); !ok {
			b.Fatal("no duty")
		}
		if _, _, err := h.v.Account(context.Background(), addr); err != nil {
			b.Fatal(err)
		}
	}
}
