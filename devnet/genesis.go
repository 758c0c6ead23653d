package devnet

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
)

// Network constants shared by the execution and consensus genesis.
const (
	// ChainID is the execution-layer chain id of every devnet.
	ChainID = 3151908
	// NumValidators is the number of interop validators at genesis.
	NumValidators = 64
	// DepositContract is the (empty) deposit contract address both layers agree on.
	DepositContract = "0x4242424242424242424242424242424242424242"
	// GasLimit is the gas limit of the genesis block.
	GasLimit = 60_000_000
)

// Fork versions of the devnet, one per fork, all active at epoch 0.
var forkVersions = []struct{ Name, Version string }{
	{"GENESIS", "0x10000038"},
	{"ALTAIR", "0x20000038"},
	{"BELLATRIX", "0x30000038"},
	{"CAPELLA", "0x40000038"},
	{"DENEB", "0x50000038"},
	{"ELECTRA", "0x60000038"},
	{"FULU", "0x70000038"},
}

// Account is a prefunded execution-layer account of the devnet.
type Account struct {
	Role       string         `json:"role"`
	Address    common.Address `json:"address"`
	PrivateKey string         `json:"private_key"`
	key        *ecdsa.PrivateKey
}

// Key returns the account's private key.
func (a Account) Key() *ecdsa.PrivateKey { return a.key }

// prefundRoles names the accounts funded at genesis.
var prefundRoles = []string{"operator", "deployer", "wallet-1", "wallet-2", "wallet-3", "wallet-4", "payer"}

// prefundBalance is what each prefunded account holds: 1,000,000 ether.
var prefundBalance = new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(params.Ether))

// newAccounts makes one fresh key per role.
func newAccounts() ([]Account, error) {
	out := make([]Account, 0, len(prefundRoles))
	for _, role := range prefundRoles {
		k, err := ecdsa.GenerateKey(crypto.S256(), rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", role, err)
		}
		out = append(out, Account{
			Role:       role,
			Address:    crypto.PubkeyToAddress(k.PublicKey),
			PrivateKey: "0x" + hex.EncodeToString(crypto.FromECDSA(k)),
			key:        k,
		})
	}
	return out, nil
}

// chainConfigTmpl is the consensus config Prysm reads; Prysm rejects unknown keys.
var chainConfigTmpl = template.Must(template.New("config").Parse(`PRESET_BASE: mainnet
CONFIG_NAME: based-devnet
MIN_GENESIS_ACTIVE_VALIDATOR_COUNT: {{.Validators}}
MIN_GENESIS_TIME: 0
GENESIS_DELAY: 0
{{range .Forks}}{{.Name}}_FORK_VERSION: {{.Version}}
{{if ne .Name "GENESIS"}}{{.Name}}_FORK_EPOCH: 0
{{end}}{{end}}TERMINAL_TOTAL_DIFFICULTY: 0
SECONDS_PER_SLOT: {{.SlotSeconds}}
SLOT_DURATION_MS: {{.SlotMillis}}
DEPOSIT_CHAIN_ID: {{.ChainID}}
DEPOSIT_NETWORK_ID: {{.ChainID}}
DEPOSIT_CONTRACT_ADDRESS: {{.Deposit}}
BLOB_SCHEDULE: []
`))

// writeChainConfig writes the consensus chain config to path.
func writeChainConfig(path string, slot time.Duration) error {
	var b strings.Builder
	err := chainConfigTmpl.Execute(&b, map[string]any{
		"Validators":  NumValidators,
		"Forks":       forkVersions,
		"SlotSeconds": int(slot / time.Second),
		"SlotMillis":  slot.Milliseconds(),
		"ChainID":     ChainID,
		"Deposit":     DepositContract,
	})
	if err != nil {
		return fmt.Errorf("chain config: %w", err)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// baseGenesis is the execution genesis before prysmctl sets the fork times:
// every fork through Osaka, the system contracts and the prefunded accounts.
func baseGenesis(accounts []Account) *core.Genesis {
	zero := uint64(0)
	cfg := &params.ChainConfig{
		ChainID:                 big.NewInt(ChainID),
		HomesteadBlock:          big.NewInt(0),
		EIP150Block:             big.NewInt(0),
		EIP155Block:             big.NewInt(0),
		EIP158Block:             big.NewInt(0),
		ByzantiumBlock:          big.NewInt(0),
		ConstantinopleBlock:     big.NewInt(0),
		PetersburgBlock:         big.NewInt(0),
		IstanbulBlock:           big.NewInt(0),
		MuirGlacierBlock:        big.NewInt(0),
		BerlinBlock:             big.NewInt(0),
		LondonBlock:             big.NewInt(0),
		ArrowGlacierBlock:       big.NewInt(0),
		GrayGlacierBlock:        big.NewInt(0),
		MergeNetsplitBlock:      big.NewInt(0),
		TerminalTotalDifficulty: big.NewInt(0),
		ShanghaiTime:            &zero,
		CancunTime:              &zero,
		PragueTime:              &zero,
		OsakaTime:               &zero,
		DepositContractAddress:  common.HexToAddress(DepositContract),
		BlobScheduleConfig: &params.BlobScheduleConfig{
			Cancun: params.DefaultCancunBlobConfig,
			Prague: params.DefaultPragueBlobConfig,
		},
	}
	alloc := types.GenesisAlloc{}
	maps.Copy(alloc, core.SystemContractAllocs())
	for _, a := range accounts {
		alloc[a.Address] = types.Account{Balance: prefundBalance}
	}
	excess, used := uint64(0), uint64(0)
	return &core.Genesis{
		Config:        cfg,
		GasLimit:      GasLimit,
		Difficulty:    big.NewInt(0),
		BaseFee:       big.NewInt(params.InitialBaseFee),
		ExcessBlobGas: &excess,
		BlobGasUsed:   &used,
		Alloc:         alloc,
	}
}

// genesis is what one run's genesis step produced.
type genesis struct {
	Time      time.Time
	Accounts  []Account
	ConfigYML string // consensus chain config
	StateSSZ  string // consensus genesis state
	ELJSON    string // execution genesis
	JWT       string // engine API secret
}

// makeGenesis writes the consensus and execution genesis of a new network
// starting at start into dir, using prysmctl, and returns the file names.
func makeGenesis(ctx context.Context, dir string, bins Binaries, slot time.Duration, start time.Time, logTo string) (*genesis, error) {
	accounts, err := newAccounts()
	if err != nil {
		return nil, err
	}
	g := &genesis{
		Time:      start,
		Accounts:  accounts,
		ConfigYML: filepath.Join(dir, "chain-config.yaml"),
		StateSSZ:  filepath.Join(dir, "genesis.ssz"),
		ELJSON:    filepath.Join(dir, "genesis.json"),
		JWT:       filepath.Join(dir, "jwt.hex"),
	}
	if err := writeChainConfig(g.ConfigYML, slot); err != nil {
		return nil, err
	}
	base, err := json.MarshalIndent(baseGenesis(accounts), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("execution genesis: %w", err)
	}
	basePath := filepath.Join(dir, "genesis-base.json")
	if err := os.WriteFile(basePath, base, 0o644); err != nil {
		return nil, err
	}
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, err
	}
	if err := os.WriteFile(g.JWT, []byte(hex.EncodeToString(secret)), 0o600); err != nil {
		return nil, err
	}
	acc, err := json.MarshalIndent(accounts, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "accounts.json"), acc, 0o600); err != nil {
		return nil, err
	}
	err = runTool(ctx, logTo, bins.Prysmctl, "testnet", "generate-genesis",
		"--fork=fulu",
		fmt.Sprintf("--num-validators=%d", NumValidators),
		fmt.Sprintf("--genesis-time=%d", start.Unix()),
		"--chain-config-file="+g.ConfigYML,
		"--geth-genesis-json-in="+basePath,
		"--geth-genesis-json-out="+g.ELJSON,
		"--output-ssz="+g.StateSSZ,
	)
	if err != nil {
		return nil, fmt.Errorf("prysmctl generate-genesis: %w", err)
	}
	return g, nil
}
