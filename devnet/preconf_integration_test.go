package devnet

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/preconf/client"
)

// landingSlots is how many consecutive slots get promises in the devnet test.
const landingSlots = 20

// TestIntegrationDevnetPromise runs on the package's promise devnet (no relay), whose
// sidecar sells promises for all 64 interop validators: `based request` gets a
// promise for one of our upcoming slots, verified against the committer the
// lookahead names. Promises for 20 consecutive slots (two senders with
// consecutive nonces per slot, an EIP-7702 tx and a blob tx among them) are
// each in the block of exactly their slot, at its top in promise order, and
// the block is ours (extra data), read from the beacon node. The first
// promise survives a kill -9 of the sidecar and its restart by the devnet's
// supervisor, and one made for a later slot before the kill lands in that
// slot; after the deadline the slot's manifest proof verifies.
func TestIntegrationDevnetPromise(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet integration test skipped with -short")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 40*time.Minute)
	defer cancel()
	n, based := sharedPromiseDevnet(ctx, t)
	dir := n.cfg.DataDir
	ep := n.State.Endpoints

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
	rpcURL := ep.PreconfRPC
	waitReady := func() { waitPromises(ctx, t, n) }
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
	// The wallet trusts the chain, not the sidecar: the domain from the
	// execution client and the deployment, the slot's proposer from the
	// beacon node and its operator from the Registry.
	out, err := exec.CommandContext(ctx, based, "request", "--rpc", rpcURL, "--slot", "next", "--tx", "0x"+hex.EncodeToString(raw),
		"--el", ep.ExecutionHTTP, "--deployment", filepath.Join(dir, ContractsFile), "--beacon-url", ep.BeaconAPI).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("promise verified")) || !bytes.Contains(out, []byte("lookahead checked: slot")) {
		t.Fatalf("based request: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`"signature": "(0x[0-9a-f]+)"`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no signature in:\n%s", out)
	}
	sig := string(m[1])
	t.Logf("promise for %s:\n%s", tx.Hash(), out)

	// Promises for consecutive slots land in exactly their slots, at the top
	// of our block, in promise order; one more for a slot far enough ahead
	// to outlive the kill -9 below.
	pc, err := client.Dial(ctx, rpcURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	landed := time.Now()
	nonces := map[common.Address]uint64{}
	first, bySlot := promiseSlots(ctx, t, n, el, pc, nonces, 3, landingSlots)
	for i := range uint64(landingSlots) {
		checkLanded(ctx, t, n, first+i, bySlot[first+i])
	}
	t.Logf("%d slots from %d: every promised tx at the top of its slot's block, in order (%s)", landingSlots, first, time.Since(landed).Round(time.Second))
	farSlot, far := promiseSlots(ctx, t, n, el, pc, nonces, 15, 1)

	// kill -9; the supervisor starts the sidecar again on the same data
	// folder: the promise is still there, with the same signature.
	pid := n.Proc("sidecar")
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for restarted := time.Now().Add(time.Minute); n.Proc("sidecar") == pid; {
		if time.Now().After(restarted) {
			t.Fatal("sidecar not restarted within a minute of kill -9")
		}
		waitUntil(ctx, t, n, time.Now().Add(200*time.Millisecond), "sidecar restart")
	}
	waitReady()
	t.Logf("sidecar killed (pid %d) and restarted (pid %d)", pid, n.Proc("sidecar"))
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
	checkLanded(ctx, t, n, farSlot, far[farSlot])
	t.Logf("the promise for slot %d, made before the kill -9, landed in it", farSlot)
	domain, err := c.ReportedDomain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The slasher and the collateral come from the registry.
	if domain.VerifyingContract != deployment.PreconfSlasher || sc.Commitment.Committer != operator.Address {
		t.Fatalf("domain %+v, committer %s", domain, sc.Commitment.Committer)
	}
	// The Registry's free collateral, not the deposit: a test before this one
	// may have slashed some (TestIntegrationDevnetChallenge).
	reg, err := bindings.NewRegistryCaller(deployment.Registry, el)
	if err != nil {
		t.Fatal(err)
	}
	free, err := reg.FreeCollateral(&bind.CallOpts{Context: ctx}, operator.Address)
	if err != nil || free.Sign() == 0 || free.Cmp(OperatorCollateral) > 0 {
		t.Fatalf("registry free collateral %v (%v), deposit %v", free, err, OperatorCollateral)
	}
	if st, err := c.Status(ctx); err != nil || st.Engine.Collateral.ToInt().Cmp(free) != 0 {
		t.Fatalf("collateral %v (%v), registry holds %v", st.Engine.Collateral, err, free)
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
