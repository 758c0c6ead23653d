package main

import (
	"context"
	"strings"
	"testing"
)

// TestDevnetCommandsWithoutDevnet checks status, down and record on a data
// folder that holds no devnet (the running devnet is TestIntegrationDevnet's).
func TestDevnetCommandsWithoutDevnet(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args     []string
		wantCode int
		want     string
	}{
		{[]string{"devnet", "status", "--datadir", dir}, 1, "no devnet in this data folder"},
		{[]string{"devnet", "down", "--datadir", dir}, 0, "no devnet running in " + dir},
		{[]string{"devnet", "record", "--datadir", dir, "--out", t.TempDir()}, 1, "no devnet in this data folder"},
	}
	for _, tt := range tests {
		t.Run(tt.args[1], func(t *testing.T) {
			out, code, err := runApp(t, context.Background(), tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d (%v), want %d; output %q", code, err, tt.wantCode, out)
			}
			msg := out
			if err != nil {
				msg += err.Error()
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("output %q, want it to contain %q", msg, tt.want)
			}
		})
	}
}
