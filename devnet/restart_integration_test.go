package devnet

import (
	"context"
	"math/big"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/basedsidecar/based/preconf/client"
)

// TestIntegrationDevnetBeaconRestart kills the beacon node (kill -9; the
// devnet's supervisor starts it again with --sync-from=head): while it is
// down the sidecar refuses promises; once it is back, a slot is promised only
// after the beacon node showed it holds its registrations (a header request,
// or the validator client's registrations at the next epoch), every promise
// sold lands at the top of our block in its slot, and so do those after the
// next epoch.
func TestIntegrationDevnetBeaconRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet integration test skipped with -short")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Minute)
	defer cancel()
	n, _ := sharedPromiseDevnet(ctx, t)
	waitPromises(ctx, t, n)
	c, err := client.Dial(ctx, n.State.Endpoints.PreconfRPC)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	el, err := ethclient.DialContext(ctx, n.State.Endpoints.ExecutionHTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer el.Close()

	pid := n.Proc("beacon")
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Down: the sidecar says why it does not sell, and refuses a request.
	nonces := map[common.Address]uint64{}
	refused := false
	for deadline := time.Now().Add(30 * time.Second); !refused; {
		st, err := c.Status(ctx)
		if err == nil && st.Chain.Reason != "" {
			w, _ := n.account("wallet-4")
			nonce, err := el.PendingNonceAt(ctx, w.Address)
			if err != nil {
				t.Fatal(err)
			}
			tx := blobTx(t, w, big.NewInt(ChainID), nonce, common.Address{0xbe})
			raw, _ := tx.MarshalBinary()
			if _, err := c.RequestInclusion(ctx, st.Chain.ClockSlot+3, big.NewInt(ChainID), raw); err == nil {
				t.Fatalf("promise sold while the beacon node is down (status %+v)", st.Chain)
			}
			t.Logf("beacon node down: promises refused (%s)", st.Chain.Reason)
			refused = true
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sidecar kept offering promises with the beacon node killed: %+v %v", st, err)
		}
		waitUntil(ctx, t, n, time.Now().Add(100*time.Millisecond), "sidecar notices the beacon node is down")
	}
	// Back (restarted by the supervisor): promises and our blocks resume.
	began := time.Now()
	waitPromises(ctx, t, n)
	t.Logf("promises offered again %s after the kill", time.Since(began).Round(time.Second))
	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The validator client sends its registrations again at the next epoch's
	// start (docs/THREATS.md).
	next := (st.Chain.ClockSlot/32 + 1) * 32
	slotDur := time.Duration(n.State.SlotSeconds) * time.Second
	// A beacon node that lost its registrations builds its own blocks until
	// then: the sidecar refuses slots until the beacon node shows it holds them
	// (a header request, or the registrations again), and every promise it
	// does sell must land in our block.
	granted, early := earlyPromises(ctx, t, n, el, c, next+1)
	waitUntil(ctx, t, n, n.State.GenesisTime.Add(time.Duration(next+1)*slotDur), "the next epoch")
	// Transfers only (count 1): the promise test before may have delegated
	// the 7702 sender, whose promises the engine then refuses.
	first, bySlot := promiseSlots(ctx, t, n, el, c, nonces, 3, 1)
	for slot, h := range granted {
		checkLanded(ctx, t, n, slot, []common.Hash{h})
	}
	checkLanded(ctx, t, n, first, bySlot[first])
	// What the refused slots (all past now) were: the beacon node's own blocks, or ours (the gate erred safe).
	own, ours := 0, 0
	for _, s := range early {
		switch b := blockOfSlot(ctx, t, n.State.Endpoints.BeaconAPI, s); {
		case b.missed:
		case b.extra == hexutil.Encode([]byte("based")):
			ours++
		default:
			own++
		}
	}
	t.Logf("after the restart, until the next epoch (%d): %d promised; %d slots refused, whose blocks were the beacon node's own in %d and ours in %d",
		next, len(granted), len(early), own, ours)
}

// earlyPromises asks, in each slot until the clock reaches until, for a
// promise two slots ahead (wallet-1 transfers): the promised tx of each slot
// sold, and the slots refused because the beacon node has not shown it holds
// its validators' registrations since it was lost; other refusals are logged.
func earlyPromises(ctx context.Context, t *testing.T, n *Net, el *ethclient.Client, c *client.Client, until uint64) (map[uint64]common.Hash, []uint64) {
	t.Helper()
	w, err := n.account("wallet-1")
	if err != nil {
		t.Fatal(err)
	}
	nonce, err := el.PendingNonceAt(ctx, w.Address)
	if err != nil {
		t.Fatal(err)
	}
	chainID := big.NewInt(ChainID)
	signer := types.LatestSignerForChainID(chainID)
	slotDur := time.Duration(n.State.SlotSeconds) * time.Second
	granted := map[uint64]common.Hash{}
	var refused []uint64
	for {
		st, err := c.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		clock := st.Chain.ClockSlot
		if clock >= until {
			return granted, refused
		}
		slot := clock + 2
		tx := types.MustSignNewTx(w.Key(), signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce,
			GasTipCap: big.NewInt(3e9), GasFeeCap: big.NewInt(300e9), Gas: 21000, To: &common.Address{0xbe}, Value: big.NewInt(1)})
		raw, _ := tx.MarshalBinary()
		_, err = c.RequestInclusion(ctx, slot, chainID, raw)
		switch {
		case err == nil:
			granted[slot] = tx.Hash()
			nonce++
		case strings.Contains(err.Error(), "builder registration"):
			refused = append(refused, slot)
		default: // e.g. the head still catching up after the restart
			t.Logf("promise for slot %d refused: %v", slot, err)
		}
		waitUntil(ctx, t, n, n.State.GenesisTime.Add(time.Duration(clock+1)*slotDur+slotDur/4), "the next slot")
	}
}
