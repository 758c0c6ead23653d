package bindings_test

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"testing"
	"time"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/bls"
	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/simchain"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/ethereum/go-ethereum/triedb"
	"github.com/holiman/uint256"
)

var ether = big.NewInt(1e18)

// chain is a simulated go-ethereum chain that seals a block whenever a test waits for one.
type chain struct {
	sim    *simulated.Backend
	client simulated.Client
	id     *big.Int
}

func newChain(t *testing.T, funded ...common.Address) *chain {
	t.Helper()
	alloc := types.GenesisAlloc{}
	for _, a := range funded {
		alloc[a] = types.Account{Balance: new(big.Int).Mul(big.NewInt(1000), ether)}
	}
	sim := simulated.NewBackend(alloc)
	t.Cleanup(func() { _ = sim.Close() })
	id, err := sim.Client().ChainID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &chain{sim: sim, client: sim.Client(), id: id}
}

// backend seals a block on every send, so that bind.WaitMined returns at once.
type autoMine struct {
	simulated.Client
	sim *simulated.Backend
}

// The pool admits a sent tx asynchronously, so a block sealed right away may miss it:
// seal until the tx has a receipt, within a deadline.
func (a autoMine) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := a.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	_, err := simchain.Mine(ctx, a.sim, a.Client, tx.Hash())
	return err
}

func (c *chain) backend() autoMine { return autoMine{Client: c.client, sim: c.sim} }

func (c *chain) opts(t *testing.T, key string, value *big.Int) *bind.TransactOpts {
	t.Helper()
	k, _ := crypto.HexToECDSA(key)
	o, err := bind.NewKeyedTransactorWithChainID(k, c.id)
	if err != nil {
		t.Fatal(err)
	}
	o.Value = value
	return o
}

func (c *chain) mustSucceed(t *testing.T, what string, tx *types.Transaction, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	r, err := simchain.Receipt(context.Background(), c.client, tx.Hash())
	if err != nil || r.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("%s: receipt %v, %v", what, r, err)
	}
}

const (
	deployerKey   = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
	ownerKey      = "c87509a1c067bbde78beb793e6fa76530b6382a4c0241e5e4a9ec0a0f44dc0d3"
	challengerKey = "ae6ae8e5ccbfb04590405997ee2d52d2b330726137b875053c36d94e974d162f"
)

func addr(key string) common.Address {
	k, _ := crypto.HexToECDSA(key)
	return crypto.PubkeyToAddress(k.PublicKey)
}

// TestIntegrationSlasherOnSimulatedChain deploys the contracts with the Go bindings,
// registers an operator with an interop validator's BLS proof of possession, and checks that
// the slasher accepts a promise signed by preconf.Sign, defends it with a proof built from
// the chain's own block, slashes an unkept one, and defends a rollup promise with a tx root
// and Merkle proof computed by package txroot.
func TestIntegrationSlasherOnSimulatedChain(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sender := crypto.PubkeyToAddress(senderKey.PublicKey)
	committer := crypto.PubkeyToAddress(committerKey.PublicKey)
	c := newChain(t, addr(deployerKey), addr(ownerKey), addr(challengerKey), sender, committer)
	b := c.backend()

	// One-second slots from time zero: every block timestamp is its own slot.
	cfg := bindings.Config{
		MinCollateral: ether, UnregistrationDelay: 600, GenesisTime: 0, SecondsPerSlot: 1,
		FinalityDelay: 2, ChallengeWindow: 100, DefenceWindow: 100, Notice: 2,
		Bond: ether, RewardBps: 1000, LivenessBps: 2000,
	}
	d, err := bindings.Deploy(ctx, b, c.opts(t, deployerKey, nil), c.id.Uint64(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	registry, _ := bindings.NewRegistry(d.Registry, b)
	slasher, _ := bindings.NewPreconfSlasher(d.PreconfSlasher, b)

	owner := addr(ownerKey)
	pub, pop, err := bls.ProofOfPossession(bls.InteropKey(0), c.id, d.Registry, owner, committer)
	if err != nil {
		t.Fatal(err)
	}
	collateral := new(big.Int).Mul(big.NewInt(3), ether)
	tx, err := registry.Register(c.opts(t, ownerKey, collateral), committer, [][]byte{pub}, [][]byte{pop})
	c.mustSucceed(t, "register", tx, err)
	free, err := registry.FreeCollateral(&bind.CallOpts{Context: ctx}, owner)
	if err != nil || free.Cmp(collateral) != 0 {
		t.Fatalf("free collateral %v (%v), want %v", free, err, collateral)
	}

	// A tx in a real block, and the promise the committer signed for it.
	head, _ := c.client.HeaderByNumber(ctx, nil)
	signer := types.LatestSignerForChainID(c.id)
	var nonce uint64
	if nonce, err = c.client.PendingNonceAt(ctx, sender); err != nil {
		t.Fatal(err)
	}
	var sent []*types.Transaction
	for i := range uint64(3) {
		ptx := types.MustSignNewTx(senderKey, signer, &types.DynamicFeeTx{
			ChainID: c.id, Nonce: nonce + i, GasTipCap: big.NewInt(1e9), GasFeeCap: new(big.Int).Add(head.BaseFee, big.NewInt(2e9)),
			Gas: 21000, To: &common.Address{0xbe, 0xef}, Value: big.NewInt(1),
		})
		if err := c.client.SendTransaction(ctx, ptx); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, ptx)
	}
	waitPending(t, ctx, c.client, 3)
	c.sim.Commit()
	block, err := c.client.BlockByNumber(ctx, nil)
	if err != nil || len(block.Transactions()) != 3 {
		t.Fatalf("block: %v", err)
	}
	slot := block.Time()
	domain := preconf.Domain{ChainID: c.id, VerifyingContract: d.PreconfSlasher}
	promise := &preconf.InclusionCommitment{
		Slot: slot, ChainID: c.id, TxHash: sent[1].Hash(), Sender: sender, Nonce: sent[1].Nonce(),
		Committer: committer, Seq: 0, Penalty: big.NewInt(5e17),
	}
	sig, err := preconf.Sign(promise.Digest(domain), committerKey)
	if err != nil {
		t.Fatal(err)
	}
	got, err := slasher.Verify(&bind.CallOpts{Context: ctx}, onchain(promise), sig)
	if err != nil {
		t.Fatalf("slasher rejects a preconf signature: %v", err)
	}
	if got.D != promise.Digest(domain) || got.Owner != owner {
		t.Fatalf("slasher digest %x owner %s, Go digest %s owner %s", got.D, got.Owner, promise.Digest(domain), owner)
	}

	// Defend: the chain's own header and a transactions-trie proof of tx 1.
	if err := c.sim.AdjustTime(3 * time.Second); err != nil {
		t.Fatal(err)
	}
	tx, err = slasher.OpenChallenge(c.opts(t, challengerKey, ether), onchain(promise), sig)
	c.mustSucceed(t, "open challenge", tx, err)
	headerRLP, _ := rlp.EncodeToBytes(block.Header())
	proof := txProof(t, block, 1)
	tx, err = slasher.DefendL1(c.opts(t, ownerKey, nil), onchain(promise), headerRLP, big.NewInt(1), proof)
	c.mustSucceed(t, "defend", tx, err)
	ch, err := slasher.Challenges(&bind.CallOpts{Context: ctx}, promise.Digest(domain))
	if err != nil || ch.Status != 2 {
		t.Fatalf("challenge status %d (%v), want defended", ch.Status, err)
	}

	// Slash: a promise for a tx the block does not hold.
	broken := *promise
	broken.TxHash = crypto.Keccak256Hash([]byte("never sent"))
	sig, _ = preconf.Sign(broken.Digest(domain), committerKey)
	tx, err = slasher.OpenChallenge(c.opts(t, challengerKey, ether), onchain(&broken), sig)
	c.mustSucceed(t, "open challenge on a broken promise", tx, err)
	if _, err := slasher.DefendL1(c.opts(t, ownerKey, nil), onchain(&broken), headerRLP, big.NewInt(1), proof); err == nil {
		t.Fatal("another tx's proof defended a broken promise")
	}
	if err := c.sim.AdjustTime(101 * time.Second); err != nil {
		t.Fatal(err)
	}
	tx, err = slasher.Slash(c.opts(t, challengerKey, nil), onchain(&broken))
	c.mustSucceed(t, "slash", tx, err)
	owed, _ := slasher.Claimable(&bind.CallOpts{Context: ctx}, sender)
	if owed.Cmp(broken.Penalty) != 0 {
		t.Fatalf("sender can claim %v, want the penalty %v", owed, broken.Penalty)
	}
	free, _ = registry.FreeCollateral(&bind.CallOpts{Context: ctx}, owner)
	want := new(big.Int).Sub(collateral, big.NewInt(55e16)) // penalty + 10% reward
	if free.Cmp(want) != 0 {
		t.Fatalf("free collateral after slash %v, want %v", free, want)
	}

	// L2: the committer posts the shared batch that package mempool sealed from the pools of
	// two rollups (a tx of the first promised), and the slasher accepts the batch's own
	// headers and tx root proof as the defence of that rollup promise.
	inbox, _ := bindings.NewRollupInbox(d.RollupInbox, b)
	const rollup = 167001
	for _, id := range []int64{rollup, rollup + 1} {
		tx, err = inbox.RegisterRollup(c.opts(t, deployerKey, nil), big.NewInt(id), []byte("{}"))
		c.mustSucceed(t, "register rollup", tx, err)
	}
	sealed, promisedTx := sealL2Batch(t, rollup)
	var headers []bindings.RollupInboxBlockHeader
	for _, h := range sealed.Headers {
		headers = append(headers, bindings.RollupInboxBlockHeader{ChainId: h.ChainID, TxRoot: h.TxRoot, TxCount: h.TxCount, ParentHash: h.ParentHash})
	}
	committerHex := common.Bytes2Hex(crypto.FromECDSA(committerKey))
	tx, err = inbox.ProposeBatch(c.opts(t, committerHex, nil), headers, sealed.Envelope)
	c.mustSucceed(t, "propose batch", tx, err)
	r, _ := c.client.TransactionReceipt(ctx, tx.Hash())
	batchBlock, _ := c.client.HeaderByNumber(ctx, r.BlockNumber)
	if got, err := inbox.BatchHash(&bind.CallOpts{Context: ctx}, batchBlock.Time, committer); err != nil || common.Hash(got) != mempool.HeadersHash(sealed.Headers) {
		t.Fatalf("inbox batch hash %x (%v), mempool says %v", got, err, mempool.HeadersHash(sealed.Headers))
	}
	l2promise := &preconf.InclusionCommitment{
		Slot: batchBlock.Time, ChainID: big.NewInt(rollup), TxHash: promisedTx.Hash(), Sender: sender, Nonce: promisedTx.Nonce(),
		Committer: committer, Seq: 1, Penalty: big.NewInt(1e17),
	}
	sig, _ = preconf.Sign(l2promise.Digest(domain), committerKey)
	if err := c.sim.AdjustTime(3 * time.Second); err != nil {
		t.Fatal(err)
	}
	tx, err = slasher.OpenChallenge(c.opts(t, challengerKey, ether), onchain(l2promise), sig)
	c.mustSucceed(t, "open challenge on an L2 promise", tx, err)
	index, l2proof, err := sealed.Proof(big.NewInt(rollup), promisedTx.Hash())
	if err != nil {
		t.Fatal(err)
	}
	tx, err = slasher.DefendL2(c.opts(t, ownerKey, nil), onchain(l2promise), headers, big.NewInt(int64(index)), hashes(l2proof))
	c.mustSucceed(t, "defend L2", tx, err)
	ch, err = slasher.Challenges(&bind.CallOpts{Context: ctx}, l2promise.Digest(domain))
	if err != nil || ch.Status != 2 {
		t.Fatalf("L2 challenge status %d (%v), want defended", ch.Status, err)
	}
}

// l2State is the L2 state of the sealed batch's rollups: every account funded.
type l2State struct{}

func (l2State) Account(context.Context, common.Address) (mempool.Account, error) {
	return mempool.Account{Balance: uint256.NewInt(1e18)}, nil
}

// sealL2Batch fills the pools of rollups id and id+1 with transfers of senderKey and
// committerKey, promises sender's nonce 3 on rollup id, and seals the shared batch.
func sealL2Batch(t *testing.T, id int64) (*mempool.Sealed, *types.Transaction) {
	t.Helper()
	ctx := context.Background()
	var pools []*mempool.Pool
	var promised *types.Transaction
	for r, key := range []*ecdsa.PrivateKey{senderKey, committerKey} {
		chainID := big.NewInt(id + int64(r))
		cfg := *params.MergedTestChainConfig
		cfg.ChainID = chainID
		head := &types.Header{Number: big.NewInt(1), BaseFee: big.NewInt(1e9), GasLimit: 30_000_000, Difficulty: new(big.Int)}
		p, err := mempool.NewPool(mempool.PoolConfig{ChainID: chainID, ChainConfig: &cfg, GasLimit: 30_000_000}, l2State{}, head)
		if err != nil {
			t.Fatal(err)
		}
		for n := uint64(0); n < 5; n++ {
			tx := types.MustSignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{ChainID: chainID, Nonce: n,
				GasTipCap: big.NewInt(int64(1e9) * int64(5-n)), GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &common.Address{0x12}})
			if err := p.Add(ctx, []*types.Transaction{tx})[0]; err != nil {
				t.Fatal(err)
			}
			if r == 0 && n == 3 {
				promised = tx
			}
		}
		pools = append(pools, p)
	}
	if err := pools[0].Pin(promised.Hash()); err != nil {
		t.Fatal(err)
	}
	tp, err := mempool.NewTxPool(0, pools...)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := tp.Seal(common.Address{0xfe}, mempool.MaxBlobsEnvelope)
	if err != nil {
		t.Fatal(err)
	}
	return sealed, promised
}

func hashes(hs []common.Hash) [][32]byte {
	out := make([][32]byte, len(hs))
	for i, h := range hs {
		out[i] = h
	}
	return out
}

func onchain(c *preconf.InclusionCommitment) bindings.PreconfSlasherInclusionCommitment {
	return bindings.PreconfSlasherInclusionCommitment{
		Slot: c.Slot, ChainId: c.ChainID, TxHash: c.TxHash, Sender: c.Sender, Nonce: c.Nonce,
		Committer: c.Committer, Seq: c.Seq, Penalty: c.Penalty,
	}
}

func txProof(t *testing.T, block *types.Block, index uint64) [][]byte {
	t.Helper()
	tr := trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil))
	for i, tx := range block.Transactions() {
		k, _ := rlp.EncodeToBytes(uint64(i))
		v, _ := tx.MarshalBinary()
		if err := tr.Update(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if tr.Hash() != block.TxHash() {
		t.Fatal("tx trie root differs from the header's")
	}
	var p proofList
	k, _ := rlp.EncodeToBytes(index)
	if err := tr.Prove(k, &p); err != nil {
		t.Fatal(err)
	}
	out := make([][]byte, len(p))
	for i := range p {
		out[i] = p[i]
	}
	return out
}

// pendingCounter is the part of the simulated client that counts pending txs.
type pendingCounter interface {
	PendingTransactionCount(ctx context.Context) (uint, error)
}

// waitPending waits until the pool holds n executable txs: the pool admits sent
// txs asynchronously, and a block sealed before that would miss some.
func waitPending(t *testing.T, ctx context.Context, c pendingCounter, n uint) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := c.PendingTransactionCount(ctx)
		if err == nil && got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("pool holds %d pending txs (err %v), want %d", got, err, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
