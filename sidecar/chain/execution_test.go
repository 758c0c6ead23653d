package chain

import (
	"context"
	"errors"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
	"github.com/prometheus/client_golang/prometheus"
)

// newSimChain starts a real in-process go-ethereum node and returns it with
// the path of its IPC endpoint and a maker of transfers from a funded key.
func newSimChain(t testing.TB) (*simulated.Backend, string, func(nonce uint64) *types.Transaction) {
	t.Helper()
	key, _ := crypto.HexToECDSA("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
	from := crypto.PubkeyToAddress(key.PublicKey)
	dir, err := os.MkdirTemp("", "based-sim")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ipc := filepath.Join(dir, "el.ipc")
	b := simulated.NewBackend(types.GenesisAlloc{from: {Balance: big.NewInt(1e18)}}, func(nc *node.Config, _ *ethconfig.Config) {
		nc.IPCPath = ipc
	})
	t.Cleanup(func() { b.Close() })
	signer := types.LatestSigner(params.AllDevChainProtocolChanges)
	mk := func(nonce uint64) *types.Transaction {
		tx, err := types.SignNewTx(key, signer, &types.DynamicFeeTx{
			ChainID: params.AllDevChainProtocolChanges.ChainID, Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(1e11),
			Gas: 21000, To: &common.Address{0xaa}, Value: big.NewInt(1000),
		})
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	return b, ipc, mk
}

func TestExecutionStateAndCache(t *testing.T) {
	ctx := context.Background()
	b, ipc, mkTx := newSimChain(t)
	m := newMetrics(prometheus.NewRegistry())
	chainID := params.AllDevChainProtocolChanges.ChainID.Uint64()
	e, err := dialExecution(ctx, ipc, chainID, 5e9, m)
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	e.setBlobSchedule(BlobSchedule{{Time: 0, UpdateFraction: blobFractionPrague}})
	if _, err := e.checkChainID(ctx); err != nil {
		t.Fatal(err)
	}
	key, _ := crypto.HexToECDSA("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
	sender := crypto.PubkeyToAddress(key.PublicKey)

	head0, changed, err := e.refreshHead(ctx, nil)
	if err != nil || !changed {
		t.Fatalf("first head: changed=%v err=%v", changed, err)
	}
	if head0.BaseFee == nil || head0.BlobBaseFee == nil || head0.BlobBaseFee.Cmp(big.NewInt(1)) != 0 {
		t.Fatalf("head fees: base %v blob %v (zero excess blob gas gives 1 wei)", head0.BaseFee, head0.BlobBaseFee)
	}
	accs, err := e.accounts(ctx, []common.Address{sender, {0xaa}, sender})
	if err != nil {
		t.Fatal(err)
	}
	if accs[sender].nonce != 0 || accs[sender].balance.Cmp(big.NewInt(1e18)) != 0 || len(accs[common.Address{0xaa}].code) != 0 {
		t.Fatalf("genesis state: %+v", accs)
	}

	// A new block: the cached state is for the old head until the head is re-read.
	if err := b.Client().SendTransaction(ctx, mkTx(0)); err != nil {
		t.Fatal(err)
	}
	b.Commit()
	accs, _ = e.accounts(ctx, []common.Address{sender})
	if accs[sender].nonce != 0 {
		t.Fatalf("cache served nonce %d before the head moved", accs[sender].nonce)
	}
	head1, changed, err := e.refreshHead(ctx, nil)
	if err != nil || !changed || head1.Number != head0.Number+1 {
		t.Fatalf("second head: %+v changed=%v err=%v", head1, changed, err)
	}
	accs, _ = e.accounts(ctx, []common.Address{sender, {0xaa}})
	if accs[sender].nonce != 1 || accs[common.Address{0xaa}].balance.Cmp(big.NewInt(1000)) != 0 {
		t.Fatalf("state after block 1: %+v", accs)
	}
	if _, changed, _ := e.refreshHead(ctx, nil); changed {
		t.Fatal("same head reported as changed")
	}

	// A reorg back to the parent with two new blocks: a reorg drops the cache
	// at once, and state is then read at the new head.
	if err := b.Fork(head0.Hash); err != nil {
		t.Fatal(err)
	}
	b.Commit()
	b.Commit()
	e.invalidate()
	if _, err := e.accounts(ctx, []common.Address{sender}); !errors.Is(err, ErrExecution) {
		t.Fatalf("state served between reorg and new head: err = %v", err)
	}
	head2, changed, err := e.refreshHead(ctx, nil)
	if err != nil || !changed || head2.Hash == head1.Hash || head2.Number != head0.Number+2 {
		t.Fatalf("after reorg: %+v changed=%v err=%v", head2, changed, err)
	}
	accs, _ = e.accounts(ctx, []common.Address{sender})
	want, err := b.Client().NonceAt(ctx, sender, nil)
	if err != nil || accs[sender].nonce != want {
		t.Fatalf("nonce after reorg = %d, node says %d (%v)", accs[sender].nonce, want, err)
	}
}

func TestExecutionWrongChainID(t *testing.T) {
	ctx := context.Background()
	_, ipc, _ := newSimChain(t)
	e, err := dialExecution(ctx, ipc, 17000, 5e9, newMetrics(prometheus.NewRegistry()))
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	if _, err := e.checkChainID(ctx); !errors.Is(err, ErrChainID) {
		t.Fatalf("err = %v, want ErrChainID", err)
	}
}

func TestBlobBaseFee(t *testing.T) {
	tests := []struct {
		excess, fraction uint64
		want             int64
	}{
		{0, blobFractionCancun, 1},
		{10 * 1024 * 1024, blobFractionCancun, 23}, // fake_exponential(1, 10485760, 3338477)
		{10 * 1024 * 1024, blobFractionPrague, 8},  // fake_exponential(1, 10485760, 5007716)
		{100 * 1024 * 1024, blobFractionPrague, 1241028881},
	}
	for _, tc := range tests {
		if got := BlobBaseFee(tc.excess, tc.fraction); got.Int64() != tc.want {
			t.Errorf("BlobBaseFee(%d, %d) = %s, want %d", tc.excess, tc.fraction, got, tc.want)
		}
	}
	if BlobBaseFee(5, 0) != nil {
		t.Error("blob fee before blobs exist")
	}
	s := BlobSchedule{{Time: 100, UpdateFraction: blobFractionCancun}, {Time: 200, UpdateFraction: blobFractionPrague}}
	for ts, want := range map[uint64]uint64{50: 0, 100: blobFractionCancun, 199: blobFractionCancun, 200: blobFractionPrague} {
		if got := s.fraction(ts); got != want {
			t.Errorf("fraction(%d) = %d, want %d", ts, got, want)
		}
	}
}

// TestBlobScheduleLargeForkEpochs checks fork times for fork epochs far in
// the future: exact while they fit in uint64 seconds, never activating when
// they do not, and never wrapped around into the past.
func TestBlobScheduleLargeForkEpochs(t *testing.T) {
	genesis := time.Unix(1_700_000_000, 0)
	now := uint64(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	for _, tc := range []struct {
		name          string
		slot          time.Duration
		slotsPerEpoch uint64
		electra       uint64
		wantTime      uint64
	}{
		{"near", 12 * time.Second, 32, 10, 1_700_000_000 + 10*32*12},
		{"far, fits in seconds", 12 * time.Second, 32, 1 << 39, 1_700_000_000 + (1<<39)*32*12},
		{"beyond uint64 seconds", 12 * time.Second, 1 << 30, 1<<40 - 1, math.MaxUint64},
		{"sub-second slots", 500 * time.Millisecond, 32, 1 << 39, 1_700_000_000 + (1<<39)*32/2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := chainSpec{genesisTime: genesis, slot: tc.slot, slotsPerEpoch: tc.slotsPerEpoch,
				forkEpochs: map[string]uint64{"DENEB": 0, "ELECTRA": tc.electra}}
			s := blobScheduleFromSpec(cs)
			if len(s) != 2 || s[0].Time != 1_700_000_000 {
				t.Fatalf("schedule %+v", s)
			}
			if s[1].Time != tc.wantTime {
				t.Fatalf("Electra at %d, want %d", s[1].Time, tc.wantTime)
			}
			if tc.electra > 1000 && s.fraction(now) != blobFractionCancun {
				t.Fatalf("a fork epoch in the far future is in force now: fraction %d", s.fraction(now))
			}
		})
	}
}
