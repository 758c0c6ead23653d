package rollup

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/simchain"
)

func TestParseFlag(t *testing.T) {
	good, err := ParseFlag("chain=1001,rpc=http://127.0.0.1:9545,gas-limit=30000000,min-tip=1000,operator=0x00000000000000000000000000000000000000e0")
	if err != nil || good.ChainID.Uint64() != 1001 || good.RPC != "http://127.0.0.1:9545" || good.GasLimit != 30_000_000 || good.MinTip.Int64() != 1000 || good.Operator != (common.Address{19: 0xe0}) {
		t.Fatalf("%+v %v", good, err)
	}
	for _, tc := range []struct{ in, field string }{
		{"chain=0,rpc=http://a:1,gas-limit=30000000", "chain"},
		{"chain=x,rpc=http://a:1,gas-limit=30000000", "chain"},
		{"chain=5,rpc=ftp://a,gas-limit=30000000", "rpc"},
		{"chain=5,rpc=http://a:1,gas-limit=100", "gas-limit"},
		{"chain=5,rpc=http://a:1,gas-limit=30000000,min-tip=-1", "min-tip"},
		{"chain=5,rpc=http://a:1", "gas-limit"},
		{"chain=5,gas-limit=30000000", "rpc"},
		{"chain=5,rpc=http://a:1,gas-limit=30000000,colour=red", "colour"},
		{"chain=5,rpc=http://a:1,gas-limit=30000000,operator=0x12", "operator"},
		{"chain=5,rpc=http://a:1,gas-limit=30000000,operator=0x0000000000000000000000000000000000000000", "operator"},
		{"chain", "key=value"},
	} {
		if _, err := ParseFlag(tc.in); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tc.field) {
			t.Errorf("%q: %v, want ErrConfig naming %s", tc.in, err, tc.field)
		}
	}
}

func TestParseFlags(t *testing.T) {
	// As a slice flag hands them over: split at every comma, two rollups in a row.
	got, err := ParseFlags([]string{"chain=1001", "rpc=http://a:1", "gas-limit=30000000", "chain=1002", "rpc=ws://b:2", "gas-limit=21000", "min-tip=7"})
	if err != nil || len(got) != 2 || got[0].ChainID.Uint64() != 1001 || got[1].RPC != "ws://b:2" || got[1].MinTip.Int64() != 7 {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := ParseFlags([]string{"rpc=http://a:1,chain=5,gas-limit=30000"}); !errors.Is(err, ErrConfig) {
		t.Fatalf("a value not starting with chain=: %v", err)
	}
}

// l2 is a real go-ethereum chain (simulated backend) serving JSON-RPC over HTTP on
// loopback: the rollup's node.
func l2(t *testing.T, funded common.Address) (*simulated.Backend, string) {
	return l2Chain(t, funded, nil)
}

// l2Chain is l2 with its own chain id (nil: the dev chain's 1337).
func l2Chain(t *testing.T, funded common.Address, chainID *big.Int) (*simulated.Backend, string) {
	t.Helper()
	return l2Alloc(t, chainID, funded)
}

// l2Alloc is l2Chain with 100 ether for each of several accounts.
func l2Alloc(t *testing.T, chainID *big.Int, funded ...common.Address) (*simulated.Backend, string) {
	t.Helper()
	alloc := types.GenesisAlloc{}
	for _, a := range funded {
		alloc[a] = types.Account{Balance: new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether))}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	sim := simulated.NewBackend(alloc,
		func(nc *node.Config, ec *ethconfig.Config) {
			nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = "127.0.0.1", port, []string{"eth", "net", "web3"}
			if chainID != nil {
				cfg := *ec.Genesis.Config
				cfg.ChainID = chainID
				ec.Genesis.Config = &cfg
			}
		})
	t.Cleanup(func() { _ = sim.Close() })
	return sim, "http://127.0.0.1:" + strconv.Itoa(port)
}

// TestIntegrationWalletEndpoint uses go-ethereum's ethclient as the wallet against the
// sidecar's /rollup/{chainId} endpoint in front of a real L2 node.
func TestIntegrationWalletEndpoint(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	key, _ := crypto.HexToECDSA("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
	from := crypto.PubkeyToAddress(key.PublicKey)
	sim, url := l2(t, from)
	chainID := params.AllDevChainProtocolChanges.ChainID
	ro, err := Dial(ctx, Config{ChainID: chainID, RPC: url, GasLimit: 30_000_000, ChainConfig: params.AllDevChainProtocolChanges}, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() { _ = ro.Follow(fctx, 20*time.Millisecond) }()

	reg := prometheus.NewRegistry()
	if _, err := NewMetrics(reg, ro); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h, err := NewHandler(ro)
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/rollup/", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	wallet, err := ethclient.DialContext(ctx, srv.URL+"/rollup/"+chainID.String())
	if err != nil {
		t.Fatal(err)
	}
	defer wallet.Close()

	if id, err := wallet.ChainID(ctx); err != nil || id.Cmp(chainID) != 0 {
		t.Fatalf("eth_chainId: %v %v", id, err)
	}
	if bal, err := wallet.BalanceAt(ctx, from, nil); err != nil || bal.Cmp(new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether))) != 0 {
		t.Fatalf("eth_getBalance (proxied): %v %v", bal, err)
	}
	tip, err := wallet.SuggestGasTipCap(ctx) // proxied
	if err != nil {
		t.Fatal(err)
	}
	head, err := wallet.HeaderByNumber(ctx, nil) // proxied
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(chainID)
	mk := func(nonce uint64) *types.Transaction {
		return types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce, GasTipCap: new(big.Int).Add(tip, big.NewInt(1)),
			GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip), Gas: 21000, To: &common.Address{0xbe, 0xef}, Value: big.NewInt(1)})
	}
	for n := uint64(0); n < 2; n++ {
		if err := wallet.SendTransaction(ctx, mk(n)); err != nil {
			t.Fatalf("send nonce %d: %v", n, err)
		}
	}
	if n, err := wallet.PendingNonceAt(ctx, from); err != nil || n != 2 {
		t.Fatalf("pending nonce %d %v, want 2", n, err)
	}
	if n, err := wallet.NonceAt(ctx, from, nil); err != nil || n != 0 {
		t.Fatalf("latest nonce (proxied) %d %v, want 0", n, err)
	}
	if err := wallet.SendTransaction(ctx, mk(0)); err == nil || !strings.Contains(err.Error(), "already known") {
		t.Fatalf("resend: %v", err)
	}
	other := types.MustSignNewTx(key, types.LatestSignerForChainID(big.NewInt(777)), &types.DynamicFeeTx{ChainID: big.NewInt(777), Nonce: 2, GasTipCap: tip, GasFeeCap: head.BaseFee, Gas: 21000, To: &common.Address{1}})
	if err := wallet.SendTransaction(ctx, other); err == nil || !strings.Contains(err.Error(), "chain") {
		t.Fatalf("another chain's tx: %v", err)
	}
	if got := testutil.ToFloat64(ro.metrics.txs.WithLabelValues(chainID.String(), "ok")); got != 2 {
		t.Fatalf("based_mempool_txs_total ok = %v, want 2", got)
	}
	if got := testutil.ToFloat64(ro.metrics.txs.WithLabelValues(chainID.String(), "already_known")); got != 1 {
		t.Fatalf("based_mempool_txs_total already_known = %v, want 1", got)
	}
	if n, err := testutil.GatherAndCount(reg, "based_mempool_pending"); err != nil || n != 1 {
		t.Fatalf("based_mempool_pending series: %d %v", n, err)
	}
	var status map[string]hexutil.Uint
	if err := wallet.Client().CallContext(ctx, &status, "txpool_status"); err != nil || status["pending"] != 2 || status["queued"] != 0 {
		t.Fatalf("txpool_status %v %v", status, err)
	}
	var content map[string]map[common.Address]map[string]map[string]any
	if err := wallet.Client().CallContext(ctx, &content, "txpool_content"); err != nil || content["pending"][from]["1"]["hash"] != mk(1).Hash().Hex() {
		t.Fatalf("txpool_content %v %v", content, err)
	}
	var ignored any
	var rerr gethrpc.Error
	if err := wallet.Client().CallContext(ctx, &ignored, "admin_peers"); !errors.As(err, &rerr) || rerr.ErrorCode() != codeNoMethod {
		t.Fatalf("a non-eth method: %v", err)
	}

	// The L2 includes both txs (sent to it directly, as a derived block would): the pool
	// follows its head and lets them go.
	for n := uint64(0); n < 2; n++ {
		if err := sim.Client().SendTransaction(ctx, mk(n)); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		sim.Commit()
		if err := wallet.Client().CallContext(ctx, &status, "txpool_status"); err == nil && status["pending"] == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pool still holds %v after the L2 included its txs", status)
		}
		time.Sleep(30 * time.Millisecond)
	}
	if n, err := wallet.PendingNonceAt(ctx, from); err != nil || n != 2 {
		t.Fatalf("pending nonce after inclusion %d %v", n, err)
	}
	if r, err := simchain.Receipt(ctx, wallet, mk(1).Hash()); err != nil || r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("receipt through the endpoint: %v", err)
	}
	// Batched state reads (what a reset uses) agree with single reads, over several batches.
	st := &State{eth: ro.eth, rpc: ro.client}
	addrs := []common.Address{from}
	for i := 0; i < 2*stateBatch+3; i++ {
		addrs = append(addrs, common.Address{0xbe, 0xef, byte(i)})
	}
	accs, err := st.Accounts(ctx, addrs)
	if err != nil || len(accs) != len(addrs) {
		t.Fatalf("Accounts: %d %v", len(accs), err)
	}
	for i, a := range addrs {
		one, err := st.Account(ctx, a)
		if err != nil || one.Nonce != accs[i].Nonce || !one.Balance.Eq(accs[i].Balance) {
			t.Fatalf("account %v: batched %+v, single %+v %v", a, accs[i], one, err)
		}
	}
	if accs[0].Nonce != 2 || accs[0].Balance.IsZero() || !accs[len(accs)-1].Balance.IsZero() {
		t.Fatalf("sender %+v, last %+v", accs[0], accs[len(accs)-1])
	}
}

// TestIntegrationBundleEndpoint sends cross-rollup bundles to rollup_sendBundle over two real
// go-ethereum L2s: a bundle with one bad leg leaves nothing behind, a good one is in the
// sealed batch whole.
func TestIntegrationBundleEndpoint(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	key, _ := crypto.HexToECDSA("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
	from := crypto.PubkeyToAddress(key.PublicKey)
	var rollups []*Rollup
	ids := []*big.Int{big.NewInt(41001), big.NewInt(41002)}
	for _, id := range ids {
		_, url := l2Chain(t, from, id)
		cfg := *params.AllDevChainProtocolChanges
		cfg.ChainID = id
		ro, err := Dial(ctx, Config{ChainID: id, RPC: url, GasLimit: 30_000_000, ChainConfig: &cfg}, slog.Default())
		if err != nil {
			t.Fatal(err)
		}
		defer ro.Close()
		rollups = append(rollups, ro)
	}
	h, err := NewHandler(rollups...)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/rollup/", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, err := gethrpc.DialContext(ctx, srv.URL+"/rollup/41001")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	leg := func(id *big.Int, nonce uint64) map[string]any {
		tx := types.MustSignNewTx(key, types.LatestSignerForChainID(id), &types.DynamicFeeTx{ChainID: id, Nonce: nonce, GasTipCap: big.NewInt(2e9),
			GasFeeCap: big.NewInt(50e9), Gas: 21000, To: &common.Address{0xb0}})
		raw, _ := tx.MarshalBinary()
		return map[string]any{"chainId": (*hexutil.Big)(id), "tx": hexutil.Bytes(raw)}
	}
	var hash common.Hash
	err = c.CallContext(ctx, &hash, "rollup_sendBundle", map[string]any{"legs": []any{leg(ids[0], 0), leg(ids[1], 3)}})
	if err == nil || !strings.Contains(err.Error(), "leg 1") {
		t.Fatalf("a bundle with a nonce gap in leg 1: %v", err)
	}
	for _, ro := range rollups {
		if p, q := ro.pool.Stats(); p+q != 0 {
			t.Fatalf("rollup %v holds %d txs of a refused bundle", ro.cfg.ChainID, p+q)
		}
	}
	if err := c.CallContext(ctx, &hash, "rollup_sendBundle", map[string]any{"legs": []any{leg(ids[0], 0), leg(ids[1], 0)}}); err != nil {
		t.Fatal(err)
	}
	sealed, err := h.TxPool().Seal(common.Address{0xfe}, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(sealed.Blocks) != 2 || sealed.Headers[0].TxCount != 1 || sealed.Headers[1].TxCount != 1 {
		t.Fatalf("sealed batch %+v, want both legs", sealed.Headers)
	}
	var bad any
	if err := c.CallContext(ctx, &bad, "rollup_sendBundle", map[string]any{"legs": []any{map[string]any{"chainId": "0x1", "tx": "0x02"}}}); err == nil || !strings.Contains(err.Error(), "legs[0].tx") {
		t.Fatalf("an undecodable leg: %v", err)
	}
}

// offline returns a Rollup whose node is unreachable (every proxied call and state read
// fails fast) on a fixed head.
func offline(t testing.TB) *Rollup {
	t.Helper()
	c, err := gethrpc.DialHTTP("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	eth := ethclient.NewClient(c)
	id := big.NewInt(1001)
	head := &types.Header{Number: big.NewInt(1), BaseFee: big.NewInt(1e9), GasLimit: 30_000_000, Difficulty: new(big.Int)}
	pool, err := mempool.NewPool(mempool.PoolConfig{ChainID: id, ChainConfig: DefaultChainConfig(id), GasLimit: 30_000_000, Operator: common.Address{0x0e}}, &State{eth: eth, rpc: c}, head)
	if err != nil {
		t.Fatal(err)
	}
	return &Rollup{cfg: Config{ChainID: id, GasLimit: 30_000_000}, pool: pool, client: c, eth: eth, log: slog.Default()}
}

func TestHandlerRefusesBadInput(t *testing.T) {
	h, err := NewHandler(offline(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"unknown rollup", "POST", "/rollup/9", `{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`, 404, "unknown rollup chain id"},
		{"GET", "GET", "/rollup/1001", ``, 405, "POST"},
		{"not JSON", "POST", "/rollup/1001", `{"jsonrpc"`, 200, `"code":-32700`},
		{"no method", "POST", "/rollup/1001", `{"jsonrpc":"2.0","id":1}`, 200, `"code":-32600`},
		{"empty batch", "POST", "/rollup/1001", `[]`, 200, `"code":-32600`},
		{"raw tx not hex", "POST", "/rollup/1001", `{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["zz"]}`, 200, `invalid params: data`},
		{"raw tx not a tx", "POST", "/rollup/1001", `{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0x02c0"]}`, 200, `invalid params: data: transaction`},
		{"raw tx no params", "POST", "/rollup/1001", `{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":[]}`, 200, `invalid params: params`},
		{"pending nonce bad address", "POST", "/rollup/1001", `{"jsonrpc":"2.0","id":1,"method":"eth_getTransactionCount","params":["0x12","pending"]}`, 200, `invalid params: address`},
		{"node down", "POST", "/rollup/1001", `{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}`, 200, `"code":-32603`},
		{"submitBlock no params", "POST", "/rollup/1001", `{"jsonrpc":"2.0","id":1,"method":"rollup_submitBlock","params":[]}`, 200, `invalid params: params`},
		{"submitBlock tx not a tx", "POST", "/rollup/1001", `{"jsonrpc":"2.0","id":1,"method":"rollup_submitBlock","params":[{"txs":["0x02c0"],"payment":"0x02c0"}]}`, 200, `invalid params: txs[0]: transaction`},
		{"submitBlock node down", "POST", "/rollup/1001", `{"jsonrpc":"2.0","id":1,"method":"rollup_submitBlock","params":[{"txs":[],"payment":"` + offlinePayment(t) + `"}]}`, 200, `"reason":"state"`},
		{"batch answers each", "POST", "/rollup/1001", `[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":2,"method":"foo_bar"}]`, 200, `[{"jsonrpc":"2.0","id":1,"result":"0x3e9"},{"jsonrpc":"2.0","id":2,"error":{"code":-32601`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body)))
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Fatalf("%d %s, want %d with %s", rec.Code, rec.Body, tc.status, tc.want)
			}
		})
	}
	if p, q := h.rollups["1001"].pool.Stats(); p+q != 0 {
		t.Fatal("bad input changed the pool")
	}
}

// FuzzHandler sends arbitrary bodies to the endpoint: it never panics and always answers
// JSON.
func FuzzHandler(f *testing.F) {
	for _, s := range []string{
		`{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}`,
		`[{"jsonrpc":"2.0","id":1,"method":"txpool_status"},{"id":"x","method":"txpool_content"}]`,
		`{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0x02f86d"]}`,
		`{"jsonrpc":"2.0","id":1,"method":"eth_getTransactionCount","params":["0x0000000000000000000000000000000000000001","pending"]}`,
		`{"jsonrpc":"2.0","id":1,"method":"rollup_submitBlock","params":[{"txs":["0x02f86d"],"payment":"0x02f86d"}]}`,
		`{"jsonrpc":"2.0","id":1,"method":"rollup_submitBlock","params":[{"txs":[],"payment":"` + offlinePayment(f) + `"}]}`,
	} {
		f.Add([]byte(s))
	}
	h, err := NewHandler(offline(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/rollup/1001", bytes.NewReader(body)))
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("answer is not JSON: %s", rec.Body)
		}
	})
}

// offlinePayment returns a valid payment to the offline rollup's operator, in 0x hex.
func offlinePayment(t testing.TB) string {
	t.Helper()
	key, _ := crypto.HexToECDSA("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
	id := big.NewInt(1001)
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(id), &types.DynamicFeeTx{ChainID: id, GasTipCap: big.NewInt(1e9),
		GasFeeCap: big.NewInt(30e9), Gas: 21000, To: &common.Address{0x0e}, Value: big.NewInt(1e15)})
	raw, err := tx.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return hexutil.Encode(raw)
}
