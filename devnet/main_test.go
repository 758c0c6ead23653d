package devnet

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
)

// promiseNet is the devnet (without the relay) that the package's promise
// tests share: started by the first of them, stopped by TestMain.
var promiseNet struct {
	once  sync.Once
	n     *Net
	based string
	dir   string
	err   error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if promiseNet.n != nil {
		promiseNet.n.Close()
	}
	if promiseNet.dir != "" {
		os.RemoveAll(promiseNet.dir)
	}
	os.Exit(code)
}

// sharedPromiseDevnet returns the package's promise devnet (2 s slots, no
// relay, every interop validator ours) and the sidecar binary, starting them
// on first use; a failing test logs the processes' last lines.
func sharedPromiseDevnet(ctx context.Context, t testing.TB) (*Net, string) {
	t.Helper()
	promiseNet.once.Do(func() {
		began := time.Now()
		promiseNet.dir, promiseNet.err = os.MkdirTemp("", "based-devnet-test-")
		if promiseNet.err != nil {
			return
		}
		repo, err := FindRepoRoot(".")
		if err != nil {
			promiseNet.err = err
			return
		}
		var buildLog bytes.Buffer
		bins, err := Build(ctx, repo, filepath.Join(repo, "devnet", ".cache"), &buildLog)
		if err != nil {
			promiseNet.err = fmt.Errorf("%v\n%s", err, buildLog.String())
			return
		}
		promiseNet.based = filepath.Join(promiseNet.dir, "based")
		cmd := exec.CommandContext(ctx, "go", "build", "-o", promiseNet.based, "./cmd/based")
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			promiseNet.err = fmt.Errorf("build based: %v\n%s", err, out)
			return
		}
		t.Logf("clients and sidecar ready after %s", time.Since(began).Round(time.Second))
		promiseNet.n, promiseNet.err = Up(context.WithoutCancel(ctx), Config{DataDir: filepath.Join(promiseNet.dir, "net"), Bins: bins, Sidecar: promiseNet.based,
			Slot: 2 * time.Second, GenesisDelay: 15 * time.Second, NoRelay: true, Faults: true})
		t.Logf("devnet up after %s", time.Since(began).Round(time.Second))
	})
	if promiseNet.err != nil {
		dumpLogs(t, filepath.Join(promiseNet.dir, "net", "logs"))
		t.Fatal(promiseNet.err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			dumpLogs(t, filepath.Join(promiseNet.n.cfg.DataDir, "logs"))
		}
	})
	return promiseNet.n, promiseNet.based
}

// waitPromises waits until the devnet's sidecar offers promises (its chain
// view synced, a slot of ours ahead).
func waitPromises(ctx context.Context, t testing.TB, n *Net) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		c, err := client.Dial(ctx, n.State.Endpoints.PreconfRPC)
		if err == nil {
			var st *preconf.NodeStatus
			st, err = c.Status(ctx)
			c.Close()
			if err == nil && st.Chain.Reason == "" && st.Chain.NextSlot != 0 {
				return
			}
			if err == nil {
				err = fmt.Errorf("status: %+v", st.Chain)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("sidecar at %s not offering promises: %v", n.State.Endpoints.PreconfRPC, err)
		}
		waitUntil(ctx, t, n, time.Now().Add(500*time.Millisecond), "sidecar ready")
	}
}
