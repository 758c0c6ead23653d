package sidecar

import (
	"context"
	"log/slog"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/bls"
	"github.com/basedsidecar/based/preconf"
)

// sealingClient is a simulated chain that seals a block after every
// transaction, so that deploying and registering wait for nothing else.
type sealingClient struct {
	simulated.Client
	sim *simulated.Backend
}

func (c sealingClient) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := c.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	c.sim.Commit()
	return nil
}

// ownerChain is a sealing simulated chain with one funded owner account and
// its transactor.
func ownerChain(t *testing.T) (sealingClient, *big.Int, *bind.TransactOpts) {
	t.Helper()
	owner, _ := crypto.GenerateKey()
	sim := simulated.NewBackend(types.GenesisAlloc{crypto.PubkeyToAddress(owner.PublicKey): {Balance: new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))}})
	t.Cleanup(func() { _ = sim.Close() })
	backend := sealingClient{Client: sim.Client(), sim: sim}
	chainID, err := backend.ChainID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	auth, err := bind.NewKeyedTransactorWithChainID(owner, chainID)
	if err != nil {
		t.Fatal(err)
	}
	return backend, chainID, auth
}

// TestReadRegistry deploys the contracts on go-ethereum's simulated chain,
// registers an operator with a committer and collateral, and checks what
// readRegistry takes from the Registry: the free collateral, the slasher when
// none is configured (and not when one is), and a refusal for a committer
// that is not registered.
func TestReadRegistry(t *testing.T) {
	ctx := context.Background()
	committer, _ := crypto.GenerateKey()
	backend, chainID, auth := ownerChain(t)
	d, err := bindings.Deploy(ctx, backend, auth, chainID.Uint64(), bindings.DefaultConfig(1_700_000_000, 12))
	if err != nil {
		t.Fatal(err)
	}
	collateral := new(big.Int).Mul(big.NewInt(3), big.NewInt(1e18))
	reg := *auth
	reg.Value = collateral
	if _, err := bindings.Register(ctx, backend, &reg, chainID, d.Registry, crypto.PubkeyToAddress(committer.PublicKey), []*bls.SecretKey{bls.InteropKey(0)}); err != nil {
		t.Fatal(err)
	}
	caller, err := bindings.NewRegistryCaller(d.Registry, backend)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	configured := common.HexToAddress("0x00000000000000000000000000000000000000c0")
	for _, tc := range []struct {
		name        string
		committer   common.Address
		slasher     common.Address // configured before the read
		wantSlasher common.Address
		wantErr     string
	}{
		{name: "slasher from the registry", committer: crypto.PubkeyToAddress(committer.PublicKey), wantSlasher: d.PreconfSlasher},
		{name: "configured slasher kept", committer: crypto.PubkeyToAddress(committer.PublicKey), slasher: configured, wantSlasher: configured},
		{name: "committer not registered", committer: common.Address{1}, wantErr: "not registered"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &registry{caller: caller, addr: d.Registry, committer: tc.committer}
			pc := preconf.DefaultConfig()
			pc.Domain.VerifyingContract = tc.slasher
			before := new(big.Int).Set(pc.Collateral)
			err := readRegistry(ctx, r, &pc, log)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				if pc.Collateral.Cmp(before) != 0 || pc.Domain.VerifyingContract != tc.slasher {
					t.Fatalf("a failed read changed the config: %v %s", pc.Collateral, pc.Domain.VerifyingContract)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if pc.Collateral.Cmp(collateral) != 0 {
				t.Errorf("collateral %v, want the deposit %v", pc.Collateral, collateral)
			}
			if pc.Domain.VerifyingContract != tc.wantSlasher {
				t.Errorf("slasher %s, want %s", pc.Domain.VerifyingContract, tc.wantSlasher)
			}
		})
	}
}

// TestRetainChallenges reads the challenge lifetime from a deployed slasher:
// a shorter retention is raised to it, a longer one kept, and an address
// without the slasher's code refused.
func TestRetainChallenges(t *testing.T) {
	ctx := context.Background()
	backend, chainID, auth := ownerChain(t)
	cc := bindings.DefaultConfig(1_700_000_000, 12)
	d, err := bindings.Deploy(ctx, backend, auth, chainID.Uint64(), cc)
	if err != nil {
		t.Fatal(err)
	}
	life := (cc.FinalityDelay+cc.ChallengeWindow+cc.DefenceWindow)/12 + 2
	for _, tc := range []struct {
		name    string
		slasher common.Address
		have    uint64
		want    uint64
		wantErr bool
	}{
		{name: "shorter raised", slasher: d.PreconfSlasher, have: 64, want: life},
		{name: "longer kept", slasher: d.PreconfSlasher, have: life + 1000, want: life + 1000},
		{name: "no slasher there", slasher: d.Registry, have: 64, want: 64, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pc := preconf.DefaultConfig()
			pc.Domain.VerifyingContract, pc.Retention = tc.slasher, tc.have
			err := retainChallenges(ctx, backend, &pc, slog.New(slog.DiscardHandler))
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want one: %v", err, tc.wantErr)
			}
			if pc.Retention != tc.want {
				t.Fatalf("retention %d, want %d", pc.Retention, tc.want)
			}
		})
	}
}
