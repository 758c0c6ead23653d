package devnet

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/rollup"
)

// RollupChainIDs are the chain ids of the devnet's two example rollups.
var RollupChainIDs = []uint64{167001, 167002}

// RollupGasLimit is the L2 block gas limit of the devnet's rollups.
const RollupGasLimit = 30_000_000

// rollupRoles names the accounts funded in every rollup's genesis.
var rollupRoles = []string{"wallet-1", "wallet-2", "wallet-3", "wallet-4"}

// Rollup is one of the devnet's example rollups as devnet.json records it.
type Rollup struct {
	ChainID  uint64 `json:"chain_id"`
	GasLimit uint64 `json:"gas_limit"`
	// Wallet is the sidecar's wallet endpoint of the rollup (/rollup/{chainId}).
	Wallet string `json:"wallet_rpc,omitempty"`
	// NodeRPC is the JSON-RPC of the rollup's geth, driven by its rollup node.
	NodeRPC   string `json:"node_rpc"`
	EngineAPI string `json:"engine_api"`
	// NodeStatus is the rollup node's GET /status and /metrics address.
	NodeStatus string    `json:"node_status"`
	Accounts   []Account `json:"accounts"`

	name    string // process name prefix: rollup-<chain id>
	dir     string // data folder of the rollup: geth/ and node/
	jwt     string // Engine API secret file
	gethArg []string
}

// RollupAccounts returns the prefunded accounts of the devnet's rollups: fixed development
// keys (the same on every rollup and every run), so that a wallet can keep them configured.
func RollupAccounts() []Account {
	out := make([]Account, 0, len(rollupRoles))
	for _, role := range rollupRoles {
		k, err := crypto.ToECDSA(crypto.Keccak256([]byte("based devnet rollup " + role)))
		if err != nil {
			panic(err) // a keccak256 output below the curve order: never fails in practice
		}
		out = append(out, Account{
			Role:       role,
			Address:    crypto.PubkeyToAddress(k.PublicKey),
			PrivateKey: "0x" + hex.EncodeToString(crypto.FromECDSA(k)),
			key:        k,
		})
	}
	return out
}

// startRollupGeth initialises the rollup's geth with its genesis (at the L1 genesis time)
// in <data folder>/rollups/<name>/geth and starts it: no p2p socket, HTTP JSON-RPC (eth,
// net, web3, txpool, testing) and the Engine API on loopback.
func (n *Net) startRollupGeth(ctx context.Context, name string, chainID uint64) (*Rollup, error) {
	p, err := ports(3)
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(n.cfg.DataDir, "rollups", name)
	r := &Rollup{
		ChainID: chainID, GasLimit: RollupGasLimit, Accounts: RollupAccounts(),
		NodeRPC: "http://" + hostPort(p[0]), EngineAPI: "http://" + hostPort(p[1]), NodeStatus: "http://" + hostPort(p[2]),
		name: name, dir: dir, jwt: filepath.Join(n.cfg.DataDir, "jwt.hex"),
	}
	if err := os.MkdirAll(filepath.Join(dir, "node"), 0o755); err != nil {
		return nil, err
	}
	alloc := types.GenesisAlloc{}
	for _, a := range r.Accounts {
		alloc[a.Address] = types.Account{Balance: prefundBalance}
	}
	g, err := json.MarshalIndent(rollup.Genesis(chainID, RollupGasLimit, uint64(n.State.GenesisTime.Unix()), alloc), "", "  ")
	if err != nil {
		return nil, err
	}
	genesisPath := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(genesisPath, g, 0o644); err != nil {
		return nil, err
	}
	gethDir := filepath.Join(dir, "geth")
	if err := runTool(ctx, filepath.Join(n.cfg.DataDir, "logs", name+"-geth-init.log"), n.cfg.Bins.Geth, "init", "--datadir", gethDir, "--state.scheme=path", genesisPath); err != nil {
		return nil, err
	}
	r.gethArg = []string{
		"--config", filepath.Join(n.cfg.DataDir, "geth.toml"), "--datadir", gethDir, "--networkid", strconv.FormatUint(chainID, 10),
		"--http", "--http.addr", "127.0.0.1", "--http.port", strconv.Itoa(p[0]), "--http.api", "eth,net,web3,txpool,testing",
		"--authrpc.addr", "127.0.0.1", "--authrpc.port", strconv.Itoa(p[1]), "--authrpc.jwtsecret", r.jwt,
		"--ipcdisable", "--syncmode", "full", "--nat", "none", "--miner.gaslimit", strconv.Itoa(RollupGasLimit),
	}
	if err := n.start(procSpec{name: name + "-geth", bin: n.cfg.Bins.Geth, args: r.gethArg}); err != nil {
		return nil, err
	}
	return r, nil
}

// startRollupNode starts `based rollup-node` for r, deriving from the devnet's RollupInbox
// (contracts.json) into r's geth, restarted by the supervisor when it exits, and waits until
// it serves its status.
func (n *Net) startRollupNode(ctx context.Context, r *Rollup) error {
	if err := n.launchRollupNode(ctx, r); err != nil {
		return err
	}
	return n.waitRollupNode(ctx, r)
}

// launchRollupNode starts r's rollup node once r's geth answers.
func (n *Net) launchRollupNode(ctx context.Context, r *Rollup) error {
	ep := n.State.Endpoints
	if err := waitHTTP(ctx, r.NodeRPC, time.Minute); err != nil { // geth answers a bare GET with 200
		return fmt.Errorf("%s geth: %w (see %s)", r.name, err, filepath.Join(n.cfg.DataDir, "logs", r.name+"-geth.log"))
	}
	args := []string{"rollup-node",
		"--rollup.chain-id", strconv.FormatUint(r.ChainID, 10), "--rollup.gas-limit", strconv.FormatUint(r.GasLimit, 10),
		"--l1.rpc", ep.ExecutionHTTP, "--l1.beacon-url", ep.BeaconAPI, "--l1.poll", "500ms",
		"--deployment", filepath.Join(n.cfg.DataDir, ContractsFile),
		"--engine-url", r.EngineAPI, "--engine-jwt", r.jwt, "--l2.rpc", r.NodeRPC,
		"--datadir", filepath.Join(r.dir, "node"), "--status.addr", strings.TrimPrefix(r.NodeStatus, "http://"),
	}
	if ep.PreconfRPC != "" { // the sidecar's rollupBlocks stream: the preconfirmed head (redialled until it serves)
		args = append(args, "--sequencer-ws", "ws://"+strings.TrimPrefix(ep.PreconfRPC, "http://"))
	}
	return n.start(procSpec{name: r.name + "-node", bin: n.cfg.Sidecar, args: args, restart: true})
}

// waitRollupNode waits until r's rollup node serves its status.
func (n *Net) waitRollupNode(ctx context.Context, r *Rollup) error {
	if err := waitHTTP(ctx, r.NodeStatus+"/status", time.Minute); err != nil {
		return fmt.Errorf("%s rollup node: %w (see %s)", r.name, err, filepath.Join(n.cfg.DataDir, "logs", r.name+"-node.log"))
	}
	return nil
}

// registerRollups registers every rollup's chain id in the RollupInbox at inbox with the
// deployer account, its configuration the JSON {"gasLimit": …}, and waits for the receipts.
func (n *Net) registerRollups(ctx context.Context, client *ethclient.Client, addr common.Address, rs []*Rollup) error {
	deployer, err := n.account("deployer")
	if err != nil {
		return err
	}
	inbox, err := bindings.NewRollupInbox(addr, client)
	if err != nil {
		return err
	}
	auth, err := bind.NewKeyedTransactorWithChainID(deployer.Key(), big.NewInt(ChainID))
	if err != nil {
		return err
	}
	auth.Context = ctx
	nonce, err := client.PendingNonceAt(ctx, deployer.Address)
	if err != nil {
		return fmt.Errorf("rollups: %w", err)
	}
	var txs []*types.Transaction
	for i, r := range rs {
		auth.Nonce = new(big.Int).SetUint64(nonce + uint64(i))
		tx, err := inbox.RegisterRollup(auth, new(big.Int).SetUint64(r.ChainID), fmt.Appendf(nil, `{"gasLimit":%d}`, r.GasLimit))
		if err != nil {
			return fmt.Errorf("rollups: register %d: %w", r.ChainID, err)
		}
		txs = append(txs, tx)
	}
	for i, tx := range txs {
		rc, err := bind.WaitMined(ctx, client, tx)
		if err != nil {
			return fmt.Errorf("rollups: register %d: %w", rs[i].ChainID, err)
		}
		if rc.Status != types.ReceiptStatusSuccessful {
			return fmt.Errorf("rollups: register %d: transaction %s reverted", rs[i].ChainID, tx.Hash())
		}
	}
	return nil
}

// readDeployment reads contracts.json of the data folder.
func readDeployment(dataDir string) (*bindings.Deployment, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, ContractsFile))
	if err != nil {
		return nil, err
	}
	var d bindings.Deployment
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", ContractsFile, err)
	}
	return &d, nil
}

// rollupFlags returns the sidecar's --rollup flags of the devnet's rollups, whose external
// blocks pay operator.
func rollupFlags(rs []Rollup, operator common.Address) []string {
	var out []string
	for _, r := range rs {
		out = append(out, "--rollup", fmt.Sprintf("chain=%d,rpc=%s,gas-limit=%d,operator=%s", r.ChainID, r.NodeRPC, r.GasLimit, operator.Hex()))
	}
	return out
}

// RollupHead is a rollup node's view of its chain, as `based devnet status` shows it.
type RollupHead struct {
	Rollup
	Status *rollup.Status `json:"status,omitempty"`
	Err    string         `json:"status_error,omitempty"`
}

// rollupHeads asks each rollup node for its status.
func rollupHeads(ctx context.Context, rs []Rollup) []RollupHead {
	out := make([]RollupHead, 0, len(rs))
	for _, r := range rs {
		h := RollupHead{Rollup: r}
		var s rollup.Status
		if err := getJSON(ctx, r.NodeStatus+"/status", &s); err != nil {
			h.Err = err.Error()
		} else {
			h.Status = &s
		}
		out = append(out, h)
	}
	return out
}
