package devnet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/bls"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
)

// ContractsFile is the deployment JSON (as `based contracts deploy` writes it) in the data folder.
const ContractsFile = "contracts.json"

// OperatorCollateral is the collateral the devnet's operator deposits, in wei (10 ether).
var OperatorCollateral = new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18))

// deployContracts deploys the based contracts with the deployer account and registers the
// operator account, as its own committer, for every interop validator with OperatorCollateral,
// and, in the same blocks, the rollups in the RollupInbox (rollups.go).
func (n *Net) deployContracts(ctx context.Context, rollups []*Rollup) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	deployer, err := n.account("deployer")
	if err != nil {
		return err
	}
	operator, err := n.account("operator")
	if err != nil {
		return err
	}
	client, err := ethclient.DialContext(ctx, n.State.Endpoints.ExecutionHTTP)
	if err != nil {
		return fmt.Errorf("contracts: %w", err)
	}
	defer client.Close()
	chainID := big.NewInt(int64(ChainID))
	auth, err := bind.NewKeyedTransactorWithChainID(deployer.Key(), chainID)
	if err != nil {
		return err
	}
	slot := uint64(n.cfg.Slot / time.Second)
	d, err := bindings.Deploy(ctx, client, auth, uint64(ChainID), ContractsConfig(uint64(n.State.GenesisTime.Unix()), slot))
	if err != nil {
		return fmt.Errorf("contracts: %w", err)
	}
	keys := make([]*bls.SecretKey, NumValidators)
	for i := range keys {
		keys[i] = bls.InteropKey(uint64(i))
	}
	opAuth, err := bind.NewKeyedTransactorWithChainID(operator.Key(), chainID)
	if err != nil {
		return err
	}
	opAuth.Value = OperatorCollateral
	registered := make(chan error, 1)
	go func() { registered <- n.registerRollups(ctx, client, d.RollupInbox, rollups) }()
	if _, err := bindings.Register(ctx, client, opAuth, chainID, d.Registry, operator.Address, keys); err != nil {
		<-registered
		return fmt.Errorf("contracts: %w", err)
	}
	if err := <-registered; err != nil {
		return err
	}
	out, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(n.cfg.Out, "contracts: registry %s, inbox %s, slasher %s; operator %s registered %d validators; rollups %v registered\n",
		d.Registry, d.RollupInbox, d.PreconfSlasher, operator.Address, NumValidators, RollupChainIDs)
	return os.WriteFile(filepath.Join(n.cfg.DataDir, ContractsFile), append(out, '\n'), 0o644)
}

// Challenge windows of the devnet's PreconfSlasher, in slots: short, so that a test can open,
// defend and slash a challenge in minutes. The finality delay stays two epochs, which the
// devnet's beacon chain finalizes in about as long.
const (
	ChallengeWindowSlots = 450 // 30 min at 4 s slots
	DefenceWindowSlots   = 48  // 192 s at 4 s slots
)

// ContractsConfig is the deployment config of the devnet: the defaults for its genesis and
// slot time, with the challenge and defence windows shortened to ChallengeWindowSlots and
// DefenceWindowSlots.
func ContractsConfig(genesisTime, secondsPerSlot uint64) bindings.Config {
	c := bindings.DefaultConfig(genesisTime, secondsPerSlot)
	c.ChallengeWindow = ChallengeWindowSlots * secondsPerSlot
	c.DefenceWindow = DefenceWindowSlots * secondsPerSlot
	return c
}

func (n *Net) account(role string) (Account, error) {
	for _, a := range n.State.Accounts {
		if a.Role == role {
			return a, nil
		}
	}
	return Account{}, fmt.Errorf("devnet: no %s account", role)
}

// CheckContracts reads the deployment of a running devnet's data folder back through the Go
// bindings: the operator's registration, its free collateral, and every interop validator key
// (each registered with a BLS proof of possession that the Registry verified on chain).
func CheckContracts(ctx context.Context, dataDir string, st State) error {
	raw, err := os.ReadFile(filepath.Join(dataDir, ContractsFile))
	if err != nil {
		return err
	}
	var d bindings.Deployment
	if err := json.Unmarshal(raw, &d); err != nil {
		return fmt.Errorf("%s: %w", ContractsFile, err)
	}
	client, err := ethclient.DialContext(ctx, st.Endpoints.ExecutionHTTP)
	if err != nil {
		return err
	}
	defer client.Close()
	reg, err := bindings.NewRegistry(d.Registry, client)
	if err != nil {
		return err
	}
	var operator Account
	for _, a := range st.Accounts {
		if a.Role == "operator" {
			operator = a
		}
	}
	opts := &bind.CallOpts{Context: ctx}
	op, err := reg.OperatorOfCommitter(opts, operator.Address)
	if err != nil {
		return err
	}
	if op.Owner != operator.Address || op.Collateral.Cmp(OperatorCollateral) != 0 {
		return fmt.Errorf("operator registration %+v, want owner %s with %s wei", op, operator.Address, OperatorCollateral)
	}
	free, err := reg.FreeCollateral(opts, operator.Address)
	if err != nil {
		return err
	}
	if free.Cmp(OperatorCollateral) != 0 {
		return fmt.Errorf("free collateral %s, want %s", free, OperatorCollateral)
	}
	var errs []error
	for i := range uint64(NumValidators) {
		h := crypto.Keccak256Hash(bls.EncodeG1(bls.InteropKey(i).PublicKey()))
		owner, err := reg.OwnerOfValidator(opts, h)
		if err != nil || owner != operator.Address {
			errs = append(errs, fmt.Errorf("interop validator %d: owner %s (%v)", i, owner, err))
		}
	}
	return errors.Join(errs...)
}
