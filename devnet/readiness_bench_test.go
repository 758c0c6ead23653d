package devnet

import (
	"bufio"
	"context"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/basedsidecar/based/preconf/client"
)

// readinessSlots is how many consecutive slots the readiness benchmark follows.
const readinessSlots = 100

// BenchmarkIntegrationDevnetReadiness follows 100 consecutive slots of the
// devnet (every validator ours) under load (two promises and 40 pool
// transactions a slot) and reports in how many our block was ready before
// the beacon node asked for its header, with the margin, read from the
// sidecar's log, and, read from the beacon node, how many of the slots'
// blocks are ours and hold their promises at the top. It runs once whatever
// b.N is: one op is 100 slots.
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

	el, err := ethclient.DialContext(ctx, ep.ExecutionHTTP)
	if err != nil {
		b.Fatal(err)
	}
	defer el.Close()
	c, err := client.Dial(ctx, ep.PreconfRPC)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ld, err := newReadinessLoad(ctx, n, el)
	if err != nil {
		b.Fatal(err)
	}

	b.ResetTimer()
	// In each slot, promises for the slot three ahead and pool transactions to fill from.
	for s := first - readinessLead; s+readinessLead <= last; s++ {
		waitUntil(ctx, b, n, slotStart(s).Add(slotDur/4), "the next slot")
		ld.slot(ctx, c, el, s+readinessLead)
	}
	waitUntil(ctx, b, n, slotStart(last+1).Add(slotDur/2), "the end of the followed slots")
	b.StopTimer()

	after := scrape(ctx, b, ep.SidecarMetric)
	bids := readBids(b, filepath.Join(n.cfg.DataDir, "logs", "sidecar.log"), first, last)
	based := "0x" + common.Bytes2Hex([]byte("based"))
	var ours, missed, kept, promisedTxs, filled int
	var margins []time.Duration
	var rebuilt, noBid []uint64
	for s := first; s <= last; s++ {
		sb, want := blockOfSlot(ctx, b, ep.BeaconAPI, s), ld.promised[s]
		switch {
		case sb.missed:
			missed++
		case sb.extra == based:
			ours++
		}
		if len(want) > 0 && len(sb.txs) >= len(want) && slices.Equal(sb.txs[:len(want)], want) {
			kept++
		}
		promisedTxs += len(want)
		filled += max(0, len(sb.txs)-len(want))
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
	snap := `based_localblock_pool_reads_total{source="snapshot"}`
	b.ReportMetric(after[snap]-before[snap], "pool-read-ahead-builds")
	b.ReportMetric(float64(kept), "kept-slots")
	b.ReportMetric(float64(len(ld.promised)), "promised-slots")
	b.Logf("load: %d promises in %d slots, %d kept at the top of their slot's block in promise order; %d refused (%v); %d pool txs sent, %d refused, %d other txs in the blocks",
		promisedTxs, len(ld.promised), kept, ld.refused, ld.lastErr, ld.sent, ld.sendErrs, filled)
	b.Logf("slots %d..%d: ready before the request in %d, rebuilt on another parent in %d %v, no bid of ours in %d %v; blocks ours %d, missed %d; %v builds",
		first, last, len(margins), len(rebuilt), rebuilt, len(noBid), noBid, ours, missed, builds)
}

// readinessLead is how many slots ahead the benchmark's promises are.
const readinessLead = 3

// readinessLoad sends the benchmark's load: per slot, one promised transfer
// each of wallet-3 and wallet-4, and 20 pool transfers each of wallet-1 and
// wallet-2 at tips of 1–4 gwei.
type readinessLoad struct {
	signer   types.Signer
	promise  []Account
	pool     []Account
	nonces   map[common.Address]uint64
	promised map[uint64][]common.Hash
	refused  int
	lastErr  error
	sent     int
	sendErrs int
}

func newReadinessLoad(ctx context.Context, n *Net, el *ethclient.Client) (*readinessLoad, error) {
	ld := &readinessLoad{signer: types.LatestSignerForChainID(big.NewInt(ChainID)), nonces: map[common.Address]uint64{}, promised: map[uint64][]common.Hash{}}
	for _, role := range []string{"wallet-3", "wallet-4", "wallet-1", "wallet-2"} {
		a, err := n.account(role)
		if err != nil {
			return nil, err
		}
		if ld.nonces[a.Address], err = el.PendingNonceAt(ctx, a.Address); err != nil {
			return nil, err
		}
		if role == "wallet-3" || role == "wallet-4" {
			ld.promise = append(ld.promise, a)
		} else {
			ld.pool = append(ld.pool, a)
		}
	}
	return ld, nil
}

// slot asks for the promises of slot and sends one slot's pool transactions.
func (ld *readinessLoad) slot(ctx context.Context, c *client.Client, el *ethclient.Client, slot uint64) {
	to := common.Address{0xbe}
	sign := func(a Account, tip int64) *types.Transaction {
		tx := types.MustSignNewTx(a.Key(), ld.signer, &types.DynamicFeeTx{ChainID: big.NewInt(ChainID), Nonce: ld.nonces[a.Address],
			GasTipCap: big.NewInt(tip), GasFeeCap: big.NewInt(300e9), Gas: 21000, To: &to, Value: big.NewInt(1)})
		return tx
	}
	for _, a := range ld.promise {
		tx := sign(a, 5e9)
		raw, _ := tx.MarshalBinary()
		if _, err := c.RequestInclusion(ctx, slot, big.NewInt(ChainID), raw); err != nil {
			ld.refused++
			ld.lastErr = err
			continue
		}
		ld.nonces[a.Address]++
		ld.promised[slot] = append(ld.promised[slot], tx.Hash())
	}
	for _, a := range ld.pool {
		for i := range int64(20) {
			if err := el.SendTransaction(ctx, sign(a, (1+i%4)*1e9)); err != nil {
				ld.sendErrs++
				ld.lastErr = err
				break
			}
			ld.nonces[a.Address]++
			ld.sent++
		}
	}
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
