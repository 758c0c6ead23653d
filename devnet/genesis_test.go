package devnet

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"

	"github.com/basedsidecar/based/sidecar"
)

func TestChainConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := writeChainConfig(path, 2*time.Second); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		"SECONDS_PER_SLOT: 2\n", "SLOT_DURATION_MS: 2000\n", "FULU_FORK_EPOCH: 0\n", "FULU_FORK_VERSION: 0x70000038\n",
		"GENESIS_FORK_VERSION: 0x10000038\n", "DEPOSIT_CHAIN_ID: 3151908\n", "MIN_GENESIS_ACTIVE_VALIDATOR_COUNT: 64\n", "BLOB_SCHEDULE: []\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("chain config lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "GENESIS_FORK_EPOCH") {
		t.Errorf("chain config has GENESIS_FORK_EPOCH, which Prysm rejects")
	}
}

func TestBaseGenesis(t *testing.T) {
	accs, err := newAccounts()
	if err != nil {
		t.Fatal(err)
	}
	if len(accs) != len(prefundRoles) {
		t.Fatalf("%d accounts, want %d", len(accs), len(prefundRoles))
	}
	g := baseGenesis(accs)
	for addr := range core.SystemContractAllocs() {
		if len(g.Alloc[addr].Code) == 0 {
			t.Errorf("system contract %s missing", addr)
		}
	}
	for _, a := range []struct{ name, addr string }{
		{"EIP-4788", params.BeaconRootsAddress.Hex()},
		{"EIP-2935", params.HistoryStorageAddress.Hex()},
		{"EIP-7002", params.WithdrawalQueueAddress.Hex()},
		{"EIP-7251", params.ConsolidationQueueAddress.Hex()},
	} {
		found := false
		for addr, acc := range g.Alloc {
			if addr.Hex() == a.addr && len(acc.Code) > 0 {
				found = true
			}
		}
		if !found {
			t.Errorf("%s contract missing", a.name)
		}
	}
	for _, a := range accs {
		if g.Alloc[a.Address].Balance.Cmp(prefundBalance) != 0 {
			t.Errorf("%s not prefunded", a.Role)
		}
		if crypto.PubkeyToAddress(a.Key().PublicKey) != a.Address {
			t.Errorf("%s: key does not match address", a.Role)
		}
	}
	if g.BaseFee == nil || g.ExcessBlobGas == nil || g.BlobGasUsed == nil {
		t.Error("base fee and blob gas fields must be set (prysmctl needs them)")
	}
	if g.Config.OsakaTime == nil || *g.Config.OsakaTime != 0 || g.Config.ChainID.Int64() != ChainID {
		t.Errorf("chain config %+v", g.Config)
	}
}

func TestConfigDefaults(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"ok", Config{DataDir: "d", Sidecar: "based"}, ""},
		{"no datadir", Config{Sidecar: "based"}, "DataDir"},
		{"no sidecar", Config{DataDir: "d"}, "Sidecar"},
		{"fractional slot", Config{DataDir: "d", Sidecar: "based", Slot: 1500 * time.Millisecond}, "Slot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.defaults()
			if tt.field == "" {
				if err != nil || tt.cfg.Slot != 4*time.Second {
					t.Fatalf("err %v, slot %s", err, tt.cfg.Slot)
				}
				return
			}
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.field) {
				t.Fatalf("err %v, want ErrConfig naming %s", err, tt.field)
			}
		})
	}
}

func TestClearDataDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "precious"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := clearDataDir(dir); !errors.Is(err, ErrConfig) {
		t.Fatalf("foreign folder: %v, want ErrConfig", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "precious")); err != nil {
		t.Fatal("foreign file removed")
	}
	run := t.TempDir()
	for _, f := range []string{"chain-config.yaml", "genesis.json"} {
		if err := os.WriteFile(filepath.Join(run, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := clearDataDir(run); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(run); len(ents) != 0 {
		t.Fatalf("previous run not cleared: %v", ents)
	}
	if err := os.WriteFile(filepath.Join(run, StateFile), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := clearDataDir(run); !errors.Is(err, ErrConfig) {
		t.Fatalf("running devnet: %v, want ErrConfig", err)
	}
}

func TestProcessGroupStop(t *testing.T) {
	logs := t.TempDir()
	p, err := startProc(logs, procSpec{name: "sh", bin: "/bin/sh", args: []string{"-c", "sleep 300 & echo started; wait"}})
	if err != nil {
		t.Fatal(err)
	}
	if !alive(p.PID) {
		t.Fatal("not alive after start")
	}
	p.stop()
	if !p.exited() || alive(p.PID) {
		t.Fatal("still alive after stop")
	}
	if err := stopPID(t.Context(), p.PID); err != nil {
		t.Fatalf("stopPID of a gone process: %v", err)
	}
	b, _ := os.ReadFile(filepath.Join(logs, "sh.log"))
	if !strings.Contains(string(b), "started") {
		t.Errorf("log lacks output: %q", b)
	}
}

func TestContractsConfig(t *testing.T) {
	for _, sps := range []uint64{2, 4, 12} {
		c := ContractsConfig(1_700_000_000, sps)
		if err := c.Validate(); err != nil {
			t.Fatalf("%d s slots: %v", sps, err)
		}
		if c.DefenceWindow != DefenceWindowSlots*sps || c.ChallengeWindow != ChallengeWindowSlots*sps {
			t.Fatalf("%d s slots: windows %d/%d s", sps, c.ChallengeWindow, c.DefenceWindow)
		}
		if c.FinalityDelay != 64*sps {
			t.Fatalf("%d s slots: finality delay %d s, want two epochs", sps, c.FinalityDelay)
		}
	}
}

// TestFaultsOnlyOnTheDevnet ties the sidecar's fault-injection chain id to the devnet's.
func TestFaultsOnlyOnTheDevnet(t *testing.T) {
	if sidecar.DevnetChainID != ChainID {
		t.Fatalf("the sidecar allows fault injection on chain %d, the devnet is chain %d", sidecar.DevnetChainID, ChainID)
	}
}

// TestPortsOutsideTheEphemeralRange allocates ports twice: distinct, free
// (each binds), and below the kernel's ephemeral range where it leaves room.
func TestPortsOutsideTheEphemeralRange(t *testing.T) {
	low := ephemeralLow()
	for range 2 {
		ps, err := ports(40)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]bool{}
		for _, p := range ps {
			if seen[p] {
				t.Fatalf("port %d twice in %v", p, ps)
			}
			seen[p] = true
			if low > 10000+160 && (p < 10000 || p >= low) {
				t.Fatalf("port %d outside [10000, %d)", p, low)
			}
			l, err := net.Listen("tcp", hostPort(p))
			if err != nil {
				t.Fatalf("port %d not free: %v", p, err)
			}
			l.Close()
		}
	}
	if lo, hi := fixedPorts(9000); hi-lo != 0 {
		t.Fatalf("an ephemeral range from 9000 leaves [%d, %d), want none", lo, hi)
	}
}
