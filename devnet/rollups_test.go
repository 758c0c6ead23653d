package devnet

import (
	"testing"

	"github.com/basedsidecar/based/sidecar/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// TestRollupFlags checks that the sidecar's --rollup flags the devnet writes parse into
// the devnet's rollups.
func TestRollupFlags(t *testing.T) {
	rs := []Rollup{
		{ChainID: 167001, GasLimit: RollupGasLimit, NodeRPC: "http://127.0.0.1:40001"},
		{ChainID: 167002, GasLimit: RollupGasLimit, NodeRPC: "http://127.0.0.1:40002"},
	}
	operator := common.Address{0x0e}
	args := rollupFlags(rs, operator)
	var values []string
	for i := 0; i < len(args); i += 2 {
		if args[i] != "--rollup" {
			t.Fatalf("argument %d is %q, want --rollup", i, args[i])
		}
		values = append(values, args[i+1])
	}
	cfgs, err := rollup.ParseFlags(values)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfgs) != len(rs) {
		t.Fatalf("%d rollups parsed, want %d", len(cfgs), len(rs))
	}
	for i, c := range cfgs {
		if c.ChainID.Uint64() != rs[i].ChainID || c.RPC != rs[i].NodeRPC || c.GasLimit != rs[i].GasLimit || c.Operator != operator {
			t.Errorf("rollup %d parsed as %+v, want %+v", i, c, rs[i])
		}
	}
}

// TestRollupAccounts checks that the rollups' dev accounts are the same on every call,
// distinct, and that each key is its address's.
func TestRollupAccounts(t *testing.T) {
	a, b := RollupAccounts(), RollupAccounts()
	if len(a) != len(rollupRoles) {
		t.Fatalf("%d accounts, want %d", len(a), len(rollupRoles))
	}
	seen := map[string]bool{}
	for i := range a {
		if a[i].Address != b[i].Address || a[i].PrivateKey != b[i].PrivateKey {
			t.Fatalf("account %s differs between calls", a[i].Role)
		}
		if crypto.PubkeyToAddress(a[i].Key().PublicKey) != a[i].Address {
			t.Fatalf("account %s: key does not match its address", a[i].Role)
		}
		if seen[a[i].Address.Hex()] {
			t.Fatalf("account %s repeats an address", a[i].Role)
		}
		seen[a[i].Address.Hex()] = true
	}
}
