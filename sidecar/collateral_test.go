package sidecar

import (
	"context"
	"errors"
	"log/slog"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/preconf"
)

// TestRefreshCollateral feeds a sequence of Registry reads (one failing) to
// the refresher and checks that the engine follows every successful one and
// keeps the last value through the failure.
func TestRefreshCollateral(t *testing.T) {
	key, _ := crypto.GenerateKey()
	cfg := preconf.DefaultConfig()
	cfg.Key, cfg.Domain.ChainID = key, big.NewInt(SyntheticChainID)
	cfg.Collateral = big.NewInt(100)
	log := slog.New(slog.DiscardHandler)
	lg, err := preconf.OpenLog(t.TempDir(), log)
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	engine, err := preconf.NewEngine(cfg, newSyntheticChain(crypto.PubkeyToAddress(key.PublicKey), nil), lg, log)
	if err != nil {
		t.Fatal(err)
	}
	reads := []struct {
		v   int64
		err error
	}{{100, nil}, {40, nil}, {0, errors.New("execution client down")}, {70, nil}}
	var mu sync.Mutex
	n := 0
	seen := make(chan int64) // unbuffered: the next read waits until the test has checked the last
	read := func(context.Context) (*big.Int, error) {
		mu.Lock()
		defer mu.Unlock()
		if n >= len(reads) {
			return big.NewInt(70), nil
		}
		r := reads[n]
		n++
		if r.err != nil {
			seen <- -1
			return nil, r.err
		}
		seen <- r.v
		return big.NewInt(r.v), nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- refreshCollateral(ctx, time.Millisecond, read, engine, log) }()
	want := []int64{100, 40, 40, 70} // the engine's collateral after each read
	for i := range reads {
		select {
		case <-seen:
		case <-time.After(10 * time.Second):
			t.Fatalf("read %d never happened", i)
		}
		// The engine is updated right after the read returns; wait for it.
		deadline := time.Now().Add(5 * time.Second)
		for engine.Status().Collateral.ToInt().Int64() != want[i] {
			if time.Now().After(deadline) {
				t.Fatalf("after read %d: collateral %v, want %d", i, engine.Status().Collateral, want[i])
			}
			time.Sleep(time.Millisecond)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
