package devnet

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/contracts/bls"
	"github.com/basedsidecar/based/sidecar/keys"
)

// enablePromises restarts the devnet's sidecar with the chain view and the
// promise API on: every interop validator is ours, the operator (registered by
// deployContracts) is the committer, and the collateral and slasher come from
// the Registry. It returns once the promise API answers.
func (n *Net) enablePromises(ctx context.Context, rpcAddr string) error {
	dir := filepath.Join(n.cfg.DataDir, "sidecar")
	operator, err := n.account("operator")
	if err != nil {
		return err
	}
	var deployment struct {
		Registry common.Address `json:"registry"`
	}
	b, err := os.ReadFile(filepath.Join(n.cfg.DataDir, ContractsFile))
	if err != nil {
		return fmt.Errorf("promises: %w", err)
	}
	if err := json.Unmarshal(b, &deployment); err != nil {
		return fmt.Errorf("promises: %s: %w", ContractsFile, err)
	}
	var pubs strings.Builder
	for i := range NumValidators {
		pk := bls.InteropKey(uint64(i)).PublicKey()
		b := pk.Bytes()
		pubs.WriteString("0x" + hex.EncodeToString(b[:]) + "\n")
	}
	pubkeys := filepath.Join(dir, "pubkeys.txt")
	committer := filepath.Join(dir, "committer.hex")
	if err := os.WriteFile(pubkeys, []byte(pubs.String()), 0o644); err != nil {
		return fmt.Errorf("promises: %w", err)
	}
	if err := os.WriteFile(committer, []byte(hex.EncodeToString(crypto.FromECDSA(operator.Key()))+"\n"), 0o600); err != nil {
		return fmt.Errorf("promises: %w", err)
	}
	// The account that tops our block up over the beacon node's own.
	payer, err := n.account("payer")
	if err != nil {
		return fmt.Errorf("promises: %w", err)
	}
	payerKey := filepath.Join(dir, "payer.hex")
	if err := os.WriteFile(payerKey, []byte(hex.EncodeToString(crypto.FromECDSA(payer.Key()))+"\n"), 0o600); err != nil {
		return fmt.Errorf("promises: %w", err)
	}
	// The builder key that signs the bids for our own block.
	builderKey, builderPass := filepath.Join(dir, "builder-key.json"), filepath.Join(dir, "builder-password.txt")
	if err := os.WriteFile(builderPass, []byte("devnet builder\n"), 0o600); err != nil {
		return fmt.Errorf("promises: %w", err)
	}
	if _, err := os.Stat(builderKey); os.IsNotExist(err) {
		if _, err := keys.WriteBLSKeystore(builderKey, "devnet builder", 1<<12); err != nil {
			return fmt.Errorf("promises: builder key: %w", err)
		}
	}
	ep := n.State.Endpoints
	extra := []string{
		"--beacon-url", ep.BeaconAPI, "--execution-url", ep.ExecutionHTTP,
		"--engine-url", ep.EngineAPI, "--jwt-secret", filepath.Join(n.cfg.DataDir, "jwt.hex"),
		"--builder.key", builderKey, "--builder.password-file", builderPass, "--builder.payer-key", payerKey,
		"--validator.pubkeys", pubkeys,
		"--rpc.addr", rpcAddr, "--preconf.keystore", committer,
		"--preconf.chain-id", strconv.Itoa(ChainID), "--preconf.registry", deployment.Registry.Hex(),
	}
	if f := ep.Faults; f != "" {
		extra = append(extra, "--testing.faults-addr", strings.TrimPrefix(f, "http://"))
	}
	extra = append(extra, rollupFlags(n.State.Rollups, operator.Address)...)
	n.mu.Lock()
	spec, ok := n.specs["sidecar"]
	pr := n.procs["sidecar"]
	if ok {
		spec.args = append(append([]string{}, spec.args...), extra...)
		n.specs["sidecar"] = spec
	}
	n.mu.Unlock()
	if !ok || pr == nil {
		return fmt.Errorf("promises: no sidecar process")
	}
	// The supervisor (watch) starts the sidecar again with the new arguments.
	pr.stop()
	if err := waitHTTP(ctx, "http://"+rpcAddr+"/status", 2*time.Minute); err != nil {
		return fmt.Errorf("sidecar promise API: %w (see %s)", err, filepath.Join(n.cfg.DataDir, "logs", "sidecar.log"))
	}
	// 200 once our own block can be bid (chain view synced, bid signer made).
	if err := waitHTTP(ctx, ep.BuilderAPI+"/eth/v1/builder/status", time.Minute); err != nil {
		return fmt.Errorf("sidecar builder status: %w (see %s)", err, filepath.Join(n.cfg.DataDir, "logs", "sidecar.log"))
	}
	fmt.Fprintf(n.cfg.Out, "sidecar: promises on for %d validators, committer %s\n", NumValidators, operator.Address)
	return nil
}
