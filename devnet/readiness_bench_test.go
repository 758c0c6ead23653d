package devnet

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// readinessSlots is how many consecutive slots the readiness benchmark follows.
const readinessSlots = 100

// BenchmarkIntegrationDevnetReadiness follows 100 consecutive slots of the
// devnet (every validator ours) and reports in how many our block was ready
// before the beacon node asked for its header, with the margin, read from
// the sidecar's log, and how many of the slots' blocks on the beacon chain
// are ours. It runs once whatever b.N is: one op is 100 slots.
func BenchmarkIntegrationDevnetReadiness(b *testing.B) {
	if testing.Short() {
		b.Skip("devnet benchmark skipped with -short")
	}
	ctx, cancel := context.WithTimeout(b.Context(), 20*time.Minute)
	defer cancel()
	n, _ := sharedPromiseDevnet(ctx, b)
	waitPromises(ctx, b, n)
	ep := n.State.Endpoints
	slotDur := time.Duration(n.State.SlotSeconds) * time.Second
	slotStart := func(s uint64) time.Time { return n.State.GenesisTime.Add(time.Duration(s) * slotDur) }
	first := uint64(time.Since(n.State.GenesisTime)/slotDur) + 2
	last := first + readinessSlots - 1
	before := scrape(ctx, b, ep.SidecarMetric)

	b.ResetTimer()
	waitUntil(ctx, b, n, slotStart(last+1).Add(slotDur/2), "the end of the followed slots")
	b.StopTimer()

	after := scrape(ctx, b, ep.SidecarMetric)
	bids := readBids(b, filepath.Join(n.cfg.DataDir, "logs", "sidecar.log"), first, last)
	based := "0x" + common.Bytes2Hex([]byte("based"))
	var ours, missed int
	var margins []time.Duration
	var rebuilt, noBid []uint64
	for s := first; s <= last; s++ {
		switch sb := blockOfSlot(ctx, b, ep.BeaconAPI, s); {
		case sb.missed:
			missed++
		case sb.extra == based:
			ours++
		}
		bid, ok := bids[s]
		switch {
		case !ok:
			noBid = append(noBid, s)
		case bid.rebuilt:
			rebuilt = append(rebuilt, s)
		default:
			margins = append(margins, bid.margin)
		}
	}
	slices.Sort(margins)
	b.ReportMetric(float64(len(margins)), "ready/100slots")
	b.ReportMetric(float64(ours), "ours/100slots")
	b.ReportMetric(float64(missed), "missed/100slots")
	if len(margins) > 0 {
		b.ReportMetric(margins[0].Seconds()*1e3, "min-margin-ms")
		b.ReportMetric(margins[len(margins)/2].Seconds()*1e3, "p50-margin-ms")
	}
	builds := after["based_localblock_build_seconds_count"] - before["based_localblock_build_seconds_count"]
	if builds > 0 {
		b.ReportMetric((after["based_localblock_build_seconds_sum"]-before["based_localblock_build_seconds_sum"])/builds*1e3, "build-ms")
	}
	b.Logf("slots %d..%d: ready before the request in %d, rebuilt on another parent in %d %v, no bid of ours in %d %v; blocks ours %d, missed %d; %v builds",
		first, last, len(margins), len(rebuilt), rebuilt, len(noBid), noBid, ours, missed, builds)
}

// servedBid is one "our bid" line of the sidecar's log.
type servedBid struct {
	rebuilt bool
	margin  time.Duration
}

// readBids reads the sidecar's "our bid" log lines of slots first..last
// (the first one of each slot).
func readBids(t testing.TB, path string, first, last uint64) map[uint64]servedBid {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[uint64]servedBid{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.Contains(line, `msg="our bid"`) {
			continue
		}
		fields := logFields(line)
		slot, err := strconv.ParseUint(fields["slot"], 10, 64)
		if err != nil || slot < first || slot > last {
			continue
		}
		if _, seen := out[slot]; seen {
			continue
		}
		margin, _ := time.ParseDuration(fields["ready_before_request"])
		out[slot] = servedBid{rebuilt: fields["rebuilt"] == "true", margin: margin}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// logFields splits a text-handler log line into its unquoted key=value pairs.
func logFields(line string) map[string]string {
	out := map[string]string{}
	for _, f := range strings.Fields(line) {
		if k, v, ok := strings.Cut(f, "="); ok {
			out[k] = v
		}
	}
	return out
}
