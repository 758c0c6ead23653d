package sequencer

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/rollup"
)

// The boundaries below (chain view, L1 client, promise engine, L2 state) are in memory; the
// devnet test (devnet package, TestIntegrationDevnetRollups) runs the sequencer on real
// ones: geth, Prysm and the rollups' own geths and nodes.

var (
	committerKey = mustKey("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	inbox        = common.HexToAddress("0x00000000000000000000000000000000001b0c55")
	l1ChainID    = big.NewInt(3151908)
	rollupID     = big.NewInt(167001)
	quiet        = slog.New(slog.NewTextHandler(io.Discard, nil))
)

func mustKey(h string) *ecdsa.PrivateKey {
	k, err := crypto.HexToECDSA(h)
	if err != nil {
		panic(err)
	}
	return k
}

type fakeChain struct {
	mu     sync.Mutex
	duties []preconf.Duty
	head   preconf.Head
}

func (c *fakeChain) Duties() []preconf.Duty { c.mu.Lock(); defer c.mu.Unlock(); return c.duties }
func (c *fakeChain) Head() preconf.Head     { c.mu.Lock(); defer c.mu.Unlock(); return c.head }
func (c *fakeChain) setHead(slot uint64, hash common.Hash) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.head = preconf.Head{Slot: slot, Hash: hash, Number: slot, BaseFee: big.NewInt(1e9), BlobBaseFee: big.NewInt(1e12)} // dear blobs: batches in calldata
}

type fakeL1 struct {
	mu       sync.Mutex
	nonce    uint64
	receipts map[common.Hash]*types.Receipt
	headers  map[uint64]common.Hash
}

func (l *fakeL1) NonceAt(context.Context, common.Address, *big.Int) (uint64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.nonce, nil
}
func (l *fakeL1) TransactionReceipt(_ context.Context, h common.Hash) (*types.Receipt, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r := l.receipts[h]; r != nil {
		return r, nil
	}
	return nil, ethereum.NotFound
}
func (l *fakeL1) HeaderByNumber(_ context.Context, n *big.Int) (*types.Header, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	salt, ok := l.headers[n.Uint64()]
	if !ok {
		return nil, ethereum.NotFound
	}
	// The block of that number on the current branch: its Extra is the branch's salt.
	return &types.Header{Number: n, Extra: salt[:]}, nil
}

// land puts tx in L1 block number (successful) and returns that block's hash.
func (l *fakeL1) land(tx common.Hash, number uint64, salt byte) common.Hash {
	l.mu.Lock()
	defer l.mu.Unlock()
	extra := common.Hash{salt}
	l.headers[number] = extra
	h := (&types.Header{Number: new(big.Int).SetUint64(number), Extra: extra[:]}).Hash()
	l.receipts[tx] = &types.Receipt{Status: types.ReceiptStatusSuccessful, BlockNumber: new(big.Int).SetUint64(number), BlockHash: h, TxHash: tx}
	return h
}

func (l *fakeL1) reorg(number uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.headers[number] = common.Hash{0xee}
	for h, r := range l.receipts {
		if r.BlockNumber.Uint64() == number {
			delete(l.receipts, h)
		}
	}
}

type fakeEngine struct {
	mu     sync.Mutex
	closed map[uint64]bool
	l1     map[uint64][]preconf.PromisedTx
	rollup []preconf.PromisedTx
}

func (e *fakeEngine) SlotTxs(slot uint64) []preconf.PromisedTx {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.l1[slot]
}
func (e *fakeEngine) Closed(slot uint64) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.closed[slot]
}
func (e *fakeEngine) RollupTxs(_ *big.Int, from uint64) []preconf.PromisedTx {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []preconf.PromisedTx
	for _, p := range e.rollup {
		if p.Slot >= from {
			out = append(out, p)
		}
	}
	return out
}

type memState struct {
	mu   sync.Mutex
	accs map[common.Address]mempool.Account
}

func (s *memState) Account(_ context.Context, a common.Address) (mempool.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if acc, ok := s.accs[a]; ok {
		return acc, nil
	}
	return mempool.Account{Balance: new(uint256.Int)}, nil
}

// node is a rollup whose pool reads an in-memory state.
type node struct {
	cfg  rollup.Config
	pool *mempool.Pool
}

func (n *node) Config() rollup.Config { return n.cfg }
func (n *node) Pool() *mempool.Pool   { return n.pool }
func (n *node) Account(ctx context.Context, a common.Address) (uint64, *big.Int, []byte, error) {
	acc, err := n.pool.Nonce(ctx, a)
	return acc, big.NewInt(1e18), nil, err
}

type env struct {
	t      testing.TB
	dir    string
	chain  *fakeChain
	l1     *fakeL1
	engine *fakeEngine
	node   *node
	tp     *mempool.TxPool
	state  *memState
	seq    *Sequencer
	now    time.Time
	keys   []*ecdsa.PrivateKey
}

func newEnv(t testing.TB) *env {
	t.Helper()
	e := &env{t: t, dir: t.TempDir(), now: time.Unix(1_800_000_000, 0),
		l1:     &fakeL1{receipts: map[common.Hash]*types.Receipt{}, headers: map[uint64]common.Hash{}},
		engine: &fakeEngine{closed: map[uint64]bool{}, l1: map[uint64][]preconf.PromisedTx{}},
		state:  &memState{accs: map[common.Address]mempool.Account{}}}
	e.chain = &fakeChain{}
	from := crypto.PubkeyToAddress(committerKey.PublicKey)
	for s := uint64(10); s < 20; s++ {
		e.chain.duties = append(e.chain.duties, preconf.Duty{Slot: s, Ours: true, Committer: from, Deadline: e.now.Add(time.Second + time.Duration(s-10)*2*time.Second)})
	}
	e.chain.setHead(9, common.Hash{9})
	for range 3 {
		k, _ := crypto.GenerateKey()
		e.keys = append(e.keys, k)
		e.state.accs[crypto.PubkeyToAddress(k.PublicKey)] = mempool.Account{Balance: uint256.NewInt(1e18)}
	}
	cfg := rollup.Config{ChainID: rollupID, GasLimit: 30_000_000, ChainConfig: rollup.DefaultChainConfig(rollupID)}
	genesis := &types.Header{Number: big.NewInt(0), BaseFee: big.NewInt(1e9), GasLimit: 30_000_000, Difficulty: new(big.Int), Time: 1000}
	pool, err := mempool.NewPool(mempool.PoolConfig{ChainID: rollupID, ChainConfig: cfg.ChainConfig, GasLimit: cfg.GasLimit}, e.state, genesis)
	if err != nil {
		t.Fatal(err)
	}
	e.node = &node{cfg: cfg, pool: pool}
	if e.tp, err = mempool.NewTxPool(0, pool); err != nil {
		t.Fatal(err)
	}
	e.open()
	return e
}

func (e *env) open() {
	e.t.Helper()
	m, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		e.t.Fatal(err)
	}
	seq, err := New(Config{Key: committerKey, L1ChainID: l1ChainID, Inbox: inbox, Dir: e.dir, Now: func() time.Time { return e.now }}, e.chain, e.l1, e.tp, []RollupNode{e.node}, m, quiet)
	if err != nil {
		e.t.Fatal(err)
	}
	seq.Attach(e.engine)
	e.seq = seq
	e.t.Cleanup(func() { seq.Close() })
}

func (e *env) tx(i int, nonce uint64, tipGwei int64) *types.Transaction {
	e.t.Helper()
	to := common.Address{0xaa}
	tx, err := types.SignNewTx(e.keys[i], types.LatestSignerForChainID(rollupID), &types.DynamicFeeTx{ChainID: rollupID, Nonce: nonce, To: &to, Value: big.NewInt(1),
		Gas: 21000, GasTipCap: big.NewInt(tipGwei * 1e9), GasFeeCap: big.NewInt(100e9)})
	if err != nil {
		e.t.Fatal(err)
	}
	return tx
}

func (e *env) add(txs ...*types.Transaction) {
	e.t.Helper()
	for _, err := range e.node.pool.Add(context.Background(), txs) {
		if err != nil {
			e.t.Fatal(err)
		}
	}
}

// pastDeadline moves the clock just past slot's deadline and closes the slot in the engine.
func (e *env) pastDeadline(slot uint64) {
	for _, d := range e.chain.duties {
		if d.Slot == slot {
			e.now = d.Deadline.Add(10 * time.Millisecond)
		}
	}
	e.engine.mu.Lock()
	e.engine.closed[slot] = true
	e.engine.mu.Unlock()
}

// landAndAdvance lands slot's batch in L1 block number and moves the rollup's head to a child
// of the current one, where sender 0 has nonce n, as its node would once it derived the block.
func (e *env) landAndAdvance(slot, number, n uint64) {
	e.t.Helper()
	ctx := context.Background()
	rec, err := e.seq.Record(slot)
	if err != nil || len(rec.Txs) == 0 {
		e.t.Fatalf("no batch tx for slot %d: %v", slot, err)
	}
	e.l1.land(decodeTx(e.t, rec.Txs[len(rec.Txs)-1]).Hash(), number, byte(slot))
	e.chain.setHead(slot, common.Hash{byte(slot)})
	if err := e.seq.follow(ctx, e.chain.Head()); err != nil {
		e.t.Fatal(err)
	}
	e.state.mu.Lock()
	e.state.accs[crypto.PubkeyToAddress(e.keys[0].PublicKey)] = mempool.Account{Nonce: n, Balance: uint256.NewInt(1e18)}
	e.state.mu.Unlock()
	parent := e.node.pool.Head()
	h := &types.Header{Number: new(big.Int).Add(parent.Number, big.NewInt(1)), ParentHash: parent.Hash(), BaseFee: big.NewInt(1e9), GasLimit: 30_000_000, Difficulty: new(big.Int), Time: parent.Time + 2}
	if err := e.node.pool.Reset(ctx, h); err != nil {
		e.t.Fatal(err)
	}
}

// next receives one stream item within 5 s.
func next(t *testing.T, items <-chan any) any {
	t.Helper()
	select {
	case v, ok := <-items:
		if !ok {
			t.Fatal("stream closed")
		}
		return v
	case <-time.After(5 * time.Second):
		t.Fatal("no stream item within 5 s")
	}
	return nil
}

func decodeTx(t testing.TB, raw []byte) *types.Transaction {
	t.Helper()
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		t.Fatal(err)
	}
	return tx
}

func TestSealAtDeadline(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	cheap, promised, rich := e.tx(0, 0, 1), e.tx(1, 0, 1), e.tx(2, 0, 50)
	e.add(cheap, promised, rich)
	if err := e.node.pool.Pin(promised.Hash()); err != nil {
		t.Fatal(err)
	}
	l1tx := []byte{0x02, 0x01}
	e.engine.l1[10] = []preconf.PromisedTx{{TxHash: common.Hash{0x11}, Raw: l1tx}}
	e.l1.nonce = 7

	// Before the deadline (and while the engine has not closed the slot) nothing is sealed.
	e.seq.sealDue(ctx)
	if _, err := e.seq.Record(10); err == nil {
		t.Fatal("sealed before the deadline")
	}
	e.pastDeadline(10)
	e.seq.sealDue(ctx)
	rec, err := e.seq.Record(10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Blocks) != 1 || len(rec.Blocks[0].Txs) != 3 {
		t.Fatalf("blocks %+v", rec.Blocks)
	}
	// Promised first, then by tip.
	order := []common.Hash{promised.Hash(), rich.Hash(), cheap.Hash()}
	for i, raw := range rec.Blocks[0].Txs {
		if crypto.Keccak256Hash(raw) != order[i] {
			t.Fatalf("tx %d of the block is %s, want %s", i, crypto.Keccak256Hash(raw), order[i])
		}
	}
	// The batch tx opens the constraints: the committer's, to the inbox, at its nonce, the
	// headers naming the pool's head as parent; then the slot's L1 promises.
	cons := e.seq.Constraints(10)
	if len(cons) != 2 || !cons[0].Batch || cons[1].Batch || string(cons[1].Raw) != string(l1tx) {
		t.Fatalf("constraints %d", len(cons))
	}
	batch := decodeTx(t, cons[0].Raw)
	from, err := types.LatestSignerForChainID(l1ChainID).Sender(batch)
	if err != nil || from != crypto.PubkeyToAddress(committerKey.PublicKey) || *batch.To() != inbox || batch.Nonce() != 7 || cons[0].TxHash != batch.Hash() {
		t.Fatalf("batch tx from %s to %s nonce %d", from, batch.To(), batch.Nonce())
	}
	if rec.Blocks[0].ParentHash != e.node.pool.Head().Hash() {
		t.Fatal("block not on the pool's head")
	}
	s := rec.sealed()
	if idx, proof, err := s.Proof(rollupID, promised.Hash()); err != nil || idx != 0 || len(proof) == 0 {
		t.Fatalf("tx root proof of the promised tx: %d %v %v", idx, proof, err)
	}

	// Sealed once: a second pass changes nothing, and a restart serves the same tx.
	e.seq.sealDue(ctx)
	e.seq.Close()
	e.open()
	if again := e.seq.Constraints(10); len(again) != 2 || again[0].TxHash != batch.Hash() {
		t.Fatal("a restart changed the slot's batch tx")
	}

	// The parent moved (an earlier batch landed late): the same blocks signed for the new nonce.
	e.l1.nonce = 8
	moved := e.seq.Constraints(10)
	re := decodeTx(t, moved[0].Raw)
	if re.Nonce() != 8 || string(re.Data()) != string(batch.Data()) {
		t.Fatalf("re-signed batch: nonce %d, same data %v", re.Nonce(), string(re.Data()) == string(batch.Data()))
	}
	if rec, _ := e.seq.Record(10); len(rec.Txs) != 2 {
		t.Fatalf("record keeps %d signed versions, want 2", len(rec.Txs))
	}
}

func TestLaneReady(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	lane := e.seq.lanes[rollupID.Uint64()]
	if err := lane.Ready(10); err != nil {
		t.Fatalf("fresh rollup, next slot: %v", err)
	}
	if err := lane.Ready(11); !errors.Is(err, preconf.ErrSlotOutOfRange) {
		t.Fatalf("a later slot: %v, want %v", err, preconf.ErrSlotOutOfRange)
	}
	e.add(e.tx(0, 0, 1))
	e.pastDeadline(10)
	e.seq.sealDue(ctx)
	// Slot 11 is next; L1 has not decided the batch of slot 10 yet (it may still miss).
	if err := lane.Ready(11); !errors.Is(err, ErrHeadBehind) {
		t.Fatalf("after sealing on the head: %v, want %v", err, ErrHeadBehind)
	}
	// The seal of slot 11 leaves the rollup out (its txs wait) rather than build on a stale head.
	e.add(e.tx(1, 0, 1))
	e.pastDeadline(11)
	e.seq.sealDue(ctx)
	if rec, err := e.seq.Record(11); err != nil || len(rec.Blocks) != 0 {
		t.Fatalf("slot 11 sealed %+v (%v), want no block of the rollup", rec, err)
	}
	// The batch of slot 10 lands: still not ready while the rollup's head lacks its block.
	rec10, _ := e.seq.Record(10)
	e.l1.land(decodeTx(t, rec10.Txs[0]).Hash(), 40, 1)
	e.chain.setHead(10, common.Hash{10})
	if err := e.seq.follow(ctx, e.chain.Head()); err != nil {
		t.Fatal(err)
	}
	if err := lane.Ready(12); !errors.Is(err, ErrHeadBehind) {
		t.Fatalf("landed, head not moved: %v, want %v", err, ErrHeadBehind)
	}
	// The node derived the block: the head moves and the lane is ready for slot 12.
	e.state.mu.Lock()
	e.state.accs[crypto.PubkeyToAddress(e.keys[0].PublicKey)] = mempool.Account{Nonce: 1, Balance: uint256.NewInt(1e18)}
	e.state.mu.Unlock()
	if err := e.node.pool.Reset(ctx, &types.Header{Number: big.NewInt(1), ParentHash: e.node.pool.Head().Hash(), BaseFee: big.NewInt(1e9), GasLimit: 30_000_000, Difficulty: new(big.Int), Time: 1002}); err != nil {
		t.Fatal(err)
	}
	if err := lane.Ready(12); err != nil {
		t.Fatalf("after the head moved: %v", err)
	}
	gas, base := lane.Next()
	if gas != 30_000_000 || base.Sign() <= 0 {
		t.Fatalf("next block: gas %d base fee %v", gas, base)
	}
}

func TestFollow(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	blocks, cancel, err := e.seq.Subscribe(TopicBatches, rollupID, nil, 16)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	e.add(e.tx(0, 0, 1))
	e.pastDeadline(10)
	e.seq.sealDue(ctx)
	rec, _ := e.seq.Record(10)
	batch := decodeTx(t, rec.Txs[0])

	// L1 at slot 10 without the batch: missed, and the tx is sealed again at slot 11 on
	// the same parent (it never left the pool).
	e.chain.setHead(10, common.Hash{10})
	if err := e.seq.follow(ctx, e.chain.Head()); err != nil {
		t.Fatal(err)
	}
	if rec, _ := e.seq.Record(10); rec.Status != Missed {
		t.Fatalf("status %s, want %s", rec.Status, Missed)
	}
	if ev := next(t, blocks).(BatchEvent); ev.Kind != topicMissed || uint64(ev.Slot) != 10 {
		t.Fatalf("event %+v", ev)
	}
	e.pastDeadline(11)
	e.seq.sealDue(ctx)
	rec11, _ := e.seq.Record(11)
	if len(rec11.Blocks) != 1 || string(rec11.Blocks[0].Txs[0]) != string(rec.Blocks[0].Txs[0]) || rec11.Blocks[0].ParentHash != rec.Blocks[0].ParentHash {
		t.Fatal("the missed block was not sequenced again at the next slot")
	}
	b11 := decodeTx(t, rec11.Txs[0])
	if b11.Nonce() != batch.Nonce() {
		t.Fatalf("the batch of slot 11 has nonce %d, the missed one %d: the old one could still land", b11.Nonce(), batch.Nonce())
	}
	// Slot 11's batch lands; then its block is reorged out.
	hash := e.l1.land(b11.Hash(), 50, 1)
	e.chain.setHead(11, common.Hash{11})
	if err := e.seq.follow(ctx, e.chain.Head()); err != nil {
		t.Fatal(err)
	}
	got, _ := e.seq.Record(11)
	if got.Status != Landed || got.L1Hash != hash || got.TxHash != b11.Hash() {
		t.Fatalf("record %+v", got)
	}
	if ev := next(t, blocks).(BatchEvent); ev.Kind != topicLanded || ev.L1Hash != hash {
		t.Fatalf("event %+v", ev)
	}
	e.l1.reorg(50)
	e.chain.setHead(12, common.Hash{12})
	if err := e.seq.follow(ctx, e.chain.Head()); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, blocks).(BatchEvent); ev.Kind != topicReorged {
		t.Fatalf("event %+v", ev)
	}
}

func TestStreamResume(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// Slots 10 and 11 sealed (each landed and derived before the next).
	e.add(e.tx(0, 0, 1))
	e.pastDeadline(10)
	e.seq.sealDue(ctx)
	e.landAndAdvance(10, 40, 1)
	e.add(e.tx(0, 1, 1))
	e.pastDeadline(11)
	e.seq.sealDue(ctx)
	e.landAndAdvance(11, 41, 2)

	// A node that saw slot 10 resumes after it: slot 11 from the store, then slot 12 live,
	// nothing twice.
	after := uint64(10)
	items, cancel, err := e.seq.Subscribe(TopicRollupBlocks, rollupID, &after, 16)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	if ev := next(t, items).(BlockEvent); ev.Cursor != 11 || len(ev.Txs) != 1 {
		t.Fatalf("first item %+v, want slot 11", ev)
	}
	e.add(e.tx(0, 2, 1))
	e.pastDeadline(12)
	e.seq.sealDue(ctx)
	if ev := next(t, items).(BlockEvent); ev.Cursor != 12 {
		t.Fatalf("live item %+v, want slot 12", ev)
	}
	select {
	case v := <-items:
		t.Fatalf("an item more: %+v", v)
	default:
	}
	// Unknown rollup, unknown topic.
	if _, _, err := e.seq.Subscribe(TopicRollupBlocks, big.NewInt(5), nil, 1); !errors.Is(err, ErrTopic) {
		t.Fatalf("unknown rollup: %v", err)
	}
	if _, _, err := e.seq.Subscribe("heads", rollupID, nil, 1); !errors.Is(err, ErrTopic) {
		t.Fatalf("unknown topic: %v", err)
	}
	// A replay larger than the buffer is refused, not cut.
	zero := uint64(0)
	if _, _, err := e.seq.Subscribe(TopicRollupBlocks, rollupID, &zero, 2); !errors.Is(err, ErrTopic) {
		t.Fatalf("replay of 3 into a buffer of 2: %v", err)
	}
}

// TestConstraintsWaitForTheSeal: our block, built at the same deadline, waits for the
// slot's batch instead of going without it.
func TestConstraintsWaitForTheSeal(t *testing.T) {
	e := newEnv(t)
	e.add(e.tx(0, 0, 1))
	e.pastDeadline(10)
	got := make(chan int, 1)
	go func() { got <- len(e.seq.Constraints(10)) }()
	time.Sleep(50 * time.Millisecond) // let Constraints start waiting first (either order must give the batch)
	e.seq.sealDue(context.Background())
	select {
	case n := <-got:
		if n != 1 {
			t.Fatalf("%d constraints, want the batch", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Constraints did not return")
	}
}

// TestMissedAfterPreconf: a rollup node preconfirmed the block of a slot whose batch L1
// then missed, so the pool saw its txs leave; the sequencer waits until the node rolled
// back, puts them back (the promised one pinned again) and seals them at the next slot on
// the same parent.
func TestMissedAfterPreconf(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a, b := e.tx(0, 0, 1), e.tx(1, 0, 50)
	e.add(a, b)
	if err := e.node.pool.Pin(a.Hash()); err != nil {
		t.Fatal(err)
	}
	e.engine.rollup = []preconf.PromisedTx{{Slot: 10, TxHash: a.Hash()}}
	e.pastDeadline(10)
	e.seq.sealDue(ctx)
	rec10, _ := e.seq.Record(10)
	parent := e.node.pool.Head()
	// The node applies the streamed block: the pool's head has both txs.
	e.state.mu.Lock()
	for i := range 2 {
		e.state.accs[crypto.PubkeyToAddress(e.keys[i].PublicKey)] = mempool.Account{Nonce: 1, Balance: uint256.NewInt(1e18)}
	}
	e.state.mu.Unlock()
	preconfHead := &types.Header{Number: big.NewInt(1), ParentHash: parent.Hash(), BaseFee: big.NewInt(1e9), GasLimit: 30_000_000, Difficulty: new(big.Int), Time: parent.Time + 2}
	if err := e.node.pool.Reset(ctx, preconfHead); err != nil {
		t.Fatal(err)
	}
	if p, q := e.node.pool.Stats(); p+q != 0 {
		t.Fatalf("pool after the preconfirmed head: %d pending %d queued, want empty", p, q)
	}
	// L1 reaches slot 10 without the batch.
	e.chain.setHead(10, common.Hash{10})
	if err := e.seq.follow(ctx, e.chain.Head()); err != nil {
		t.Fatal(err)
	}
	// Still on the dead block: neither promised nor sealed.
	lane := e.seq.lanes[rollupID.Uint64()]
	if err := lane.Ready(11); !errors.Is(err, ErrHeadBehind) {
		t.Fatalf("head on the missed block: %v, want %v", err, ErrHeadBehind)
	}
	e.pastDeadline(11)
	e.seq.sealDue(ctx)
	if rec, _ := e.seq.Record(11); len(rec.Blocks) != 0 {
		t.Fatalf("slot 11 sealed on the dead block: %+v", rec.Blocks)
	}
	// The node rolls back: the txs return, the promised one first, on the same parent.
	e.state.mu.Lock()
	for i := range 2 {
		e.state.accs[crypto.PubkeyToAddress(e.keys[i].PublicKey)] = mempool.Account{Nonce: 0, Balance: uint256.NewInt(1e18)}
	}
	e.state.mu.Unlock()
	if err := e.node.pool.Reset(ctx, parent); err != nil {
		t.Fatal(err)
	}
	e.pastDeadline(12)
	e.seq.sealDue(ctx)
	rec12, err := e.seq.Record(12)
	if err != nil || len(rec12.Blocks) != 1 || len(rec12.Blocks[0].Txs) != 2 {
		t.Fatalf("slot 12: %+v (%v), want the missed block again", rec12, err)
	}
	if rec12.Blocks[0].ParentHash != rec10.Blocks[0].ParentHash || crypto.Keccak256Hash(rec12.Blocks[0].Txs[0]) != a.Hash() {
		t.Fatal("not the same parent, or the promised tx is not first again")
	}
}
