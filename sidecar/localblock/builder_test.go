package localblock_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"log/slog"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/holiman/uint256"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/localblock"
)

var gwei = big.NewInt(1e9)

// fixedConstraints are the constraints of every slot.
type fixedConstraints []localblock.Constraint

func (f fixedConstraints) Constraints(uint64) []localblock.Constraint { return f }

// laterNonces are nonces promised for later slots, the same for every slot.
type laterNonces map[common.Address]uint64

func (l laterNonces) LaterNonces(uint64) map[common.Address]uint64 { return l }

func keys(t testing.TB, n int) []*ecdsa.PrivateKey {
	t.Helper()
	out := make([]*ecdsa.PrivateKey, n)
	for i := range out {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		out[i] = k
	}
	return out
}

// signer makes the transactions of the tests.
type signer struct {
	chainID *big.Int
	to      common.Address
}

func (s signer) transfer(t testing.TB, k *ecdsa.PrivateKey, nonce uint64, tip int64) *types.Transaction {
	t.Helper()
	tx, err := types.SignNewTx(k, types.LatestSignerForChainID(s.chainID), &types.DynamicFeeTx{
		ChainID: s.chainID, Nonce: nonce, GasTipCap: new(big.Int).Mul(big.NewInt(tip), gwei), GasFeeCap: new(big.Int).Mul(big.NewInt(100+tip), gwei),
		Gas: 21000, To: &s.to, Value: big.NewInt(1),
	})
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func (s signer) blob(t testing.TB, k *ecdsa.PrivateKey, nonce uint64) *types.Transaction {
	t.Helper()
	var blob kzg4844.Blob
	for i := 0; i < len(blob); i += 32 {
		blob[i+1] = byte(i / 32) // each field element below the modulus
	}
	c, err := kzg4844.BlobToCommitment(&blob)
	if err != nil {
		t.Fatal(err)
	}
	proofs, err := kzg4844.ComputeCellProofs(&blob)
	if err != nil {
		t.Fatal(err)
	}
	sc := types.NewBlobTxSidecar(types.BlobSidecarVersion1, []kzg4844.Blob{blob}, []kzg4844.Commitment{c}, proofs)
	tx, err := types.SignNewTx(k, types.LatestSignerForChainID(s.chainID), &types.BlobTx{
		ChainID: uint256.MustFromBig(s.chainID), Nonce: nonce, GasTipCap: uint256.NewInt(2e9), GasFeeCap: uint256.NewInt(100e9),
		Gas: 21000, To: s.to, Value: uint256.NewInt(1), BlobFeeCap: uint256.NewInt(1e9), BlobHashes: sc.BlobHashes(), Sidecar: sc,
	})
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func (s signer) setCode(t testing.TB, k *ecdsa.PrivateKey, nonce uint64) *types.Transaction {
	t.Helper()
	auth, err := types.SignSetCode(k, types.SetCodeAuthorization{ChainID: *uint256.MustFromBig(s.chainID), Address: common.HexToAddress("0x7702"), Nonce: nonce + 1})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := types.SignNewTx(k, types.LatestSignerForChainID(s.chainID), &types.SetCodeTx{
		ChainID: uint256.MustFromBig(s.chainID), Nonce: nonce, GasTipCap: uint256.NewInt(2e9), GasFeeCap: uint256.NewInt(100e9),
		Gas: 60000, To: s.to, Value: uint256.NewInt(1), AuthList: []types.SetCodeAuthorization{auth},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func raw(t testing.TB, tx *types.Transaction) []byte {
	t.Helper()
	b, err := tx.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func constraint(t testing.TB, tx *types.Transaction) localblock.Constraint {
	return localblock.Constraint{TxHash: tx.Hash(), Raw: raw(t, tx)}
}

func randomHash() common.Hash {
	var h common.Hash
	_, _ = rand.Read(h[:])
	return h
}

// attrsOn are the attributes of the child of parent.
func attrsOn(parent *types.Header, fee common.Address) localblock.Attributes {
	return localblock.Attributes{
		Slot: parent.Number.Uint64() + 1, ParentHash: parent.Hash(), Timestamp: parent.Time + 12, PrevRandao: randomHash(),
		ParentBeaconRoot: randomHash(), FeeRecipient: fee, GasLimit: 60_000_000,
		Withdrawals: []*types.Withdrawal{{Index: 0, Validator: 1, Address: common.HexToAddress("0x77"), Amount: 1}},
	}
}

// TestIntegrationGethBlockHoldsPromises builds our block on a real geth: the
// promised transactions (two senders with consecutive nonces, a blob tx with
// cell proofs, an EIP-7702 tx) open it in promise order, a void promise and
// one whose nonce is already spent are left out with their reasons, the
// mempool fills the rest by tip, engine_newPayloadV4 says VALID, and once
// made head the chain holds the block with those receipts.
func TestIntegrationGethBlockHoldsPromises(t *testing.T) {
	if testing.Short() {
		t.Skip("needs geth")
	}
	ks := keys(t, 8)
	g := startGeth(t, ks)
	s := signer{chainID: g.chainID, to: common.HexToAddress("0xaa")}
	a, b, c, d, spent, p1, p2, p3 := ks[0], ks[1], ks[2], ks[3], ks[4], ks[5], ks[6], ks[7]
	promised := []*types.Transaction{s.transfer(t, a, 0, 1), s.transfer(t, b, 0, 1), s.transfer(t, a, 1, 1), s.blob(t, c, 0), s.setCode(t, d, 0)}
	voided := s.transfer(t, b, 1, 1)
	spentTx := s.transfer(t, spent, 0, 1) // spent's nonce 0 goes to another tx first (below)
	spentOther := s.transfer(t, spent, 0, 3)
	cons := fixedConstraints{
		constraint(t, promised[0]), constraint(t, promised[1]),
		{TxHash: voided.Hash(), Raw: raw(t, voided), Void: "sender nonce 1 used on chain"},
		constraint(t, promised[2]), constraint(t, spentTx), constraint(t, promised[3]), constraint(t, promised[4]),
	}
	// Mempool: the promised a/0 and a/1 broadcast too, a's next nonce, and
	// others at several tips. spentTx's nonce is spent by spentOther in the
	// block before.
	pool := []*types.Transaction{promised[0], s.transfer(t, a, 2, 9), promised[2], s.transfer(t, p1, 0, 2), s.transfer(t, p1, 1, 7), s.transfer(t, p2, 0, 5), s.transfer(t, p3, 0, 1)}
	reg := prometheus.NewRegistry()
	bl := localblock.NewBuilder(g.eth, g.engine, fixedConstraints{constraint(t, spentOther)}, []byte("based"), reg, slog.New(slog.DiscardHandler))
	ctx := context.Background()
	// Block 1: only spentOther, so that spentTx's nonce is spent on chain.
	first, err := bl.Build(ctx, attrsOn(g.genesis, common.HexToAddress("0xfee")))
	if err != nil {
		t.Fatal(err)
	}
	makeHead(t, g, first)
	parent := header(t, g, "latest")
	g.send(t, rawsOf(t, pool))

	bl = localblock.NewBuilder(g.eth, g.engine, cons, []byte("based"), prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	bl.KeepLater(laterNonces{crypto.PubkeyToAddress(p1.PublicKey): 1}) // p1's nonce 1 is promised for a later slot
	fee := common.HexToAddress("0xfee2")
	blk, err := bl.Build(ctx, attrsOn(parent, fee))
	if err != nil {
		t.Fatal(err)
	}
	want := []common.Hash{promised[0].Hash(), promised[1].Hash(), promised[2].Hash(), promised[3].Hash(), promised[4].Hash()}
	// Then the pool by effective tip, nonce order per sender: a/2 (9), p2/0 (5), p1/0 (2), p3/0 (1);
	// p1/1 (7) waits for the later slot it is promised for.
	want = append(want, pool[1].Hash(), pool[5].Hash(), pool[3].Hash(), pool[6].Hash())
	got := hashes(t, blk.Payload.Transactions)
	if !equal(got, want) {
		t.Fatalf("block transactions:\n got %v\nwant %v", got, want)
	}
	if blk.Constraints != 5 || len(blk.LeftOut) != 2 {
		t.Fatalf("constraints %d, left out %+v", blk.Constraints, blk.LeftOut)
	}
	reasons := map[common.Hash]string{}
	for _, l := range blk.LeftOut {
		reasons[l.TxHash] = l.Reason
	}
	if !strings.HasPrefix(reasons[voided.Hash()], "void") || !strings.Contains(reasons[spentTx.Hash()], "eth_simulateV1 code -38010") {
		t.Errorf("left-out reasons %v", reasons)
	}
	if len(blk.Blobs.Blobs) != 1 || len(blk.Blobs.Proofs) != 128 || len(blk.VersionedHashes) != 1 || blk.VersionedHashes[0] != promised[3].BlobHashes()[0] {
		t.Errorf("blobs bundle: %d blobs, %d proofs, hashes %v", len(blk.Blobs.Blobs), len(blk.Blobs.Proofs), blk.VersionedHashes)
	}
	if blk.Value.Sign() <= 0 || string(blk.Payload.ExtraData) != "based" || blk.Payload.FeeRecipient != fee {
		t.Errorf("value %v, extra %q, fee recipient %s", blk.Value, blk.Payload.ExtraData, blk.Payload.FeeRecipient)
	}
	// On chain: the block becomes head and every promised tx succeeded.
	before := balance(t, g, fee, parent.Hash())
	makeHead(t, g, blk)
	head := header(t, g, "latest")
	if head.Hash() != blk.Payload.BlockHash {
		t.Fatalf("head %s, want our block %s", head.Hash(), blk.Payload.BlockHash)
	}
	for i, h := range want[:5] {
		var r *types.Receipt
		if err := g.eth.Call(&r, "eth_getTransactionReceipt", h); err != nil || r == nil || r.Status != 1 || r.TransactionIndex != uint(i) || r.BlockHash != head.Hash() {
			t.Errorf("promised tx %d: receipt %+v %v", i, r, err)
		}
	}
	if got := new(big.Int).Sub(balance(t, g, fee, head.Hash()), before); got.Cmp(blk.Value) != 0 {
		t.Errorf("fee recipient received %v, bid value %v", got, blk.Value)
	}
	// A parent that is not geth's head cannot be built on.
	if _, err := bl.Build(ctx, attrsOn(parent, fee)); !errors.Is(err, localblock.ErrParentNotHead) {
		t.Errorf("build on an old parent: %v, want ErrParentNotHead", err)
	}
}

func rawsOf(t testing.TB, txs []*types.Transaction) [][]byte {
	out := make([][]byte, len(txs))
	for i, tx := range txs {
		out[i] = raw(t, tx)
	}
	return out
}

func hashes(t testing.TB, raws [][]byte) []common.Hash {
	t.Helper()
	out := make([]common.Hash, len(raws))
	for i, r := range raws {
		var tx types.Transaction
		if err := tx.UnmarshalBinary(r); err != nil {
			t.Fatal(err)
		}
		out[i] = tx.Hash()
	}
	return out
}

func equal(a, b []common.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func header(t testing.TB, g *gethNode, tag string) *types.Header {
	t.Helper()
	var h *types.Header
	if err := g.eth.Call(&h, "eth_getBlockByNumber", tag, false); err != nil || h == nil {
		t.Fatalf("header %s: %v", tag, err)
	}
	return h
}

func balance(t testing.TB, g *gethNode, a common.Address, at common.Hash) *big.Int {
	t.Helper()
	var b hexBig
	if err := g.eth.Call(&b, "eth_getBalance", a, at); err != nil {
		t.Fatal(err)
	}
	return (*big.Int)(&b)
}

type hexBig big.Int

func (h *hexBig) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok {
		return errors.New("bad quantity")
	}
	*h = hexBig(*v)
	return nil
}

// makeHead makes blk the head with engine_forkchoiceUpdatedV3 (no attributes).
func makeHead(t testing.TB, g *gethNode, blk *localblock.Block) {
	t.Helper()
	h := blk.Payload.BlockHash
	var res engine.ForkChoiceResponse
	if err := g.engine.Call(&res, "engine_forkchoiceUpdatedV3", engine.ForkchoiceStateV1{HeadBlockHash: h, SafeBlockHash: h, FinalizedBlockHash: h}, nil); err != nil {
		t.Fatal(err)
	}
	if res.PayloadStatus.Status != engine.VALID {
		t.Fatalf("forkchoice: %+v", res.PayloadStatus)
	}
}

// TestIntegrationGethFillsPoolBlobs builds on a real geth whose pool holds a
// blob tx (with cell proofs) and a transfer: with blob room the blob tx goes
// in by its tip with its blobs and cell proofs in the bundle (VALID, as every
// build); with no room, or room only for a promised blob tx's own blob, it
// stays out and the transfer still goes in.
func TestIntegrationGethFillsPoolBlobs(t *testing.T) {
	if testing.Short() {
		t.Skip("needs geth")
	}
	ks := keys(t, 4)
	g := startGeth(t, ks)
	s := signer{chainID: g.chainID, to: common.HexToAddress("0xaa")}
	promised, promisedBlob := s.transfer(t, ks[0], 0, 1), s.blob(t, ks[3], 0)
	poolBlob, poolTransfer := s.blob(t, ks[1], 0), s.transfer(t, ks[2], 0, 1) // tips 2 and 1 gwei
	g.send(t, rawsOf(t, []*types.Transaction{poolBlob, poolTransfer}))
	parent := header(t, g, "latest")
	ctx := context.Background()
	for _, tc := range []struct {
		name      string
		cons      fixedConstraints
		maxBlobs  func(uint64) int
		want      []common.Hash
		wantBlobs []common.Hash
	}{
		{"blob room", fixedConstraints{constraint(t, promised)}, func(uint64) int { return 6 },
			[]common.Hash{promised.Hash(), poolBlob.Hash(), poolTransfer.Hash()}, poolBlob.BlobHashes()},
		{"no blob fill", fixedConstraints{constraint(t, promised)}, nil,
			[]common.Hash{promised.Hash(), poolTransfer.Hash()}, nil},
		{"room taken by a promised blob", fixedConstraints{constraint(t, promised), constraint(t, promisedBlob)}, func(uint64) int { return 1 },
			[]common.Hash{promised.Hash(), promisedBlob.Hash(), poolTransfer.Hash()}, promisedBlob.BlobHashes()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bl := localblock.NewBuilder(g.eth, g.engine, tc.cons, []byte("based"), prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
			if tc.maxBlobs != nil {
				bl.FillBlobs(tc.maxBlobs)
			}
			blk, err := bl.Build(ctx, attrsOn(parent, common.HexToAddress("0xfee")))
			if err != nil {
				t.Fatal(err)
			}
			if got := hashes(t, blk.Payload.Transactions); !equal(got, tc.want) {
				t.Fatalf("block transactions:\n got %v\nwant %v", got, tc.want)
			}
			if !equal(blk.VersionedHashes, tc.wantBlobs) || len(blk.Blobs.Blobs) != len(tc.wantBlobs) || len(blk.Blobs.Proofs) != 128*len(tc.wantBlobs) {
				t.Fatalf("blobs: hashes %v (want %v), %d blobs, %d proofs", blk.VersionedHashes, tc.wantBlobs, len(blk.Blobs.Blobs), len(blk.Blobs.Proofs))
			}
		})
	}
}
