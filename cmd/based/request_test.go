package main

import (
	"context"
	"encoding/hex"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/contracts/bls"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
	"github.com/basedsidecar/based/sidecar"
)

// startSynthetic runs `based run` on a synthetic chain and returns its RPC URL.
func startSynthetic(t *testing.T, extra ...string) string {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	args := append([]string{"run", "--datadir", filepath.Join(t.TempDir(), "data"), "--metrics.addr", "",
		"--rpc.addr", addr, "--preconf.synthetic-chain"}, extra...)
	go func() {
		_, _, err := runApp(t, ctx, args...)
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("based run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("based run did not stop")
		}
	})
	waitHTTP(t, "http://"+addr+"/status", `"synced":true`)
	return "http://" + addr
}

func transfer(t *testing.T, nonce uint64) string {
	t.Helper()
	k, _ := crypto.GenerateKey()
	chainID := big.NewInt(3151908)
	to := common.Address{1}
	tx, err := types.SignNewTx(k, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce,
		GasTipCap: big.NewInt(2e9), GasFeeCap: big.NewInt(1e11), Gas: 21000, To: &to})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tx.MarshalBinary()
	return hexutil.Encode(raw)
}

func TestRequestCommand(t *testing.T) {
	t.Parallel() // most of it is waiting for the slot's deadline
	const slasher = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
	url := startSynthetic(t, "--preconf.slasher", slasher)
	ctx := context.Background()
	domain := []string{"--chain-id", "3151908", "--slasher", slasher}
	out, code, err := runApp(t, ctx, append([]string{"request", "--rpc", url, "--slot", "next", "--tx", transfer(t, 0), "--wait", "--timeout", "60s"}, domain...)...)
	if code != 0 {
		t.Fatalf("request: %v\n%s", err, out)
	}
	for _, want := range []string{"promise verified", "slasher " + slasher + " (from --slasher and --chain-id)", "lookahead NOT checked", "manifest proof verified"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	// The slasher from a deployment file (no --el: its Registry is not read).
	dep := filepath.Join(t.TempDir(), "deployment.json")
	if err := os.WriteFile(dep, []byte(`{"chainId":3151908,"registry":"0x00000000000000000000000000000000000000e1","preconfSlasher":"`+slasher+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code, err = runApp(t, ctx, "request", "--rpc", url, "--tx", transfer(t, 0), "--chain-id", "3151908", "--deployment", dep)
	if code != 0 || !strings.Contains(out, "(from the deployment file and --chain-id)") {
		t.Fatalf("request with --deployment: %d %v\n%s", code, err, out)
	}
	// The domain never comes from the sidecar: without one of ours, no request.
	for _, args := range [][]string{{"--chain-id", "3151908"}, {"--slasher", slasher}} {
		out, code, err := runApp(t, ctx, append([]string{"request", "--rpc", url, "--tx", transfer(t, 0)}, args...)...)
		if code != 2 || err == nil || !strings.Contains(err.Error(), "not the sidecar") {
			t.Fatalf("request with %v only: %d %v\n%s", args, code, err, out)
		}
	}
	// The synthetic chain's lookahead names no real validator: a beacon node
	// (recorded Prysm answers, its clock on the same slot) contradicts it.
	out, code, err = runApp(t, ctx, append([]string{"request", "--rpc", url, "--tx", transfer(t, 0), "--beacon-url", recordedBeacon(t).URL}, domain...)...)
	if code == 0 || err == nil || !strings.Contains(err.Error(), "the beacon node says") {
		t.Fatalf("a lookahead the beacon node contradicts verified: %d %v\n%s", code, err, out)
	}
	// A promise under another slasher than the one we trust does not verify.
	out, code, err = runApp(t, ctx, "request", "--rpc", url, "--tx", transfer(t, 0), "--chain-id", "3151908", "--slasher", "0x0000000000000000000000000000000000000051")
	if code == 0 || err == nil || !strings.Contains(err.Error(), "does not verify") {
		t.Fatalf("another slasher verified: %d %v\n%s", code, err, out)
	}
	out, code, err = runApp(t, ctx, append([]string{"request", "--rpc", url, "--slot", "next", "--tx", transfer(t, 3)}, domain...)...)
	if code == 0 || err == nil || !strings.Contains(err.Error(), "nonce") {
		t.Fatalf("a nonce gap was promised: %d %v\n%s", code, err, out)
	}
	out, code, err = runApp(t, ctx, append([]string{"request", "--rpc", url, "--slot", "x", "--tx", "0x02"}, domain...)...)
	if code != 2 || err == nil || !strings.Contains(err.Error(), "--slot") {
		t.Fatalf("bad --slot: %d %v\n%s", code, err, out)
	}
	// --rollup asks for the rollup's chain id, which this sidecar does not sequence.
	out, code, err = runApp(t, ctx, append([]string{"request", "--rpc", url, "--tx", transfer(t, 0), "--rollup", "167001"}, domain...)...)
	if code == 0 || err == nil || !strings.Contains(err.Error(), "chain 167001 is not served") {
		t.Fatalf("a rollup this sidecar does not serve: %d %v\n%s", code, err, out)
	}
}

// TestSyntheticChainWithKeystore starts a synthetic chain with a given
// committer key and no --preconf.chain-id: it runs with the synthetic chain's
// own chain id and signs with that key.
func TestSyntheticChainWithKeystore(t *testing.T) {
	k, _ := crypto.GenerateKey()
	path := filepath.Join(t.TempDir(), "committer.hex")
	if err := os.WriteFile(path, []byte(hex.EncodeToString(crypto.FromECDSA(k))), 0o600); err != nil {
		t.Fatal(err)
	}
	url := startSynthetic(t, "--preconf.keystore", path)
	ctx := context.Background()
	c, err := client.Dial(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	st, err := c.Status(ctx)
	if err != nil || st.Engine.Committer != crypto.PubkeyToAddress(k.PublicKey) || st.Engine.ChainID.ToInt().Int64() != sidecar.SyntheticChainID {
		t.Fatalf("status %+v %v, want committer %s on chain %d", st, err, crypto.PubkeyToAddress(k.PublicKey), sidecar.SyntheticChainID)
	}
}

func TestBenchCommand(t *testing.T) {
	url := startSynthetic(t, "--preconf.sender-rate", "0", "--rpc.ip-rate", "0", "--preconf.max-count", "100000", "--preconf.max-gas", "1000000000000")
	out, code, err := runApp(t, context.Background(), "bench", "--rpc", url, "--rate", "200", "--duration", "1s", "--senders", "8", "--concurrency", "4")
	if code != 0 {
		t.Fatalf("bench: %v\n%s", err, out)
	}
	for _, want := range []string{"throughput:", "p99", "errors: 0"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	// Batched: every call of every batch is counted, none refused (the run
	// ends when the 320 requests are answered; the duration only bounds it).
	out, code, err = runApp(t, context.Background(), "bench", "--rpc", url, "--duration", "30s", "--senders", "8", "--concurrency", "2", "--batch", "16", "--max-requests", "320")
	if code != 0 || !strings.Contains(out, "320 requests") || !strings.Contains(out, "errors: 0") {
		t.Fatalf("batched bench: %v\n%s", err, out)
	}
	out, code, err = runApp(t, context.Background(), "bench", "--rpc", strings.Replace(url, "http://", "https://", 1), "--duration", "1s")
	if code != 2 || err == nil || !strings.Contains(err.Error(), "want http://") {
		t.Fatalf("https URL: %d %v\n%s", code, err, out)
	}
	out, code, err = runApp(t, context.Background(), "bench", "--rpc", url, "--batch", "101")
	if code != 2 || err == nil || !strings.Contains(err.Error(), "--batch") {
		t.Fatalf("--batch 101: %d\n%s", code, out)
	}
	out, code, err = runApp(t, context.Background(), "bench", "--rpc", "http://192.0.2.1:8645")
	if code != 2 || err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("non-loopback target: %d\n%s", code, out)
	}
}

// TestValidatorKeyHash checks that a beacon node's compressed validator key
// hashes to the Registry's key of the same validator (keccak256 of the
// EIP-2537 encoding `based register` submits).
func TestValidatorKeyHash(t *testing.T) {
	for i := range uint64(3) {
		k := bls.InteropKey(i)
		registered, _, err := bls.ProofOfPossession(k, big.NewInt(1), common.Address{1}, common.Address{2}, common.Address{3})
		if err != nil {
			t.Fatal(err)
		}
		pk := k.PublicKey()
		var compressed preconf.BLSPubkey
		copy(compressed[:], func() []byte { b := pk.Bytes(); return b[:] }())
		got, err := validatorKeyHash(compressed)
		if err != nil || got != crypto.Keccak256Hash(registered) {
			t.Fatalf("key %d: hash %x (%v), Registry's %s", i, got, err, crypto.Keccak256Hash(registered))
		}
	}
	if _, err := validatorKeyHash(preconf.BLSPubkey{1}); err == nil {
		t.Fatal("a key off the curve hashed")
	}
}
