package rollup_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/basedsidecar/based/devnet"
	"github.com/basedsidecar/based/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// l2ChainID and l2GasLimit are the test rollup's.
const (
	l2ChainID  = 167001
	l2GasLimit = 30_000_000
)

// gethBinary returns the devnet's geth, building it on first use.
func gethBinary(t testing.TB) string {
	t.Helper()
	repo, err := devnet.FindRepoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	bins, err := devnet.Build(ctx, repo, filepath.Join(repo, "devnet", ".cache"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return bins.Geth
}

// freePort returns a loopback TCP port free at the time of the call.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// gethNode is one real go-ethereum process of a rollup.
type gethNode struct {
	EngineURL, RPCURL string
	JWT               [32]byte
	cmd               *exec.Cmd
}

// gethConfig opens no p2p socket.
const gethConfig = "[Node.P2P]\nMaxPeers = 0\nNoDiscovery = true\nDiscoveryV4 = false\nDiscoveryV5 = false\nListenAddr = \"\"\n"

// startGeth initialises a data folder with genesis and runs geth on it until the test ends.
func startGeth(t testing.TB, genesis any) *gethNode {
	t.Helper()
	bin := gethBinary(t)
	dir := t.TempDir()
	gen, err := json.Marshal(genesis)
	if err != nil {
		t.Fatal(err)
	}
	var jwt [32]byte
	copy(jwt[:], crypto.Keccak256([]byte(dir)))
	files := map[string][]byte{"genesis.json": gen, "jwt.hex": []byte(hex.EncodeToString(jwt[:])), "geth.toml": []byte(gethConfig)}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command(bin, "init", "--datadir", filepath.Join(dir, "data"), "--state.scheme=path", filepath.Join(dir, "genesis.json")).CombinedOutput(); err != nil {
		t.Fatalf("geth init: %v\n%s", err, out)
	}
	httpPort, authPort := freePort(t), freePort(t)
	logf, err := os.Create(filepath.Join(dir, "geth.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config", filepath.Join(dir, "geth.toml"), "--datadir", filepath.Join(dir, "data"),
		"--networkid", strconv.Itoa(l2ChainID), "--syncmode", "full", "--ipcdisable", "--nat", "none",
		"--http", "--http.addr", "127.0.0.1", "--http.port", strconv.Itoa(httpPort), "--http.api", "eth,net,web3,testing",
		"--authrpc.addr", "127.0.0.1", "--authrpc.port", strconv.Itoa(authPort), "--authrpc.jwtsecret", filepath.Join(dir, "jwt.hex"),
		"--miner.gaslimit", strconv.Itoa(l2GasLimit))
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	g := &gethNode{
		EngineURL: fmt.Sprintf("http://127.0.0.1:%d", authPort),
		RPCURL:    fmt.Sprintf("http://127.0.0.1:%d", httpPort),
		JWT:       jwt, cmd: cmd,
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		logf.Close()
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Post(g.RPCURL, "application/json", strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return g
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logf.Name())
			t.Fatalf("geth did not answer within 60 s: %v\n%s", err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// dial connects the rollup's Execution to g.
func (g *gethNode) dial(t testing.TB) *rollup.Execution {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	x, err := rollup.DialExecution(ctx, g.EngineURL, g.JWT, g.RPCURL, l2ChainID, l2GasLimit)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(x.Close)
	return x
}

// testKeys are the prefunded L2 accounts of the tests.
func testKeys(t testing.TB, n int) ([]*ecdsa.PrivateKey, types.GenesisAlloc) {
	t.Helper()
	alloc := types.GenesisAlloc{}
	var keys []*ecdsa.PrivateKey
	for i := range n {
		k, err := crypto.ToECDSA(crypto.Keccak256([]byte("rollup test key " + strconv.Itoa(i))))
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))}
	}
	return keys, alloc
}

// transfer signs an EIP-1559 transfer of value wei to to.
func transfer(t testing.TB, key *ecdsa.PrivateKey, chainID, nonce uint64, to common.Address, value int64) []byte {
	t.Helper()
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(new(big.Int).SetUint64(chainID)), &types.DynamicFeeTx{
		ChainID: new(big.Int).SetUint64(chainID), Nonce: nonce, To: &to, Value: big.NewInt(value),
		Gas: 21000, GasFeeCap: big.NewInt(10e9), GasTipCap: big.NewInt(1e9),
	})
	b, err := tx.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
