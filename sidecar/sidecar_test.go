package sidecar

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/rollup"
	"github.com/basedsidecar/based/sidecar/rpc"
)

// promiseConfig is a valid configuration with the promise engine on, changed by mut.
func promiseConfig(mut func(*Config)) Config {
	key, _ := crypto.GenerateKey()
	c := Config{DataDir: "d", RPCAddr: "127.0.0.1:8645", RPC: rpc.DefaultConfig(), Preconf: preconf.DefaultConfig(),
		PreconfChain: newSyntheticChain(crypto.PubkeyToAddress(key.PublicKey), nil)}
	c.Preconf.Key = key
	c.Preconf.Domain = preconf.Domain{ChainID: big.NewInt(1), VerifyingContract: common.Address{0x51}}
	if mut != nil {
		mut(&c)
	}
	return c
}

// relayKey is a BLS public key (a relay's, in the tests).
const relayKey = "0x8a1d7b8dd64e0aafe7ea7b6c95065c9364cf99d38470c12ee807d55f7de1529ad29ce2c422e0b65e3d5a05c02caca249"

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"ok", Config{DataDir: "d", MetricsAddr: "127.0.0.1:9091"}, ""},
		{"metrics off", Config{DataDir: "d"}, ""},
		{"no datadir", Config{MetricsAddr: "127.0.0.1:1"}, "datadir"},
		{"bad metrics addr", Config{DataDir: "d", MetricsAddr: "localhost"}, "metrics.addr"},
		{"builder ok", Config{DataDir: "d", BuilderAddr: "127.0.0.1:18550", Relays: []string{"http://" + relayKey + "@127.0.0.1:9062"}}, ""},
		{"relay without key", Config{DataDir: "d", Relays: []string{"http://127.0.0.1:9062"}}, "no relay public key"},
		{"trusted relay by key", Config{DataDir: "d", Relays: []string{"http://" + relayKey + "@127.0.0.1:9062"}, TrustedRelays: []string{relayKey}}, ""},
		{"trusted relay by URL", Config{DataDir: "d", Relays: []string{"http://" + relayKey + "@127.0.0.1:9062"}, TrustedRelays: []string{"http://" + relayKey + "@127.0.0.1:9062"}}, ""},
		{"trusted relay not configured", Config{DataDir: "d", TrustedRelays: []string{relayKey}}, "relay.trusted"},
		{"trusted relay malformed", Config{DataDir: "d", TrustedRelays: []string{"0x12"}}, "relay.trusted"},
		{"constraints key without password", Config{DataDir: "d", Constraints: ConstraintsConfig{KeyFile: "k"}}, "constraints.password-file"},
		{"constraints key without relays", Config{DataDir: "d", Constraints: ConstraintsConfig{KeyFile: "k", PasswordFile: "p"}}, "relay"},
		{"bad builder addr", Config{DataDir: "d", BuilderAddr: "18550"}, "builder.addr"},
		{"bad relay", Config{DataDir: "d", Relays: []string{"ftp://x"}}, "relay"},
		{"local block ok", localCfg(func(*Config) {}), ""},
		{"local block without builder addr", localCfg(func(c *Config) { c.BuilderAddr = "" }), "builder.addr"},
		{"local block without password", localCfg(func(c *Config) { c.LocalBlock.PasswordFile = "" }), "builder.password-file"},
		{"local block without engine", localCfg(func(c *Config) { c.Chain.EngineURL = "" }), "engine-url"},
		{"local block extra data too long", localCfg(func(c *Config) { c.LocalBlock.ExtraData = strings.Repeat("x", 33) }), "builder.extra-data"},
		{"local block with a payer", localCfg(func(c *Config) { c.LocalBlock.PayerKeyFile, c.LocalBlock.PayerMaxGwei = "payer", 1 }), ""},
		{"payer without our block", Config{DataDir: "d", LocalBlock: LocalBlockConfig{PayerKeyFile: "payer", PayerMaxGwei: 1}}, "builder.payer-key needs builder.key"},
		{"payer that may pay nothing", localCfg(func(c *Config) { c.LocalBlock.PayerKeyFile = "payer" }), "builder.payer-max-gwei"},
		{"promises ok", promiseConfig(nil), ""},
		{"zero slasher", promiseConfig(func(c *Config) { c.Preconf.Domain.VerifyingContract = common.Address{} }), "preconf.slasher"},
		{"zero slasher, read from the registry", promiseConfig(func(c *Config) {
			c.Preconf.Domain.VerifyingContract, c.PreconfRegistry = common.Address{}, common.Address{0xee}
		}), ""},
		{"max gas × max count overflows", promiseConfig(func(c *Config) { c.Preconf.MaxGas, c.Preconf.MaxCount = 1<<40, 1<<24 }), "max gas"},
		{"body limit", promiseConfig(func(c *Config) { c.RPC.BodyLimit = -1 }), "body limit"},
		{"ip rate", promiseConfig(func(c *Config) { c.RPC.IPRate = 1e300 }), "ip rate"},
		{"max conns", promiseConfig(func(c *Config) { c.RPC.MaxConns = -1 }), "max conns"},
		{"rollup without rpc addr", Config{DataDir: "d", Rollups: []rollup.Config{{ChainID: big.NewInt(5)}}}, "rpc.addr"},
		{"rollup ok", promiseConfig(func(c *Config) { c.Rollups = []rollup.Config{{ChainID: big.NewInt(5)}, {ChainID: big.NewInt(6)}} }), ""},
		{"rollup twice", promiseConfig(func(c *Config) { c.Rollups = []rollup.Config{{ChainID: big.NewInt(5)}, {ChainID: big.NewInt(5)}} }), "rollup"},
		{"rollup on the L1 chain id", promiseConfig(func(c *Config) { c.Rollups = []rollup.Config{{ChainID: big.NewInt(1)}} }), "L1 chain id"},
		{"faults on the devnet", faultsCfg(func(*Config) {}), ""},
		{"faults on another chain", faultsCfg(func(c *Config) { c.Preconf.Domain.ChainID = big.NewInt(1) }), "devnet only"},
		{"faults on the synthetic chain", faultsCfg(func(c *Config) { c.SyntheticChain = true }), "devnet only"},
		{"faults without a chain id", faultsCfg(func(c *Config) { c.Preconf.Domain.ChainID = nil }), "chain id"},
		{"faults on a public address", faultsCfg(func(c *Config) { c.Faults.Addr = "0.0.0.0:9999" }), "loopback"},
		{"faults on a host name", faultsCfg(func(c *Config) { c.Faults.Addr = "example.org:9999" }), "loopback"},
		{"faults without our block", faultsCfg(func(c *Config) { c.LocalBlock = LocalBlockConfig{} }), "builder.key"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.field) {
				t.Fatalf("error %v, want ErrConfig naming %q", err, tc.field)
			}
		})
	}
}

// TestRunFailsOnTakenPort checks that a port in use stops the start with an error that names it.
func TestRunFailsOnTakenPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	err = Run(context.Background(), Config{DataDir: t.TempDir(), MetricsAddr: ln.Addr().String()}, log)
	if err == nil || !strings.Contains(err.Error(), ln.Addr().String()) {
		t.Fatalf("Run = %v, want an error naming %s", err, ln.Addr())
	}
}

// localCfg is a configuration with our own block on, changed by mut.
// faultsCfg is a devnet sidecar with our own block, promises and fault injection.
func faultsCfg(mut func(*Config)) Config {
	c := promiseConfig(func(c *Config) { c.Preconf.Domain.ChainID = big.NewInt(DevnetChainID) })
	l := localCfg(func(*Config) {})
	c.BuilderAddr, c.LocalBlock, c.Chain = l.BuilderAddr, l.LocalBlock, l.Chain
	c.Faults.Addr = "127.0.0.1:9999"
	mut(&c)
	return c
}

func localCfg(mut func(*Config)) Config {
	c := Config{DataDir: "d", BuilderAddr: "127.0.0.1:18550", LocalBlock: LocalBlockConfig{KeyFile: "k", PasswordFile: "p", ExtraData: "based"}}
	c.Chain.BeaconURLs = []string{"http://127.0.0.1:3500"}
	c.Chain.ExecutionURL, c.Chain.EngineURL = "http://127.0.0.1:8545", "http://127.0.0.1:8551"
	mut(&c)
	return c
}
