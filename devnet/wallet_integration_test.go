package devnet

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
)

// TestIntegrationDevnetWalletJS runs the JavaScript wallet of
// preconf/client/js/examples on the package's promise devnet: it signs a
// transfer with viem, gets a promise over the client for our next slot,
// verifies it under the domain it trusts (the deployment's slasher, the
// devnet's chain id, the operator registered as committer), and finds its
// receipt in the block of the promised slot. The test then reads that block
// from geth: the tx is in it, and its timestamp is the promised slot's.
func TestIntegrationDevnetWalletJS(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet integration test skipped with -short")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node is needed for the JavaScript wallet")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 40*time.Minute)
	defer cancel()
	repo, err := FindRepoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	js := filepath.Join(repo, "preconf", "client", "js")
	if _, err := os.Stat(filepath.Join(js, "node_modules", "viem")); err != nil {
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = js
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci: %v\n%s", err, out)
		}
	}
	n, _ := sharedPromiseDevnet(ctx, t)
	waitPromises(ctx, t, n)
	ep := n.State.Endpoints
	operator, err := n.account("operator")
	if err != nil {
		t.Fatal(err)
	}
	wallet, err := n.account("wallet-2")
	if err != nil {
		t.Fatal(err)
	}
	var deployment struct {
		PreconfSlasher common.Address `json:"preconfSlasher"`
	}
	b, err := os.ReadFile(filepath.Join(n.cfg.DataDir, ContractsFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &deployment); err != nil {
		t.Fatal(err)
	}

	cmd := exec.CommandContext(ctx, "node", filepath.Join("examples", "wallet.mjs"))
	cmd.Dir = js
	cmd.Env = append(os.Environ(), "PRECONF_RPC="+ep.PreconfRPC, "EXECUTION_RPC="+ep.ExecutionHTTP, "BEACON_API="+ep.BeaconAPI,
		"CHAIN_ID="+big.NewInt(ChainID).String(), "SLASHER="+deployment.PreconfSlasher.Hex(), "COMMITTER="+operator.Address.Hex(),
		"WALLET_KEY="+wallet.PrivateKey, "WAIT=1")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			stderr = ee.Stderr
		}
		t.Fatalf("JavaScript wallet: %v\n%s%s", err, out, stderr)
	}
	var got struct {
		TxHash      common.Hash    `json:"txHash"`
		Slot        uint64         `json:"slot,string"`
		Penalty     string         `json:"penalty"`
		Signer      common.Address `json:"signer"`
		BlockNumber uint64         `json:"blockNumber,string"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("wallet output %q: %v", out, err)
	}
	t.Logf("JavaScript wallet: promise for %s in slot %d (penalty %s wei, signed by %s), receipt in block %d", got.TxHash, got.Slot, got.Penalty, got.Signer, got.BlockNumber)
	if got.Signer != operator.Address || got.Penalty == "" || got.Penalty == "0" {
		t.Fatalf("promise signed by %s with penalty %s; the operator is %s", got.Signer, got.Penalty, operator.Address)
	}

	// The chain's word, not the wallet's or the sidecar's.
	el, err := ethclient.DialContext(ctx, ep.ExecutionHTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer el.Close()
	r, err := el.TransactionReceipt(ctx, got.TxHash)
	if err != nil {
		t.Fatalf("receipt of %s: %v", got.TxHash, err)
	}
	if r.Status != types.ReceiptStatusSuccessful || r.BlockNumber.Uint64() != got.BlockNumber {
		t.Fatalf("receipt %+v; the wallet saw block %d", r, got.BlockNumber)
	}
	h, err := el.HeaderByNumber(ctx, r.BlockNumber)
	if err != nil {
		t.Fatal(err)
	}
	if slot := (h.Time - uint64(n.State.GenesisTime.Unix())) / uint64(n.State.SlotSeconds); slot != got.Slot {
		t.Fatalf("tx in block %d of slot %d, promised for slot %d", h.Number, slot, got.Slot)
	}
}
