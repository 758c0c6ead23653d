package devnet

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestIntegrationDevnetContracts brings up the devnet (without the relay) and reads the
// contracts deployed at start back through the Go bindings: the operator's registration, its
// free collateral, and all 64 interop validator keys, each registered with a BLS proof of
// possession that the Registry verified with the EIP-2537 precompiles on the devnet's geth.
func TestIntegrationDevnetContracts(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet integration test skipped with -short")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 40*time.Minute)
	defer cancel()
	repo, err := FindRepoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	var buildLog bytes.Buffer
	bins, err := Build(ctx, repo, filepath.Join(repo, "devnet", ".cache"), &buildLog)
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
	n, err := Up(ctx, Config{DataDir: dir, Bins: bins, Sidecar: sidecar, Slot: 2 * time.Second, GenesisDelay: 15 * time.Second, NoRelay: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Close)
	if err := CheckContracts(ctx, dir, n.State); err != nil {
		t.Fatal(err)
	}
}
