package localblock_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/localblock"
)

// TestIntegrationGethReadsPoolAhead reads a real geth's pool ahead of the
// build and, at the build, only what became pending since: a replacement of
// a snapshot's tx takes its place, a new sender and a sender's next nonce are
// added, the block is VALID (Build checks engine_newPayloadV4) and ordered by
// tip as a whole read would order it; the snapshot serves one build only.
func TestIntegrationGethReadsPoolAhead(t *testing.T) {
	if testing.Short() {
		t.Skip("needs geth")
	}
	ks := keys(t, 3)
	g := startGeth(t, ks)
	s := signer{chainID: g.chainID, to: common.HexToAddress("0xaa")}
	x, y, z := ks[0], ks[1], ks[2]
	x0, x1, y0 := s.transfer(t, x, 0, 2), s.transfer(t, x, 1, 2), s.transfer(t, y, 0, 4)
	g.send(t, rawsOf(t, []*types.Transaction{x0, x1, y0}))
	waitPending(t, g, 3)
	ctx := context.Background()
	bl := localblock.NewBuilder(g.eth, g.engine, fixedConstraints{}, []byte("based"), prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	head := header(t, g, "latest")
	if err := bl.Prefetch(ctx, common.Hash{0x01}); !errors.Is(err, localblock.ErrParentNotHead) {
		t.Fatalf("read ahead for a parent that is not the head: %v", err)
	}
	if err := bl.Prefetch(ctx, head.Hash()); err != nil {
		t.Fatal(err)
	}
	// After the read: x's nonce 1 replaced (tip 2 → 20 gwei, fee cap 102 → 120), z's first tx, y's next.
	x1bump, z0, y1 := s.transfer(t, x, 1, 20), s.transfer(t, z, 0, 6), s.transfer(t, y, 1, 3)
	var filter string
	if err := g.eth.Call(&filter, "eth_newPendingTransactionFilter"); err != nil {
		t.Fatal(err)
	}
	g.send(t, rawsOf(t, []*types.Transaction{x1bump, z0, y1}))
	waitFiltered(t, g, filter, x1bump.Hash(), z0.Hash(), y1.Hash())

	blk, err := bl.Build(ctx, attrsOn(head, common.HexToAddress("0xfee")))
	if err != nil {
		t.Fatal(err)
	}
	// By effective tip, nonce order per sender: z/0 (6), y/0 (4), y/1 (3), x/0 (2), then x/1 (20).
	want := []common.Hash{z0.Hash(), y0.Hash(), y1.Hash(), x0.Hash(), x1bump.Hash()}
	if got := hashes(t, blk.Payload.Transactions); !blk.Phases.Snapshot || !equal(got, want) {
		t.Fatalf("from the snapshot (%v): block transactions\n got %v\nwant %v", blk.Phases.Snapshot, got, want)
	}
	// The snapshot is spent: the next build reads the whole pool, to the same block.
	again, err := bl.Build(ctx, attrsOn(head, common.HexToAddress("0xfee")))
	if err != nil {
		t.Fatal(err)
	}
	if got := hashes(t, again.Payload.Transactions); again.Phases.Snapshot || !equal(got, want) {
		t.Fatalf("second build (snapshot %v): %v, want %v", again.Phases.Snapshot, got, want)
	}
}

// waitPending waits until geth's pool holds n pending transactions.
func waitPending(t testing.TB, g *gethNode, n uint64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var st struct {
			Pending hexutil.Uint64 `json:"pending"`
		}
		if err := g.eth.Call(&st, "txpool_status"); err != nil {
			t.Fatal(err)
		}
		if uint64(st.Pending) == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d pending transactions, want %d", st.Pending, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitFiltered waits until a pending-transaction filter has reported every hash of want.
func waitFiltered(t testing.TB, g *gethNode, filter string, want ...common.Hash) {
	t.Helper()
	seen := map[common.Hash]bool{}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var hs []common.Hash
		if err := g.eth.Call(&hs, "eth_getFilterChanges", filter); err != nil {
			t.Fatal(err)
		}
		for _, h := range hs {
			seen[h] = true
		}
		all := true
		for _, h := range want {
			all = all && seen[h]
		}
		if all {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the filter reported %v, want %v", seen, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
