package preconf

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// fakeChain is an in-memory ChainView for unit tests.
type fakeChain struct {
	mu       sync.Mutex
	notReady error
	clock    uint64
	duties   map[uint64]Duty
	head     Head
	accounts map[common.Address]account
	maxBlobs int // the chain's blob limit per block; 0: unknown
	code     map[common.Address][]byte
	// localBuilt are slots whose block the beacon node would build itself (BuilderReady's answer).
	localBuilt map[uint64]error
	// accountGate, when set, is received from before each account read (a slow execution client).
	accountGate    chan struct{}
	accountEntered chan struct{} // signalled (without blocking) when a gated read starts
}

func (c *fakeChain) Code(_ context.Context, a common.Address) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.code[a], nil
}

func (c *fakeChain) BuilderReady(d Duty) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.localBuilt[d.Slot]
}

func (c *fakeChain) MaxBlobs(uint64) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.maxBlobs
}

type account struct {
	nonce   uint64
	balance *big.Int
}

func (c *fakeChain) Ready() error { c.mu.Lock(); defer c.mu.Unlock(); return c.notReady }
func (c *fakeChain) ClockSlot() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.clock
}
func (c *fakeChain) Duty(slot uint64) (Duty, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.duties[slot]
	return d, ok
}
func (c *fakeChain) Head() Head { c.mu.Lock(); defer c.mu.Unlock(); return c.head }
func (c *fakeChain) Account(ctx context.Context, a common.Address) (uint64, *big.Int, error) {
	c.mu.Lock()
	gate, entered := c.accountGate, c.accountEntered
	c.mu.Unlock()
	if gate != nil {
		select {
		case entered <- struct{}{}:
		default:
		}
		select {
		case <-gate:
		case <-ctx.Done():
			return 0, nil, ctx.Err()
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	acc, ok := c.accounts[a]
	if !ok {
		return 0, new(big.Int), nil
	}
	return acc.nonce, acc.balance, nil
}

func (c *fakeChain) setAccount(a common.Address, nonce uint64, balance *big.Int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.accounts[a] = account{nonce, balance}
}

var (
	testChainID   = big.NewInt(3151908)
	committerKey  = mustKey("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	ether         = big.NewInt(params.Ether)
	gwei          = big.NewInt(params.GWei)
	discardLogger = slog.New(slog.NewTextHandler(io.Discard, nil))
)

func mustKey(hex string) *ecdsa.PrivateKey {
	k, err := crypto.HexToECDSA(hex[2:])
	if err != nil {
		panic(err)
	}
	return k
}

// newChain returns a chain at clock slot 100 where slots 101..140 are ours.
func newChain(committer common.Address, now time.Time) *fakeChain {
	c := &fakeChain{clock: 100, duties: map[uint64]Duty{}, accounts: map[common.Address]account{}, code: map[common.Address][]byte{},
		head: Head{Number: 90, Slot: 100, BaseFee: big.NewInt(1e9), BlobBaseFee: big.NewInt(1)}}
	for s := uint64(96); s < 160; s++ {
		c.duties[s] = Duty{Slot: s, ValidatorIndex: s, Ours: s > 100 && s <= 140 && s != 120, Committer: committer,
			Deadline: now.Add(time.Duration(int64(s)-100) * 12 * time.Second)}
	}
	return c
}

type testEnv struct {
	e     *Engine
	chain *fakeChain
	dir   string
	lg    *Log
	now   time.Time
}

func testConfig(now time.Time) Config {
	cfg := DefaultConfig()
	cfg.Domain = Domain{ChainID: testChainID, VerifyingContract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}
	cfg.Key = committerKey
	cfg.SenderRate = 0
	cfg.Now = func() time.Time { return now }
	return cfg
}

func newEnv(t testing.TB, mut func(*Config)) *testEnv {
	t.Helper()
	now := time.Unix(1_800_000_000, 0)
	cfg := testConfig(now)
	if mut != nil {
		mut(&cfg)
	}
	chain := newChain(crypto.PubkeyToAddress(committerKey.PublicKey), now)
	dir := t.TempDir()
	env := &testEnv{chain: chain, dir: dir, now: now}
	env.open(t, cfg)
	return env
}

func (env *testEnv) open(t testing.TB, cfg Config) {
	t.Helper()
	lg, err := OpenLog(env.dir, discardLogger)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEngine(cfg, env.chain, lg, discardLogger)
	if err != nil {
		t.Fatal(err)
	}
	env.e, env.lg = e, lg
	t.Cleanup(func() { lg.Close() })
}

// wallet signs transactions of every type for one key.
type wallet struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

func newWallet(t testing.TB, chain *fakeChain, balance *big.Int) *wallet {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	w := &wallet{key: k, addr: crypto.PubkeyToAddress(k.PublicKey)}
	chain.setAccount(w.addr, 0, balance)
	return w
}

// txOpts are the knobs the rule tests turn.
type txOpts struct {
	typ      byte
	chainID  *big.Int
	nonce    uint64
	gas      uint64
	tip      *big.Int
	feeCap   *big.Int
	value    *big.Int
	data     []byte
	blobs    int
	blobFee  *big.Int
	badProof bool
	create   bool              // a contract creation (legacy, 1559)
	authKey  *ecdsa.PrivateKey // the 7702 authority (default: the sender itself)
	authFor  uint64            // the authorization's nonce (default: nonce + 1, the sender's after the tx)
}

func (w *wallet) raw(t testing.TB, o txOpts) []byte {
	t.Helper()
	if o.chainID == nil {
		o.chainID = testChainID
	}
	if o.gas == 0 {
		o.gas = 21000
		if o.typ == types.AccessListTxType {
			o.gas = 30000 // the access list's address and key
		}
	}
	if o.tip == nil {
		o.tip = new(big.Int).Mul(big.NewInt(2), gwei)
	}
	if o.feeCap == nil {
		o.feeCap = new(big.Int).Mul(big.NewInt(100), gwei)
	}
	if o.value == nil {
		o.value = big.NewInt(1)
	}
	if o.blobFee == nil {
		o.blobFee = big.NewInt(1e9)
	}
	to := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	top := &to
	if o.create {
		top = nil
	}
	var inner types.TxData
	switch o.typ {
	case types.LegacyTxType:
		inner = &types.LegacyTx{Nonce: o.nonce, GasPrice: o.feeCap, Gas: o.gas, To: top, Value: o.value, Data: o.data}
	case types.AccessListTxType:
		inner = &types.AccessListTx{ChainID: o.chainID, Nonce: o.nonce, GasPrice: o.feeCap, Gas: o.gas, To: &to, Value: o.value, Data: o.data,
			AccessList: types.AccessList{{Address: to, StorageKeys: []common.Hash{{1}}}}}
	case types.DynamicFeeTxType:
		inner = &types.DynamicFeeTx{ChainID: o.chainID, Nonce: o.nonce, GasTipCap: o.tip, GasFeeCap: o.feeCap, Gas: o.gas, To: top, Value: o.value, Data: o.data}
	case types.BlobTxType:
		sc := testSidecar(t, o.blobs, o.badProof)
		inner = &types.BlobTx{ChainID: uint256.MustFromBig(o.chainID), Nonce: o.nonce, GasTipCap: uint256.MustFromBig(o.tip), GasFeeCap: uint256.MustFromBig(o.feeCap),
			Gas: o.gas, To: to, Value: uint256.MustFromBig(o.value), Data: o.data, BlobFeeCap: uint256.MustFromBig(o.blobFee),
			BlobHashes: sc.BlobHashes(), Sidecar: sc}
	case types.SetCodeTxType:
		ak, an := w.key, o.nonce+1
		if o.authKey != nil {
			ak, an = o.authKey, o.authFor
		}
		auth, err := types.SignSetCode(ak, types.SetCodeAuthorization{ChainID: *uint256.MustFromBig(o.chainID), Address: to, Nonce: an})
		if err != nil {
			t.Fatal(err)
		}
		inner = &types.SetCodeTx{ChainID: uint256.MustFromBig(o.chainID), Nonce: o.nonce, GasTipCap: uint256.MustFromBig(o.tip), GasFeeCap: uint256.MustFromBig(o.feeCap),
			Gas: o.gas, To: to, Value: uint256.MustFromBig(o.value), Data: o.data, AuthList: []types.SetCodeAuthorization{auth}}
	}
	tx, err := types.SignNewTx(w.key, types.LatestSignerForChainID(o.chainID), inner)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

var (
	sidecarOnce sync.Once
	sidecarBlob kzg4844.Blob
	sidecarComm kzg4844.Commitment
	sidecarProf kzg4844.Proof
)

// testSidecar returns a version-0 sidecar of n copies of one blob.
func testSidecar(t testing.TB, n int, badProof bool) *types.BlobTxSidecar {
	sidecarOnce.Do(func() {
		for i := range 4096 {
			sidecarBlob[i*32+31] = byte(i)
		}
		var err error
		if sidecarComm, err = kzg4844.BlobToCommitment(&sidecarBlob); err != nil {
			panic(err)
		}
		if sidecarProf, err = kzg4844.ComputeBlobProof(&sidecarBlob, sidecarComm); err != nil {
			panic(err)
		}
	})
	sc := &types.BlobTxSidecar{Version: types.BlobSidecarVersion0}
	for range n {
		sc.Blobs = append(sc.Blobs, sidecarBlob)
		sc.Commitments = append(sc.Commitments, sidecarComm)
		p := sidecarProf
		if badProof {
			p = kzg4844.Proof(sidecarComm) // a valid point that is the wrong proof
		}
		sc.Proofs = append(sc.Proofs, p)
	}
	return sc
}

func TestRules(t *testing.T) {
	type setup struct {
		env *testEnv
		w   *wallet
	}
	cases := []struct {
		name  string
		mut   func(*Config)
		slot  uint64
		chain *big.Int
		prep  func(t *testing.T, s setup) // earlier requests or chain changes
		tx    func(t *testing.T, s setup) []byte
		want  *Rule
		field string
		msg   string // in the error's message, when set
	}{
		{name: "1559 accepted", tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2}) }},
		{name: "legacy accepted", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 0, feeCap: new(big.Int).Mul(big.NewInt(10), gwei)})
		}},
		{name: "2930 accepted", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 1, feeCap: new(big.Int).Mul(big.NewInt(10), gwei)})
		}},
		{name: "7702 accepted", tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 4, gas: 60000}) }},
		{name: "4844 with blobs accepted", tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 3, blobs: 2}) }},
		{name: "4844 bad KZG proof", want: ErrBlobs, field: "tx", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 3, blobs: 1, badProof: true})
		}},
		{name: "4844 too many blobs for a block", want: ErrBlobs, field: "tx", mut: func(c *Config) { c.MaxBlobs = 1 }, tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 3, blobs: 2})
		}},
		{name: "slot blob cap", want: ErrSlotFull, field: "blobs", mut: func(c *Config) { c.MaxBlobs = 2 },
			prep: func(t *testing.T, s setup) {
				mustPromise(t, s.env, 110, newFunded(t, s.env).raw(t, txOpts{typ: 3, blobs: 2}))
			},
			tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 3, blobs: 1}) }},
		{name: "slot blob cap from the chain's own limit", want: ErrSlotFull, field: "blobs",
			prep: func(t *testing.T, s setup) {
				s.env.chain.mu.Lock()
				s.env.chain.maxBlobs = 2 // below the configured 9
				s.env.chain.mu.Unlock()
				mustPromise(t, s.env, 110, newFunded(t, s.env).raw(t, txOpts{typ: 3, blobs: 2}))
			},
			tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 3, blobs: 1}) }},
		{name: "chain limit above the configured cap does not raise it", want: ErrSlotFull, field: "blobs", mut: func(c *Config) { c.MaxBlobs = 2 },
			prep: func(t *testing.T, s setup) {
				s.env.chain.mu.Lock()
				s.env.chain.maxBlobs = 21
				s.env.chain.mu.Unlock()
				mustPromise(t, s.env, 110, newFunded(t, s.env).raw(t, txOpts{typ: 3, blobs: 2}))
			},
			tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 3, blobs: 1}) }},
		{name: "4844 blob fee below projection", want: ErrBlobFee, field: "maxFeePerBlobGas",
			prep: func(t *testing.T, s setup) { s.env.chain.head.BlobBaseFee = big.NewInt(1e9) },
			tx: func(t *testing.T, s setup) []byte {
				return s.w.raw(t, txOpts{typ: 3, blobs: 1, blobFee: big.NewInt(1e9)})
			}},
		{name: "slot not ours", slot: 120, want: ErrSlotNotOurs, field: "slot"},
		{name: "slot unknown", slot: 150, want: ErrSlotNotOurs, field: "slot"},
		{name: "slot delegated elsewhere", want: ErrSlotNotOurs, field: "slot", prep: func(t *testing.T, s setup) {
			d := s.env.chain.duties[110]
			d.Committer = common.HexToAddress("0x01")
			s.env.chain.duties[110] = d
		}},
		{name: "slot in the past", slot: 99, want: ErrSlotOutOfRange, field: "slot"},
		{name: "slot two epochs ahead", slot: 100 + 64, want: ErrSlotOutOfRange, field: "slot"},
		{name: "next epoch accepted", slot: 130},
		{name: "deadline passed", want: ErrDeadline, field: "slot", prep: func(t *testing.T, s setup) {
			d := s.env.chain.duties[110]
			d.Deadline = s.env.now
			s.env.chain.duties[110] = d
		}},
		{name: "chain not ready", want: ErrNotReady, field: "slot", prep: func(t *testing.T, s setup) { s.env.chain.notReady = errors.New("syncing") }},
		{name: "beacon node would build the slot itself", want: ErrNotReady, field: "slot", prep: func(t *testing.T, s setup) {
			s.env.chain.localBuilt = map[uint64]error{110: errors.New("no registration since the beacon node came back")}
		}},
		{name: "only that slot is refused", slot: 111, prep: func(t *testing.T, s setup) {
			s.env.chain.localBuilt = map[uint64]error{110: errors.New("no registration since the beacon node came back")}
		}},
		{name: "garbage", want: ErrTxDecode, field: "tx", tx: func(*testing.T, setup) []byte { return []byte{0x02, 0xc0, 0x01} }},
		{name: "empty", want: ErrTxDecode, field: "tx", tx: func(*testing.T, setup) []byte { return nil }},
		{name: "unknown type", want: ErrTxDecode, field: "tx", tx: func(*testing.T, setup) []byte { return []byte{0x05, 0xc0} }},
		{name: "tx for another chain", want: ErrChainID, field: "chainId", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, chainID: big.NewInt(1)})
		}},
		{name: "request for a chain not served", chain: big.NewInt(167000), want: ErrChainID, field: "chainId"},
		{name: "unprotected legacy", want: ErrChainID, field: "tx", tx: func(t *testing.T, s setup) []byte {
			to := common.Address{1}
			tx, _ := types.SignNewTx(s.w.key, types.HomesteadSigner{}, &types.LegacyTx{GasPrice: big.NewInt(1e11), Gas: 21000, To: &to})
			b, _ := tx.MarshalBinary()
			return b
		}},
		{name: "too large", want: ErrTxTooLarge, field: "tx", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, gas: 5_000_000, data: make([]byte, 129<<10)})
		}},
		{name: "gas above slot cap", want: ErrGasBudget, field: "gas", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, gas: 10_000_001})
		}},
		{name: "gas above remaining budget", want: ErrGasBudget, field: "gas", prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, newFunded(t, s.env).raw(t, txOpts{typ: 2, gas: 9_000_000}))
		}, tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, gas: 1_000_001}) }},
		{name: "nonce gap", want: ErrNonce, field: "nonce", tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, nonce: 1}) }},
		{name: "nonce used on chain", want: ErrNonce, field: "nonce",
			prep: func(t *testing.T, s setup) { s.env.chain.setAccount(s.w.addr, 3, ether) },
			tx:   func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, nonce: 2}) }},
		{name: "consecutive nonces", prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, s.w.raw(t, txOpts{typ: 2, nonce: 0}))
		}, tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, nonce: 1}) }},
		{name: "next nonce in a later slot", slot: 111, prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, s.w.raw(t, txOpts{typ: 2, nonce: 0}))
		}, tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, nonce: 1}) }},
		{name: "next nonce in an earlier slot", slot: 109, want: ErrNonce, field: "nonce", prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, s.w.raw(t, txOpts{typ: 2, nonce: 0}))
		}, tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, nonce: 1}) }},
		{name: "nonce promised to another tx", want: ErrNonceTaken, field: "nonce", prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, s.w.raw(t, txOpts{typ: 2, nonce: 0}))
		}, tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, nonce: 0, value: big.NewInt(2)}) }},
		{name: "balance short", want: ErrBalance, field: "value", msg: "at block 90 (the latest head", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, value: ether})
		}},
		{name: "balance short across promises", want: ErrBalance, field: "value", prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, s.w.raw(t, txOpts{typ: 2, nonce: 0, value: new(big.Int).Div(ether, big.NewInt(2))}))
		}, tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, nonce: 1, value: new(big.Int).Div(ether, big.NewInt(2))})
		}},
		{name: "max fee below projected base fee", want: ErrMaxFee, field: "maxFeePerGas", tx: func(t *testing.T, s setup) []byte {
			// base fee 1 gwei, 10 blocks to slot 110: 1.125^10 ≈ 3.25 gwei.
			return s.w.raw(t, txOpts{typ: 2, feeCap: new(big.Int).Mul(big.NewInt(3), gwei), tip: gwei})
		}},
		{name: "max fee at projected base fee plus the price", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, feeCap: new(big.Int).Add(ProjectFee(gwei, 10), gwei), tip: gwei})
		}},
		{name: "max fee at projected base fee leaves no effective tip", want: ErrTip, field: "maxPriorityFeePerGas", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, feeCap: ProjectFee(gwei, 10), tip: gwei})
		}},
		// Seen: 4,000 gwei tip, 4 gwei fee cap promised with a 0.84 ETH penalty.
		{name: "tip above the max fee", want: ErrTipAboveFeeCap, field: "maxPriorityFeePerGas", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, tip: new(big.Int).Mul(big.NewInt(4000), gwei), feeCap: new(big.Int).Mul(big.NewInt(4), gwei)})
		}},
		// Seen: a tx with gas = 1 was promised.
		{name: "gas below intrinsic", want: ErrIntrinsicGas, field: "gas", tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, gas: 1}) }},
		{name: "access list not covered", want: ErrIntrinsicGas, field: "gas", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 1, gas: 25299, feeCap: new(big.Int).Mul(big.NewInt(10), gwei)})
		}},
		{name: "access list covered", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 1, gas: 25300, feeCap: new(big.Int).Mul(big.NewInt(10), gwei)})
		}},
		{name: "7702 authorization not covered", want: ErrIntrinsicGas, field: "gas", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 4, gas: 45999})
		}},
		{name: "calldata floor (EIP-7623)", want: ErrIntrinsicGas, field: "gas", tx: func(t *testing.T, s setup) []byte {
			// 1,000 non-zero bytes: intrinsic 37,000, floor 21,000 + 4,000 tokens × 10 = 61,000.
			return s.w.raw(t, txOpts{typ: 2, gas: 60999, data: bytes.Repeat([]byte{1}, 1000)})
		}},
		{name: "calldata floor met", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, gas: 61000, data: bytes.Repeat([]byte{1}, 1000)})
		}},
		{name: "init code too large", want: ErrInitCode, field: "data", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, create: true, gas: 5_000_000, data: make([]byte, params.MaxInitCodeSize+1)})
		}},
		{name: "contract creation", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, create: true, gas: 100_000, data: []byte{0x60, 0x00}})
		}},
		{name: "gas above the protocol's per-tx cap (EIP-7825)", want: ErrGasBudget, field: "gas", mut: func(c *Config) { c.MaxGas = 1 << 25 },
			tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, gas: params.MaxTxGas + 1}) }},
		{name: "gas above the block gas limit", want: ErrGasBudget, field: "gas",
			prep: func(t *testing.T, s setup) { s.env.chain.head.GasLimit = 50_000 },
			tx:   func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, gas: 50_001}) }},
		{name: "sender delegated (EIP-7702)", want: ErrSenderCode, field: "sender",
			prep: func(t *testing.T, s setup) {
				s.env.chain.code[s.w.addr] = types.AddressToDelegation(common.Address{0xde})
			}},
		{name: "sender with contract code", want: ErrSenderCode, field: "sender",
			prep: func(t *testing.T, s setup) { s.env.chain.code[s.w.addr] = []byte{0x60, 0x00} }},
		// Seen: after a self-authorizing 7702 tx at nonce n, nonce n+1 was promised in the same slot.
		{name: "nonce after a self-authorizing 7702 tx", want: ErrAuthority, field: "sender",
			prep: func(t *testing.T, s setup) { mustPromise(t, s.env, 110, s.w.raw(t, txOpts{typ: 4, gas: 60000})) },
			tx:   func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, nonce: 1}) }},
		{name: "nonce after a self-authorizing 7702 tx, later slot", slot: 111, want: ErrAuthority, field: "sender",
			prep: func(t *testing.T, s setup) { mustPromise(t, s.env, 110, s.w.raw(t, txOpts{typ: 4, gas: 60000})) },
			tx:   func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, nonce: 1}) }},
		{name: "7702 naming an authority with promises", want: ErrAuthority, field: "authorizationList",
			prep: func(t *testing.T, s setup) { mustPromise(t, s.env, 110, s.w.raw(t, txOpts{typ: 2})) },
			tx: func(t *testing.T, s setup) []byte {
				return newFunded(t, s.env).raw(t, txOpts{typ: 4, gas: 60000, authKey: s.w.key, authFor: 1})
			}},
		{name: "promise for an account named by a promised 7702 tx", want: ErrAuthority, field: "sender",
			prep: func(t *testing.T, s setup) {
				mustPromise(t, s.env, 110, newFunded(t, s.env).raw(t, txOpts{typ: 4, gas: 60000, authKey: s.w.key, authFor: 0}))
			}},
		{name: "7702 after the sender's own earlier promise", prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, s.w.raw(t, txOpts{typ: 2}))
		}, tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 4, nonce: 1, gas: 60000}) }},
		{name: "tip below floor", want: ErrTip, field: "maxPriorityFeePerGas", tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, tip: big.NewInt(999_999_999)})
		}},
		{name: "tip below the rising price", want: ErrTip, field: "maxPriorityFeePerGas", prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, newFunded(t, s.env).raw(t, txOpts{typ: 2, gas: 5_000_000}))
		}, tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, tip: new(big.Int).Mul(big.NewInt(19), big.NewInt(1e8))})
		}},
		{name: "slot count cap", want: ErrSlotFull, field: "slot", mut: func(c *Config) { c.MaxCount = 1 }, prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, newFunded(t, s.env).raw(t, txOpts{typ: 2, tip: new(big.Int).Mul(big.NewInt(10), gwei)}))
		}, tx: func(t *testing.T, s setup) []byte {
			return s.w.raw(t, txOpts{typ: 2, tip: new(big.Int).Mul(big.NewInt(10), gwei)})
		}},
		{name: "collateral exhausted", want: ErrCollateral, field: "penalty", mut: func(c *Config) { c.Collateral = big.NewInt(15e14) }, prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, newFunded(t, s.env).raw(t, txOpts{typ: 2}))
		}},
		{name: "sender rate limited", want: ErrRateLimited, field: "sender", mut: func(c *Config) { c.SenderRate, c.SenderBurst = 1e-9, 1 }, prep: func(t *testing.T, s setup) {
			mustPromise(t, s.env, 110, s.w.raw(t, txOpts{typ: 2, nonce: 0}))
		}, tx: func(t *testing.T, s setup) []byte { return s.w.raw(t, txOpts{typ: 2, nonce: 1}) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := newEnv(t, tc.mut)
			s := setup{env: env, w: newWallet(t, env.chain, ether)}
			if tc.prep != nil {
				tc.prep(t, s)
			}
			slot := tc.slot
			if slot == 0 {
				slot = 110
			}
			var raw []byte
			if tc.tx != nil {
				raw = tc.tx(t, s)
			} else {
				raw = s.w.raw(t, txOpts{typ: 2})
			}
			before := env.e.Status()
			p, err := env.e.Request(context.Background(), slot, tc.chain, raw)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				checkSigned(t, env.e, &p.SignedCommitment)
				return
			}
			re, ok := AsRuleError(err)
			if !ok || !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want rule %q", err, tc.want.Name)
			}
			if re.Field != tc.field || re.ErrorCode() != tc.want.Code {
				t.Fatalf("field %q code %d, want %q %d", re.Field, re.ErrorCode(), tc.field, tc.want.Code)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want it to say %q", err, tc.msg)
			}
			if after := env.e.Status(); after.Promises != before.Promises || after.Outstanding.ToInt().Cmp(before.Outstanding.ToInt()) != 0 {
				t.Fatalf("a refused request changed the state: %+v → %+v", before, after)
			}
		})
	}
}

func newFunded(t testing.TB, env *testEnv) *wallet { return newWallet(t, env.chain, ether) }

func mustPromise(t testing.TB, env *testEnv, slot uint64, raw []byte) *Promise {
	t.Helper()
	p, err := env.e.Request(context.Background(), slot, nil, raw)
	if err != nil {
		t.Fatalf("setup promise: %v", err)
	}
	return p
}

// checkSigned verifies the promise's signature and digest.
func checkSigned(t testing.TB, e *Engine, sc *SignedCommitment) {
	t.Helper()
	if d := sc.Commitment.Digest(e.cfg.Domain); d != sc.Digest {
		t.Fatalf("digest %s, want %s", sc.Digest, d)
	}
	who, err := Recover(sc.Digest, sc.Signature)
	if err != nil || who != e.Committer() || sc.Commitment.Committer != who {
		t.Fatalf("signature recovers to %s (%v), committer %s", who, err, e.Committer())
	}
}

func TestDuplicateReturnsExistingPromise(t *testing.T) {
	env := newEnv(t, nil)
	w := newFunded(t, env)
	raw := w.raw(t, txOpts{typ: 2})
	p1 := mustPromise(t, env, 110, raw)
	p2 := mustPromise(t, env, 110, raw)
	if p1 != p2 || env.e.Status().Promises != 1 {
		t.Fatalf("duplicate made a second promise: %+v %+v", p1.Commitment, p2.Commitment)
	}
	if _, err := env.e.Request(context.Background(), 111, nil, raw); !errors.Is(err, ErrOtherSlot) {
		t.Fatalf("same tx for another slot: %v", err)
	}
}

func TestBatchIsAllOrNothing(t *testing.T) {
	env := newEnv(t, nil)
	w := newFunded(t, env)
	good, bad := w.raw(t, txOpts{typ: 2, nonce: 0}), w.raw(t, txOpts{typ: 2, nonce: 5})
	if _, err := env.e.RequestBatch(context.Background(), 110, nil, [][]byte{good, bad}); !errors.Is(err, ErrNonce) {
		t.Fatalf("batch with a gap: %v", err)
	}
	if n := env.e.Status().Promises; n != 0 {
		t.Fatalf("failed batch left %d promises", n)
	}
	ps, err := env.e.RequestBatch(context.Background(), 110, nil, [][]byte{good, w.raw(t, txOpts{typ: 2, nonce: 1})})
	if err != nil || len(ps) != 2 || ps[0].Commitment.Seq+1 != ps[1].Commitment.Seq {
		t.Fatalf("batch: %v %v", ps, err)
	}
}

// TestRequestEachDecidesEachCall sends one list of independent requests:
// each is promised or refused on its own, in order, and the new promises are
// written together.
func TestRequestEachDecidesEachCall(t *testing.T) {
	env := newEnv(t, nil)
	a, b := newFunded(t, env), newFunded(t, env)
	a0, a1 := a.raw(t, txOpts{typ: 2, nonce: 0}), a.raw(t, txOpts{typ: 2, nonce: 1})
	var appends atomic.Int32
	env.e.afterAppend = func([]*Promise) { appends.Add(1) }
	calls := []Call{
		{Slot: 110, Tx: a0},
		{Slot: 110, Tx: a1},                                 // next nonce of the same sender, same list
		{Slot: 110, Tx: []byte{0x02, 0xc0}},                 // does not decode
		{Slot: 110, Tx: b.raw(t, txOpts{typ: 2, nonce: 5})}, // gap
		{Slot: 110, Tx: a0},                                 // duplicate of the first
		{Slot: 5, Tx: b.raw(t, txOpts{typ: 2, nonce: 0})},   // slot in the past
		{Slot: 111, Tx: a.raw(t, txOpts{typ: 2, nonce: 2})}, // later slot, next nonce
	}
	out := env.e.RequestEach(context.Background(), calls)
	wantErr := []error{nil, nil, ErrTxDecode, ErrNonce, nil, ErrSlotOutOfRange, nil}
	for i, o := range out {
		if wantErr[i] == nil {
			if o.Err != nil || o.Promise == nil {
				t.Fatalf("call %d: %v", i, o.Err)
			}
			sc := o.Promise.Signed()
			checkSigned(t, env.e, &sc)
			continue
		}
		if !errors.Is(o.Err, wantErr[i]) || o.Promise != nil {
			t.Fatalf("call %d: %v, want %v", i, o.Err, wantErr[i])
		}
	}
	if out[0].Promise != out[4].Promise {
		t.Fatal("duplicate in one list made a second promise")
	}
	if out[0].Promise.Commitment.Seq+1 != out[1].Promise.Commitment.Seq {
		t.Fatalf("seqs %d, %d", out[0].Promise.Commitment.Seq, out[1].Promise.Commitment.Seq)
	}
	if n := appends.Load(); n != 1 {
		t.Fatalf("%d log writes for one list, want 1", n)
	}
	if n := env.e.Status().Promises; n != 3 {
		t.Fatalf("%d promises, want 3", n)
	}
	// Every promise made is in the log after a restart.
	if err := env.lg.Close(); err != nil {
		t.Fatal(err)
	}
	env.open(t, env.e.cfg)
	for _, i := range []int{0, 1, 6} {
		sc, err := env.e.Commitment(out[i].Promise.Commitment.TxHash)
		if err != nil || sc.Digest != out[i].Promise.Digest {
			t.Fatalf("call %d after restart: %+v %v", i, sc, err)
		}
	}
}

// TestConcurrentConsecutiveNonces sends back-to-back requests for
// consecutive nonces from many senders at once: all must succeed when each
// sender's requests arrive in order.
func TestConcurrentConsecutiveNonces(t *testing.T) {
	env := newEnv(t, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 8 {
		w := newFunded(t, env)
		raws := [][]byte{w.raw(t, txOpts{typ: 2, nonce: 0}), w.raw(t, txOpts{typ: 2, nonce: 1}), w.raw(t, txOpts{typ: 2, nonce: 2})}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, r := range raws {
				if _, err := env.e.Request(context.Background(), 110, nil, r); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := env.e.Status().Promises; n != 24 {
		t.Fatalf("%d promises, want 24", n)
	}
}

func TestPriceCurve(t *testing.T) {
	floor := big.NewInt(1e9)
	for _, c := range []struct {
		sold, budget uint64
		want         int64
	}{{0, 100, 1e9}, {50, 100, 2e9}, {100, 100, 5e9}, {200, 100, 5e9}, {10, 100, 1_040_000_000}, {0, 0, 1e9}} {
		if got := Price(floor, 4, c.sold, c.budget); got.Int64() != c.want {
			t.Errorf("Price(%d/%d) = %v, want %d", c.sold, c.budget, got, c.want)
		}
	}
	if got := ProjectFee(big.NewInt(8), 1); got.Int64() != 9 {
		t.Errorf("ProjectFee(8,1) = %v", got)
	}
	if got := ProjectFee(big.NewInt(1e9), 2); got.Int64() != 1_265_625_000 {
		t.Errorf("ProjectFee(1e9,2) = %v", got)
	}
}

func TestRestartRebuildsOpenSlots(t *testing.T) {
	env := newEnv(t, nil)
	w := newFunded(t, env)
	p0 := mustPromise(t, env, 110, w.raw(t, txOpts{typ: 2, nonce: 0}))
	mustPromise(t, env, 111, w.raw(t, txOpts{typ: 3, nonce: 1, blobs: 1}))
	out := env.e.Outstanding()
	reqHash := common.Hash{0x42}
	if err := env.e.RecordRequest(reqHash, 110, p0.Commitment.TxHash, []byte(`{"slot":110}`)); err != nil {
		t.Fatal(err)
	}
	if err := env.lg.Close(); err != nil {
		t.Fatal(err)
	}
	env.open(t, env.e.cfg)
	if got := env.e.Outstanding(); got.Cmp(out) != 0 {
		t.Fatalf("outstanding after restart %v, want %v", got, out)
	}
	sc, err := env.e.Commitment(p0.Commitment.TxHash)
	if err != nil || sc.Commitment.Seq != p0.Commitment.Seq || string(sc.Signature) != string(p0.Signature) {
		t.Fatalf("promise after restart: %+v %v", sc, err)
	}
	if slot, h, payload, err := env.e.LookupRequest(reqHash); err != nil || slot != 110 || h != p0.Commitment.TxHash || string(payload) != `{"slot":110}` {
		t.Fatalf("request after restart: %d %s %q %v", slot, h, payload, err)
	}
	if _, _, _, err := env.e.LookupRequest(common.Hash{1}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown request: %v", err)
	}
	// Nonce continuity and the slot's budget survive: nonce 1 is taken, 2 is next.
	if _, err := env.e.Request(context.Background(), 111, nil, w.raw(t, txOpts{typ: 2, nonce: 1})); !errors.Is(err, ErrNonceTaken) {
		t.Fatalf("nonce 1 after restart: %v", err)
	}
	p2 := mustPromise(t, env, 111, w.raw(t, txOpts{typ: 2, nonce: 2}))
	if p2.Commitment.Seq != 1 {
		t.Fatalf("seq after restart %d, want 1", p2.Commitment.Seq)
	}
}

func TestVoidOnHeadAndManifest(t *testing.T) {
	env := newEnv(t, nil)
	w := newFunded(t, env)
	p := mustPromise(t, env, 110, w.raw(t, txOpts{typ: 2, nonce: 0}))
	other := mustPromise(t, env, 110, newFunded(t, env).raw(t, txOpts{typ: 2}))
	events, cancel := env.e.Subscribe(8)
	defer cancel()
	// The sender spends nonce 0 elsewhere before our slot.
	env.chain.setAccount(w.addr, 1, ether)
	if err := env.e.OnHead(context.Background(), Head{Number: 91, Slot: 101}); err != nil {
		t.Fatal(err)
	}
	sc, err := env.e.Commitment(p.Commitment.TxHash)
	if err != nil || sc.Void == "" {
		t.Fatalf("promise not void: %+v %v", sc, err)
	}
	if ev := <-events; ev.Kind != "void" || ev.Commitment.Commitment.TxHash != p.Commitment.TxHash {
		t.Fatalf("event %+v", ev)
	}
	if got, want := env.e.Outstanding(), other.Commitment.Penalty; got.Cmp(want) != 0 {
		t.Fatalf("outstanding %v, want %v", got, want)
	}
	// Past the deadline the slot is sealed and every promise is provable.
	d := env.chain.duties[110].Deadline
	env.e.cfg.Now = func() time.Time { return d }
	if err := env.e.SealDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ev := <-events; ev.Kind != "manifest" || ev.Manifest.Count != 2 {
		t.Fatalf("event %+v", ev)
	}
	m, err := env.e.Manifest(110)
	if err != nil {
		t.Fatal(err)
	}
	if who, err := Recover(m.Digest(env.e.cfg.Domain), m.Signature); err != nil || who != env.e.Committer() {
		t.Fatalf("manifest signer %s %v", who, err)
	}
	if _, err := env.e.Request(context.Background(), 110, nil, newFunded(t, env).raw(t, txOpts{typ: 2})); !errors.Is(err, ErrDeadline) {
		t.Fatalf("request after the deadline: %v", err)
	}
	for _, h := range []common.Hash{p.Commitment.TxHash, other.Commitment.TxHash} {
		proof, err := env.e.ManifestProof(h)
		if err != nil {
			t.Fatal(err)
		}
		if err := proof.Verify(); err != nil || proof.Root != m.Root {
			t.Fatalf("proof of %s: %v", h, err)
		}
	}
	// After a restart the void and the manifest are still there, and proofs rebuild.
	env.lg.Close()
	env.open(t, env.e.cfg)
	if sc, _ := env.e.Commitment(p.Commitment.TxHash); sc == nil || sc.Void == "" {
		t.Fatalf("void lost on restart: %+v", sc)
	}
	proof, err := env.e.ManifestProof(other.Commitment.TxHash)
	if err != nil || proof.Verify() != nil || proof.Root != m.Root {
		t.Fatalf("proof after restart: %v", err)
	}
}

func TestSettleReleasesAndPrunes(t *testing.T) {
	env := newEnv(t, func(c *Config) { c.FinalityDelay, c.Retention = 4, 8 })
	p := mustPromise(t, env, 110, newFunded(t, env).raw(t, txOpts{typ: 2}))
	if err := env.e.RecordRequest(common.Hash{7}, 110, p.Commitment.TxHash, nil); err != nil {
		t.Fatal(err)
	}
	d := env.chain.duties[110].Deadline
	env.e.cfg.Now = func() time.Time { return d }
	if err := env.e.SealDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	env.chain.clock = 115
	if err := env.e.Settle(); err != nil {
		t.Fatal(err)
	}
	if env.e.Outstanding().Sign() != 0 {
		t.Fatalf("final promise still outstanding: %v", env.e.Outstanding())
	}
	if _, err := env.e.Commitment(p.Commitment.TxHash); err != nil {
		t.Fatalf("final promise gone before the retention window: %v", err)
	}
	env.chain.clock = 119
	if err := env.e.Settle(); err != nil {
		t.Fatal(err)
	}
	if _, err := env.e.Commitment(p.Commitment.TxHash); !errors.Is(err, ErrNotFound) {
		t.Fatalf("promise not pruned: %v", err)
	}
	if _, err := env.e.Manifest(110); !errors.Is(err, ErrNotFound) {
		t.Fatalf("manifest not pruned: %v", err)
	}
	if _, _, _, err := env.e.LookupRequest(common.Hash{7}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("request not pruned: %v", err)
	}
}

// TestSettleWaitsForSeal checks that a final slot whose manifest is not
// signed yet keeps its promises, and that they are released at the next
// settle after the seal even if no further slot became final.
func TestSettleWaitsForSeal(t *testing.T) {
	env := newEnv(t, func(c *Config) { c.FinalityDelay, c.Retention = 4, 64 })
	mustPromise(t, env, 110, newFunded(t, env).raw(t, txOpts{typ: 2}))
	env.chain.clock = 115
	if err := env.e.Settle(); err != nil {
		t.Fatal(err)
	}
	if env.e.Outstanding().Sign() == 0 {
		t.Fatal("promise of an unsealed slot released")
	}
	d := env.chain.duties[110].Deadline
	env.e.cfg.Now = func() time.Time { return d }
	if err := env.e.SealDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := env.e.Settle(); err != nil {
		t.Fatal(err)
	}
	if env.e.Outstanding().Sign() != 0 {
		t.Fatalf("sealed final promise still outstanding: %v", env.e.Outstanding())
	}
}

// TestRunWhileRequesting runs the engine's loop (seal, re-check, settle)
// while requests arrive and senders spend nonces on chain: every request is
// promised (a nonce spent on chain below the open promises does not break
// the sequence), and exactly the promises of the spent nonces are voided,
// each once, while the others stay; -race checks the concurrency.
func TestRunWhileRequesting(t *testing.T) {
	env := newEnv(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- env.e.Run(ctx, time.Millisecond) }()
	events, stop := env.e.Subscribe(4096)
	defer stop()
	const senders, each, spent = 4, 20, 5
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		wantVoid = map[common.Hash]bool{}
		keep     []common.Hash
	)
	for range senders {
		w := newFunded(t, env)
		raws := make([][]byte, each)
		for i := range raws {
			raws[i] = w.raw(t, txOpts{typ: 2, nonce: uint64(i)})
		}
		wg.Go(func() {
			for i, r := range raws {
				p, err := env.e.Request(context.Background(), 110, nil, r)
				if err != nil {
					t.Errorf("request nonce %d: %v", i, err)
					return
				}
				mu.Lock()
				if i < spent {
					wantVoid[p.Commitment.TxHash] = true
				} else {
					keep = append(keep, p.Commitment.TxHash)
				}
				mu.Unlock()
				if i == 10 { // the sender spends nonces 0..4 elsewhere
					env.chain.setAccount(w.addr, spent, ether)
					env.chain.mu.Lock()
					env.chain.head.Number++
					env.chain.head.Hash = common.BigToHash(new(big.Int).SetUint64(env.chain.head.Number))
					env.chain.mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		cancel()
		<-done
		return
	}
	deadline := time.After(20 * time.Second)
	for voided := map[common.Hash]bool{}; len(voided) < senders*spent; {
		select {
		case ev := <-events:
			if ev.Kind != "void" {
				continue
			}
			h := ev.Commitment.Commitment.TxHash
			if !wantVoid[h] || voided[h] {
				t.Fatalf("void of %s (nonce %d): not a spent nonce, or twice", h, ev.Commitment.Commitment.Nonce)
			}
			voided[h] = true
		case <-deadline:
			t.Fatalf("%d of %d spent promises voided", len(voided), senders*spent)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, h := range keep {
		if sc, err := env.e.Commitment(h); err != nil || sc.Void != "" {
			t.Fatalf("promise %s of an unspent nonce: %+v %v", h, sc, err)
		}
	}
	want := new(big.Int).Mul(big.NewInt(int64(senders*(each-spent))), big.NewInt(1e15))
	if got := env.e.Outstanding(); got.Cmp(want) != 0 {
		t.Fatalf("outstanding %v, want %v (the unspent promises)", got, want)
	}
}

// TestSetCollateral moves the collateral under outstanding promises: below
// what is outstanding, new promises are refused and old ones stay; raised
// again, promises resume.
func TestSetCollateral(t *testing.T) {
	env := newEnv(t, nil)
	w := newFunded(t, env)
	first := mustPromise(t, env, 110, w.raw(t, txOpts{typ: 2, nonce: 0}))
	env.e.SetCollateral(first.Commitment.Penalty) // exactly what is outstanding
	if got := env.e.Status().Collateral.ToInt(); got.Cmp(first.Commitment.Penalty) != 0 {
		t.Fatalf("status collateral %v", got)
	}
	second := w.raw(t, txOpts{typ: 2, nonce: 1})
	if _, err := env.e.Request(context.Background(), 110, nil, second); !errors.Is(err, ErrCollateral) {
		t.Fatalf("over the lowered collateral: %v", err)
	}
	if sc, err := env.e.Commitment(first.Commitment.TxHash); err != nil || sc.Void != "" {
		t.Fatalf("existing promise after lowering: %+v %v", sc, err)
	}
	env.e.SetCollateral(new(big.Int).Mul(ether, big.NewInt(10)))
	mustPromise(t, env, 110, second)
}
