package devnet

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/basedsidecar/based/contracts/bls"
	"github.com/basedsidecar/based/preconf/client"
)

// TestIntegrationDevnetPromise brings up the devnet (without the relay) and a
// second sidecar following it with the preconf API on: `based request` gets a
// promise for one of our upcoming slots, verified against the committer the
// lookahead names; the promise survives a kill -9 and restart of the sidecar;
// after the deadline the slot's manifest proof verifies.
func TestIntegrationDevnetPromise(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet integration test skipped with -short")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 40*time.Minute)
	defer cancel()
	n, based := startTestDevnet(ctx, t, false)
	dir := n.cfg.DataDir
	ep := n.State.Endpoints

	// Our sidecar: all 64 interop validators, the operator as committer.
	operator, err := n.account("operator")
	if err != nil {
		t.Fatal(err)
	}
	wallet, err := n.account("wallet-1")
	if err != nil {
		t.Fatal(err)
	}
	var deployment struct {
		Registry       common.Address `json:"registry"`
		PreconfSlasher common.Address `json:"preconfSlasher"`
	}
	b, err := os.ReadFile(filepath.Join(dir, ContractsFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &deployment); err != nil {
		t.Fatal(err)
	}
	own := t.TempDir()
	var pubs strings.Builder
	for i := range NumValidators {
		pk := bls.InteropKey(uint64(i)).PublicKey()
		b := pk.Bytes()
		pubs.WriteString("0x" + hex.EncodeToString(b[:]) + "\n")
	}
	writeFile(t, filepath.Join(own, "pubkeys.txt"), pubs.String())
	writeFile(t, filepath.Join(own, "committer.hex"), hex.EncodeToString(crypto.FromECDSA(operator.Key())))
	rpcAddr := freeLoopback(t)
	rpcURL := "http://" + rpcAddr
	args := []string{"run", "--datadir", filepath.Join(own, "data"), "--metrics.addr", "",
		"--beacon-url", ep.BeaconAPI, "--execution-url", ep.ExecutionHTTP,
		"--validator.pubkeys", filepath.Join(own, "pubkeys.txt"),
		"--rpc.addr", rpcAddr, "--preconf.keystore", filepath.Join(own, "committer.hex"),
		"--preconf.chain-id", fmt.Sprint(ChainID), "--preconf.registry", deployment.Registry.Hex()}
	logPath := filepath.Join(own, "sidecar.log")
	start := func() *exec.Cmd {
		f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		c := exec.Command(based, args...)
		c.Stdout, c.Stderr = f, f
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return c
	}
	side := start()
	t.Cleanup(func() {
		_ = side.Process.Signal(syscall.SIGTERM)
		_, _ = side.Process.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("sidecar log:\n%s", b)
		}
	})
	waitReady := func() {
		t.Helper()
		deadline := time.Now().Add(3 * time.Minute)
		for {
			c, err := client.Dial(ctx, rpcURL)
			if err == nil {
				st, err := c.Status(ctx)
				c.Close()
				if err == nil && st.Chain.Reason == "" && st.Chain.NextSlot != 0 {
					return
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("sidecar not offering promises: %v", err)
			}
			waitUntil(ctx, t, n, time.Now().Add(500*time.Millisecond), "sidecar ready")
		}
	}
	waitReady()

	// A transfer from a prefunded wallet, priced well above the floor.
	el, err := ethclient.DialContext(ctx, ep.ExecutionHTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer el.Close()
	nonce, err := el.PendingNonceAt(ctx, wallet.Address)
	if err != nil {
		t.Fatal(err)
	}
	to := common.Address{0xbe}
	tx, err := types.SignNewTx(wallet.Key(), types.LatestSignerForChainID(big.NewInt(ChainID)), &types.DynamicFeeTx{
		ChainID: big.NewInt(ChainID), Nonce: nonce, GasTipCap: big.NewInt(3e9), GasFeeCap: big.NewInt(200e9), Gas: 21000, To: &to, Value: big.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tx.MarshalBinary()
	out, err := exec.CommandContext(ctx, based, "request", "--rpc", rpcURL, "--slot", "next", "--tx", "0x"+hex.EncodeToString(raw)).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("as in the lookahead")) {
		t.Fatalf("based request: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`"signature": "(0x[0-9a-f]+)"`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no signature in:\n%s", out)
	}
	sig := string(m[1])
	t.Logf("promise for %s:\n%s", tx.Hash(), out)

	// kill -9 and restart: the promise is still there, with the same signature.
	if err := side.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_, _ = side.Process.Wait()
	side = start()
	waitReady()
	c, err := client.Dial(ctx, rpcURL)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sc, err := c.Commitment(ctx, tx.Hash())
	if err != nil {
		t.Fatalf("promise lost in kill -9: %v", err)
	}
	if got := "0x" + hex.EncodeToString(sc.Signature); got != sig {
		t.Fatalf("signature after restart %s, before %s", got, sig)
	}
	domain, err := c.Domain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The slasher and the collateral come from the registry.
	if domain.VerifyingContract != deployment.PreconfSlasher || sc.Commitment.Committer != operator.Address {
		t.Fatalf("domain %+v, committer %s", domain, sc.Commitment.Committer)
	}
	if st, err := c.Status(ctx); err != nil || st.Engine.Collateral.ToInt().Cmp(OperatorCollateral) != 0 {
		t.Fatalf("collateral %v (%v), registry holds %v", st.Engine.Collateral, err, OperatorCollateral)
	}
	// After the deadline: the signed manifest and the membership proof.
	for {
		mf, err := c.Manifest(ctx, sc.Commitment.Slot)
		if err == nil {
			proof, err := c.ManifestProof(ctx, tx.Hash())
			if err != nil {
				t.Fatal(err)
			}
			if err := client.VerifyManifestProof(sc, mf, proof, domain); err != nil {
				t.Fatal(err)
			}
			t.Logf("manifest of slot %d (%d promises) verified", mf.Slot, mf.Count)
			return
		}
		waitUntil(ctx, t, n, time.Now().Add(500*time.Millisecond), "manifest")
	}
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

func freeLoopback(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
