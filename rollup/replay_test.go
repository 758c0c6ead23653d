package rollup_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/rollup"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"
	"github.com/klauspost/compress/zstd"
)

// recordingFile is the L1 data recorded from the devnet (rollup/testdata/README).
var recordingFile = filepath.Join("testdata", "l1", "rollup-167001.json")

func loadRecording(t testing.TB) *rollup.Recording {
	t.Helper()
	b, err := os.ReadFile(recordingFile)
	if err != nil {
		t.Fatal(err)
	}
	var rec rollup.Recording
	if err := json.Unmarshal(b, &rec); err != nil {
		t.Fatalf("%s: %v", recordingFile, err)
	}
	if uint64(rec.ChainID) != l2ChainID || uint64(rec.GasLimit) != l2GasLimit {
		t.Fatalf("recording of chain %d (gas limit %d), the tests' geth is of chain %d (%d)", rec.ChainID, rec.GasLimit, l2ChainID, l2GasLimit)
	}
	return &rec
}

// recordedL1 is an L1 execution client that serves a recording: its receipts' logs, its
// transactions and headers, and nothing else (no finalized block). Forged postings can be
// put in before a recorded one.
type recordedL1 struct {
	head     uint64
	headers  map[uint64]*types.Header
	receipts []*types.Receipt // in L1 order
	txs      map[common.Hash]*types.Transaction
}

func newRecordedL1(t testing.TB, rec *rollup.Recording) *recordedL1 {
	t.Helper()
	l := &recordedL1{headers: map[uint64]*types.Header{}, txs: map[common.Hash]*types.Transaction{}}
	for _, h := range rec.Headers {
		l.headers[h.Number.Uint64()] = h
		l.head = max(l.head, h.Number.Uint64())
	}
	for i, raw := range rec.Transactions {
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(raw); err != nil {
			t.Fatalf("recorded transaction %d: %v", i, err)
		}
		if tx.Hash() != rec.Receipts[i].TxHash {
			t.Fatalf("recorded transaction %d is %s, its receipt's %s", i, tx.Hash(), rec.Receipts[i].TxHash)
		}
		l.txs[tx.Hash()] = tx
		l.receipts = append(l.receipts, rec.Receipts[i])
	}
	return l
}

// insert puts the forged transaction tx with its receipt's logs into the L1 block of the
// recorded transaction target, just before it (or just after it).
func (l *recordedL1) insert(target common.Hash, after bool, tx *types.Transaction, logs []*types.Log) {
	i := slices.IndexFunc(l.receipts, func(r *types.Receipt) bool { return r.TxHash == target })
	t := l.receipts[i]
	r := &types.Receipt{Type: tx.Type(), Status: types.ReceiptStatusSuccessful, TxHash: tx.Hash(), BlockHash: t.BlockHash,
		BlockNumber: t.BlockNumber, TransactionIndex: t.TransactionIndex}
	for k, lg := range logs {
		c := *lg
		c.TxHash, c.BlockHash, c.BlockNumber, c.TxIndex, c.Index = tx.Hash(), t.BlockHash, t.BlockNumber.Uint64(), t.TransactionIndex, uint(k)
		r.Logs = append(r.Logs, &c)
	}
	if after {
		i++
	}
	l.receipts = slices.Insert(l.receipts, i, r)
	l.txs[tx.Hash()] = tx
}

// remove takes the recorded transaction target out of L1.
func (l *recordedL1) remove(target common.Hash) {
	l.receipts = slices.DeleteFunc(l.receipts, func(r *types.Receipt) bool { return r.TxHash == target })
	delete(l.txs, target)
}

func (l *recordedL1) FilterLogs(_ context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	var out []types.Log
	for _, r := range l.receipts {
		for _, lg := range r.Logs {
			if lg.BlockNumber < q.FromBlock.Uint64() || lg.BlockNumber > q.ToBlock.Uint64() || !slices.Contains(q.Addresses, lg.Address) {
				continue
			}
			match := true
			for i, want := range q.Topics {
				if len(want) > 0 && (i >= len(lg.Topics) || !slices.Contains(want, lg.Topics[i])) {
					match = false
				}
			}
			if match {
				out = append(out, *lg)
			}
		}
	}
	return out, nil
}

func (l *recordedL1) SubscribeFilterLogs(context.Context, ethereum.FilterQuery, chan<- types.Log) (ethereum.Subscription, error) {
	return nil, errors.New("recorded L1: no subscriptions")
}

func (l *recordedL1) SubscribeTransactionReceipts(context.Context, *ethereum.TransactionReceiptsQuery, chan<- []*types.Receipt) (ethereum.Subscription, error) {
	return nil, errors.New("recorded L1: no subscriptions")
}

func (l *recordedL1) TransactionByHash(_ context.Context, h common.Hash) (*types.Transaction, bool, error) {
	tx, ok := l.txs[h]
	if !ok {
		return nil, false, ethereum.NotFound
	}
	return tx, false, nil
}

func (l *recordedL1) TransactionReceipt(_ context.Context, h common.Hash) (*types.Receipt, error) {
	for _, r := range l.receipts {
		if r.TxHash == h {
			return r, nil
		}
	}
	return nil, ethereum.NotFound
}

func (l *recordedL1) HeaderByNumber(_ context.Context, n *big.Int) (*types.Header, error) {
	switch {
	case n == nil || n.Int64() == int64(rpc.LatestBlockNumber):
		return l.headers[l.head], nil
	case n.Sign() < 0:
		return nil, ethereum.NotFound // no safe or finalized block in the recording
	}
	h, ok := l.headers[n.Uint64()]
	if !ok {
		return nil, ethereum.NotFound
	}
	return h, nil
}

// recordedBeacon serves the recording's Beacon API answers; blobs added with add are
// served with the recorded ones of their slot. fault changes what it serves.
type recordedBeacon struct {
	mu      sync.Mutex
	answers map[string]json.RawMessage
	extra   map[string][][]byte
	fault   string // "", "missing" (404), "changed" (one byte of every blob flipped)
}

func newRecordedBeacon(t testing.TB, rec *rollup.Recording) (*recordedBeacon, string) {
	b := &recordedBeacon{answers: map[string]json.RawMessage{}, extra: map[string][][]byte{}}
	for _, a := range rec.Beacon {
		b.answers[a.Path] = a.Body
	}
	srv := httptest.NewServer(b)
	t.Cleanup(srv.Close)
	return b, srv.URL
}

// add serves blob with the recorded answer of the L1 slot (a Fulu blobs answer of its own
// when none was recorded).
func (b *recordedBeacon) add(slot uint64, blob []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	found := false
	for path := range b.answers {
		if filepath.Base(path) == fmt.Sprint(slot) {
			b.extra[path], found = append(b.extra[path], blob), true
		}
	}
	if !found {
		path := fmt.Sprintf("/eth/v1/beacon/blobs/%d", slot)
		b.answers[path], b.extra[path] = json.RawMessage(`{"data":[]}`), [][]byte{blob}
	}
}

func (b *recordedBeacon) setFault(f string) {
	b.mu.Lock()
	b.fault = f
	b.mu.Unlock()
}

func (b *recordedBeacon) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	defer b.mu.Unlock()
	body, ok := b.answers[r.URL.Path]
	if !ok || b.fault == "missing" {
		http.NotFound(w, r)
		return
	}
	var ans map[string]json.RawMessage
	var data []json.RawMessage
	if err := json.Unmarshal(body, &ans); err != nil || json.Unmarshal(ans["data"], &data) != nil {
		http.Error(w, "bad recording", http.StatusInternalServerError)
		return
	}
	fulu := filepath.Dir(r.URL.Path) == "/eth/v1/beacon/blobs"
	for _, blob := range b.extra[r.URL.Path] {
		var e []byte
		if fulu {
			e, _ = json.Marshal(hexutil.Bytes(blob))
		} else {
			e, _ = json.Marshal(map[string]any{"index": fmt.Sprint(len(data)), "blob": hexutil.Bytes(blob)})
		}
		data = append(data, e)
	}
	if b.fault == "changed" {
		for i, d := range data {
			var blob hexutil.Bytes
			if fulu {
				_ = json.Unmarshal(d, &blob)
			} else {
				var sc map[string]json.RawMessage
				_ = json.Unmarshal(d, &sc)
				_ = json.Unmarshal(sc["blob"], &blob)
			}
			blob[100] ^= 1
			if fulu {
				data[i], _ = json.Marshal(blob)
			} else {
				data[i], _ = json.Marshal(map[string]any{"index": fmt.Sprint(i), "blob": blob})
			}
		}
	}
	ans["data"], _ = json.Marshal(data)
	_ = json.NewEncoder(w).Encode(ans)
}

// replayNode is a rollup node deriving a recording on a real geth.
type replayNode struct {
	x     *rollup.Execution
	d     *rollup.Deriver
	store *rollup.Store
}

// startReplay starts a geth with the recording's genesis and a deriver on l (with the
// beacon at beaconURL, none if empty) from the recording's anchor.
func startReplay(t testing.TB, rec *rollup.Recording, l rollup.L1, beaconURL string) *replayNode {
	t.Helper()
	g := startGeth(t, rec.Genesis)
	x := g.dial(t)
	return attachReplay(t, rec, l, x, beaconURL, t.TempDir())
}

func attachReplay(t testing.TB, rec *rollup.Recording, l rollup.L1, x *rollup.Execution, beaconURL, dir string) *replayNode {
	t.Helper()
	ctx := context.Background()
	genesis, err := x.Client().HeaderByNumber(ctx, big.NewInt(0))
	if err != nil {
		t.Fatal(err)
	}
	var blobs rollup.Blobs
	if beaconURL != "" {
		blobs = &rollup.BeaconBlobs{URL: beaconURL}
	}
	inbox, err := rollup.NewInbox(l, rec.Inbox, uint64(rec.ChainID), blobs)
	if err != nil {
		t.Fatal(err)
	}
	store, err := rollup.OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	d, err := rollup.NewDeriver(rollup.DeriveConfig{ChainID: uint64(rec.ChainID), GenesisTime: uint64(rec.GenesisTime), SecondsPerSlot: uint64(rec.SecondsPerSlot)},
		l, inbox, x, store, rollup.Checkpoint{L1Number: rec.Anchor, L2Hash: genesis.Hash(), L2Time: hexutil.Uint64(genesis.Time)},
		slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return &replayNode{x: x, d: d, store: store}
}

// sync steps the deriver until it has read the recording's last L1 block.
func (n *replayNode) sync(t testing.TB) {
	t.Helper()
	for {
		moved, err := n.d.Step(context.Background())
		if err != nil {
			t.Fatalf("step: %v", err)
		}
		if !moved {
			return
		}
	}
}

// checkChain asserts that the node derived exactly the recorded L2 blocks: its derived
// head is the last one, and its geth holds each under its number.
func (n *replayNode) checkChain(t testing.TB, rec *rollup.Recording) {
	t.Helper()
	ctx := context.Background()
	last := rec.L2[len(rec.L2)-1]
	if h := n.d.Head(); h.L2Hash != last.Hash || h.L2Number != last.Number {
		t.Fatalf("derived head %d %s, the devnet's node derived %d %s", h.L2Number, h.L2Hash, last.Number, last.Hash)
	}
	for _, b := range rec.L2 {
		h, err := n.x.Client().HeaderByNumber(ctx, new(big.Int).SetUint64(uint64(b.Number)))
		if err != nil || h.Hash() != b.Hash {
			t.Fatalf("L2 block %d is %v (%v), the devnet's node derived %s (from L1 tx %s)", b.Number, h, err, b.Hash, b.L1Tx)
		}
	}
	if head, err := n.x.Header(ctx, common.Hash{}); err != nil || head.Hash() != last.Hash {
		t.Fatalf("geth head %v (%v), want %s", head, err, last.Hash)
	}
}

// carriers returns the recorded L1 transactions of the L2 blocks that came from a
// calldata batch and from a blob batch (the last of each).
func carriers(t testing.TB, rec *rollup.Recording, l *recordedL1) (calldata, blob common.Hash) {
	t.Helper()
	for _, b := range rec.L2 {
		if len(l.txs[b.L1Tx].BlobHashes()) > 0 {
			blob = b.L1Tx
		} else {
			calldata = b.L1Tx
		}
	}
	if calldata == (common.Hash{}) || blob == (common.Hash{}) {
		t.Fatalf("the recording has no L2 block from a calldata batch (%s) or none from a blob batch (%s)", calldata, blob)
	}
	return calldata, blob
}

// TestReplayRecordedL1 derives the L1 data recorded from the devnet (a RollupInbox's
// events, calldata and blob batches, blobs from the beacon node) on a real geth: the L2
// block hashes are the ones the devnet's rollup node derived.
func TestReplayRecordedL1(t *testing.T) {
	rec := loadRecording(t)
	l := newRecordedL1(t, rec)
	carriers(t, rec, l)
	_, beaconURL := newRecordedBeacon(t, rec)
	n := startReplay(t, rec, l, beaconURL)
	n.sync(t)
	n.checkChain(t, rec)
	if v := n.d.Voids(); len(v) != 0 {
		t.Fatalf("recorded postings refused: %+v", v)
	}
}

// posting is one proposeBatch call as the inbox emits it, to forge variants of a recorded
// one.
type posting struct {
	blocks []bindings.RollupInboxRollupBlock
	batch  bindings.RollupInboxBatchProposed
}

func (p posting) headers() []mempool.Header {
	var hs []mempool.Header
	for _, b := range p.blocks {
		hs = append(hs, mempool.Header{ChainID: b.ChainId, TxRoot: b.TxRoot, TxCount: b.TxCount, ParentHash: b.ParentHash})
	}
	return hs
}

// recordedPosting parses the inbox events of a recorded transaction.
func recordedPosting(t testing.TB, rec *rollup.Recording, l *recordedL1, tx common.Hash) posting {
	t.Helper()
	f, err := bindings.NewRollupInboxFilterer(rec.Inbox, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := l.TransactionReceipt(context.Background(), tx)
	var p posting
	for _, lg := range r.Logs {
		if ev, err := f.ParseRollupBlock(*lg); err == nil {
			p.blocks = append(p.blocks, *ev)
		} else if ev, err := f.ParseBatchProposed(*lg); err == nil {
			p.batch = *ev
		}
	}
	if len(p.blocks) == 0 || p.batch.Blocks == nil {
		t.Fatalf("recorded transaction %s has no posting", tx)
	}
	return p
}

// logs are the inbox's events of p with headers hs and data hash dh (the events' other
// fields are p's).
func (p posting) logs(t testing.TB, a *abi.ABI, inbox common.Address, hs []mempool.Header, dh common.Hash) []*types.Log {
	t.Helper()
	var out []*types.Log
	rb, bp := a.Events["RollupBlock"], a.Events["BatchProposed"]
	for i, h := range hs {
		ev := p.blocks[min(i, len(p.blocks)-1)]
		data, err := rb.Inputs.NonIndexed().Pack(ev.Slot, ev.Poster, h.TxRoot, h.TxCount, h.ParentHash, dh)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &types.Log{Address: inbox, Data: data,
			Topics: []common.Hash{rb.ID, common.BigToHash(h.ChainID), common.BigToHash(new(big.Int).SetUint64(ev.Number))}})
	}
	data, err := bp.Inputs.NonIndexed().Pack(mempool.HeadersHash(hs), dh, big.NewInt(int64(len(hs))))
	if err != nil {
		t.Fatal(err)
	}
	return append(out, &types.Log{Address: inbox, Data: data,
		Topics: []common.Hash{bp.ID, common.BigToHash(new(big.Int).SetUint64(p.batch.Slot)), common.BytesToHash(p.batch.Poster.Bytes())}})
}

// forgeKey signs the forged L1 transactions.
var forgeKey, _ = crypto.ToECDSA(crypto.Keccak256([]byte("forged batch poster")))

// forgeTx returns a signed copy of the recorded transaction orig with other calldata,
// recipient and (for a blob transaction) versioned hashes.
func forgeTx(t testing.TB, orig *types.Transaction, to common.Address, data []byte, blobHashes []common.Hash, nonce uint64) *types.Transaction {
	t.Helper()
	signer := types.LatestSignerForChainID(orig.ChainId())
	if len(orig.BlobHashes()) > 0 {
		return types.MustSignNewTx(forgeKey, signer, &types.BlobTx{ChainID: uint256.MustFromBig(orig.ChainId()), Nonce: nonce,
			GasTipCap: uint256.MustFromBig(orig.GasTipCap()), GasFeeCap: uint256.MustFromBig(orig.GasFeeCap()), Gas: orig.Gas(),
			To: to, Data: data, BlobFeeCap: uint256.MustFromBig(orig.BlobGasFeeCap()), BlobHashes: blobHashes})
	}
	return types.MustSignNewTx(forgeKey, signer, &types.DynamicFeeTx{ChainID: orig.ChainId(), Nonce: nonce,
		GasTipCap: orig.GasTipCap(), GasFeeCap: orig.GasFeeCap(), Gas: orig.Gas(), To: &to, Data: data})
}

// calldataEnvelope is the data argument of a proposeBatch call.
func calldataEnvelope(t testing.TB, a *abi.ABI, tx *types.Transaction) []byte {
	t.Helper()
	args, err := a.Methods["proposeBatch"].Inputs.Unpack(tx.Data()[4:])
	if err != nil {
		t.Fatal(err)
	}
	return args[1].([]byte)
}

// forgery is a forged variant of a recorded posting: the inbox's headers, the envelope in
// calldata (or the versioned hashes of a blob transaction) and the data hash of its events.
type forgery struct {
	hs    []mempool.Header
	env   []byte         // calldata batch: the envelope
	call  []byte         // the whole calldata, when not proposeBatch(hs, env)
	to    common.Address // the transaction's recipient
	vh    []common.Hash  // blob batch: the versioned hashes
	dh    *common.Hash   // the events' data hash, when not the one of env or vh
	blobs []kzg4844.Blob // more blobs the beacon node serves in the slot
	after bool           // after the recorded posting, not before
}

// versionedHash returns blob's versioned hash.
func versionedHash(t testing.TB, blob *kzg4844.Blob) common.Hash {
	t.Helper()
	c, err := kzg4844.BlobToCommitment(blob)
	if err != nil {
		t.Fatal(err)
	}
	return kzg4844.CalcBlobHashV1(sha256.New(), &c)
}

// TestReplayRecordedL1Malformed derives the recorded L1 data with forged postings put in
// just before (or after) the recorded ones: each is refused with its reason (a typed
// error), changes nothing (the recorded postings after it derive the very L2 blocks the
// devnet's node derived) and panics nothing.
func TestReplayRecordedL1Malformed(t *testing.T) {
	rec := loadRecording(t)
	l := newRecordedL1(t, rec)
	cdTx, blobTx := carriers(t, rec, l)
	beacon, beaconURL := newRecordedBeacon(t, rec)
	a, err := bindings.RollupInboxMetaData.GetAbi()
	if err != nil {
		t.Fatal(err)
	}
	cd, bl := recordedPosting(t, rec, l, cdTx), recordedPosting(t, rec, l, blobTx)
	env := calldataEnvelope(t, a, l.txs[cdTx])
	blocks, err := mempool.DecodeBatch(env)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := mempool.EncodePayload(blocks)
	if err != nil {
		t.Fatal(err)
	}
	zenc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	zbody := zenc.EncodeAll(payload, nil)
	blobHdr, _ := l.HeaderByNumber(context.Background(), l.receipts[slices.IndexFunc(l.receipts, func(r *types.Receipt) bool { return r.TxHash == blobTx })].BlockNumber)
	blobSlot := (blobHdr.Time - uint64(rec.GenesisTime)) / uint64(rec.SecondsPerSlot)
	recBlobs, err := (&rollup.BeaconBlobs{URL: beaconURL}).Blobs(context.Background(), blobSlot, l.txs[blobTx].BlobHashes())
	if err != nil {
		t.Fatal(err)
	}
	blobEnv, err := mempool.EnvelopeFromBlobs(recBlobs)
	if err != nil {
		t.Fatal(err)
	}
	// The L2 block the calldata posting derived (the parent of the blob posting's block).
	var cdBlock common.Hash
	for _, b := range rec.L2 {
		if b.L1Tx == cdTx {
			cdBlock = b.Hash
		}
	}
	changeBlob := func(f *forgery, change func(b *kzg4844.Blob)) {
		b := recBlobs[0]
		change(&b)
		f.blobs = []kzg4844.Blob{b}
		f.vh = []common.Hash{versionedHash(t, &b)}
	}
	hash := func(s string) *common.Hash { h := crypto.Keccak256Hash([]byte(s)); return &h }
	cases := []struct {
		name   string
		blob   bool // a variant of the blob posting, else of the calldata one
		forge  func(f *forgery)
		want   error
		reason string
	}{
		{"bad data hash", false, func(f *forgery) { f.dh = hash("other data") }, rollup.ErrData, "calldata hashes to"},
		{"bad tx root", false, func(f *forgery) { f.hs[0].TxRoot[5] ^= 1 }, mempool.ErrHeaders, "tx root"},
		{"bad tx root of the other rollup's block", false, func(f *forgery) { f.hs[1].TxRoot[5] ^= 1 }, mempool.ErrHeaders, "block 1: tx root"},
		{"bad tx count", false, func(f *forgery) { f.hs[0].TxCount++ }, mempool.ErrHeaders, "txs, header says"},
		{"header of another chain", false, func(f *forgery) { f.hs[1].ChainID = big.NewInt(167999) }, mempool.ErrHeaders, "chain id"},
		{"event missing for a block", false, func(f *forgery) { f.hs = f.hs[:1] }, mempool.ErrHeaders, "1 headers, 2 blocks"},
		{"truncated compression", false, func(f *forgery) { f.env = mempool.Envelope(mempool.CodecZstd, zbody[:len(zbody)-8]) }, mempool.ErrEnvelope, "zstd"},
		{"garbled compression", false, func(f *forgery) {
			b := slices.Clone(zbody)
			b[len(b)/2] ^= 0xff
			f.env = mempool.Envelope(mempool.CodecZstd, b)
		}, mempool.ErrBatch, ""},
		{"truncated payload", false, func(f *forgery) { f.env = mempool.Envelope(mempool.CodecNone, payload[:len(payload)-5]) }, mempool.ErrPayload, "rlp"},
		{"unknown version", false, func(f *forgery) { f.env = append([]byte{0x02}, f.env[1:]...) }, mempool.ErrVersion, "version 0x02"},
		{"unknown codec", false, func(f *forgery) { f.env = append([]byte{f.env[0], 0x07}, f.env[2:]...) }, mempool.ErrCodec, "codec 0x07"},
		{"body length beyond the data", false, func(f *forgery) { f.env = f.env[:len(f.env)-1] }, mempool.ErrEnvelope, "only"},
		{"trailing byte", false, func(f *forgery) { f.env = append(slices.Clone(f.env), 0) }, mempool.ErrEnvelope, "after the body"},
		{"not a proposeBatch call", false, func(f *forgery) {
			f.call = slices.Clone(l.txs[cdTx].Data())
			f.call[0] ^= 0xff
		}, rollup.ErrData, "not a proposeBatch call"},
		{"garbled calldata", false, func(f *forgery) { f.call = l.txs[cdTx].Data()[:len(l.txs[cdTx].Data())/2] }, rollup.ErrData, "proposeBatch arguments"},
		{"not sent to the inbox", false, func(f *forgery) { f.to = common.Address{0xde, 0xad} }, rollup.ErrData, "not sent to the inbox directly"},
		{"parent is not the head", false, func(f *forgery) { f.hs[0].ParentHash[0] ^= 1 }, rollup.ErrVoidBlock, "parent hash"},
		{"second block of a slot", false, func(f *forgery) { f.hs[0].ParentHash, f.after = cdBlock, true }, rollup.ErrVoidBlock, "already has a block"},
		{"versioned hashes not the data hash", true, func(f *forgery) { f.dh = hash("other blobs") }, rollup.ErrData, "versioned hashes hash to"},
		{"blob: nonzero byte after the envelope", true, func(f *forgery) {
			changeBlob(f, func(b *kzg4844.Blob) { s := len(blobEnv) + 10; b[s/31*32+1+s%31] = 1 })
		}, mempool.ErrBlobs, "after the envelope"},
		{"blob: nonzero first byte of a field element", true, func(f *forgery) {
			changeBlob(f, func(b *kzg4844.Blob) { b[32*100] = 1 })
		}, mempool.ErrBlobs, "field element"},
		{"blob: one blob more than the envelope needs", true, func(f *forgery) {
			var zero kzg4844.Blob
			f.blobs = []kzg4844.Blob{zero}
			f.vh = append(slices.Clone(f.vh), versionedHash(t, &zero))
		}, mempool.ErrBlobs, "blobs"},
	}
	forged := map[common.Hash]int{}
	hashes := make([]common.Hash, len(cases))
	for i, c := range cases {
		target, p := cdTx, cd
		if c.blob {
			target, p = blobTx, bl
		}
		orig := l.txs[target]
		f := forgery{hs: p.headers(), to: rec.Inbox, vh: orig.BlobHashes()}
		if !c.blob {
			f.env = env
		}
		c.forge(&f)
		call := f.call
		if call == nil {
			call = mempool.ProposeBatchCalldata(f.hs, f.env)
		}
		dh := crypto.Keccak256Hash(f.env)
		if c.blob {
			dh = mempool.BlobDataHash(f.vh)
		}
		if f.dh != nil {
			dh = *f.dh
		}
		tx := forgeTx(t, orig, f.to, call, f.vh, uint64(i))
		for _, b := range f.blobs {
			beacon.add(blobSlot, b[:])
		}
		l.insert(target, f.after, tx, p.logs(t, a, rec.Inbox, f.hs, dh))
		forged[tx.Hash()], hashes[i] = i, tx.Hash()
	}

	n := startReplay(t, rec, l, beaconURL)
	n.sync(t)
	voids := map[common.Hash]rollup.Void{}
	for _, v := range n.d.Voids() {
		if _, ok := forged[v.TxHash]; !ok {
			t.Errorf("recorded posting %s refused: %s", v.TxHash, v.Reason)
		}
		voids[v.TxHash] = v
	}
	for i, c := range cases {
		v, ok := voids[hashes[i]]
		switch {
		case !ok:
			t.Errorf("%s: not refused", c.name)
		case !errors.Is(v.Err, c.want) || !strings.Contains(v.Reason, c.reason):
			t.Errorf("%s: refused with %q, want %v and %q", c.name, v.Reason, c.want, c.reason)
		default:
			t.Logf("%s: refused: %s", c.name, v.Reason)
		}
	}
	// Nothing moved: the recorded postings after each forged one derive the recorded blocks.
	n.checkChain(t, rec)
}

// TestReplayRecordedL1Carriers derives the recorded chain with the recorded calldata batch
// carried otherwise (its payload in calldata with the other codec, or its envelope in a blob):
// the carrier never changes the derived chain (docs/BATCH.md §7), so the L2 block hashes
// are the devnet's.
func TestReplayRecordedL1Carriers(t *testing.T) {
	rec := loadRecording(t)
	base := newRecordedL1(t, rec)
	cdTx, _ := carriers(t, rec, base)
	a, err := bindings.RollupInboxMetaData.GetAbi()
	if err != nil {
		t.Fatal(err)
	}
	p := recordedPosting(t, rec, base, cdTx)
	orig := base.txs[cdTx]
	env := calldataEnvelope(t, a, orig)
	blocks, err := mempool.DecodeBatch(env)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := mempool.EncodePayload(blocks)
	if err != nil {
		t.Fatal(err)
	}
	zenc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	other := mempool.Envelope(mempool.CodecZstd, zenc.EncodeAll(payload, nil)) // the other codec than the recorded one
	if env[1] == mempool.CodecZstd {
		other = mempool.Envelope(mempool.CodecNone, payload)
	}
	blobs, err := mempool.BlobsFromEnvelope(env)
	if err != nil {
		t.Fatal(err)
	}
	var vh []common.Hash
	for i := range blobs {
		vh = append(vh, versionedHash(t, &blobs[i]))
	}
	hdr, _ := base.HeaderByNumber(context.Background(), base.receipts[slices.IndexFunc(base.receipts, func(r *types.Receipt) bool { return r.TxHash == cdTx })].BlockNumber)
	slot := (hdr.Time - uint64(rec.GenesisTime)) / uint64(rec.SecondsPerSlot)
	blobOrig := types.NewTx(&types.BlobTx{ChainID: uint256.MustFromBig(orig.ChainId()), GasTipCap: uint256.NewInt(1), GasFeeCap: uint256.NewInt(1),
		Gas: orig.Gas(), BlobFeeCap: uint256.NewInt(1), BlobHashes: vh})
	for _, c := range []struct {
		name string
		tx   *types.Transaction
		dh   common.Hash
	}{
		{"the other codec in calldata", forgeTx(t, orig, rec.Inbox, mempool.ProposeBatchCalldata(p.headers(), other), nil, 0), crypto.Keccak256Hash(other)},
		{"in a blob", forgeTx(t, blobOrig, rec.Inbox, mempool.ProposeBatchCalldata(p.headers(), nil), vh, 0), mempool.BlobDataHash(vh)},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newRecordedL1(t, rec)
			beacon, beaconURL := newRecordedBeacon(t, rec)
			for _, b := range blobs {
				beacon.add(slot, b[:])
			}
			l.insert(cdTx, false, c.tx, p.logs(t, a, rec.Inbox, p.headers(), c.dh))
			l.remove(cdTx)
			n := startReplay(t, rec, l, beaconURL)
			n.sync(t)
			n.checkChain(t, rec)
			if v := n.d.Voids(); len(v) != 0 {
				t.Fatalf("refused: %+v", v)
			}
		})
	}
}

// TestReplayRecordedL1BeaconFaults derives the recorded blob batch while its blob cannot
// be had (no beacon node configured, the beacon node serves none, or changed ones, or the
// blob transaction's versioned hash is one it does not serve): derivation stops with
// ErrBeacon and retries, never voids (docs/BATCH.md §6.1), and the derived head and the
// data folder stay where they were; once the beacon node serves the blob the chain is the
// recorded one.
func TestReplayRecordedL1BeaconFaults(t *testing.T) {
	rec := loadRecording(t)
	l := newRecordedL1(t, rec)
	_, blobTx := carriers(t, rec, l)
	beacon, beaconURL := newRecordedBeacon(t, rec)
	a, err := bindings.RollupInboxMetaData.GetAbi()
	if err != nil {
		t.Fatal(err)
	}
	g := startGeth(t, rec.Genesis)
	x := g.dial(t)
	// The blob transaction again with another versioned hash (and a data hash of it).
	unserved := newRecordedL1(t, rec)
	p := recordedPosting(t, rec, l, blobTx)
	vh := []common.Hash{{0x01, 0x02}}
	unserved.insert(blobTx, false, forgeTx(t, l.txs[blobTx], rec.Inbox, l.txs[blobTx].Data(), vh, 0),
		p.logs(t, a, rec.Inbox, p.headers(), mempool.BlobDataHash(vh)))
	cases := []struct {
		name   string
		l1     *recordedL1
		beacon string // URL, "" for none
		fault  string
		reason string
	}{
		{"no beacon node configured", l, "", "", "no beacon node is configured"},
		{"beacon node serves no blob", l, beaconURL, "missing", "404"},
		{"beacon node serves changed blobs", l, beaconURL, "changed", "no blob of the slot has versioned hash"},
		{"versioned hash the beacon node does not serve", unserved, beaconURL, "", "no blob of the slot has versioned hash 0x0102"},
	}
	for _, c := range cases {
		dir := t.TempDir()
		beacon.setFault(c.fault)
		n := attachReplay(t, rec, c.l1, x, c.beacon, dir)
		before := n.d.Head()
		var err error
		for range 2 { // retried: the same refusal again
			_, err = n.d.Step(context.Background())
			if !errors.Is(err, rollup.ErrBeacon) || !strings.Contains(err.Error(), c.reason) {
				t.Fatalf("%s: step: %v, want ErrBeacon with %q", c.name, err, c.reason)
			}
		}
		if after := n.d.Head(); after != before {
			t.Fatalf("%s: derived head moved %+v → %+v", c.name, before, after)
		}
		if cps, err := n.store.Load(); err != nil || len(cps) != 0 {
			t.Fatalf("%s: data folder has %d checkpoints (%v), want none", c.name, len(cps), err)
		}
		if v := n.d.Voids(); len(v) != 0 {
			t.Fatalf("%s: voided %+v", c.name, v)
		}
		t.Logf("%s: retried: %v", c.name, err)
	}
	beacon.setFault("")
	n := attachReplay(t, rec, l, x, beaconURL, t.TempDir())
	n.sync(t)
	n.checkChain(t, rec)
}
