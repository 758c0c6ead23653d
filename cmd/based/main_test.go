package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/urfave/cli/v2"
)

// appStart lets one app at a time parse its flags: urfave/cli appends the
// one package-level HelpFlag to every app and writes to it while parsing, so
// apps started at the same time in one test binary would race on it.
var appStart sync.Mutex

// runApp runs the CLI with args and returns stdout, the error and its exit code.
func runApp(t *testing.T, ctx context.Context, args ...string) (string, int, error) {
	t.Helper()
	app := newApp()
	var out, errOut bytes.Buffer
	app.Writer, app.ErrWriter = &out, &errOut
	app.ExitErrHandler = func(*cli.Context, error) {} // keep os.Exit out of tests
	appStart.Lock()
	var once sync.Once
	release := func() { once.Do(appStart.Unlock) }
	releaseAtAction(app.Commands, release)
	err := app.RunContext(ctx, append([]string{"based"}, args...))
	release()
	code := 0
	if err != nil {
		code = 1
		var ec cli.ExitCoder
		if errors.As(err, &ec) {
			code = ec.ExitCode()
		}
	}
	return out.String() + errOut.String(), code, err
}

// nonZero accepts any failing exit code.
const nonZero = -1

func TestCLI(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badTOML := write("bad.toml", "[metrics\naddr = 1")
	badValue := write("badvalue.toml", "[metrics]\naddr = \"no-port\"\n")
	unknownExt := write("config.ini", "x=1")

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantText []string
	}{
		{"help", []string{"--help"}, 0, []string{"run", "version", "beacon node"}},
		{"version", []string{"version"}, 0, []string{"based " + version, "commit " + commit, "go go1."}},
		{"run help", []string{"run", "--help"}, 0, []string{"--metrics.addr", "BASED_METRICS_ADDR", "--config", "--datadir"}},
		{"unknown flag", []string{"run", "--no-such-flag"}, 2, []string{"no-such-flag"}},
		{"unknown command", []string{"frobnicate"}, nonZero, []string{"frobnicate"}},
		{"malformed config", []string{"run", "--config", badTOML}, 2, []string{"--config", "bad.toml"}},
		{"bad value in config", []string{"run", "--config", badValue}, 2, []string{"metrics.addr", "no-port"}},
		{"unknown config format", []string{"run", "--config", unknownExt}, 2, []string{"unknown format"}},
		{"missing config", []string{"run", "--config", filepath.Join(dir, "absent.toml")}, 2, []string{"absent.toml"}},
		{"bad log level", []string{"--log.level", "loud", "run"}, 2, []string{"log.level", "loud"}},
		{"bad log format", []string{"--log.format", "xml", "run"}, 2, []string{"log.format", "xml"}},
		{"max count over uint32", []string{"run", "--preconf.max-count", "4294967296"}, 2, []string{"--preconf.max-count 4294967296", "between 1 and 4294967295"}},
		{"max count zero", []string{"run", "--preconf.max-count", "0"}, 2, []string{"--preconf.max-count 0"}},
		{"ip rate too high", []string{"run", "--rpc.ip-rate", "1e300"}, 2, []string{"--rpc.ip-rate"}},
		{"sender rate negative", []string{"run", "--preconf.sender-rate", "-1"}, 2, []string{"--preconf.sender-rate"}},
		{"deadline overflows a duration", []string{"run", "--beacon-url", "http://127.0.0.1:1", "--chain.deadline-ms", "9223372036855"}, 2, []string{"--chain.deadline-ms 9223372036855", "between 0 and"}},
		{"timeout overflows a duration", []string{"run", "--beacon-url", "http://127.0.0.1:1", "--chain.timeout-ms", "9223372036855"}, 2, []string{"--chain.timeout-ms"}},
		{"max head lag zero", []string{"run", "--beacon-url", "http://127.0.0.1:1", "--chain.max-head-lag", "0"}, 2, []string{"--chain.max-head-lag 0"}},
		{"blocksim without its execution client", []string{"blocksim"}, nonZero, []string{"execution-url", "engine-url", "jwt-secret"}},
		{"blocksim with a bad JWT secret", []string{"blocksim", "--execution-url", "http://127.0.0.1:1", "--engine-url", "http://127.0.0.1:1",
			"--jwt-secret", write("bad-jwt.hex", "zz\n")}, 2, []string{"--jwt-secret", "32 bytes of hex"}},
		{"blocksim with a bad listen address", []string{"blocksim", "--execution-url", "http://127.0.0.1:1", "--engine-url", "http://127.0.0.1:1",
			"--jwt-secret", write("jwt.hex", strings.Repeat("ab", 32)+"\n"), "--addr", "no-port"}, 2, []string{"--addr"}},
		{"zero slasher", []string{"run", "--rpc.addr", "127.0.0.1:0", "--beacon-url", "http://127.0.0.1:1", "--preconf.chain-id", "1", "--preconf.keystore", write("committer.key", "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318\n")}, 2, []string{"preconf.slasher", "cannot be enforced"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			text, code, err := runApp(t, ctx, tc.args...)
			if err != nil {
				text += err.Error()
			}
			if code != tc.wantCode && !(tc.wantCode == nonZero && code != 0) {
				t.Fatalf("exit code %d, want %d; output:\n%s", code, tc.wantCode, text)
			}
			for _, w := range tc.wantText {
				if !strings.Contains(text, w) {
					t.Errorf("output lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

// TestRunStopsOnCancel starts `based run` with a config file and checks that
// it serves metrics, applies the runtime settings, and returns cleanly when
// its context ends.
func TestRunStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	cfg := filepath.Join(dir, "based.toml")
	body := "datadir = \"" + filepath.Join(dir, "data") + "\"\n[metrics]\naddr = \"" + addr + "\"\n[runtime]\ngc-percent = 250\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, _, err := runApp(t, ctx, "run", "--config", cfg)
		done <- err
	}()
	waitHTTP(t, "http://"+addr+"/metrics", "based_up 1")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after cancel", err)
		}
		if prev := debug.SetGCPercent(100); prev != 250 {
			t.Errorf("GC percent after run with runtime.gc-percent = 250: %d", prev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop within 10s of cancel")
	}
}

// releaseAtAction makes every command call release when its action starts,
// that is once its flags are parsed.
func releaseAtAction(cmds []*cli.Command, release func()) {
	for _, c := range cmds {
		if act := c.Action; act != nil {
			c.Action = func(ctx *cli.Context) error {
				release()
				return act(ctx)
			}
		}
		releaseAtAction(c.Subcommands, release)
	}
}
