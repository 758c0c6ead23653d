package defender

import (
	"context"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/basedsidecar/based/challenge"
	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/preconf"
)

// TestDefendL2 posts the committer's shared batch with two rollups' blocks and challenges
// a rollup promise whose tx it lists and one whose tx it does not: the first is defended
// with defendL2 (the batch's headers, read back from the inbox's events and the calldata,
// and a tx root proof), the second gets nothing sent.
func TestDefendL2(t *testing.T) {
	ctx := context.Background()
	s := newSim(t)
	const rollupA, rollupB = 167001, 167002
	inbox, err := bindings.NewRollupInbox(s.d.RollupInbox, s.sealing())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{rollupA, rollupB} {
		if _, err := inbox.RegisterRollup(s.opts(s.owner, nil), big.NewInt(id), []byte("{}")); err != nil {
			t.Fatalf("register rollup %d: %v", id, challenge.DecodeRevert(err))
		}
	}
	l2tx := func(chain int64, nonce uint64) *types.Transaction {
		id := big.NewInt(chain)
		return types.MustSignNewTx(s.sender, types.LatestSignerForChainID(id), &types.DynamicFeeTx{ChainID: id, Nonce: nonce,
			GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(3e9), Gas: 21000, To: &common.Address{0xb2}, Value: big.NewInt(1)})
	}
	var blocks []mempool.Block
	promised := l2tx(rollupA, 1)
	for _, b := range []struct {
		chain int64
		txs   []*types.Transaction
	}{{rollupA, []*types.Transaction{l2tx(rollupA, 0), promised, l2tx(rollupA, 2)}}, {rollupB, []*types.Transaction{l2tx(rollupB, 0)}}} {
		blk := mempool.Block{ChainID: big.NewInt(b.chain), FeeRecipient: addrOf(s.committer)}
		for _, tx := range b.txs {
			raw, _ := tx.MarshalBinary()
			blk.Txs = append(blk.Txs, raw)
		}
		blocks = append(blocks, blk)
	}
	env, err := mempool.EncodeBatch(blocks)
	if err != nil {
		t.Fatal(err)
	}
	var headers []bindings.RollupInboxBlockHeader
	for _, b := range blocks {
		h := b.Header(common.Hash{0x9e})
		headers = append(headers, bindings.RollupInboxBlockHeader{ChainId: h.ChainID, TxRoot: h.TxRoot, TxCount: h.TxCount, ParentHash: h.ParentHash})
	}
	s.pass(2 * time.Second)
	tx, err := inbox.ProposeBatch(s.opts(s.committer, nil), headers, env)
	if err != nil {
		t.Fatalf("proposeBatch: %v", challenge.DecodeRevert(err))
	}
	rc, err := s.cl.TransactionReceipt(ctx, tx.Hash())
	if err != nil || rc.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("batch receipt %+v (%v)", rc, err)
	}
	batchBlock, _ := s.cl.HeaderByNumber(ctx, rc.BlockNumber)

	l2promise := func(txHash common.Hash, nonce uint64) *preconf.SignedCommitment {
		c := preconf.InclusionCommitment{Slot: batchBlock.Time, ChainID: big.NewInt(rollupA), TxHash: txHash, Sender: addrOf(s.sender), Nonce: nonce,
			Committer: addrOf(s.committer), Seq: 0, Penalty: big.NewInt(2e17)}
		d := c.Digest(s.domain)
		sig, err := preconf.Sign(d, s.committer)
		if err != nil {
			t.Fatal(err)
		}
		return &preconf.SignedCommitment{Commitment: c, Digest: d, Signature: sig}
	}
	kept := l2promise(promised.Hash(), promised.Nonce())
	broken := l2promise(crypto.Keccak256Hash([]byte("not listed")), 5)
	s.pass(finality * time.Second)
	s.open(kept)
	s.open(broken)

	d, m := s.defender(s.sealing(), filepath.Join(t.TempDir(), "defender"))
	defer d.Close()
	nonceBefore, _ := s.cl.NonceAt(ctx, addrOf(s.committer), nil)
	for range 3 {
		if err := d.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.status(kept); got != challenge.StatusDefended {
		t.Fatalf("listed L2 promise: challenge %s, want %s", got, challenge.StatusDefended)
	}
	if got := s.status(broken); got != challenge.StatusOpen {
		t.Fatalf("unlisted L2 promise: challenge %s, want %s", got, challenge.StatusOpen)
	}
	if nonceAfter, _ := s.cl.NonceAt(ctx, addrOf(s.committer), nil); nonceAfter-nonceBefore != 1 {
		t.Fatalf("defences sent: %d, want 1", nonceAfter-nonceBefore)
	}
	if got := testutil.ToFloat64(m.undefendable); got != 1 {
		t.Fatalf("undefendable %v, want 1", got)
	}
	recs, _ := d.Records()
	for _, r := range recs {
		if r.Digest == kept.Digest && r.Defence != "l2" {
			t.Fatalf("kept promise defended with %q, want l2", r.Defence)
		}
	}
}

// TestNonceTakenByABatch: the committer's batch tx (a constraint of our own block) takes the
// nonce of a defence still waiting unmined; the defender sees its nonce used by another tx
// and defends again at the next nonce.
func TestNonceTakenByABatch(t *testing.T) {
	ctx := context.Background()
	s := newSim(t)
	tx := s.transfer()
	hd := s.land(tx)
	sc := s.promise(hd.Time, tx.Hash(), tx.Nonce())
	s.pass(finality * time.Second)
	s.open(sc)
	lost, _ := s.defender(dropping{s.cl}, filepath.Join(t.TempDir(), "defender"))
	if err := lost.Step(ctx); err != nil { // signed and "broadcast" into the void
		t.Fatal(err)
	}
	recs, _ := lost.Records()
	if len(recs) != 1 || len(recs[0].Sent) != 1 {
		t.Fatalf("records %+v", recs)
	}
	dir := lost.cfg.Dir
	lost.Close()
	var first types.Transaction
	_ = first.UnmarshalBinary(recs[0].Sent[0])
	// Another tx of the committer at that nonce lands first (the sequencer's batch).
	head, _ := s.cl.HeaderByNumber(ctx, nil)
	other := types.MustSignNewTx(s.committer, types.LatestSignerForChainID(s.id), &types.DynamicFeeTx{ChainID: s.id, Nonce: first.Nonce(),
		GasTipCap: big.NewInt(1e9), GasFeeCap: new(big.Int).Add(head.BaseFee, big.NewInt(2e9)), Gas: 21000, To: &common.Address{0xba}})
	s.land(other)
	d, _ := s.defender(s.sealing(), dir)
	defer d.Close()
	for range 3 {
		if err := d.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := s.status(sc); got != challenge.StatusDefended {
		t.Fatalf("challenge %s after the nonce was taken, want %s", got, challenge.StatusDefended)
	}
	recs, _ = d.Records()
	var last types.Transaction
	_ = last.UnmarshalBinary(recs[0].Sent[len(recs[0].Sent)-1])
	if last.Nonce() != first.Nonce()+1 {
		t.Fatalf("the defence that landed has nonce %d, want %d", last.Nonce(), first.Nonce()+1)
	}
}
