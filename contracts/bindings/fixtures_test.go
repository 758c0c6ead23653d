package bindings_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/basedsidecar/based/contracts/bls"
	"github.com/basedsidecar/based/preconf"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/rawdb"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/gethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/ethdb/memorydb"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/ethereum/go-ethereum/triedb"
	"github.com/holiman/uint256"
)

var update = flag.Bool("update", false, "regenerate contracts/test/fixtures from a simulated chain")

const fixturePath = "../test/fixtures/l1.json"

// Addresses the forge tests deploy at: the forge test contract creates the Registry, the
// RollupInbox and the PreconfSlasher with its nonces 1, 2 and 3.
var (
	forgeTestContract = common.HexToAddress("0x7FA9385bE102ac3EAc297483Dd6233D62b3e1496")
	forgeRegistry     = crypto.CreateAddress(forgeTestContract, 1)
	forgeSlasher      = crypto.CreateAddress(forgeTestContract, 3)
	fixtureOwner      = common.HexToAddress("0x00000000000000000000000000000000000a11ce")
)

// Fixed, test-only keys: the committer that signs promises and the wallet that sends txs.
var (
	committerKey, _ = crypto.HexToECDSA("8a1f9a8f95be41cd7ccb6168179afb4504aefe388d1e14474d32c45c72ce7b7a")
	senderKey, _    = crypto.HexToECDSA("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
)

const (
	fixtureSlot    = 100
	secondsPerSlot = 12
	promisedIndex  = 13
	txCount        = 20
)

type promiseJSON struct {
	Slot      uint64         `json:"slot"`
	ChainID   *hexutil.Big   `json:"chainId"`
	TxHash    common.Hash    `json:"txHash"`
	Sender    common.Address `json:"sender"`
	Nonce     uint64         `json:"nonce"`
	Committer common.Address `json:"committer"`
	Seq       uint64         `json:"seq"`
	Penalty   *hexutil.Big   `json:"penalty"`
	Digest    common.Hash    `json:"digest"`
	Signature hexutil.Bytes  `json:"signature"`
}

type popJSON struct {
	Index  uint64        `json:"index"`
	Pubkey hexutil.Bytes `json:"pubkey"`
	Pop    hexutil.Bytes `json:"pop"`
}

// fixture is what contracts/test/fixtures/l1.json holds; the forge tests read it by key.
type fixture struct {
	ChainID         uint64          `json:"chainId"`
	Registry        common.Address  `json:"registry"`
	Slasher         common.Address  `json:"slasher"`
	Owner           common.Address  `json:"owner"`
	Committer       common.Address  `json:"committer"`
	HistoryCode     hexutil.Bytes   `json:"historyCode"`
	BeaconRootsCode hexutil.Bytes   `json:"beaconRootsCode"`
	Slot            uint64          `json:"slot"`
	GenesisTime     uint64          `json:"genesisTime"`
	BlockNumber     uint64          `json:"blockNumber"`
	BlockHash       common.Hash     `json:"blockHash"`
	Timestamp       uint64          `json:"timestamp"`
	BeaconRoot      common.Hash     `json:"beaconRoot"`
	Header          hexutil.Bytes   `json:"header"`
	TxIndex         uint64          `json:"txIndex"`
	Tx              hexutil.Bytes   `json:"tx"`
	TxProof         []hexutil.Bytes `json:"txProof"`
	AccountNonce    uint64          `json:"accountNonce"`
	AccountProof    []hexutil.Bytes `json:"accountProof"`
	Included        promiseJSON     `json:"included"` // tx in the slot's block
	Missing         promiseJSON     `json:"missing"`  // a tx the block does not hold
	Void            promiseJSON     `json:"void"`     // a nonce spent before the next slot
	Pops            []popJSON       `json:"pops"`     // interop validators 0 and 1
	// The balance defence: the slot block's parent, the sender's account in its state, and
	// txs of every type signed by the sender (not sent) with their max cost; the last one
	// costs more than the sender's balance there.
	ParentHeader       hexutil.Bytes   `json:"parentHeader"`
	ParentAccountProof []hexutil.Bytes `json:"parentAccountProof"`
	ParentBalance      *hexutil.Big    `json:"parentBalance"`
	CostTxs            []costTxJSON    `json:"costTxs"`
	Run                runJSON         `json:"run"`
}

// runJSON is defendBalanceRun's side: txs of every type the sender signed for its nonces
// from its nonce in the parent state on (not sent), each worth 0.2 ETH, and challenged txs
// after them. AfterOne (nonce 1), AfterThree (nonce 3) and AfterAll (nonce 4) each fit the
// parent balance alone but not after the txs before them; Covered (nonce 4) fits after all. Other is a
// tx for nonce 1 signed by another key.
type runJSON struct {
	Txs         []costTxJSON   `json:"txs"` // nonces 0..3: EIP-155 legacy, 2930, 4844, 7702
	AfterOne    costTxJSON     `json:"afterOne"`
	AfterThree  costTxJSON     `json:"afterThree"`
	AfterAll    costTxJSON     `json:"afterAll"`
	Covered     costTxJSON     `json:"covered"`
	Other       costTxJSON     `json:"other"`
	OtherSender common.Address `json:"otherSender"`
}

type costTxJSON struct {
	Raw  hexutil.Bytes `json:"raw"` // canonical encoding (a blob tx without its blobs)
	Cost *hexutil.Big  `json:"cost"`
}

type proofList []hexutil.Bytes

func (l *proofList) Put(_ []byte, v []byte) error { *l = append(*l, common.CopyBytes(v)); return nil }
func (l *proofList) Delete([]byte) error          { return nil }

// TestFixtures checks the committed forge fixtures against go-ethereum (header hash,
// transactions-trie and account proofs, promise digests and signatures, BLS proofs of
// possession); with -update it first regenerates them from a simulated chain.
func TestFixtures(t *testing.T) {
	if *update {
		writeFixtures(t)
	}
	raw, err := os.ReadFile(fixturePath)
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	if crypto.Keccak256Hash(f.Header) != f.BlockHash {
		t.Fatal("header does not hash to the block hash")
	}
	var h types.Header
	if err := rlp.DecodeBytes(f.Header, &h); err != nil {
		t.Fatal(err)
	}
	if h.Number.Uint64() != f.BlockNumber || h.Time != f.Timestamp || f.GenesisTime+f.Slot*secondsPerSlot != h.Time {
		t.Fatalf("header number %d time %d does not match slot %d", h.Number, h.Time, f.Slot)
	}
	key, _ := rlp.EncodeToBytes(f.TxIndex)
	val, err := trie.VerifyProof(h.TxHash, key, proofDB(f.TxProof))
	if err != nil || crypto.Keccak256Hash(val) != f.Included.TxHash {
		t.Fatalf("tx proof: %v", err)
	}
	acc, err := trie.VerifyProof(h.Root, crypto.Keccak256(f.Included.Sender[:]), proofDB(f.AccountProof))
	if err != nil {
		t.Fatalf("account proof: %v", err)
	}
	var account types.StateAccount
	if err := rlp.DecodeBytes(acc, &account); err != nil || account.Nonce != f.AccountNonce || account.Nonce <= f.Void.Nonce {
		t.Fatalf("account nonce %d (%v), want %d > %d", account.Nonce, err, f.AccountNonce, f.Void.Nonce)
	}
	domain := preconf.Domain{ChainID: new(big.Int).SetUint64(f.ChainID), VerifyingContract: f.Slasher}
	for name, p := range map[string]promiseJSON{"included": f.Included, "missing": f.Missing, "void": f.Void} {
		c := p.commitment()
		if c.Digest(domain) != p.Digest {
			t.Errorf("%s: digest %s, Go computes %s", name, p.Digest, c.Digest(domain))
		}
		signer, err := preconf.Recover(p.Digest, p.Signature)
		if err != nil || signer != f.Committer {
			t.Errorf("%s: signer %s (%v), want %s", name, signer, err, f.Committer)
		}
	}
	if crypto.Keccak256Hash(f.ParentHeader) != h.ParentHash {
		t.Fatal("parent header does not hash to the block's parent hash")
	}
	var ph types.Header
	if err := rlp.DecodeBytes(f.ParentHeader, &ph); err != nil {
		t.Fatal(err)
	}
	pacc, err := trie.VerifyProof(ph.Root, crypto.Keccak256(f.Included.Sender[:]), proofDB(f.ParentAccountProof))
	if err != nil {
		t.Fatalf("parent account proof: %v", err)
	}
	var parentAccount types.StateAccount
	if err := rlp.DecodeBytes(pacc, &parentAccount); err != nil || parentAccount.Balance.ToBig().Cmp(f.ParentBalance.ToInt()) != 0 {
		t.Fatalf("parent balance %v (%v), fixture says %v", parentAccount.Balance, err, f.ParentBalance)
	}
	for i, ct := range f.CostTxs {
		var tx types.Transaction
		if err := tx.UnmarshalBinary(ct.Raw); err != nil || tx.Cost().Cmp(ct.Cost.ToInt()) != 0 {
			t.Fatalf("cost tx %d: cost %v (%v), fixture says %v", i, tx.Cost(), err, ct.Cost)
		}
		if from, err := types.LatestSignerForChainID(new(big.Int).SetUint64(f.ChainID)).Sender(&tx); err != nil || from != f.Included.Sender {
			t.Fatalf("cost tx %d: sender %s (%v)", i, from, err)
		}
	}
	if last := f.CostTxs[len(f.CostTxs)-1]; last.Cost.ToInt().Cmp(f.ParentBalance.ToInt()) <= 0 {
		t.Fatal("the last cost tx is affordable")
	}
	checkRun(t, &f, parentAccount.Nonce)
	for _, p := range f.Pops {
		pub, pop, err := bls.ProofOfPossession(bls.InteropKey(p.Index), new(big.Int).SetUint64(f.ChainID), f.Registry, f.Owner, f.Committer)
		if err != nil || !equalBytes(pub, p.Pubkey) || !equalBytes(pop, p.Pop) {
			t.Errorf("pop %d differs from the interop key's (%v)", p.Index, err)
		}
	}
}

// checkRun checks the run fixture with go-ethereum: senders, nonces and costs, and that the
// challenged txs fit the parent balance alone but not after the run (Covered: after it too).
func checkRun(t *testing.T, f *fixture, parentNonce uint64) {
	t.Helper()
	signer := types.LatestSignerForChainID(new(big.Int).SetUint64(f.ChainID))
	decode := func(name string, ct costTxJSON, from common.Address, nonce uint64) *big.Int {
		var tx types.Transaction
		if err := tx.UnmarshalBinary(ct.Raw); err != nil {
			t.Fatalf("run %s: %v", name, err)
		}
		if got, err := signer.Sender(&tx); err != nil || got != from {
			t.Fatalf("run %s: sender %s (%v), want %s", name, got, err, from)
		}
		if tx.Nonce() != nonce || tx.Cost().Cmp(ct.Cost.ToInt()) != 0 || tx.ChainId().Uint64() != f.ChainID {
			t.Fatalf("run %s: nonce %d cost %v chain %v, fixture says nonce %d cost %v", name, tx.Nonce(), tx.Cost(), tx.ChainId(), nonce, ct.Cost)
		}
		return tx.Cost()
	}
	r := f.Run
	sender := f.Included.Sender
	bal := f.ParentBalance.ToInt()
	sum := new(big.Int)
	for i, ct := range r.Txs {
		sum.Add(sum, decode(fmt.Sprintf("tx %d", i), ct, sender, parentNonce+uint64(i)))
	}
	first := decode("tx 0", r.Txs[0], sender, parentNonce)
	one := decode("afterOne", r.AfterOne, sender, parentNonce+1)
	three := decode("afterThree", r.AfterThree, sender, parentNonce+3)
	firstThree := new(big.Int).Sub(sum, decode("tx 3", r.Txs[3], sender, parentNonce+3))
	if three.Cmp(bal) > 0 || new(big.Int).Add(firstThree, three).Cmp(bal) <= 0 {
		t.Fatal("afterThree: must fit the balance alone and not after txs 0 to 2")
	}
	all := decode("afterAll", r.AfterAll, sender, parentNonce+uint64(len(r.Txs)))
	covered := decode("covered", r.Covered, sender, parentNonce+uint64(len(r.Txs)))
	decode("other", r.Other, r.OtherSender, parentNonce+1)
	if one.Cmp(bal) > 0 || new(big.Int).Add(first, one).Cmp(bal) <= 0 {
		t.Fatal("afterOne: must fit the balance alone and not after tx 0")
	}
	if all.Cmp(bal) > 0 || new(big.Int).Add(sum, all).Cmp(bal) <= 0 {
		t.Fatal("afterAll: must fit the balance alone and not after the run")
	}
	if new(big.Int).Add(sum, covered).Cmp(bal) > 0 {
		t.Fatal("covered: must fit the balance after the run")
	}
}

func equalBytes(a, b []byte) bool { return string(a) == string(b) }

func (p promiseJSON) commitment() *preconf.InclusionCommitment {
	return &preconf.InclusionCommitment{
		Slot: p.Slot, ChainID: p.ChainID.ToInt(), TxHash: p.TxHash, Sender: p.Sender, Nonce: p.Nonce,
		Committer: p.Committer, Seq: p.Seq, Penalty: p.Penalty.ToInt(),
	}
}

func proofDB(nodes []hexutil.Bytes) *memorydb.Database {
	db := memorydb.New()
	for _, n := range nodes {
		_ = db.Put(crypto.Keccak256(n), n)
	}
	return db
}

func signPromise(t *testing.T, c *preconf.InclusionCommitment, d preconf.Domain, key *ecdsa.PrivateKey) promiseJSON {
	t.Helper()
	digest := c.Digest(d)
	sig, err := preconf.Sign(digest, key)
	if err != nil {
		t.Fatal(err)
	}
	return promiseJSON{
		Slot: c.Slot, ChainID: (*hexutil.Big)(c.ChainID), TxHash: c.TxHash, Sender: c.Sender, Nonce: c.Nonce,
		Committer: c.Committer, Seq: c.Seq, Penalty: (*hexutil.Big)(c.Penalty), Digest: digest, Signature: sig,
	}
}

// otherKey signs the run's tx of another sender and the authorization of its 7702 tx.
var otherKey, _ = crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")

// runTxs signs the run fixture's txs: from nonce (the sender's in the parent state) one of
// every type worth 0.2 ETH, then the challenged ones (see runJSON).
func runTxs(t *testing.T, chainID *big.Int, nonce uint64, balance *big.Int) runJSON {
	t.Helper()
	signer := types.LatestSignerForChainID(chainID)
	to := common.Address{0xbe, 0xef}
	fee := big.NewInt(3e9)
	tenth := big.NewInt(1e17)
	part := new(big.Int).Mul(big.NewInt(2), tenth)
	auth, err := types.SignSetCode(otherKey, types.SetCodeAuthorization{ChainID: *uint256.MustFromBig(chainID), Address: to, Nonce: 0})
	if err != nil {
		t.Fatal(err)
	}
	sign := func(k *ecdsa.PrivateKey, inner types.TxData) costTxJSON {
		tx := types.MustSignNewTx(k, signer, inner)
		raw, err := tx.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return costTxJSON{Raw: raw, Cost: (*hexutil.Big)(tx.Cost())}
	}
	dyn := func(n uint64, value *big.Int) *types.DynamicFeeTx {
		return &types.DynamicFeeTx{ChainID: chainID, Nonce: n, GasTipCap: big.NewInt(1e9), GasFeeCap: fee, Gas: 21000, To: &to, Value: value}
	}
	var r runJSON
	for _, inner := range []types.TxData{
		&types.LegacyTx{Nonce: nonce, GasPrice: fee, Gas: 21000, To: &to, Value: part},
		&types.AccessListTx{ChainID: chainID, Nonce: nonce + 1, GasPrice: fee, Gas: 30000, To: &to, Value: part,
			AccessList: types.AccessList{{Address: to, StorageKeys: []common.Hash{{1}}}}},
		&types.BlobTx{ChainID: uint256.MustFromBig(chainID), Nonce: nonce + 2, GasTipCap: uint256.NewInt(1e9), GasFeeCap: uint256.MustFromBig(fee),
			Gas: 21000, To: to, Value: uint256.MustFromBig(part), BlobFeeCap: uint256.NewInt(5e9), BlobHashes: []common.Hash{{0x01, 3}}},
		&types.SetCodeTx{ChainID: uint256.MustFromBig(chainID), Nonce: nonce + 3, GasTipCap: uint256.NewInt(1e9), GasFeeCap: uint256.MustFromBig(fee),
			Gas: 60000, To: to, Value: uint256.MustFromBig(part), AuthList: []types.SetCodeAuthorization{auth}},
	} {
		r.Txs = append(r.Txs, sign(senderKey, inner))
	}
	// What the balance leaves after tx 0 and after the whole run, in round tenths.
	r.AfterOne = sign(senderKey, dyn(nonce+1, new(big.Int).Sub(balance, tenth)))
	r.AfterThree = sign(senderKey, dyn(nonce+3, new(big.Int).Mul(big.NewInt(5), tenth)))
	r.AfterAll = sign(senderKey, dyn(nonce+4, new(big.Int).Mul(big.NewInt(3), tenth)))
	r.Covered = sign(senderKey, dyn(nonce+4, big.NewInt(7)))
	r.Other = sign(otherKey, &types.LegacyTx{Nonce: nonce + 1, GasPrice: fee, Gas: 21000, To: &to, Value: part})
	r.OtherSender = crypto.PubkeyToAddress(otherKey.PublicKey)
	return r
}

// writeFixtures runs a simulated chain, puts txCount txs of one sender in a block, and
// writes that block's header, a transactions-trie proof, an account proof and signed promises.
func writeFixtures(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	sender := crypto.PubkeyToAddress(senderKey.PublicKey)
	committer := crypto.PubkeyToAddress(committerKey.PublicKey)
	ipc := filepath.Join(t.TempDir(), "sim.ipc")
	sim := simulated.NewBackend(types.GenesisAlloc{sender: {Balance: big.NewInt(1e18)}},
		func(nc *node.Config, _ *ethconfig.Config) { nc.IPCPath = ipc })
	defer sim.Close()
	client := sim.Client()
	chainID, err := client.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	head, err := client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(chainID)
	for i := range uint64(txCount) {
		tx := types.MustSignNewTx(senderKey, signer, &types.DynamicFeeTx{
			ChainID: chainID, Nonce: i, GasTipCap: big.NewInt(1e9), GasFeeCap: new(big.Int).Add(head.BaseFee, big.NewInt(2e9)),
			Gas: 21000, To: &common.Address{0xbe, 0xef}, Value: big.NewInt(int64(i) + 1),
		})
		if err := client.SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
	waitPending(t, ctx, client, txCount)
	sim.Commit()
	block, err := client.BlockByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(block.Transactions()) != txCount {
		t.Fatalf("block holds %d txs, want %d", len(block.Transactions()), txCount)
	}
	header := block.Header()
	headerRLP, err := rlp.EncodeToBytes(header)
	if err != nil {
		t.Fatal(err)
	}

	tr := trie.NewEmpty(triedb.NewDatabase(rawdb.NewMemoryDatabase(), nil))
	for i, tx := range block.Transactions() {
		k, _ := rlp.EncodeToBytes(uint64(i))
		v, err := tx.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Update(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if tr.Hash() != header.TxHash {
		t.Fatalf("rebuilt tx root %s, header has %s", tr.Hash(), header.TxHash)
	}
	var txProof proofList
	k, _ := rlp.EncodeToBytes(uint64(promisedIndex))
	if err := tr.Prove(k, &txProof); err != nil {
		t.Fatal(err)
	}
	promised := block.Transactions()[promisedIndex]
	promisedRaw, _ := promised.MarshalBinary()

	rc, err := rpc.DialContext(ctx, ipc)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	res, err := gethclient.New(rc).GetProof(ctx, sender, nil, block.Number())
	if err != nil {
		t.Fatal(err)
	}
	var accountProof []hexutil.Bytes
	for _, n := range res.AccountProof {
		accountProof = append(accountProof, common.FromHex(n))
	}

	domain := preconf.Domain{ChainID: chainID, VerifyingContract: forgeSlasher}
	penalty := big.NewInt(5e17)
	f := fixture{
		ChainID: chainID.Uint64(), Registry: forgeRegistry, Slasher: forgeSlasher, Owner: fixtureOwner, Committer: committer,
		HistoryCode: params.HistoryStorageCode, BeaconRootsCode: params.BeaconRootsCode,
		Slot: fixtureSlot, GenesisTime: header.Time - fixtureSlot*secondsPerSlot,
		BlockNumber: header.Number.Uint64(), BlockHash: block.Hash(), Timestamp: header.Time, BeaconRoot: *header.ParentBeaconRoot,
		Header: headerRLP, TxIndex: promisedIndex, Tx: promisedRaw, TxProof: txProof,
		AccountNonce: res.Nonce, AccountProof: accountProof,
		Included: signPromise(t, &preconf.InclusionCommitment{
			Slot: fixtureSlot, ChainID: chainID, TxHash: promised.Hash(), Sender: sender, Nonce: promised.Nonce(),
			Committer: committer, Seq: 0, Penalty: penalty,
		}, domain, committerKey),
		Missing: signPromise(t, &preconf.InclusionCommitment{
			Slot: fixtureSlot, ChainID: chainID, TxHash: crypto.Keccak256Hash([]byte("never sent")), Sender: sender, Nonce: txCount,
			Committer: committer, Seq: 1, Penalty: penalty,
		}, domain, committerKey),
		Void: signPromise(t, &preconf.InclusionCommitment{
			Slot: fixtureSlot + 1, ChainID: chainID, TxHash: crypto.Keccak256Hash([]byte("replaced")), Sender: sender, Nonce: 5,
			Committer: committer, Seq: 0, Penalty: penalty,
		}, domain, committerKey),
	}
	// The balance defence's side: the parent block and the sender's balance in its state.
	parent, err := client.HeaderByHash(ctx, header.ParentHash)
	if err != nil {
		t.Fatal(err)
	}
	if f.ParentHeader, err = rlp.EncodeToBytes(parent); err != nil {
		t.Fatal(err)
	}
	pres, err := gethclient.New(rc).GetProof(ctx, sender, nil, parent.Number)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range pres.AccountProof {
		f.ParentAccountProof = append(f.ParentAccountProof, common.FromHex(n))
	}
	f.ParentBalance = (*hexutil.Big)(pres.Balance)
	to := common.Address{0xbe, 0xef}
	fee, blobFee := big.NewInt(3e9), uint256.NewInt(5e9)
	auth, err := types.SignSetCode(senderKey, types.SetCodeAuthorization{ChainID: *uint256.MustFromBig(chainID), Address: to, Nonce: txCount + 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, inner := range []types.TxData{
		&types.LegacyTx{Nonce: txCount, GasPrice: fee, Gas: 21000, To: &to, Value: big.NewInt(7)},
		&types.AccessListTx{ChainID: chainID, Nonce: txCount, GasPrice: fee, Gas: 30000, To: &to, Value: big.NewInt(7),
			AccessList: types.AccessList{{Address: to, StorageKeys: []common.Hash{{1}}}}},
		&types.BlobTx{ChainID: uint256.MustFromBig(chainID), Nonce: txCount, GasTipCap: uint256.NewInt(1e9), GasFeeCap: uint256.MustFromBig(fee),
			Gas: 21000, To: to, Value: uint256.NewInt(7), BlobFeeCap: blobFee, BlobHashes: []common.Hash{{0x01, 1}, {0x01, 2}}},
		&types.SetCodeTx{ChainID: uint256.MustFromBig(chainID), Nonce: txCount, GasTipCap: uint256.NewInt(1e9), GasFeeCap: uint256.MustFromBig(fee),
			Gas: 60000, To: to, Value: uint256.NewInt(7), AuthList: []types.SetCodeAuthorization{auth}},
		// Last: more than the sender's balance before the block.
		&types.DynamicFeeTx{ChainID: chainID, Nonce: txCount, GasTipCap: big.NewInt(1e9), GasFeeCap: fee, Gas: 21000, To: &to,
			Value: new(big.Int).Add(pres.Balance, big.NewInt(1))},
	} {
		tx := types.MustSignNewTx(senderKey, signer, inner)
		raw, err := tx.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		f.CostTxs = append(f.CostTxs, costTxJSON{Raw: raw, Cost: (*hexutil.Big)(tx.Cost())})
	}
	f.Run = runTxs(t, chainID, pres.Nonce, pres.Balance)
	for _, i := range []uint64{0, 1} {
		pub, pop, err := bls.ProofOfPossession(bls.InteropKey(i), chainID, forgeRegistry, fixtureOwner, committer)
		if err != nil {
			t.Fatal(err)
		}
		f.Pops = append(f.Pops, popJSON{Index: i, Pubkey: pub, Pop: pop})
	}
	out, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(fixturePath), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fixturePath, append(out, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}
