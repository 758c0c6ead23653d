package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"

	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/rollup"
)

// TestIntegrationDevnetRollups checks the devnet's two rollups end to end on real
// processes: a wallet (go-ethereum's ethclient) talks to the sidecar's /rollup/{chainId}
// (chain id, a raw transaction into the pool, the pending nonce, balance, receipt and block
// calls proxied to the rollup's geth); a shared batch posted to the RollupInbox becomes an L2 block on both
// rollups' geths at the L1 slot's time; a second node of the first rollup started later
// derives the same block hashes; the first rollup's node, killed with -9 while the next
// batch lands, is restarted by the supervisor and catches up to the same chain; and a batch
// in a blob is fetched from the beacon node and derived alike.
func TestIntegrationDevnetRollups(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet integration test skipped with -short")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Minute)
	defer cancel()
	n, _ := sharedPromiseDevnet(ctx, t)
	if len(n.State.Rollups) != len(RollupChainIDs) {
		t.Fatalf("devnet has %d rollups, want %d", len(n.State.Rollups), len(RollupChainIDs))
	}
	el := dialEth(ctx, t, n.State.Endpoints.ExecutionHTTP)
	ra, rb := n.State.Rollups[0], n.State.Rollups[1]
	nodeA, nodeB := dialEth(ctx, t, ra.NodeRPC), dialEth(ctx, t, rb.NodeRPC)

	// The wallet endpoint: chain id from the pool, balances proxied to the node.
	for _, r := range n.State.Rollups {
		w := dialEth(ctx, t, r.Wallet)
		id, err := w.ChainID(ctx)
		if err != nil || id.Uint64() != r.ChainID {
			t.Fatalf("%s eth_chainId = %v (%v), want %d", r.Wallet, id, err, r.ChainID)
		}
		acct := r.Accounts[0]
		bal, err := w.BalanceAt(ctx, acct.Address, nil)
		if err != nil || bal.Cmp(prefundBalance) != 0 {
			t.Fatalf("%s eth_getBalance(%s) = %v (%v), want the genesis %v", r.Wallet, acct.Address, bal, err, prefundBalance)
		}
	}

	// A transfer sent to rollup A's wallet endpoint goes into the sidecar's pool: the
	// pending nonce counts it, the rollup's geth has not seen it.
	keyA, keyB := rollupKey(t, ra, 0), rollupKey(t, rb, 1)
	walletA := dialEth(ctx, t, ra.Wallet)
	txA1 := l2Transfer(t, keyA, ra.ChainID, 0, 1)
	if err := walletA.SendTransaction(ctx, txA1); err != nil {
		t.Fatalf("eth_sendRawTransaction on %s: %v", ra.Wallet, err)
	}
	if nonce, err := walletA.PendingNonceAt(ctx, ra.Accounts[0].Address); err != nil || nonce != 1 {
		t.Fatalf("pending nonce on the wallet endpoint = %d (%v), want 1", nonce, err)
	}
	if nonce, err := nodeA.PendingNonceAt(ctx, ra.Accounts[0].Address); err != nil || nonce != 0 {
		t.Fatalf("pending nonce on the rollup's geth = %d (%v), want 0 (the tx is in the sidecar's pool only)", nonce, err)
	}

	// The sidecar sequences it: at the next of our slots' deadline the shared batch, signed
	// by the committer, opens our L1 block of that slot, and rollup A's node derives it.
	operator, err := n.account("operator")
	if err != nil {
		t.Fatal(err)
	}
	d, err := readDeployment(n.cfg.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	// The rollups' heads now (other tests of the package may have built on them).
	genA, genB := headerAt(ctx, t, nodeA, latestNumber(ctx, t, nodeA)), headerAt(ctx, t, nodeB, latestNumber(ctx, t, nodeB))
	a0, b0 := genA.Number.Uint64(), genB.Number.Uint64()
	sent := time.Now()
	a1 := waitL2Block(ctx, t, n, nodeA, a0+1, txA1.Hash())
	l1A := sequencedIn(ctx, t, n, el, a1, operator.Address, d.RollupInbox)
	t.Logf("tx sent to the endpoint: in the sidecar's batch in L1 block %d, derived %s after it was sent", l1A.NumberU64(), time.Since(sent).Round(time.Millisecond))

	// An L2 promise on rollup B holds: its tx is in rollup B's block of the promised slot,
	// carried by the committer's batch in the L1 block of that slot.
	txB1 := l2Transfer(t, keyB, rb.ChainID, 0, 2)
	sc := requestRollupPromise(ctx, t, n, rb.ChainID, txB1)
	if sc.Commitment.ChainID.Uint64() != rb.ChainID || sc.Commitment.TxHash != txB1.Hash() || sc.Commitment.Committer != operator.Address {
		t.Fatalf("promise %+v", sc.Commitment)
	}
	b1 := waitL2Block(ctx, t, n, nodeB, b0+1, txB1.Hash())
	slotTime := uint64(n.State.GenesisTime.Unix()) + sc.Commitment.Slot*uint64(n.State.SlotSeconds)
	if b1.Time != slotTime {
		t.Fatalf("promised for slot %d (time %d), in rollup B's block of time %d", sc.Commitment.Slot, slotTime, b1.Time)
	}
	l1B := sequencedIn(ctx, t, n, el, b1, operator.Address, d.RollupInbox)
	t.Logf("L2 promise for slot %d kept: rollup B block %d from the batch in L1 block %d", sc.Commitment.Slot, b1.Number, l1B.NumberU64())
	if a1.ParentHash != genA.Hash() || b1.ParentHash != genB.Hash() {
		t.Fatal("L2 blocks do not build on the heads at the start")
	}
	// The wallet finds its receipt and the block through the same endpoint (proxied).
	if rc, err := walletA.TransactionReceipt(ctx, txA1.Hash()); err != nil || rc.BlockHash != a1.Hash() {
		t.Fatalf("receipt of %s on the wallet endpoint: %+v (%v), want block %s", txA1.Hash(), rc, err, a1.Hash())
	}
	if h, err := walletA.HeaderByNumber(ctx, new(big.Int).SetUint64(a0+1)); err != nil || h.Hash() != a1.Hash() {
		t.Fatalf("block 1 on the wallet endpoint: %v (%v), want %s", h, err, a1.Hash())
	}
	// The sidecar's pool follows the node's head: the included tx leaves it.
	for deadline := time.Now().Add(30 * time.Second); ; {
		var st struct{ Pending, Queued hexutil.Uint }
		err := walletA.Client().CallContext(ctx, &st, "txpool_status")
		if err == nil && st.Pending == 0 && st.Queued == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("txpool_status on %s = %+v (%v) after the block, want an empty pool", ra.Wallet, st, err)
		}
		waitUntil(ctx, t, n, time.Now().Add(100*time.Millisecond), "pool on the new head")
	}

	// A second node of rollup A, started now with a geth of its own, derives the same chain.
	replica, err := n.startRollupGeth(ctx, fmt.Sprintf("rollup-%d-second", ra.ChainID), ra.ChainID)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.startRollupNode(ctx, replica); err != nil {
		t.Fatal(err)
	}
	nodeA2 := dialEth(ctx, t, replica.NodeRPC)
	if got := waitL2Block(ctx, t, n, nodeA2, a0+1, txA1.Hash()); got.Hash() != a1.Hash() {
		t.Fatalf("second node of rollup %d derived block 1 %s, the first %s", ra.ChainID, got.Hash(), a1.Hash())
	}

	// kill -9 of rollup A's node while the next batch lands; the supervisor restarts it
	// and it derives the block on its geth, the same as the second node's.
	name := fmt.Sprintf("rollup-%d-node", ra.ChainID)
	pid := n.Proc(name)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	txA2 := l2Transfer(t, keyA, ra.ChainID, 1, 3)
	txB2 := l2Transfer(t, keyB, rb.ChainID, 1, 4)
	postBatch(ctx, t, n, el, []l2Block{{ra.ChainID, a1.Hash(), txA2}, {rb.ChainID, b1.Hash(), txB2}}, false)
	for deadline := time.Now().Add(time.Minute); n.Proc(name) == pid; {
		if time.Now().After(deadline) {
			t.Fatalf("%s not restarted within a minute", name)
		}
		waitUntil(ctx, t, n, time.Now().Add(100*time.Millisecond), name+" restart")
	}
	a2 := waitL2Block(ctx, t, n, nodeA, a0+2, txA2.Hash())
	if got := waitL2Block(ctx, t, n, nodeA2, a0+2, txA2.Hash()); got.Hash() != a2.Hash() || a2.ParentHash != a1.Hash() {
		t.Fatalf("after the restart: block 2 %s (parent %s), second node %s; block 1 %s", a2.Hash(), a2.ParentHash, got.Hash(), a1.Hash())
	}
	b2 := waitL2Block(ctx, t, n, nodeB, b0+2, txB2.Hash())

	// A batch in a blob: the nodes fetch it from the devnet's beacon node.
	txA3 := l2Transfer(t, keyA, ra.ChainID, 2, 5)
	txB3 := l2Transfer(t, keyB, rb.ChainID, 2, 6)
	rc3, posted3 := postBatch(ctx, t, n, el, []l2Block{{ra.ChainID, a2.Hash(), txA3}, {rb.ChainID, b2.Hash(), txB3}}, true)
	if rc3.BlobGasUsed == 0 {
		t.Fatalf("batch %s carried no blob", rc3.TxHash)
	}
	a3 := waitL2Block(ctx, t, n, nodeA, a0+3, txA3.Hash())
	if got := waitL2Block(ctx, t, n, nodeA2, a0+3, txA3.Hash()); got.Hash() != a3.Hash() {
		t.Fatalf("blob batch: block 3 %s, second node %s", a3.Hash(), got.Hash())
	}
	waitL2Block(ctx, t, n, nodeB, b0+3, txB3.Hash())
	t.Logf("blob batch in L1 block %d: L2 blocks on both rollups' geths %s after the receipt", rc3.BlockNumber, time.Since(posted3).Round(time.Millisecond))
	// BASED_RECORD_L1=<folder> records what rollup A's node read from L1 up to the blob
	// batch (the fixture of the rollup package's replay tests, rollup/testdata/README).
	if dir := os.Getenv("BASED_RECORD_L1"); dir != "" {
		rec, err := n.RecordRollupL1(ctx, ra, el, nodeA, rc3.BlockNumber.Uint64(), a3.Number.Uint64())
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("rollup-%d.json", ra.ChainID))
		if err := WriteRecording(path, rec); err != nil {
			t.Fatal(err)
		}
		t.Logf("recorded L1 up to block %d (%d postings, %d L2 blocks) into %s", rc3.BlockNumber, len(rec.Receipts), len(rec.L2), path)
	}
	// The devnet's status (`based devnet status`) shows the restarted node's derived block
	// as its safe and latest head.
	for deadline := time.Now().Add(30 * time.Second); ; {
		st, err := ReadStatus(ctx, n.cfg.DataDir)
		var s *rollup.Status
		if err == nil && len(st.Rollups) > 0 && st.Rollups[0].ChainID == ra.ChainID {
			s = st.Rollups[0].Status
		}
		if s != nil && s.Safe.Hash == a3.Hash() && s.Latest.Hash == a3.Hash() && uint64(s.ChainID) == ra.ChainID {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("devnet status of rollup %d: %+v (%v), want safe and latest %s", ra.ChainID, s, err, a3.Hash())
		}
		waitUntil(ctx, t, n, time.Now().Add(200*time.Millisecond), "node status")
	}

	// A batch withheld from our block (the fault API): rollup A's nodes preconfirm its block
	// from the stream, roll back when L1 reaches the slot without it, and the sidecar
	// sequences the same tx again at its next slot; both nodes end on L1's chain.
	faults, err := gethrpc.DialContext(ctx, n.State.Endpoints.Faults)
	if err != nil {
		t.Fatal(err)
	}
	defer faults.Close()
	rollbacks := nodeMetric(ctx, t, ra.NodeStatus, "based_rollup_preconf_rollbacks_total")
	var ok bool
	if err := faults.CallContext(ctx, &ok, "testing_withholdBatches", "0x1"); err != nil || !ok {
		t.Fatalf("testing_withholdBatches: %v %v", ok, err)
	}
	txA4 := l2Transfer(t, keyA, ra.ChainID, 3, 8)
	if err := walletA.SendTransaction(ctx, txA4); err != nil {
		t.Fatal(err)
	}
	var withheld []hexutil.Uint64
	for deadline := time.Now().Add(30 * time.Second); len(withheld) == 0; {
		if err := faults.CallContext(ctx, &withheld, "testing_withheldBatches"); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatal("no batch withheld within 30 s")
		}
		waitUntil(ctx, t, n, time.Now().Add(100*time.Millisecond), "a withheld batch")
	}
	wTime := uint64(n.State.GenesisTime.Unix()) + uint64(withheld[0])*uint64(n.State.SlotSeconds)
	var a4 *types.Header
	for deadline := time.Now().Add(time.Minute); ; {
		rc, err := nodeA.TransactionReceipt(ctx, txA4.Hash())
		var safe *types.Header
		if err == nil {
			safe, _ = nodeA.HeaderByNumber(ctx, big.NewInt(int64(gethrpc.SafeBlockNumber)))
		}
		if err == nil && safe != nil && safe.Number.Cmp(rc.BlockNumber) >= 0 {
			a4 = headerAt(ctx, t, nodeA, rc.BlockNumber.Uint64())
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("tx %s not in an L1-derived block of rollup %d within a minute (withheld slot %d): %v", txA4.Hash(), ra.ChainID, withheld[0], err)
		}
		waitUntil(ctx, t, n, time.Now().Add(100*time.Millisecond), "the re-sequenced tx on L1")
	}
	if a4.Time <= wTime {
		t.Fatalf("tx %s in the L2 block of time %d, not after the withheld slot's %d", txA4.Hash(), a4.Time, wTime)
	}
	if wb := blockAtTime(ctx, t, el, wTime); wb != nil && len(wb.Transactions()) > 0 {
		if to := wb.Transactions()[0].To(); to != nil && *to == d.RollupInbox {
			t.Fatalf("the withheld slot's L1 block %d opens with a batch", wb.NumberU64())
		}
	}
	l1A4 := sequencedIn(ctx, t, n, el, a4, operator.Address, d.RollupInbox)
	if got := waitL2Block(ctx, t, n, nodeA2, a4.Number.Uint64(), txA4.Hash()); got.Hash() != a4.Hash() {
		t.Fatalf("after the withheld batch: block %d %s on the first node, %s on the second", a4.Number, a4.Hash(), got.Hash())
	}
	for deadline := time.Now().Add(30 * time.Second); nodeMetric(ctx, t, ra.NodeStatus, "based_rollup_preconf_rollbacks_total") <= rollbacks; {
		if time.Now().After(deadline) {
			t.Fatalf("rollup %d's node did not roll its preconfirmed head back after the withheld batch", ra.ChainID)
		}
		waitUntil(ctx, t, n, time.Now().Add(200*time.Millisecond), "preconfirmed head rolled back")
	}
	t.Logf("batch of slot %d withheld: the node rolled its preconfirmed block back; the tx was sequenced again into L1 block %d (L2 block %d)", withheld[0], l1A4.NumberU64(), a4.Number)
}

// nodeMetric reads one counter or gauge (without labels) from a rollup node's /metrics.
func nodeMetric(ctx context.Context, t *testing.T, statusURL, name string) float64 {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, statusURL+"/metrics", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatalf("%s: %q", name, line)
			}
			return f
		}
	}
	t.Fatalf("%s not in %s/metrics", name, statusURL)
	return 0
}

// l2Block is one rollup's block of a test batch: its parent and its transactions.
type l2Block struct {
	chainID uint64
	parent  common.Hash
	tx      *types.Transaction
}

// postBatch sends a shared batch of blocks to the devnet's RollupInbox from the L1 account
// wallet-1, in calldata or (inBlobs) in a blob transaction, and returns its receipt and when
// it was seen.
func postBatch(ctx context.Context, t *testing.T, n *Net, el *ethclient.Client, blocks []l2Block, inBlobs bool) (*types.Receipt, time.Time) {
	t.Helper()
	d, err := readDeployment(n.cfg.DataDir)
	if err != nil {
		t.Fatal(err)
	}
	var bs []mempool.Block
	var hs []mempool.Header
	for _, b := range blocks {
		raw, err := b.tx.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		blk := mempool.Block{ChainID: new(big.Int).SetUint64(b.chainID), Txs: [][]byte{raw}}
		bs = append(bs, blk)
		hs = append(hs, blk.Header(b.parent))
	}
	env, err := mempool.EncodeBatch(bs)
	if err != nil {
		t.Fatal(err)
	}
	poster, err := n.account("wallet-1")
	if err != nil {
		t.Fatal(err)
	}
	nonce, err := el.PendingNonceAt(ctx, poster.Address)
	if err != nil {
		t.Fatal(err)
	}
	chainID := big.NewInt(ChainID)
	signer := types.LatestSignerForChainID(chainID)
	// The sequencer's gas model, doubled (eth_estimateGas runs in the latest block's slot,
	// where this poster's previous batch may already be: BatchExists).
	var tx *types.Transaction
	if inBlobs {
		blobs, err := mempool.BlobsFromEnvelope(env)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := mempool.BlobSidecar(blobs)
		if err != nil {
			t.Fatal(err)
		}
		tx, err = types.SignNewTx(poster.Key(), signer, &types.BlobTx{ChainID: uint256.MustFromBig(chainID), Nonce: nonce,
			GasTipCap: uint256.NewInt(2e9), GasFeeCap: uint256.NewInt(300e9), Gas: mempool.CalldataGas(len(hs), nil) * 2,
			To: d.RollupInbox, Data: mempool.ProposeBatchCalldata(hs, nil), BlobFeeCap: uint256.NewInt(100e9),
			BlobHashes: sc.BlobHashes(), Sidecar: sc})
		if err != nil {
			t.Fatal(err)
		}
	} else {
		tx, err = types.SignNewTx(poster.Key(), signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce,
			GasTipCap: big.NewInt(2e9), GasFeeCap: big.NewInt(300e9), Gas: mempool.CalldataGas(len(hs), env) * 2,
			To: &d.RollupInbox, Data: mempool.ProposeBatchCalldata(hs, env)})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := el.SendTransaction(ctx, tx); err != nil {
		t.Fatalf("send batch: %v", err)
	}
	for deadline := time.Now().Add(time.Minute); ; {
		rc, err := el.TransactionReceipt(ctx, tx.Hash())
		if err == nil {
			if rc.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("batch %s reverted", tx.Hash())
			}
			return rc, time.Now()
		}
		if time.Now().After(deadline) {
			t.Fatalf("batch %s not included within a minute: %v", tx.Hash(), err)
		}
		waitUntil(ctx, t, n, time.Now().Add(50*time.Millisecond), "batch receipt")
	}
}

// waitL2Block waits until the geth at c has block number holding tx and returns its header.
func waitL2Block(ctx context.Context, t *testing.T, n *Net, c *ethclient.Client, number uint64, tx common.Hash) *types.Header {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; {
		rc, err := c.TransactionReceipt(ctx, tx)
		if err == nil {
			if rc.BlockNumber.Uint64() != number || rc.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("tx %s in L2 block %d (status %d), want block %d", tx, rc.BlockNumber, rc.Status, number)
			}
			return headerAt(ctx, t, c, number)
		}
		if time.Now().After(deadline) {
			t.Fatalf("L2 tx %s not in a block within a minute: %v", tx, err)
		}
		waitUntil(ctx, t, n, time.Now().Add(50*time.Millisecond), "L2 block")
	}
}

// waitL2Receipt waits up to a minute for tx's successful receipt on c and returns its block's header.
func waitL2Receipt(ctx context.Context, t *testing.T, n *Net, c *ethclient.Client, tx common.Hash) *types.Header {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); ; {
		rc, err := c.TransactionReceipt(ctx, tx)
		if err == nil {
			if rc.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("tx %s failed in L2 block %d", tx, rc.BlockNumber)
			}
			return headerAt(ctx, t, c, rc.BlockNumber.Uint64())
		}
		if time.Now().After(deadline) {
			t.Fatalf("L2 tx %s not in a block within a minute: %v", tx, err)
		}
		waitUntil(ctx, t, n, time.Now().Add(50*time.Millisecond), "L2 receipt")
	}
}

func latestNumber(ctx context.Context, t *testing.T, c *ethclient.Client) uint64 {
	t.Helper()
	n, err := c.BlockNumber(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func headerAt(ctx context.Context, t *testing.T, c *ethclient.Client, number uint64) *types.Header {
	t.Helper()
	h, err := c.HeaderByNumber(ctx, new(big.Int).SetUint64(number))
	if err != nil {
		t.Fatalf("header %d: %v", number, err)
	}
	return h
}

func dialEth(ctx context.Context, t *testing.T, url string) *ethclient.Client {
	t.Helper()
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// rollupKey returns the key of the rollup's prefunded account i, checked against the
// address devnet.json lists.
func rollupKey(t *testing.T, r Rollup, i int) *ecdsa.PrivateKey {
	t.Helper()
	for _, a := range RollupAccounts() {
		if a.Role == r.Accounts[i].Role {
			if a.Address != r.Accounts[i].Address {
				t.Fatalf("rollup account %s: %s, devnet.json says %s", a.Role, a.Address, r.Accounts[i].Address)
			}
			return a.Key()
		}
	}
	t.Fatalf("no rollup account %s", r.Accounts[i].Role)
	return nil
}

// l2Transfer signs an EIP-1559 transfer of value wei on the rollup.
func l2Transfer(t *testing.T, key *ecdsa.PrivateKey, chainID, nonce uint64, value int64) *types.Transaction {
	t.Helper()
	id := new(big.Int).SetUint64(chainID)
	to := common.Address{0xa2}
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(id), &types.DynamicFeeTx{ChainID: id, Nonce: nonce, To: &to,
		Value: big.NewInt(value), Gas: 21000, GasFeeCap: big.NewInt(10e9), GasTipCap: big.NewInt(1e9)})
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// sequencedIn returns the L1 block of l2's slot and checks that its first transaction is a
// successful proposeBatch of the committer on the inbox.
func sequencedIn(ctx context.Context, t *testing.T, n *Net, el *ethclient.Client, l2 *types.Header, committer, inbox common.Address) *types.Block {
	t.Helper()
	// A preconfirmed L2 block (from the sidecar's stream) is there before L1's block of its slot.
	for deadline := time.Now().Add(30 * time.Second); ; {
		h, err := el.HeaderByNumber(ctx, nil)
		if err == nil && h.Time >= l2.Time {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("L1 did not reach the L2 block's time %d within 30 s", l2.Time)
		}
		waitUntil(ctx, t, n, time.Now().Add(100*time.Millisecond), "L1 block of the L2 block's slot")
	}
	b := blockAtTime(ctx, t, el, l2.Time)
	if b == nil || len(b.Transactions()) == 0 {
		t.Fatalf("no L1 block with transactions at the L2 block's time %d", l2.Time)
	}
	tx := b.Transactions()[0]
	from, err := types.LatestSignerForChainID(tx.ChainId()).Sender(tx)
	if err != nil || from != committer || tx.To() == nil || *tx.To() != inbox {
		t.Fatalf("first tx of L1 block %d: from %s to %v, want the committer %s's batch to the inbox %s", b.NumberU64(), from, tx.To(), committer, inbox)
	}
	rc, err := el.TransactionReceipt(ctx, tx.Hash())
	if err != nil || rc.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("batch %s: receipt %+v (%v)", tx.Hash(), rc, err)
	}
	return b
}

// requestRollupPromise asks the sidecar for a promise of tx on a rollup, for the next slot
// it seals, retrying while the rollup's head is behind or the slot moved on.
func requestRollupPromise(ctx context.Context, t *testing.T, n *Net, chainID uint64, tx *types.Transaction) *preconf.SignedCommitment {
	t.Helper()
	c, err := gethrpc.DialContext(ctx, n.State.Endpoints.PreconfRPC)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	raw, err := tx.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	slotLen := time.Duration(n.State.SlotSeconds) * time.Second
	var last error
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		clock := uint64(time.Since(n.State.GenesisTime) / slotLen)
		for _, slot := range []uint64{clock + 1, clock + 2} {
			var sc preconf.SignedCommitment
			req := map[string]any{"slot": hexutil.Uint64(slot), "chainId": hexutil.EncodeUint64(chainID), "tx": hexutil.Bytes(raw)}
			if last = c.CallContext(ctx, &sc, "preconf_requestInclusion", req); last == nil {
				return &sc
			}
		}
		waitUntil(ctx, t, n, time.Now().Add(100*time.Millisecond), "rollup promise")
	}
	t.Fatalf("no promise for %s on rollup %d within a minute: %v", tx.Hash(), chainID, last)
	return nil
}
