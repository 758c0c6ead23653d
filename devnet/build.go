package devnet

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Client versions the devnet builds; each matches the go.mod of its module
// under devnet/clients.
const (
	GethVersion  = "v1.17.8"
	PrysmVersion = "v7.1.2"
	RelayVersion = "v0.33.2"
)

// Binaries are the paths of the client executables of one devnet.
type Binaries struct {
	Geth, BeaconChain, Validator, Prysmctl, Relay string
}

// target is one executable built from a client module.
type target struct {
	module  string // folder under devnet/clients
	version string
	pkg     string
	name    string
	env     []string
}

var targets = []target{
	{"geth", GethVersion, "github.com/ethereum/go-ethereum/cmd/geth", "geth", nil},
	{"prysm", PrysmVersion, "github.com/OffchainLabs/prysm/v7/cmd/beacon-chain", "beacon-chain", prysmEnv},
	{"prysm", PrysmVersion, "github.com/OffchainLabs/prysm/v7/cmd/validator", "validator", prysmEnv},
	{"prysm", PrysmVersion, "github.com/OffchainLabs/prysm/v7/cmd/prysmctl", "prysmctl", prysmEnv},
	{"relay", RelayVersion, "github.com/flashbots/mev-boost-relay", "mev-boost-relay", nil},
}

// prysmEnv: one quic-go pseudo-version Prysm needs is not in the checksum database.
var prysmEnv = []string{"GONOSUMDB=github.com/quic-go/quic-go"}

// ErrNoRepo is returned when the repository root cannot be found.
var ErrNoRepo = errors.New("devnet: repository root (with devnet/clients) not found")

// FindRepoRoot walks up from dir to the folder holding devnet/clients.
func FindRepoRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if st, err := os.Stat(filepath.Join(dir, "devnet", "clients")); err == nil && st.IsDir() {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", ErrNoRepo
		}
		dir = parent
	}
}

// binPath is where target t is cached.
func (t target) binPath(cache string) string {
	return filepath.Join(cache, t.module+"-"+t.version, t.name)
}

// Build compiles every client binary missing from cache (by version) with
// the Go toolchain, from the client modules under repo/devnet/clients.
// Build output goes to w.
func Build(ctx context.Context, repo, cache string, w io.Writer) (Binaries, error) {
	unlock, err := lockCache(ctx, cache)
	if err != nil {
		return Binaries{}, err
	}
	defer unlock()
	paths := map[string]string{}
	for _, t := range targets {
		p := t.binPath(cache)
		paths[t.name] = p
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			continue
		}
		fmt.Fprintf(w, "building %s %s (first run only; minutes on 2 cores)\n", t.name, t.version)
		tmp := fmt.Sprintf("%s.tmp%d", p, os.Getpid()) // concurrent builds do not collide
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", tmp, t.pkg)
		cmd.Dir = filepath.Join(repo, "devnet", "clients", t.module)
		cmd.Env = append(os.Environ(), t.env...)
		cmd.Stdout, cmd.Stderr = w, w
		if err := cmd.Run(); err != nil {
			return Binaries{}, fmt.Errorf("build %s %s: %w", t.name, t.version, err)
		}
		if err := os.Rename(tmp, p); err != nil {
			return Binaries{}, err
		}
	}
	return Binaries{
		Geth:        paths["geth"],
		BeaconChain: paths["beacon-chain"],
		Validator:   paths["validator"],
		Prysmctl:    paths["prysmctl"],
		Relay:       paths["mev-boost-relay"],
	}, nil
}

// runTool runs a short-lived command with its output appended to logPath.
func runTool(ctx context.Context, logPath, bin string, args ...string) error {
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(f, "$ %s %s\n", filepath.Base(bin), strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w (see %s)", filepath.Base(bin), err, logPath)
	}
	return nil
}

// lockCache takes an exclusive lock on the cache folder, so that concurrent
// builds (tests of several packages, a devnet started meanwhile) wait for one
// another instead of compiling the same client twice.
func lockCache(ctx context.Context, cache string) (unlock func(), err error) {
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, fmt.Errorf("devnet cache: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(cache, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("devnet cache lock: %w", err)
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() {
				_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				_ = f.Close()
			}, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("devnet cache lock: %w", err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("devnet cache lock: %w", ctx.Err())
		case <-tick.C:
		}
	}
}
