package rollup_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/rollup"
	"github.com/basedsidecar/based/simchain"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/holiman/uint256"
)

// l1Sim is a simulated L1 with the real RollupInbox deployed (genesis time 0, one-second
// slots: a block's slot is its timestamp).
type l1Sim struct {
	t       testing.TB
	sim     *simulated.Backend
	client  simulated.Client
	chainID *big.Int
	signer  types.Signer
	poster  *ecdsa.PrivateKey
	nonce   uint64
	abi     *abi.ABI
	inbox   common.Address
	deploy  uint64 // block of the inbox's deployment
	url     string // its HTTP JSON-RPC

	mu    sync.Mutex
	blobs map[common.Hash]kzg4844.Blob // served by the beacon double, by versioned hash
}

func newL1Sim(t testing.TB, rollups ...uint64) *l1Sim {
	t.Helper()
	poster, _ := crypto.ToECDSA(crypto.Keccak256([]byte("poster")))
	port := freePort(t)
	sim := simulated.NewBackend(types.GenesisAlloc{
		crypto.PubkeyToAddress(poster.PublicKey): {Balance: new(big.Int).Mul(big.NewInt(1000), big.NewInt(1e18))},
	}, func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = "127.0.0.1", port, []string{"eth"}
	})
	t.Cleanup(func() { _ = sim.Close() })
	// Far ahead of the wall clock, every block is one second after its parent: the next
	// block's slot is known in advance.
	g, err := sim.Client().HeaderByNumber(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.AdjustTime(time.Duration(time.Now().Unix()+1_000_000-int64(g.Time)) * time.Second); err != nil {
		t.Fatal(err)
	}
	l := &l1Sim{t: t, sim: sim, client: sim.Client(), poster: poster, blobs: map[common.Hash]kzg4844.Blob{},
		url: fmt.Sprintf("http://127.0.0.1:%d", port)}
	if l.chainID, err = l.client.ChainID(context.Background()); err != nil {
		t.Fatal(err)
	}
	l.signer = types.LatestSignerForChainID(l.chainID)
	if l.abi, err = bindings.RollupInboxMetaData.GetAbi(); err != nil {
		t.Fatal(err)
	}
	args, _ := l.abi.Pack("", big.NewInt(0), big.NewInt(1))
	r := l.send(nil, append(common.FromHex(bindings.RollupInboxMetaData.Bin), args...), nil)
	l.inbox, l.deploy = r.ContractAddress, r.BlockNumber.Uint64()
	for _, id := range rollups {
		data, _ := l.abi.Pack("registerRollup", new(big.Int).SetUint64(id), []byte("cfg"))
		l.send(&l.inbox, data, nil)
	}
	return l
}

// send sends a transaction from the poster (a blob transaction with sc) and mines it.
func (l *l1Sim) send(to *common.Address, data []byte, sc *types.BlobTxSidecar) *types.Receipt {
	t := l.t
	t.Helper()
	ctx := context.Background()
	var tx *types.Transaction
	if sc != nil {
		tx = types.MustSignNewTx(l.poster, l.signer, &types.BlobTx{
			ChainID: uint256.MustFromBig(l.chainID), Nonce: l.nonce, GasTipCap: uint256.NewInt(1e9), GasFeeCap: uint256.NewInt(100e9),
			Gas: 5_000_000, To: *to, Data: data, BlobFeeCap: uint256.NewInt(100e9), BlobHashes: sc.BlobHashes(), Sidecar: sc,
		})
	} else {
		tx = types.MustSignNewTx(l.poster, l.signer, &types.DynamicFeeTx{
			ChainID: l.chainID, Nonce: l.nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 10_000_000, To: to, Data: data,
		})
	}
	l.nonce++
	if err := l.client.SendTransaction(ctx, tx); err != nil {
		t.Fatalf("send: %v", err)
	}
	r, err := simchain.Mine(ctx, l.sim, l.client, tx.Hash())
	if err != nil {
		t.Fatalf("receipt: %v", err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("tx %s reverted", tx.Hash())
	}
	return r
}

// post sends proposeBatch(headers, envelope), in blobs when asked; it returns the receipt.
func (l *l1Sim) post(headers []mempool.Header, envelope []byte, inBlobs bool) *types.Receipt {
	t := l.t
	t.Helper()
	var onchain []bindings.RollupInboxBlockHeader
	for _, h := range headers {
		onchain = append(onchain, bindings.RollupInboxBlockHeader{ChainId: h.ChainID, TxRoot: h.TxRoot, TxCount: h.TxCount, ParentHash: h.ParentHash})
	}
	if !inBlobs {
		call, err := l.abi.Pack("proposeBatch", onchain, envelope)
		if err != nil {
			t.Fatal(err)
		}
		return l.send(&l.inbox, call, nil)
	}
	blobs, err := mempool.BlobsFromEnvelope(envelope)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := mempool.BlobSidecar(blobs)
	if err != nil {
		t.Fatal(err)
	}
	call, _ := l.abi.Pack("proposeBatch", onchain, []byte{})
	l.mu.Lock()
	for i, h := range sc.BlobHashes() {
		l.blobs[h] = blobs[i]
	}
	l.mu.Unlock()
	return l.send(&l.inbox, call, sc)
}

// beacon serves the posted blobs as a Beacon API's blob_sidecars of the slot whose L1
// block holds them (404 on the Fulu blobs endpoint, so the fallback is used); corrupt makes
// it serve changed blobs.
func (l *l1Sim) beacon(t testing.TB, corrupt *bool) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		const prefix = "/eth/v1/beacon/blob_sidecars/"
		if !strings.HasPrefix(r.URL.Path, prefix) {
			http.NotFound(w, r)
			return
		}
		var slot uint64
		if err := json.Unmarshal([]byte(strings.TrimPrefix(r.URL.Path, prefix)), &slot); err != nil {
			http.Error(w, "bad slot", http.StatusBadRequest)
			return
		}
		var blobs []kzg4844.Blob
		head, err := l.client.BlockNumber(r.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		for n := int64(head); n >= 0; n-- {
			b, err := l.client.BlockByNumber(r.Context(), big.NewInt(n))
			if err != nil || b.Time() < slot {
				break
			}
			if b.Time() == slot {
				for _, tx := range b.Transactions() {
					for _, h := range tx.BlobHashes() {
						blobs = append(blobs, l.blobs[h])
					}
				}
			}
		}
		bad := *corrupt
		type sidecar struct {
			Index string        `json:"index"`
			Blob  hexutil.Bytes `json:"blob"`
		}
		out := struct {
			Data []sidecar `json:"data"`
		}{Data: []sidecar{}}
		for i, b := range blobs {
			b := b
			if bad {
				b[100] ^= 1
			}
			out.Data = append(out.Data, sidecar{Index: hexutil.EncodeUint64(uint64(i)), Blob: b[:]})
		}
		_ = json.NewEncoder(w).Encode(out)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// batch encodes blocks and returns their headers (with the given parents) and envelope.
func batch(t testing.TB, parents []common.Hash, blocks ...mempool.Block) ([]mempool.Header, []byte) {
	t.Helper()
	var hs []mempool.Header
	for i := range blocks {
		hs = append(hs, blocks[i].Header(parents[i]))
	}
	env, err := mempool.EncodeBatch(blocks)
	if err != nil {
		t.Fatal(err)
	}
	return hs, env
}

// testNode is one rollup node under test: its geth, execution and deriver.
type testNode struct {
	geth *gethNode
	x    *rollup.Execution
	d    *rollup.Deriver
	dir  string
}

func startNode(t testing.TB, l *l1Sim, gen any, beaconURL, dir string) *testNode {
	t.Helper()
	g := startGeth(t, gen)
	return attachNode(t, l, g, beaconURL, dir)
}

func attachNode(t testing.TB, l *l1Sim, g *gethNode, beaconURL, dir string) *testNode {
	t.Helper()
	x := g.dial(t)
	ctx := context.Background()
	genesis, err := x.Client().HeaderByNumber(ctx, big.NewInt(0))
	if err != nil {
		t.Fatal(err)
	}
	var blobs rollup.Blobs
	if beaconURL != "" {
		blobs = &rollup.BeaconBlobs{URL: beaconURL}
	}
	inbox, err := rollup.NewInbox(l.client, l.inbox, l2ChainID, blobs)
	if err != nil {
		t.Fatal(err)
	}
	store, err := rollup.OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := rollup.NewDeriver(rollup.DeriveConfig{ChainID: l2ChainID, GenesisTime: 0, SecondsPerSlot: 1}, l.client, inbox, x, store,
		rollup.Checkpoint{L1Number: hexutil.Uint64(l.deploy), L2Hash: genesis.Hash(), L2Time: hexutil.Uint64(genesis.Time)},
		slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return &testNode{geth: g, x: x, d: d, dir: dir}
}

// sync steps the deriver until it has read L1's head.
func (n *testNode) sync(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for {
		moved, err := n.d.Step(ctx)
		if err != nil {
			t.Fatalf("step: %v", err)
		}
		if !moved {
			return
		}
	}
}

// gethHead is the execution client's latest block hash.
func (n *testNode) gethHead(t testing.TB) common.Hash {
	t.Helper()
	h, err := n.x.Header(context.Background(), common.Hash{})
	if err != nil {
		t.Fatal(err)
	}
	return h.Hash()
}

// TestIntegrationDeriveFromInbox posts good and malformed shared batches (calldata and
// blobs) to a real RollupInbox on a simulated L1 and derives them on a real geth: every
// malformed one is refused with its reason and changes nothing, an L1 reorg rolls the
// chain back, a restart resumes, and a second node deriving from scratch gets the same
// block hashes.
func TestIntegrationDeriveFromInbox(t *testing.T) {
	const other = l2ChainID + 1
	l := newL1Sim(t, l2ChainID, other)
	keys, alloc := testKeys(t, 2)
	gen := rollup.Genesis(l2ChainID, l2GasLimit, 0, alloc)
	corrupt := false
	beaconURL := l.beacon(t, &corrupt)
	a := startNode(t, l, gen, beaconURL, t.TempDir())
	genesisHash := a.d.Head().L2Hash
	ctx := context.Background()
	to := common.Address{0xaa}
	fee := common.Address{0xfe}
	ours := func(txs ...[]byte) mempool.Block {
		return mempool.Block{ChainID: big.NewInt(l2ChainID), FeeRecipient: fee, Txs: txs}
	}
	theirs := mempool.Block{ChainID: big.NewInt(other), FeeRecipient: fee, Txs: [][]byte{{0x01}}}

	// 1. A good calldata batch with both rollups' blocks.
	hs, env := batch(t, []common.Hash{genesisHash, {0x99}}, ours(transfer(t, keys[0], l2ChainID, 0, to, 1), transfer(t, keys[1], l2ChainID, 0, to, 2)), theirs)
	l.post(hs, env, false)
	a.sync(t)
	h1 := a.d.Head()
	if h1.L2Number != 1 || a.gethHead(t) != h1.L2Hash {
		t.Fatalf("after the first batch: head %+v, geth %s", h1, a.gethHead(t))
	}

	// 2. Malformed batches: each is refused with its reason, and nothing moves.
	next := ours(transfer(t, keys[0], l2ChainID, 1, to, 3))
	var cases []struct {
		name    string
		headers []mempool.Header
		env     []byte
		reason  string
	}
	add := func(name string, headers []mempool.Header, env []byte, reason string) {
		cases = append(cases, struct {
			name    string
			headers []mempool.Header
			env     []byte
			reason  string
		}{name, headers, env, reason})
	}
	hs, env = batch(t, []common.Hash{h1.L2Hash}, next)
	badRoot := append([]mempool.Header(nil), hs...)
	badRoot[0].TxRoot = common.Hash{0x01}
	add("bad tx root", badRoot, env, "tx root")
	badCount := append([]mempool.Header(nil), hs...)
	badCount[0].TxCount = 2
	add("bad tx count", badCount, env, "txs, header says 2")
	// A long, compressible block so the envelope is zstd; then its body cut short.
	var many [][]byte
	for i := range 40 {
		many = append(many, transfer(t, keys[1], l2ChainID, uint64(1+i), to, 1))
	}
	hsZ, envZ := batch(t, []common.Hash{h1.L2Hash}, ours(many...))
	if envZ[1] != mempool.CodecZstd {
		t.Fatal("test batch is not compressed")
	}
	cut := append([]byte(nil), envZ[:len(envZ)-20]...)
	binary.BigEndian.PutUint32(cut[2:6], uint32(len(cut)-mempool.EnvelopeHeaderSize))
	add("truncated compression", hsZ, cut, "zstd")
	add("bad version", hs, append([]byte{0x02}, env[1:]...), "version")
	add("trailing bytes", hs, append(append([]byte(nil), env...), 0), "after the body")
	hsP, envP := batch(t, []common.Hash{{0x42}}, next)
	add("bad parent hash", hsP, envP, "parent hash")
	// Our header says our chain, the payload lists only the other rollup's block.
	add("block of another chain", hs, func() []byte { _, e := batch(t, []common.Hash{{}}, theirs); return e }(), "chain id")
	for _, c := range cases {
		before, _ := a.d.Head(), len(a.d.Voids())
		l.post(c.headers, c.env, false)
		a.sync(t)
		voids := a.d.Voids()
		if after := a.d.Head(); after.L2Hash != before.L2Hash || after.L2Number != before.L2Number || a.gethHead(t) != before.L2Hash {
			t.Fatalf("%s: head moved %+v → %+v", c.name, before, after)
		}
		if len(voids) == 0 || !strings.Contains(voids[len(voids)-1].Reason, c.reason) {
			t.Fatalf("%s: refusals %+v, want a reason with %q", c.name, voids, c.reason)
		}
		t.Logf("%s: refused: %s", c.name, voids[len(voids)-1].Reason)
	}

	// 3. A good batch in blobs; first the beacon node serves changed blobs: refused until it
	// serves the real ones, and nothing moves meanwhile.
	hs, env = batch(t, []common.Hash{h1.L2Hash, {0x98}}, next, theirs)
	blobRcpt := l.post(hs, env, true)
	l.mu.Lock()
	corrupt = true
	l.mu.Unlock()
	if _, err := a.d.Step(ctx); !errors.Is(err, rollup.ErrBeacon) {
		t.Fatalf("step with changed blobs: %v, want ErrBeacon", err)
	}
	if a.d.Head().L2Hash != h1.L2Hash {
		t.Fatal("changed blobs moved the head")
	}
	l.mu.Lock()
	corrupt = false
	l.mu.Unlock()
	a.sync(t)
	h2 := a.d.Head()
	if h2.L2Number != 2 || a.gethHead(t) != h2.L2Hash {
		t.Fatalf("after the blob batch: head %+v", h2)
	}
	bal, err := a.x.Client().BalanceAt(ctx, to, nil)
	if err != nil || bal.Int64() != 1+2+3 {
		t.Fatalf("recipient balance %v %v, want 6", bal, err)
	}

	// 4. A restart from the data folder resumes at the same head.
	b := attachNode(t, l, a.geth, beaconURL, a.dir)
	if b.d.Head() != h2 {
		t.Fatalf("restarted at %+v, want %+v", b.d.Head(), h2)
	}

	// 5. A second node from scratch derives the same chain.
	c := startNode(t, l, gen, beaconURL, t.TempDir())
	c.sync(t)
	if c.d.Head().L2Hash != h2.L2Hash {
		t.Fatalf("fresh node head %+v, want %+v", c.d.Head(), h2)
	}

	// 6. An L1 reorg removes the blob batch: the chain rolls back to block 1, then follows
	// the new L1 branch.
	parent, err := l.client.HeaderByNumber(ctx, new(big.Int).Sub(blobRcpt.BlockNumber, big.NewInt(1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.sim.Fork(parent.Hash()); err != nil {
		t.Fatal(err)
	}
	l.sim.Commit()
	l.sim.Commit()
	l.sim.Commit()
	if l.nonce, err = l.client.PendingNonceAt(ctx, crypto.PubkeyToAddress(l.poster.PublicKey)); err != nil {
		t.Fatal(err)
	}
	// The reorg put the blob batch back into L1's pool, so the new branch may hold it again,
	// in a later slot: then block 2 is derived again with that slot's time (another hash).
	c.sync(t)
	h2b := c.d.Head()
	if r, err := l.client.TransactionReceipt(ctx, blobRcpt.TxHash); err == nil {
		hdr, _ := l.client.HeaderByNumber(ctx, r.BlockNumber)
		if r.BlockHash == blobRcpt.BlockHash || h2b.L2Number != 2 || uint64(h2b.Slot) != hdr.Time || h2b.L2Hash == h2.L2Hash {
			t.Fatalf("blob batch again in block %d (slot %d): head %+v, before the reorg %+v", r.BlockNumber, hdr.Time, h2b, h2)
		}
		t.Logf("the reorg moved the blob batch to slot %d: block 2 is now %s", hdr.Time, h2b.L2Hash)
	} else if h2b != h1 {
		t.Fatalf("blob batch gone: head %+v, want %+v", h2b, h1)
	}
	if c.gethHead(t) != h2b.L2Hash {
		t.Fatalf("geth head %s, derived %s", c.gethHead(t), h2b.L2Hash)
	}
	// The new branch goes on.
	hs, env = batch(t, []common.Hash{h2b.L2Hash}, ours(transfer(t, keys[1], l2ChainID, 1, to, 10)))
	l.post(hs, env, false)
	c.sync(t)
	if h3 := c.d.Head(); h3.L2Number != h2b.L2Number+1 || c.gethHead(t) != h3.L2Hash {
		t.Fatalf("after the reorg: head %+v, geth %s", h3, c.gethHead(t))
	}
}
