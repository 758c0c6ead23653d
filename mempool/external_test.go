package mempool

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"math/big"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
)

var operator = common.Address{0x0e, 0x0e}

// payTx returns a signed transfer of value wei to `to` (nil: a contract creation) with
// the given nonce and fees (gwei), and data.
func payTx(t testing.TB, key *ecdsa.PrivateKey, chain int64, nonce uint64, tipGwei, capGwei int64, to *common.Address, value *big.Int, data []byte) *types.Transaction {
	t.Helper()
	gas := uint64(21000 + 16*len(data) + 40*len(data))
	if to == nil {
		gas += 32000
	}
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(big.NewInt(chain)), &types.DynamicFeeTx{
		ChainID: big.NewInt(chain), Nonce: nonce, GasTipCap: gwei(tipGwei), GasFeeCap: gwei(capGwei),
		Gas: gas, To: to, Value: value, Data: data,
	})
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// reports records what a pool reports of its external blocks.
type reports struct{ got []string }

func (o *reports) hook(c *PoolConfig) {
	c.Operator = operator
	c.OnExternalBlock = func(s string) { o.got = append(o.got, s) }
}

func weiTimes(gweiPerGas, gas int64) *uint256.Int {
	v := uint256.NewInt(uint64(gweiPerGas))
	v.Mul(v, uint256.NewInt(1e9))
	return v.Mul(v, uint256.NewInt(uint64(gas)))
}

// TestSubmitBlockRefuses checks every refusal of an external block: each names its field,
// wraps ErrExternalBlock and the rule, and changes nothing in the pool.
func TestSubmitBlockRefuses(t *testing.T) {
	o := &reports{}
	f := newFixture(t, 1001, 6, func(c *PoolConfig) { o.hook(c); c.GasLimit = 1_000_000 })
	ctx := context.Background()
	p0, p1, other := f.tx(t, 0, 0, 2, 30), f.tx(t, 1, 0, 3, 30), f.tx(t, 2, 0, 5, 30)
	for _, tx := range []*types.Transaction{p0, p1, other} {
		if err := f.add(t, tx); err != nil {
			t.Fatal(err)
		}
	}
	for _, tx := range []*types.Transaction{p0, p1} {
		if err := f.pool.Pin(tx.Hash()); err != nil {
			t.Fatal(err)
		}
	}
	// Sender 4 pays for one transfer and the payment, less one wei; sender 5's state nonce is 5.
	payer := f.keys[4]
	payValue := big.NewInt(1e15)
	need := new(uint256.Int).Add(weiTimes(30, 2*21000), uint256.NewInt(1+1e15))
	f.state.set(f.addr(4), 0, new(uint256.Int).SubUint64(need, 1))
	f.state.set(f.addr(5), 5, new(uint256.Int).Mul(ether, uint256.NewInt(10)))
	poor := testKey(t, 90)
	f.state.set(crypto.PubkeyToAddress(poor.PublicKey), 0, uint256.NewInt(21000*30e9))

	pay := func(nonce uint64, value *big.Int) *types.Transaction {
		return payTx(t, f.keys[3], 1001, nonce, 1, 30, &operator, value, nil)
	}
	good := pay(0, payValue)
	elsewhere := common.Address{0x0f}
	blob := types.MustSignNewTx(f.keys[2], types.LatestSignerForChainID(big.NewInt(1001)), &types.BlobTx{ChainID: uint256.NewInt(1001), Nonce: 0, GasTipCap: uint256.NewInt(2e9), GasFeeCap: uint256.NewInt(30e9), Gas: 21000, BlobFeeCap: uint256.NewInt(1), BlobHashes: []common.Hash{{1}}})
	forged, err := f.tx(t, 2, 0, 5, 30).WithSignature(types.LatestSignerForChainID(big.NewInt(1001)), append(make([]byte, 64), 1))
	if err != nil {
		t.Fatal(err)
	}
	bigGas := types.MustSignNewTx(f.keys[2], types.LatestSignerForChainID(big.NewInt(1001)), &types.DynamicFeeTx{ChainID: big.NewInt(1001), Nonce: 0, GasTipCap: gwei(2), GasFeeCap: gwei(30), Gas: 990_000, To: &elsewhere})
	costly := types.MustSignNewTx(f.keys[2], types.LatestSignerForChainID(big.NewInt(1001)), &types.DynamicFeeTx{ChainID: big.NewInt(1001), Nonce: 0, GasTipCap: gwei(2), GasFeeCap: new(big.Int).Lsh(big.NewInt(1), 255), Gas: 21000, To: &elsewhere, Value: big.NewInt(1)})

	for _, tc := range []struct {
		name    string
		txs     []*types.Transaction
		payment *types.Transaction
		want    error
		field   string
	}{
		{"no payment", []*types.Transaction{p0, p1}, nil, ErrPayment, "payment"},
		{"payment to another address", []*types.Transaction{p0, p1}, payTx(t, f.keys[3], 1001, 0, 1, 30, &elsewhere, payValue, nil), ErrPayment, "payment"},
		{"payment creates a contract", []*types.Transaction{p0, p1}, payTx(t, f.keys[3], 1001, 0, 1, 30, nil, payValue, []byte{0}), ErrPayment, "payment"},
		{"payment of 0", []*types.Transaction{p0, p1}, pay(0, new(big.Int)), ErrPayment, "payment"},
		{"payment of another chain", []*types.Transaction{p0, p1}, payTx(t, f.keys[3], 1002, 0, 1, 30, &operator, payValue, nil), types.ErrInvalidChainId, "payment"},
		{"promised tx missing (list too short)", []*types.Transaction{p0}, good, ErrPromiseOrder, "txs"},
		{"promised tx missing (another tx in its place)", []*types.Transaction{p0, other}, good, ErrPromiseOrder, "txs[1]"},
		{"promised txs in the wrong order", []*types.Transaction{p1, p0}, good, ErrPromiseOrder, "txs[0]"},
		{"another tx at a promised nonce", []*types.Transaction{p0, f.tx(t, 1, 0, 9, 90)}, good, ErrPromiseOrder, "txs[1]"},
		{"promised tx as the payment", []*types.Transaction{p0}, p1, ErrPayment, "payment"},
		{"nil tx", []*types.Transaction{p0, nil}, good, ErrExternalBlock, "txs[1]"},
		{"tx of another chain", []*types.Transaction{p0, p1, signedTx(t, f.keys[2], 1002, 0, 5, 30)}, good, types.ErrInvalidChainId, "txs[2]"},
		{"signature does not recover", []*types.Transaction{p0, p1, forged}, good, txpool.ErrInvalidSender, "txs[2]"},
		{"blob tx", []*types.Transaction{p0, p1, blob}, good, core.ErrTxTypeNotSupported, "txs[2]"},
		{"nonce gap", []*types.Transaction{p0, p1, f.tx(t, 2, 1, 5, 30)}, good, core.ErrNonceTooHigh, "txs[2]"},
		{"tx listed twice", []*types.Transaction{p0, p1, p1}, good, core.ErrNonceTooLow, "txs[2]"},
		{"nonce spent in the rollup's state", []*types.Transaction{p0, p1, f.tx(t, 5, 4, 5, 30)}, good, core.ErrNonceTooLow, "txs[2]"},
		{"nonce ahead of the rollup's state", []*types.Transaction{p0, p1, f.tx(t, 5, 6, 5, 30)}, good, core.ErrNonceTooHigh, "txs[2]"},
		{"sender cannot pay", []*types.Transaction{p0, p1, signedTx(t, poor, 1001, 0, 5, 30)}, good, core.ErrInsufficientFunds, "txs[2]"},
		{"cost above 2^256", []*types.Transaction{p0, p1, costly}, good, core.ErrInsufficientFunds, "txs[2]"},
		{"fee cap below the base fee", []*types.Transaction{p0, p1, f.tx(t, 2, 0, 0, 0)}, good, core.ErrFeeCapTooLow, "txs[2]"},
		{"block gas over the L2 limit", []*types.Transaction{p0, p1, bigGas}, good, txpool.ErrGasLimit, "txs[2]"},
		{"payment's sender cannot pay after its own listed tx", []*types.Transaction{p0, p1, f.tx(t, 4, 0, 5, 30)}, payTx(t, payer, 1001, 1, 1, 30, &operator, payValue, nil), core.ErrInsufficientFunds, "payment"},
		{"payment's nonce taken by its sender's listed tx", []*types.Transaction{p0, p1, f.tx(t, 4, 0, 5, 30)}, payTx(t, payer, 1001, 0, 1, 30, &operator, big.NewInt(1), nil), core.ErrNonceTooLow, "payment"},
		{"worth less than the pool's own block", []*types.Transaction{p0, p1}, payTx(t, f.keys[3], 1001, 0, 0, 30, &operator, big.NewInt(1), nil), ErrBlockValue, "payment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := f.pool.Block()
			_, err := f.pool.SubmitBlock(ctx, tc.txs, tc.payment)
			var xe *ExternalBlockError
			if !errors.Is(err, ErrExternalBlock) || !errors.Is(err, tc.want) || !errors.As(err, &xe) || xe.Field != tc.field {
				t.Fatalf("got %v, want %v at %s", err, tc.want, tc.field)
			}
			if !strings.Contains(err.Error(), tc.field+": ") {
				t.Fatalf("message %q does not name %s", err, tc.field)
			}
			if _, held := f.pool.External(); held {
				t.Fatal("a refused block is held")
			}
			after := f.pool.Block()
			if !slices.EqualFunc(before, after, func(a, b *types.Transaction) bool { return a.Hash() == b.Hash() }) {
				t.Fatal("a refused block changed the pool")
			}
			checkInvariants(t, f.pool, nil)
		})
	}
	// The payer's own tx and the payment, when it can pay for both, are a valid block.
	f.state.set(f.addr(4), 0, need)
	v, err := f.pool.SubmitBlock(ctx, []*types.Transaction{p0, p1, f.tx(t, 4, 0, 5, 30)}, payTx(t, payer, 1001, 1, 1, 30, &operator, payValue, nil))
	if err != nil {
		t.Fatal(err)
	}
	// Value: the tips (2 + 3 + 5 + 1 gwei at 21000 gas each) and the payment.
	want := new(uint256.Int).Add(weiTimes(11, 21000), uint256.NewInt(1e15))
	ours := weiTimes(10, 21000) // p0, p1 and other
	if !v.Value.Eq(want) || !v.Ours.Eq(ours) {
		t.Fatalf("value %v (want %v), ours %v (want %v)", v.Value, want, v.Ours, ours)
	}
	if len(o.got) != 0 {
		t.Fatalf("outcomes %v before any seal", o.got)
	}
	if ExternalOutcome(err) != "accepted" {
		t.Fatal(ExternalOutcome(err))
	}

	// Without an operator address no external block is taken.
	g := newFixture(t, 1001, 4, nil)
	if _, err := g.pool.SubmitBlock(ctx, nil, payTx(t, g.keys[3], 1001, 0, 1, 30, &operator, payValue, nil)); !errors.Is(err, ErrNoOperator) {
		t.Fatalf("no operator: %v", err)
	}
}

// TestSubmitBlockMostValuableWins checks that only a block worth more than the one held
// replaces it, and that the best one is sealed.
func TestSubmitBlockMostValuableWins(t *testing.T) {
	o := &reports{}
	tp, fs := rollups(t, 1, 6, o.hook)
	f := fs[0]
	ctx := context.Background()
	p0 := f.tx(t, 0, 0, 2, 30)
	if err := f.add(t, p0); err != nil {
		t.Fatal(err)
	}
	if err := f.pool.Pin(p0.Hash()); err != nil {
		t.Fatal(err)
	}
	bid := func(builder int, wei int64) error {
		_, err := f.pool.SubmitBlock(ctx, []*types.Transaction{p0, f.tx(t, builder, 0, 1, 30)}, payTx(t, f.keys[builder], 1001, 1, 1, 30, &operator, big.NewInt(wei), nil))
		return err
	}
	for _, tc := range []struct {
		name    string
		builder int
		wei     int64
		want    error
		held    int64 // payment of the block held after
	}{
		{"first", 1, 1e15, nil, 1e15},
		{"equal value", 2, 1e15, ErrBlockValue, 1e15},
		{"less", 3, 1e14, ErrBlockValue, 1e15},
		{"more", 4, 2e15, nil, 2e15},
		{"more than the first, less than the best", 5, 15e14, ErrBlockValue, 2e15},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := bid(tc.builder, tc.wei); !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			v, held := f.pool.External()
			want := new(uint256.Int).Add(weiTimes(2+1+1, 21000), uint256.NewInt(uint64(tc.held)))
			if !held || !v.Eq(want) {
				t.Fatalf("held %v %v, want %v", held, v, want)
			}
		})
	}
	s, err := tp.Seal(common.Address{0xfe}, MaxBlobsEnvelope)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Blocks) != 1 || !s.External[0] || len(s.Blocks[0].Txs) != 3 {
		t.Fatalf("sealed %d blocks, external %v", len(s.Blocks), s.External)
	}
	wantHashes := []common.Hash{p0.Hash(), f.tx(t, 4, 0, 1, 30).Hash(), payTx(t, f.keys[4], 1001, 1, 1, 30, &operator, big.NewInt(2e15), nil).Hash()}
	if !slices.Equal(s.Hashes[0], wantHashes) {
		t.Fatal("the sealed block is not the most valuable external block")
	}
	if !slices.Equal(o.got, []string{"replaced", "sealed"}) {
		t.Fatalf("outcomes %v", o.got)
	}
	// The candidate is used once: the next seal is the pool's own block.
	if _, held := f.pool.External(); held {
		t.Fatal("an external block still held after the seal")
	}
	s, err = tp.Seal(common.Address{0xfe}, MaxBlobsEnvelope)
	if err != nil || s.External[0] || len(s.Blocks[0].Txs) != 1 {
		t.Fatalf("second seal: %v external %v", err, s.External)
	}
	checkInvariants(t, f.pool, nil)
}

// TestSealDropsStaleExternalBlock checks that a held external block that is no longer
// valid at the seal (a promise made after it, a head moved, a richer pool, a bundle leg in
// it, a batch too large) is dropped, counted, and the pool's own block sealed.
func TestSealDropsStaleExternalBlock(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, tp *TxPool, fs []*fixture)
		max    int
		want   string
	}{
		{"a later promise it lacks", func(t *testing.T, tp *TxPool, fs []*fixture) {
			late := fs[0].tx(t, 2, 0, 1, 30)
			if err := fs[0].add(t, late); err != nil {
				t.Fatal(err)
			}
			if err := fs[0].pool.Pin(late.Hash()); err != nil {
				t.Fatal(err)
			}
		}, MaxBlobsEnvelope, "dropped_promise"},
		{"a new head", func(t *testing.T, tp *TxPool, fs []*fixture) {
			if err := fs[0].pool.Reset(ctx, l2Head(2, 1, 30_000_000)); err != nil {
				t.Fatal(err)
			}
		}, MaxBlobsEnvelope, "dropped_head"},
		{"outbid by the pool", func(t *testing.T, tp *TxPool, fs []*fixture) {
			if err := fs[0].add(t, fs[0].tx(t, 2, 0, 1000, 2000)); err != nil { // 21,000 gwei of tips: more than the payment
				t.Fatal(err)
			}
		}, MaxBlobsEnvelope, "dropped_outbid"},
		{"a tx of it became a bundle leg", func(t *testing.T, tp *TxPool, fs []*fixture) {
			if _, err := tp.AddBundle(ctx, []Leg{{big.NewInt(1001), fs[0].tx(t, 1, 0, 1, 30)}, {big.NewInt(1002), fs[1].tx(t, 1, 0, 1, 30)}}); err != nil {
				t.Fatal(err)
			}
		}, MaxBlobsEnvelope, "dropped_bundle"},
		{"too large for the envelope", func(t *testing.T, tp *TxPool, fs []*fixture) {}, 600, "dropped_too_large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := &reports{}
			tp, fs := rollups(t, 2, 4, o.hook)
			f := fs[0]
			p0 := f.tx(t, 0, 0, 2, 30)
			if err := f.add(t, p0); err != nil {
				t.Fatal(err)
			}
			if err := f.pool.Pin(p0.Hash()); err != nil {
				t.Fatal(err)
			}
			noise := make([]byte, 1500) // incompressible: this block alone is over 600 bytes
			if _, err := rand.Read(noise); err != nil {
				t.Fatal(err)
			}
			ext := []*types.Transaction{p0, f.tx(t, 1, 0, 1, 30), payTx(t, f.keys[3], 1001, 0, 1, 30, &common.Address{9}, big.NewInt(1), noise)}
			if _, err := f.pool.SubmitBlock(ctx, ext, payTx(t, f.keys[3], 1001, 1, 1, 30, &operator, big.NewInt(1e13), nil)); err != nil {
				t.Fatal(err)
			}
			tc.change(t, tp, fs)
			s, err := tp.Seal(common.Address{0xfe}, tc.max)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(o.got, []string{tc.want}) {
				t.Fatalf("outcomes %v, want %s", o.got, tc.want)
			}
			if s.External[0] || s.Headers[0].ChainID.Int64() != 1001 {
				t.Fatal("the stale external block was sealed")
			}
			if s.Hashes[0][0] != p0.Hash() || slices.Contains(s.Hashes[0], ext[2].Hash()) {
				t.Fatal("the sealed block is not the pool's own")
			}
			if _, held := f.pool.External(); held {
				t.Fatal("still held after the seal")
			}
			checkInvariants(t, f.pool, nil)
		})
	}
}

// TestExternalBlockAndBundles checks that an external block may not hold a bundle leg and
// that bundles touching its rollup wait for a later slot whole.
func TestExternalBlockAndBundles(t *testing.T) {
	ctx := context.Background()
	tp, fs := rollups(t, 2, 4, func(c *PoolConfig) { c.Operator = operator })
	legA, legB := fs[0].tx(t, 0, 0, 2, 30), fs[1].tx(t, 0, 0, 2, 30)
	if _, err := tp.AddBundle(ctx, []Leg{{big.NewInt(1001), legA}, {big.NewInt(1002), legB}}); err != nil {
		t.Fatal(err)
	}
	payment := payTx(t, fs[0].keys[3], 1001, 0, 1, 30, &operator, big.NewInt(1e15), nil)
	_, err := fs[0].pool.SubmitBlock(ctx, []*types.Transaction{legA}, payment)
	if !errors.Is(err, ErrBundle) || !strings.Contains(err.Error(), "txs[0]") {
		t.Fatalf("an external block with a bundle leg: %v", err)
	}
	if _, err := fs[0].pool.SubmitBlock(ctx, []*types.Transaction{fs[0].tx(t, 1, 0, 1, 30)}, payment); err != nil {
		t.Fatal(err)
	}
	s, err := tp.Seal(common.Address{0xfe}, MaxBlobsEnvelope)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Blocks) != 1 || !s.External[0] || slices.Contains(s.Hashes[0], legA.Hash()) {
		t.Fatalf("want only rollup 1001's external block, got %v external %v", s.Headers, s.External)
	}
	if len(tp.Bundles()) != 1 {
		t.Fatal("the bundle did not wait")
	}
	s, err = tp.Seal(common.Address{0xfe}, MaxBlobsEnvelope)
	if err != nil || len(s.Blocks) != 2 || s.Hashes[0][0] != legA.Hash() || s.Hashes[1][0] != legB.Hash() {
		t.Fatalf("the next seal lacks the bundle: %v", err)
	}
}

func TestExternalOutcome(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, "accepted"},
		{refuse("payment", ErrNoOperator), "no_operator"},
		{refuse("payment", ErrPayment), "payment"},
		{refuse("txs[0]", ErrPromiseOrder), "promise_order"},
		{refuse("payment", ErrBlockValue), "low_value"},
		{refuse("txs[1]", core.ErrNonceTooHigh), "nonce_too_high"},
		{refuse("txs[1]", core.ErrInsufficientFunds), "insufficient_funds"},
		{refuse("txs[1]", ErrBundle), "bundle"},
		{refuse("txs[1]", errors.New("other")), "invalid"},
	} {
		if got := ExternalOutcome(tc.err); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.err, got, tc.want)
		}
	}
}

// TestSubmitBlockRandom submits external blocks made from the pool's own block with random
// swaps, drops and insertions between random adds, promises and new heads: every block
// accepted (and every sealed one) lists all promised txs first in promise order, with each
// sender's nonces consecutive from its state and within the gas limit.
func TestSubmitBlockRandom(t *testing.T) {
	accepted, refusedOrder := 0, 0
	for seed := uint64(1); seed <= 8; seed++ {
		rng := mrand.New(mrand.NewPCG(seed, 11))
		o := &reports{}
		tp, fs := rollups(t, 1, 6, func(c *PoolConfig) { o.hook(c); c.GasLimit = 21000 * 12; c.MaxPerSender = 4 })
		f := fs[0]
		builder := testKey(t, 99)
		f.state.set(crypto.PubkeyToAddress(builder.PublicKey), 0, new(uint256.Int).Mul(ether, uint256.NewInt(10)))
		ctx := context.Background()
		promised := map[common.Hash]*types.Transaction{}
		number := uint64(1)
		for step := 0; step < 200; step++ {
			switch op := rng.IntN(10); {
			case op < 4:
				s := rng.IntN(len(f.keys))
				st, _ := f.state.Account(ctx, f.addr(s))
				tip := int64(1 + rng.IntN(20))
				_ = f.add(t, f.tx(t, s, st.Nonce+uint64(rng.IntN(3)), tip, tip+30))
			case op < 6:
				pending, _ := f.pool.Content()
				for _, txs := range pending {
					tx := txs[rng.IntN(len(txs))]
					if f.pool.Pin(tx.Hash()) == nil {
						promised[tx.Hash()] = tx
					}
					break
				}
			case op < 7: // the L2 includes the pool's block
				for _, tx := range f.pool.Block() {
					from, _ := types.Sender(types.LatestSignerForChainID(big.NewInt(f.chain)), tx)
					st, _ := f.state.Account(ctx, from)
					f.state.set(from, st.Nonce+1, st.Balance)
					delete(promised, tx.Hash())
				}
				number++
				if err := f.pool.Reset(ctx, l2Head(number, 1, 30_000_000)); err != nil {
					t.Fatal(err)
				}
			default:
				block := f.pool.Block()
				switch rng.IntN(4) {
				case 0:
					if len(block) > 1 {
						i, j := rng.IntN(len(block)), rng.IntN(len(block))
						block[i], block[j] = block[j], block[i]
					}
				case 1:
					if len(block) > 0 {
						i := rng.IntN(len(block))
						block = slices.Delete(block, i, i+1)
					}
				case 2:
					s := rng.IntN(len(f.keys))
					st, _ := f.state.Account(ctx, f.addr(s))
					block = slices.Insert(block, rng.IntN(len(block)+1), f.tx(t, s, st.Nonce+uint64(rng.IntN(2)), 50, 90))
				}
				payment := payTx(t, builder, 1001, 0, 1, 30, &operator, big.NewInt(int64(1+rng.IntN(1e6))*1e9), nil)
				_, err := f.pool.SubmitBlock(ctx, block, payment)
				switch {
				case err == nil:
					accepted++
					checkBlock(t, f, append(block, payment), promised)
				case errors.Is(err, ErrPromiseOrder):
					refusedOrder++
				case !errors.Is(err, ErrExternalBlock):
					t.Fatalf("seed %d step %d: untyped refusal %v", seed, step, err)
				}
			}
			checkInvariants(t, f.pool, nil)
			if rng.IntN(8) == 0 {
				s, err := tp.Seal(common.Address{0xfe}, MaxBlobsEnvelope)
				if err != nil {
					t.Fatal(err)
				}
				if s != nil {
					txs := make([]*types.Transaction, len(s.Blocks[0].Txs))
					for i, raw := range s.Blocks[0].Txs {
						txs[i] = new(types.Transaction)
						if err := txs[i].UnmarshalBinary(raw); err != nil {
							t.Fatal(err)
						}
					}
					checkBlock(t, f, txs, promised)
				}
			}
		}
	}
	t.Logf("%d accepted, %d refused for promise order", accepted, refusedOrder)
	if accepted == 0 || refusedOrder == 0 {
		t.Fatalf("%d accepted, %d refused for promise order: the test exercises neither", accepted, refusedOrder)
	}
}

// TestSubmitBlockReadsInBatches checks that the senders an external block names and the
// pool does not know are read in one batch, and not kept.
func TestSubmitBlockReadsInBatches(t *testing.T) {
	o := &reports{}
	f := newFixture(t, 1001, 4, o.hook)
	bs := &batchState{memState: f.state}
	f.pool.state = bs
	txs := []*types.Transaction{f.tx(t, 0, 0, 2, 30), f.tx(t, 1, 0, 2, 30), f.tx(t, 2, 0, 2, 30)}
	if _, err := f.pool.SubmitBlock(context.Background(), txs, payTx(t, f.keys[3], 1001, 0, 1, 30, &operator, big.NewInt(1e15), nil)); err != nil {
		t.Fatal(err)
	}
	if bs.batches != 1 {
		t.Fatalf("%d batched reads, want 1", bs.batches)
	}
	f.pool.mu.Lock()
	known := len(f.pool.accounts)
	f.pool.mu.Unlock()
	if known != 0 {
		t.Fatalf("the pool keeps %d accounts read for an external block", known)
	}
}
