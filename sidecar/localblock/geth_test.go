package localblock_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/basedsidecar/based/devnet"
)

const testChainID = 3151909

// gethNode is one geth process on a fresh post-merge genesis (every fork to
// Osaka at genesis) with the given accounts funded, and no consensus client:
// its head stays where the test puts it.
type gethNode struct {
	eth, engine *rpc.Client
	genesis     *types.Header
	chainID     *big.Int
}

// startGeth starts geth (the devnet's binary) with keys funded.
func startGeth(t testing.TB, keys []*ecdsa.PrivateKey) *gethNode {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	repo, err := devnet.FindRepoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	var buildLog bytes.Buffer
	bins, err := devnet.Build(ctx, repo, filepath.Join(repo, "devnet", ".cache"), &buildLog)
	if err != nil {
		t.Fatalf("%v\n%s", err, buildLog.String())
	}
	dir := t.TempDir()
	zero := uint64(0)
	cfg := &params.ChainConfig{
		ChainID: big.NewInt(testChainID), HomesteadBlock: big.NewInt(0), EIP150Block: big.NewInt(0), EIP155Block: big.NewInt(0),
		EIP158Block: big.NewInt(0), ByzantiumBlock: big.NewInt(0), ConstantinopleBlock: big.NewInt(0), PetersburgBlock: big.NewInt(0),
		IstanbulBlock: big.NewInt(0), MuirGlacierBlock: big.NewInt(0), BerlinBlock: big.NewInt(0), LondonBlock: big.NewInt(0),
		ArrowGlacierBlock: big.NewInt(0), GrayGlacierBlock: big.NewInt(0), MergeNetsplitBlock: big.NewInt(0),
		TerminalTotalDifficulty: big.NewInt(0), ShanghaiTime: &zero, CancunTime: &zero, PragueTime: &zero, OsakaTime: &zero,
		DepositContractAddress: common.HexToAddress("0x4242424242424242424242424242424242424242"),
		BlobScheduleConfig:     &params.BlobScheduleConfig{Cancun: params.DefaultCancunBlobConfig, Prague: params.DefaultPragueBlobConfig},
	}
	alloc := types.GenesisAlloc{}
	maps.Copy(alloc, core.SystemContractAllocs())
	bal, _ := new(big.Int).SetString("1000000000000000000000000", 10)
	for _, k := range keys {
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: bal}
	}
	excess, used := uint64(0), uint64(0)
	gen := &core.Genesis{Config: cfg, GasLimit: 60_000_000, Difficulty: big.NewInt(0), BaseFee: big.NewInt(params.InitialBaseFee),
		ExcessBlobGas: &excess, BlobGasUsed: &used, Alloc: alloc, Timestamp: uint64(time.Now().Unix())}
	gj, err := json.Marshal(gen)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	genPath := write("genesis.json", gj)
	secret := make([]byte, 32)
	secret[0] = 1
	jwt := write("jwt.hex", []byte(hex.EncodeToString(secret)))
	conf := write("geth.toml", []byte("[Node.P2P]\nMaxPeers = 0\nNoDiscovery = true\nDiscoveryV4 = false\nDiscoveryV5 = false\nListenAddr = \"\"\n"))
	if out, err := exec.Command(bins.Geth, "init", "--datadir", filepath.Join(dir, "data"), "--state.scheme=path", genPath).CombinedOutput(); err != nil {
		t.Fatalf("geth init: %v\n%s", err, out)
	}
	httpPort, authPort := freePort(t), freePort(t)
	logf, err := os.Create(filepath.Join(dir, "geth.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bins.Geth, "--config", conf, "--datadir", filepath.Join(dir, "data"), "--networkid", strconv.Itoa(testChainID),
		"--http", "--http.addr", "127.0.0.1", "--http.port", strconv.Itoa(httpPort), "--http.api", "eth,txpool,testing",
		"--authrpc.addr", "127.0.0.1", "--authrpc.port", strconv.Itoa(authPort), "--authrpc.jwtsecret", jwt,
		"--ipcdisable", "--syncmode", "full", "--nat", "none", "--rpc.gascap", "0", "--miner.gaslimit", "60000000",
		"--txpool.globalslots", "20000", "--txpool.accountslots", "128", "--txpool.globalqueue", "20000")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		logf.Close()
		if t.Failed() {
			if b, err := os.ReadFile(logf.Name()); err == nil {
				t.Logf("geth log (tail):\n%s", tail(b, 3000))
			}
		}
	})
	g := &gethNode{chainID: big.NewInt(testChainID)}
	deadline := time.Now().Add(time.Minute)
	for {
		c, err := rpc.Dial("http://127.0.0.1:" + strconv.Itoa(httpPort))
		if err == nil {
			if err = c.Call(&g.genesis, "eth_getBlockByNumber", "0x0", false); err == nil {
				g.eth = c
				break
			}
			c.Close()
		}
		if time.Now().After(deadline) {
			t.Fatalf("geth did not answer: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var s [32]byte
	copy(s[:], secret)
	if g.engine, err = rpc.DialOptions(ctx, "http://127.0.0.1:"+strconv.Itoa(authPort), rpc.WithHTTPAuth(node.NewJWTAuth(s))); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.eth.Close(); g.engine.Close() })
	return g
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// send puts raw transactions into geth's pool, in batches.
func (g *gethNode) send(t testing.TB, raws [][]byte) {
	t.Helper()
	for len(raws) > 0 {
		n := min(len(raws), 500)
		batch := make([]rpc.BatchElem, n)
		for i, raw := range raws[:n] {
			batch[i] = rpc.BatchElem{Method: "eth_sendRawTransaction", Args: []any{fmt.Sprintf("0x%x", raw)}, Result: new(common.Hash)}
		}
		if err := g.eth.BatchCall(batch); err != nil {
			t.Fatal(err)
		}
		for i, b := range batch {
			if b.Error != nil {
				t.Fatalf("send %d: %v", i, b.Error)
			}
		}
		raws = raws[n:]
	}
}
