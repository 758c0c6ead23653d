package rollup_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/rollup"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/rpc"
)

// childEnv names the environment variable that makes the test binary run a rollup node
// (its JSON Config) instead of the tests: the kill -9 test's node is a real process.
const childEnv = "ROLLUP_NODE_TEST_CONFIG"

func TestMain(m *testing.M) {
	if cfg := os.Getenv(childEnv); cfg != "" {
		os.Exit(runChild(cfg))
	}
	os.Exit(m.Run())
}

func runChild(raw string) int {
	var cfg rollup.Config
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	n, err := rollup.NewNode(ctx, cfg, log)
	if err != nil {
		log.Error("start", "err", err)
		return 1
	}
	defer n.Close()
	if err := n.Run(ctx); err != nil {
		log.Error("run", "err", err)
		return 1
	}
	return 0
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// status reads a node's GET /status.
func status(t testing.TB, addr string) (rollup.Status, bool) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/status")
	if err != nil {
		return rollup.Status{}, false
	}
	defer resp.Body.Close()
	var s rollup.Status
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return rollup.Status{}, false
	}
	return s, true
}

// metric reads one sample of a node's GET /metrics.
func metric(t testing.TB, addr, name string) string {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return v
		}
	}
	return ""
}

// TestIntegrationNodeKillRestart runs the node as its own process on a real geth, kills it
// with SIGKILL at random moments while L1 keeps getting batches, restarts it on the same
// data folder, and checks it ends on exactly the chain of a node that never stopped.
func TestIntegrationNodeKillRestart(t *testing.T) {
	l := newL1Sim(t, l2ChainID)
	keys, alloc := testKeys(t, 4)
	gen := rollup.Genesis(l2ChainID, l2GasLimit, 0, alloc)
	ref := startNode(t, l, gen, "", t.TempDir()) // never stops, in this process
	g := startGeth(t, gen)
	dir := t.TempDir()
	statusAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	raw, _ := json.Marshal(rollup.Config{
		ChainID: l2ChainID, GasLimit: l2GasLimit, L1RPC: l.url, Inbox: l.inbox, StartBlock: l.deploy + 1,
		EngineURL: g.EngineURL, JWT: g.JWT, L2RPC: g.RPCURL, DataDir: filepath.Join(dir, "node"),
		StatusAddr: statusAddr, Poll: 10 * time.Millisecond,
	})
	logf, err := os.Create(filepath.Join(dir, "node.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	var child *exec.Cmd
	start := func() {
		child = exec.Command(os.Args[0])
		child.Env = append(os.Environ(), childEnv+"="+string(raw))
		child.Stdout, child.Stderr = logf, logf
		if err := child.Start(); err != nil {
			t.Fatal(err)
		}
	}
	kill := func() {
		_ = child.Process.Kill()
		_ = child.Wait()
	}
	start()
	t.Cleanup(kill)

	to := common.Address{0xaa}
	nonces := make([]uint64, len(keys))
	rng := rand.New(rand.NewPCG(1, 2))
	kills := 0
	for i := range 16 {
		var txs [][]byte
		for k := range keys {
			txs = append(txs, transfer(t, keys[k], l2ChainID, nonces[k], to, int64(i+1)))
			nonces[k]++
		}
		hs, env := batch(t, []common.Hash{ref.d.Head().L2Hash}, mempool.Block{ChainID: big.NewInt(l2ChainID), FeeRecipient: common.Address{0xfe}, Txs: txs})
		l.post(hs, env, false)
		ref.sync(t)
		if i%3 == 1 {
			// A random moment within the node's next few steps.
			time.Sleep(time.Duration(rng.IntN(150)) * time.Millisecond)
			kill()
			kills++
			start()
		}
	}
	want := ref.d.Head()
	waitFor(t, 2*time.Minute, "the restarted node to catch up", func() bool {
		s, ok := status(t, statusAddr)
		return ok && s.Safe.Hash == want.L2Hash && s.Latest.Hash == want.L2Hash
	})
	// Same chain, block by block, read from both gehts.
	ctx := context.Background()
	for n := uint64(1); n <= uint64(want.L2Number); n++ {
		a, err := ethClient(t, g.RPCURL).HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		b, err := ref.x.Client().HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		if a.Hash() != b.Hash() {
			t.Fatalf("block %d: killed node %s, reference %s", n, a.Hash(), b.Hash())
		}
	}
	t.Logf("%d kills; both at L2 block %d %s", kills, want.L2Number, want.L2Hash)
}

func ethClient(t testing.TB, url string) *ethClientT {
	t.Helper()
	c, err := rpc.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return &ethClientT{c}
}

// ethClientT reads headers over plain JSON-RPC.
type ethClientT struct{ c *rpc.Client }

func (e *ethClientT) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	var h *types.Header
	err := e.c.CallContext(ctx, &h, "eth_getBlockByNumber", toBlockArg(n), false)
	if err == nil && h == nil {
		return nil, ethereum.NotFound
	}
	return h, err
}

func toBlockArg(n *big.Int) string {
	if n == nil {
		return "latest"
	}
	if n.Sign() < 0 {
		return rpc.BlockNumber(n.Int64()).String()
	}
	return hexutil.EncodeBig(n)
}

// streamSource is a small sequencer WebSocket: preconf_subscribe("rollupBlocks", …).
type streamSource struct {
	mu   sync.Mutex
	subs []chan rollup.StreamBlock
}

// RollupBlocks is the subscription.
func (s *streamSource) RollupBlocks(ctx context.Context, f rollup.StreamFilter) (*rpc.Subscription, error) {
	notifier, ok := rpc.NotifierFromContext(ctx)
	if !ok {
		return nil, rpc.ErrNotificationsUnsupported
	}
	sub := notifier.CreateSubscription()
	ch := make(chan rollup.StreamBlock, 16)
	s.mu.Lock()
	s.subs = append(s.subs, ch)
	s.mu.Unlock()
	go func() {
		for {
			select {
			case b := <-ch:
				if b.ChainID == f.ChainID {
					_ = notifier.Notify(sub.ID, b)
				}
			case <-sub.Err():
				return
			}
		}
	}()
	return sub, nil
}

func (s *streamSource) subscribers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.subs)
}

func (s *streamSource) send(b rollup.StreamBlock) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ch := range s.subs {
		ch <- b
	}
}

// TestIntegrationPreconfirmedHead streams sealed blocks to a node on a real geth: each is
// the latest head at once (with its receipts) while safe stays on the L1-derived chain; one
// whose batch lands becomes safe with the same hash; one whose slot passes without its batch
// is rolled back; and after an L1 reorg the node agrees with a node that derived only L1.
func TestIntegrationPreconfirmedHead(t *testing.T) {
	l := newL1Sim(t, l2ChainID)
	keys, alloc := testKeys(t, 2)
	gen := rollup.Genesis(l2ChainID, l2GasLimit, 0, alloc)
	g := startGeth(t, gen)
	src := &streamSource{}
	srv := rpc.NewServer()
	if err := srv.RegisterName("preconf", src); err != nil {
		t.Fatal(err)
	}
	ws := httptest.NewServer(srv.WebsocketHandler([]string{"*"}))
	t.Cleanup(ws.Close)
	statusAddr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	var logs syncBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("node log:\n%s", logs.String())
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, err := rollup.NewNode(ctx, rollup.Config{
		ChainID: l2ChainID, GasLimit: l2GasLimit, L1RPC: l.url, Inbox: l.inbox, StartBlock: l.deploy + 1,
		EngineURL: g.EngineURL, JWT: g.JWT, L2RPC: g.RPCURL, DataDir: t.TempDir(), StatusAddr: statusAddr,
		SequencerWS: "ws" + strings.TrimPrefix(ws.URL, "http"), Poll: 10 * time.Millisecond,
	}, slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- n.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done; n.Close() })
	waitFor(t, 30*time.Second, "the node to subscribe", func() bool { return src.subscribers() > 0 })
	waitFor(t, 30*time.Second, "the node's first status", func() bool {
		s, ok := status(t, statusAddr)
		return ok && s.Safe.Hash != (common.Hash{})
	})
	st, _ := status(t, statusAddr)
	genesis := st.Safe.Hash
	l2 := ethClient(t, g.RPCURL)
	head := func() *types.Header {
		h, err := l2.HeaderByNumber(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	receipt := func(tx []byte) bool {
		var r map[string]any
		err := l2.c.Call(&r, "eth_getTransactionReceipt", crypto.Keccak256Hash(tx))
		return err == nil && r != nil
	}
	nextSlot := func() uint64 {
		h, err := l.client.HeaderByNumber(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return h.Time + 1
	}
	to, fee := common.Address{0xaa}, common.Address{0xfe}
	block := func(slot uint64, parent common.Hash, txs ...[]byte) (rollup.StreamBlock, []mempool.Header, []byte) {
		sb := rollup.StreamBlock{ChainID: l2ChainID, Slot: hexutil.Uint64(slot), ParentHash: parent, FeeRecipient: fee}
		for _, tx := range txs {
			sb.Txs = append(sb.Txs, tx)
		}
		hs, env := batch(t, []common.Hash{parent}, mempool.Block{ChainID: big.NewInt(l2ChainID), FeeRecipient: fee, Txs: txs})
		return sb, hs, env
	}

	// 1. Preconfirmed, then confirmed by L1 with the same hash.
	tx1 := transfer(t, keys[0], l2ChainID, 0, to, 1)
	sb, hs, env := block(nextSlot(), genesis, tx1)
	src.send(sb)
	waitFor(t, 30*time.Second, "the preconfirmed block as latest", func() bool { return head().Number.Uint64() == 1 && receipt(tx1) })
	p1 := head().Hash()
	waitFor(t, 30*time.Second, "the status to report it", func() bool { s, _ := status(t, statusAddr); return s.Latest.Hash == p1 })
	if s, _ := status(t, statusAddr); s.Safe.Hash != genesis || s.Safe.Number != 0 {
		t.Fatalf("preconfirmed: status %+v, want safe at genesis", s)
	}
	l.post(hs, env, false)
	waitFor(t, 30*time.Second, "L1 to confirm the preconfirmed block", func() bool {
		s, _ := status(t, statusAddr)
		return s.Safe.Hash == p1 && s.Latest.Hash == p1
	})

	// 2. A preconfirmed block whose slot passes without its batch is rolled back.
	tx2 := transfer(t, keys[0], l2ChainID, 1, to, 2)
	sb, _, _ = block(nextSlot(), p1, tx2)
	src.send(sb)
	waitFor(t, 30*time.Second, "the second preconfirmed block", func() bool { return head().Number.Uint64() == 2 && receipt(tx2) })
	l.sim.Commit() // the slot's L1 block, without the batch
	waitFor(t, 30*time.Second, "the roll back", func() bool { return head().Hash() == p1 && !receipt(tx2) })
	if v := metric(t, statusAddr, "based_rollup_preconf_rollbacks_total"); v != "1" {
		t.Fatalf("rollbacks %q, want 1", v)
	}

	// 3. Preconfirmed and confirmed, then an L1 reorg takes the batch out.
	tx3 := transfer(t, keys[1], l2ChainID, 0, to, 3)
	sb, hs, env = block(nextSlot(), p1, tx3)
	src.send(sb)
	waitFor(t, 30*time.Second, "the third preconfirmed block", func() bool { return head().Number.Uint64() == 2 && receipt(tx3) })
	p3 := head().Hash()
	r := l.post(hs, env, false)
	waitFor(t, 30*time.Second, "L1 to confirm the third block", func() bool { s, _ := status(t, statusAddr); return s.Safe.Hash == p3 })
	parent, err := l.client.HeaderByNumber(ctx, new(big.Int).Sub(r.BlockNumber, big.NewInt(1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.sim.Fork(parent.Hash()); err != nil {
		t.Fatal(err)
	}
	l.sim.Commit()
	l.sim.Commit()
	// The batch may come back in a later slot of the new branch (the pool keeps it): then
	// block 2 is derived again with that slot's time, a different block. Either way the
	// node must follow L1 alone.
	fresh := startNode(t, l, gen, "", t.TempDir())
	fresh.sync(t)
	want := fresh.d.Head()
	if want.L2Hash == p3 {
		t.Fatal("the reorg did not change the derived chain")
	}
	waitFor(t, 30*time.Second, "the node to follow the reorg", func() bool {
		s, _ := status(t, statusAddr)
		return s.Safe.Hash == want.L2Hash && s.Latest.Hash == want.L2Hash && head().Hash() == want.L2Hash
	})
	if v := metric(t, statusAddr, "based_rollup_l1_reorgs_total"); v != "1" {
		t.Fatalf("reorgs %q, want 1", v)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
