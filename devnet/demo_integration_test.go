package devnet

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestIntegrationDevnetDemo runs `based devnet demo` on the package's devnet, as a newcomer
// would after `make devnet`: it must end with every promise kept, checked on the chains.
func TestIntegrationDevnetDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet integration test skipped with -short")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	n, based := sharedPromiseDevnet(ctx, t)
	waitPromises(ctx, t, n)
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, based, "devnet", "demo", "--datadir", n.cfg.DataDir)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("based devnet demo: %v\n%s", err, out.String())
	}
	t.Logf("based devnet demo:\n%s", out.String())
	for _, want := range []string{"kept: L1 tx in block", "both legs in the blocks of the same slot", "confirmed by L1", "done: every promise kept"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the demo's output lacks %q", want)
		}
	}
	if got := strings.Count(out.String(), "promise: rollup"); got != 2 {
		t.Errorf("%d rollup promises in the output, want 2", got)
	}
}
