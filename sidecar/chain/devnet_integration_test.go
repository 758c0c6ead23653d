package chain_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/devnet"
	"github.com/basedsidecar/based/sidecar/chain"
)

// TestIntegrationChainViewDevnet follows a real devnet (geth, Prysm): the
// lookahead equals the duties Prysm reports for the current and next epoch on
// both sides of an epoch boundary, and the status follows a beacon node
// restart (unreachable, then synced and ready again).
func TestIntegrationChainViewDevnet(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet integration test skipped with -short")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Minute)
	defer cancel()
	repo, err := devnet.FindRepoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	var buildLog bytes.Buffer
	bins, err := devnet.Build(ctx, repo, filepath.Join(repo, "devnet", ".cache"), &buildLog)
	if err != nil {
		t.Fatalf("%v\n%s", err, buildLog.String())
	}
	sidecar := filepath.Join(t.TempDir(), "based")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", sidecar, "./cmd/based")
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build based: %v\n%s", err, out)
	}
	dir := t.TempDir()
	n, err := devnet.Up(ctx, devnet.Config{DataDir: dir, Bins: bins, Sidecar: sidecar, Slot: 2 * time.Second, GenesisDelay: 15 * time.Second, NoRelay: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Close)
	t.Cleanup(func() {
		if t.Failed() {
			for _, name := range []string{"beacon.log", "geth.log"} {
				if b, err := os.ReadFile(filepath.Join(dir, "logs", name)); err == nil && len(b) > 4000 {
					t.Logf("tail of %s:\n%s", name, b[len(b)-4000:])
				}
			}
		}
	})
	ep := n.State.Endpoints

	logs := &syncWriter{w: &bytes.Buffer{}}
	log := slog.New(slog.NewTextHandler(logs, nil))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("chain view log:\n%s", logs)
		}
	})
	v, err := chain.New(ctx, chain.Config{
		BeaconURLs: []string{ep.BeaconAPI}, ExecutionURL: ep.ExecutionHTTP,
		ChainID: uint64(n.State.ChainID), Timeout: 5 * time.Second,
	}, log, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- v.Run(runCtx) }()
	t.Cleanup(func() {
		stop()
		<-done
	})

	slot := 2 * time.Second
	slotStart := func(s uint64) time.Time { return n.State.GenesisTime.Add(time.Duration(s) * slot) }
	// Interop genesis leaves epochs 0 and 1 to validator 0: compare from epoch 2 on.
	for _, at := range []uint64{2*32 + 29, 3*32 + 1} {
		sleepUntil(ctx, t, n, slotStart(at).Add(slot/2))
		compareLookahead(ctx, t, v, ep.BeaconAPI)
	}

	// The beacon node dies; the devnet restarts it from its head.
	if err := v.Ready(); err != nil {
		t.Fatalf("not ready before the restart: %v", err)
	}
	if err := syscall.Kill(n.Proc("beacon"), syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitUntil(ctx, t, n, time.Minute, "status to show the beacon node down", func() bool {
		st := v.Status()
		return !st.BeaconOK && st.Reason != "" && v.Ready() != nil
	})
	waitUntil(ctx, t, n, 5*time.Minute, "the view to be ready after the restart", func() bool {
		st := v.Status()
		return st.BeaconOK && st.Synced && st.Reason == "" && v.Ready() == nil
	})
	compareLookahead(ctx, t, v, ep.BeaconAPI)
}

// compareLookahead checks the view's lookahead against Prysm's duties of the
// current and next epoch, retrying if an epoch boundary falls in between.
func compareLookahead(ctx context.Context, t *testing.T, v *chain.View, beacon string) {
	t.Helper()
	for range 3 {
		clock, ok := v.Clock()
		if !ok {
			t.Fatal("no clock")
		}
		epoch := clock.Epoch(v.ClockSlot())
		want := map[uint64]uint64{}
		for e := epoch; e <= epoch+1; e++ {
			var d struct {
				Data []struct {
					Slot           string `json:"slot"`
					ValidatorIndex string `json:"validator_index"`
				} `json:"data"`
			}
			if err := getJSON(ctx, fmt.Sprintf("%s/eth/v1/validator/duties/proposer/%d", beacon, e), &d); err != nil {
				t.Fatal(err)
			}
			for _, x := range d.Data {
				s, _ := strconv.ParseUint(x.Slot, 10, 64)
				i, _ := strconv.ParseUint(x.ValidatorIndex, 10, 64)
				want[s] = i
			}
		}
		got := v.Duties()
		if clock.Epoch(v.ClockSlot()) != epoch {
			continue // crossed a boundary meanwhile
		}
		if len(got) != 64 {
			t.Fatalf("lookahead has %d slots in epoch %d, want 64", len(got), epoch)
		}
		for _, d := range got {
			if w, ok := want[d.Slot]; ok && w != d.ValidatorIndex {
				t.Fatalf("slot %d: view says validator %d, Prysm says %d", d.Slot, d.ValidatorIndex, w)
			}
		}
		if len(want) < 63 {
			t.Fatalf("Prysm gave %d duties for epochs %d and %d", len(want), epoch, epoch+1)
		}
		t.Logf("lookahead of epochs %d and %d equals Prysm's duties", epoch, epoch+1)
		return
	}
	t.Fatal("could not compare between epoch boundaries")
}

func getJSON(ctx context.Context, url string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d", url, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// sleepUntil waits for a wall-clock instant, failing if the devnet fails.
func sleepUntil(ctx context.Context, t *testing.T, n *devnet.Net, at time.Time) {
	t.Helper()
	select {
	case <-ctx.Done():
		t.Fatal(ctx.Err())
	case err := <-n.Failed():
		t.Fatalf("devnet failed: %v", err)
	case <-time.After(time.Until(at)):
	}
}

// waitUntil polls cond until it holds, failing after limit or if the devnet fails.
func waitUntil(ctx context.Context, t *testing.T, n *devnet.Net, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		sleepUntil(ctx, t, n, time.Now().Add(200*time.Millisecond))
	}
}

// syncWriter serialises writes to a buffer shared by goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}
