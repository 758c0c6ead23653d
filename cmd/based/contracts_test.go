package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/bls"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	gethcommon "github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/urfave/cli/v2"
)

// simulatedL1 runs a simulated go-ethereum chain on an IPC socket, sealing a block every
// 100 ms until the test ends, and returns the socket path.
func simulatedL1(t *testing.T, funded ...string) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "l1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	ipc := filepath.Join(dir, "l1.ipc")
	alloc := types.GenesisAlloc{}
	for _, k := range funded {
		key, _ := crypto.HexToECDSA(k)
		alloc[crypto.PubkeyToAddress(key.PublicKey)] = types.Account{Balance: new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))}
	}
	sim := simulated.NewBackend(alloc, func(nc *node.Config, _ *ethconfig.Config) { nc.IPCPath = ipc })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				sim.Commit()
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done; _ = sim.Close() })
	return ipc
}

func writeKey(t *testing.T, hexKey string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(p, []byte("0x"+hexKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func runBased(t *testing.T, ctx context.Context, args ...string) (string, error) {
	t.Helper()
	app := newApp()
	var out bytes.Buffer
	app.Writer = &out
	app.ErrWriter = &out
	app.ExitErrHandler = func(*cli.Context, error) {} // return exit errors instead of exiting
	err := app.RunContext(ctx, append([]string{"based"}, args...))
	return out.String(), err
}

func TestIntegrationContractsDeployAndRegister(t *testing.T) {
	const deployer = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
	const owner = "c87509a1c067bbde78beb793e6fa76530b6382a4c0241e5e4a9ec0a0f44dc0d3"
	ipc := simulatedL1(t, deployer, owner)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	deployment := filepath.Join(t.TempDir(), "deployment.json")

	out, err := runBased(t, ctx, "contracts", "deploy", "--rpc", ipc, "--key-file", writeKey(t, deployer),
		"--genesis-time", "0", "--seconds-per-slot", "12", "--out", deployment)
	if err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(deployment)
	if err != nil {
		t.Fatal(err)
	}
	var d bindings.Deployment
	if err := json.Unmarshal(raw, &d); err != nil || d.ChainID != 1337 || !strings.Contains(out, d.PreconfSlasher.Hex()) {
		t.Fatalf("deployment %s (%v), output %s", raw, err, out)
	}

	committer := "0x703c4b2bd70c169f5717101caee543299fc946c7"
	out, err = runBased(t, ctx, "register", "--rpc", ipc, "--deployment", deployment, "--key-file", writeKey(t, owner),
		"--committer", committer, "--collateral", "2000000000000000000", "--interop-validators", "0-1")
	if err != nil {
		t.Fatalf("register: %v\n%s", err, out)
	}
	if !strings.Contains(out, "free collateral 2000000000000000000 wei") {
		t.Fatalf("register output: %s", out)
	}

	// Read the registration back through the bindings.
	client, err := ethclient.DialContext(ctx, ipc)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	registry, _ := bindings.NewRegistry(d.Registry, client)
	opts := &bind.CallOpts{Context: ctx}
	ownerKey, _ := crypto.HexToECDSA(owner)
	ownerAddr := crypto.PubkeyToAddress(ownerKey.PublicKey)
	op, err := registry.OperatorOfCommitter(opts, gethcommon.HexToAddress(committer))
	if err != nil || op.Owner != ownerAddr || op.Collateral.Cmp(big.NewInt(2e18)) != 0 {
		t.Fatalf("operator %+v (%v)", op, err)
	}
	for i := range uint64(2) {
		h := crypto.Keccak256Hash(bls.EncodeG1(bls.InteropKey(i).PublicKey()))
		got, err := registry.OwnerOfValidator(opts, h)
		if err != nil || got != ownerAddr {
			t.Fatalf("validator %d owner %s (%v)", i, got, err)
		}
	}

	out, err = runBased(t, ctx, "contracts", "operator", "--rpc", ipc, "--deployment", deployment, "--committer", committer)
	if err != nil || !strings.Contains(out, "validators 2\n") || !strings.Contains(out, "free collateral 2000000000000000000 wei") ||
		!strings.Contains(out, ownerAddr.Hex()) {
		t.Fatalf("contracts operator: %v\n%s", err, out)
	}
	if _, err := runBased(t, ctx, "contracts", "operator", "--rpc", ipc, "--deployment", deployment,
		"--committer", "0x0000000000000000000000000000000000000bad"); err == nil || !strings.Contains(err.Error(), "not registered") {
		t.Fatalf("unknown committer: %v", err)
	}

	// A second registration of the same owner is refused by the contract.
	if _, err := runBased(t, ctx, "register", "--rpc", ipc, "--deployment", deployment, "--key-file", writeKey(t, owner),
		"--committer", committer, "--interop-validators", "2"); err == nil {
		t.Fatal("second registration accepted")
	}
}

func TestRegisterRejectsBadFlags(t *testing.T) {
	ctx := context.Background()
	key := writeKey(t, "c87509a1c067bbde78beb793e6fa76530b6382a4c0241e5e4a9ec0a0f44dc0d3")
	blsFile := filepath.Join(t.TempDir(), "bls")
	_ = os.WriteFile(blsFile, []byte("# keys\nzz\n"), 0o600)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"committer", []string{"--committer", "nope", "--interop-validators", "0"}, "--committer"},
		{"collateral", []string{"--committer", "0x0000000000000000000000000000000000000001", "--collateral", "-1", "--interop-validators", "0"}, "--collateral"},
		{"no keys", []string{"--committer", "0x0000000000000000000000000000000000000001"}, "no validator keys"},
		{"indices", []string{"--committer", "0x0000000000000000000000000000000000000001", "--interop-validators", "3-1"}, "--interop-validators"},
		{"bls file", []string{"--committer", "0x0000000000000000000000000000000000000001", "--bls-key-file", blsFile}, "line 2"},
		{"deployment", []string{"--committer", "0x0000000000000000000000000000000000000001", "--interop-validators", "0", "--deployment", filepath.Join(t.TempDir(), "none")}, "--deployment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"register", "--rpc", "127.0.0.1:1", "--key-file", key}, tt.args...)
			_, err := runBased(t, ctx, args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to name %s", err, tt.want)
			}
		})
	}
}

func TestDeployRejectsBadConfig(t *testing.T) {
	key := writeKey(t, "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bond", []string{"--bond", "lots"}, "--bond"},
		{"windows outlive history", []string{"--seconds-per-slot", "1", "--challenge-window", "9000"}, "history"},
		{"unregistration too short", []string{"--unregistration-delay", "60"}, "unregistrationDelay"},
		{"slot time", []string{"--seconds-per-slot", "0"}, "secondsPerSlot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"contracts", "deploy", "--rpc", "127.0.0.1:1", "--key-file", key}, tt.args...)
			_, err := runBased(t, context.Background(), args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to name %s", err, tt.want)
			}
		})
	}
}

func TestParseIndices(t *testing.T) {
	tests := []struct {
		in   string
		want []uint64
		ok   bool
	}{
		{"0", []uint64{0}, true},
		{"0-3,7", []uint64{0, 1, 2, 3, 7}, true},
		{"5-5", []uint64{5}, true},
		{"3-1", nil, false},
		{"a", nil, false},
		{"0-5000", nil, false},
	}
	for _, tt := range tests {
		got, err := parseIndices(tt.in)
		if (err == nil) != tt.ok || (tt.ok && !equalU64(got, tt.want)) {
			t.Errorf("parseIndices(%q) = %v, %v", tt.in, got, err)
		}
	}
}

func equalU64(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDeployConfigFromBeacon(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/eth/v1/beacon/genesis":
			_, _ = w.Write([]byte(`{"data":{"genesis_time":"1700000000","genesis_validators_root":"0x00"}}`))
		case "/eth/v1/config/spec":
			_, _ = w.Write([]byte(`{"data":{"SECONDS_PER_SLOT":"4","SLOTS_PER_EPOCH":"32"}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	var got bindings.Config
	app := &cli.App{
		Flags: contractsCommand().Subcommands[0].Flags,
		Action: func(c *cli.Context) error {
			var err error
			got, err = deployConfig(c)
			return err
		},
	}
	if err := app.Run([]string{"x", "--rpc", "unused", "--key-file", "unused", "--beacon-url", srv.URL + "/"}); err != nil {
		t.Fatal(err)
	}
	if got.GenesisTime != 1700000000 || got.SecondsPerSlot != 4 || got.FinalityDelay != 256 {
		t.Fatalf("config %+v", got)
	}
	// 4 s slots: 8191 × 4 s of history, so the windows shrink from 12 h to fit.
	if life := got.FinalityDelay + got.ChallengeWindow + got.DefenceWindow; life >= 8191*4 || got.ChallengeWindow == 12*3600 {
		t.Fatalf("windows %d+%d+%d do not fit the history", got.FinalityDelay, got.ChallengeWindow, got.DefenceWindow)
	}
	if err := got.Validate(); err != nil {
		t.Fatal(err)
	}

	srv.Close()
	err := app.Run([]string{"x", "--rpc", "unused", "--key-file", "unused", "--beacon-url", srv.URL})
	if err == nil || !strings.Contains(err.Error(), "/eth/v1/beacon/genesis") {
		t.Fatalf("unreachable beacon node: %v", err)
	}
}
