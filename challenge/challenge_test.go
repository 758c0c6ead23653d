package challenge

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/bls"
	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/simchain"
)

var ether = big.NewInt(1e18)

// finalUpTo is the finality of a chain finalized up to a slot; the Beacon
// type reads the same from a real beacon node in the devnet test.
type finalUpTo uint64

func (f finalUpTo) FinalizedSlot(context.Context) (uint64, error) { return uint64(f), nil }

// sim is a simulated chain with the contracts deployed (one-second slots from
// time zero: a block's timestamp is its slot) and an operator registered.
type sim struct {
	t         *testing.T
	be        *simulated.Backend
	cl        simulated.Client
	id        *big.Int
	d         *bindings.Deployment
	domain    preconf.Domain
	committer *ecdsa.PrivateKey
	sender    *ecdsa.PrivateKey
	chal      *ecdsa.PrivateKey
	owner     *ecdsa.PrivateKey
	nonce     uint64 // the sender's next nonce
}

func key(t *testing.T) *ecdsa.PrivateKey {
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func addrOf(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

// sealing seals a block after every transaction sent, until it has a receipt.
type sealing struct {
	simulated.Client
	be *simulated.Backend
}

func (s sealing) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := s.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	_, err := simchain.Mine(ctx, s.be, s.Client, tx.Hash())
	return err
}

const (
	finality = 4
	window   = 100
	defence  = 50
)

func newSim(t *testing.T) *sim {
	t.Helper()
	s := &sim{t: t, committer: key(t), sender: key(t), chal: key(t), owner: key(t)}
	alloc := types.GenesisAlloc{}
	for _, k := range []*ecdsa.PrivateKey{s.committer, s.sender, s.chal, s.owner} {
		alloc[addrOf(k)] = types.Account{Balance: new(big.Int).Mul(big.NewInt(1000), ether)}
	}
	s.be = simulated.NewBackend(alloc)
	t.Cleanup(func() { _ = s.be.Close() })
	s.cl = s.be.Client()
	ctx := context.Background()
	var err error
	if s.id, err = s.cl.ChainID(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := bindings.Config{
		MinCollateral: ether, UnregistrationDelay: 1000, GenesisTime: 0, SecondsPerSlot: 1,
		FinalityDelay: finality, ChallengeWindow: window, DefenceWindow: defence, Notice: 2,
		Bond: ether, RewardBps: 1000, LivenessBps: 2000,
	}
	if s.d, err = bindings.Deploy(ctx, s.backend(), s.opts(s.owner, nil), s.id.Uint64(), cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := bindings.Register(ctx, s.backend(), s.opts(s.owner, new(big.Int).Mul(big.NewInt(5), ether)), s.id, s.d.Registry, addrOf(s.committer), []*bls.SecretKey{bls.InteropKey(0)}); err != nil {
		t.Fatal(err)
	}
	s.domain = preconf.Domain{ChainID: s.id, VerifyingContract: s.d.PreconfSlasher}
	return s
}

func (s *sim) backend() sealing { return sealing{Client: s.cl, be: s.be} }

func (s *sim) opts(k *ecdsa.PrivateKey, value *big.Int) *bind.TransactOpts {
	o, err := bind.NewKeyedTransactorWithChainID(k, s.id)
	if err != nil {
		s.t.Fatal(err)
	}
	o.Value = value
	return o
}

func (s *sim) challenger(fin Finality) *Challenger {
	c, err := New(context.Background(), s.backend(), Config{Slasher: s.d.PreconfSlasher, Finality: fin})
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// transfer signs the sender's next transfer.
func (s *sim) transfer() *types.Transaction {
	head, err := s.cl.HeaderByNumber(context.Background(), nil)
	if err != nil {
		s.t.Fatal(err)
	}
	tx := types.MustSignNewTx(s.sender, types.LatestSignerForChainID(s.id), &types.DynamicFeeTx{
		ChainID: s.id, Nonce: s.nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: new(big.Int).Add(head.BaseFee, big.NewInt(2e9)),
		Gas: 21000, To: &common.Address{0xbe}, Value: big.NewInt(1)})
	s.nonce++
	return tx
}

// land sends tx and seals the block holding it; it returns that block's header.
func (s *sim) land(tx *types.Transaction) *types.Header {
	ctx := context.Background()
	if err := s.backend().SendTransaction(ctx, tx); err != nil {
		s.t.Fatal(err)
	}
	r, err := s.cl.TransactionReceipt(ctx, tx.Hash())
	if err != nil {
		s.t.Fatal(err)
	}
	h, err := s.cl.HeaderByNumber(ctx, r.BlockNumber)
	if err != nil {
		s.t.Fatal(err)
	}
	return h
}

// promise signs the committer's promise for txHash in slot on chain (nil: L1).
func (s *sim) promise(slot uint64, chain *big.Int, txHash common.Hash, nonce uint64) *preconf.SignedCommitment {
	if chain == nil {
		chain = s.id
	}
	c := preconf.InclusionCommitment{Slot: slot, ChainID: chain, TxHash: txHash, Sender: addrOf(s.sender), Nonce: nonce,
		Committer: addrOf(s.committer), Seq: 0, Penalty: big.NewInt(3e17)}
	d := c.Digest(s.domain)
	sig, err := preconf.Sign(d, s.committer)
	if err != nil {
		s.t.Fatal(err)
	}
	return &preconf.SignedCommitment{Commitment: c, Digest: d, Signature: sig}
}

// pass moves the chain's time on by d and seals a block. The pool drops the
// txs of a new block asynchronously, and until it has, AdjustTime refuses: it
// is retried.
func (s *sim) pass(d time.Duration) {
	for deadline := time.Now().Add(10 * time.Second); ; {
		err := s.be.AdjustTime(d)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			s.t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.be.Commit()
}

// TestCheckVerdicts decides kept, broken, missed, void and pending promises
// from a simulated chain, and refuses promises that do not verify under the
// chain's domain.
func TestCheckVerdicts(t *testing.T) {
	ctx := context.Background()
	s := newSim(t)
	keptTx := s.transfer()
	keptBlock := s.land(keptTx)
	lateTx := s.transfer()
	lateBlock := s.land(lateTx) // promised for the slot of keptBlock: landed a slot late
	s.pass(20 * time.Second)
	missedSlot := lateBlock.Time + 5 // no block has this timestamp
	spent := s.transfer()
	spentBlock := s.land(spent)
	s.pass(2 * time.Second)
	c := s.challenger(finalUpTo(1 << 40))

	other := s.promise(keptBlock.Time, nil, keptTx.Hash(), keptTx.Nonce())
	wrongDomain, _ := preconf.Sign(other.Commitment.Digest(preconf.Domain{ChainID: s.id, VerifyingContract: common.Address{1}}), s.committer)
	otherSigner, _ := preconf.Sign(other.Digest, s.sender)
	for _, tc := range []struct {
		name   string
		sc     *preconf.SignedCommitment
		want   Verdict
		errIs  error
		mutate func(*preconf.SignedCommitment)
	}{
		{name: "kept: in the block of its slot", sc: s.promise(keptBlock.Time, nil, keptTx.Hash(), keptTx.Nonce()), want: Kept},
		{name: "broken: landed in the next slot", sc: s.promise(keptBlock.Time, nil, lateTx.Hash(), lateTx.Nonce()), want: Broken},
		{name: "broken: never sent", sc: s.promise(keptBlock.Time, nil, crypto.Keccak256Hash([]byte("never")), s.nonce+5), want: Broken},
		{name: "missed: no block at the slot's time", sc: s.promise(missedSlot, nil, crypto.Keccak256Hash([]byte("x")), s.nonce+5), want: Missed},
		{name: "void: nonce spent before the slot", sc: s.promise(spentBlock.Time+1, nil, crypto.Keccak256Hash([]byte("y")), spent.Nonce()), want: Void},
		{name: "signed under another domain", sc: s.promise(keptBlock.Time, nil, keptTx.Hash(), 0), errIs: ErrVerify,
			mutate: func(sc *preconf.SignedCommitment) { sc.Signature, sc.Digest = wrongDomain, common.Hash{} }},
		{name: "signed by another key", sc: s.promise(keptBlock.Time, nil, keptTx.Hash(), 0), errIs: ErrVerify,
			mutate: func(sc *preconf.SignedCommitment) { sc.Signature = otherSigner }},
		{name: "typedData of another slasher", sc: s.promise(keptBlock.Time, nil, keptTx.Hash(), 0), errIs: ErrVerify,
			mutate: func(sc *preconf.SignedCommitment) {
				sc.Domain = &preconf.Domain{ChainID: s.id, VerifyingContract: common.Address{2}}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.mutate != nil {
				tc.mutate(tc.sc)
			}
			r, err := c.Check(ctx, tc.sc)
			if tc.errIs != nil {
				if !errors.Is(err, tc.errIs) {
					t.Fatalf("err %v, want %v", err, tc.errIs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != tc.want {
				t.Fatalf("verdict %s (%s), want %s", r.Verdict, r.Reason, tc.want)
			}
		})
	}
	// Not final: pending, whatever the block holds.
	r, err := s.challenger(finalUpTo(keptBlock.Time-1)).Check(ctx, s.promise(keptBlock.Time, nil, lateTx.Hash(), lateTx.Nonce()))
	if err != nil || r.Verdict != Pending || r.Final {
		t.Fatalf("unfinalized slot: %+v, %v", r, err)
	}
}

// TestCheckBalanceRun has a sender with promises for nonces 0, 1 and 2 in one
// slot replace nonce 0 in an earlier block, leaving 10 ETH; in the slot nonce 1
// sends 6 ETH, and nonce 2's tx (refunded, it lands later) could pay alone but
// not after nonce 1: void, since the operator can defend with defendBalanceRun
// citing nonce 1's tx of the slot's block. When the 10 ETH cover both, broken.
func TestCheckBalanceRun(t *testing.T) {
	for _, tc := range []struct {
		name string
		last int64 // ETH nonce 2's tx sends
		want Verdict
	}{
		{name: "short of the run", last: 6, want: Void},
		{name: "covers the run", last: 3, want: Broken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := newSim(t)
			send := s.drainTo(ctx, 10) // replaces nonce 0's promised tx
			s.pass(time.Second)
			slotBlock := s.land(send(s.sender, 1, common.Address{0xa1}, eth(6)))
			last := send(s.sender, 2, common.Address{0xa2}, eth(tc.last))
			chalNonce, _ := s.cl.PendingNonceAt(ctx, addrOf(s.chal))
			s.land(send(s.chal, chalNonce, addrOf(s.sender), eth(10)))
			s.land(last)
			s.pass(2 * time.Second)
			r, err := s.challenger(finalUpTo(1<<40)).Check(ctx, s.promise(slotBlock.Time, nil, last.Hash(), 2))
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != tc.want {
				t.Fatalf("verdict %s (%s), want %s", r.Verdict, r.Reason, tc.want)
			}
			if tc.want == Void && !strings.Contains(r.Reason, "defendBalanceRun") {
				t.Fatalf("reason %q does not name defendBalanceRun", r.Reason)
			}
		})
	}
}

func eth(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), ether) }

// drainTo lands a tx of the sender at nonce 0 that leaves it keep ETH, and
// returns a signer of transfers at the chain's fees for the balance-run tests.
func (s *sim) drainTo(ctx context.Context, keep int64) func(k *ecdsa.PrivateKey, nonce uint64, to common.Address, value *big.Int) *types.Transaction {
	head, _ := s.cl.HeaderByNumber(ctx, nil)
	bal, _ := s.cl.BalanceAt(ctx, addrOf(s.sender), nil)
	feeCap := new(big.Int).Add(head.BaseFee, big.NewInt(2e9))
	send := func(k *ecdsa.PrivateKey, nonce uint64, to common.Address, value *big.Int) *types.Transaction {
		return types.MustSignNewTx(k, types.LatestSignerForChainID(s.id), &types.DynamicFeeTx{
			ChainID: s.id, Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: feeCap, Gas: 21000, To: &to, Value: value})
	}
	s.land(send(s.sender, 0, common.Address{0xdd}, new(big.Int).Sub(bal, eth(keep))))
	return send
}

// TestCheckBalanceRunPromised: the sender holds promises for nonces 1 and 2
// of one slot, drained its balance to 10 ETH with a replacement of nonce 0,
// and the slot's block holds neither (the operator broke both). Each costs
// 6 ETH: nonce 1 alone was payable, so it is broken; nonce 2 after nonce 1 was
// not, and the operator can defend it with defendBalanceRun citing its own
// promise of nonce 1. Told the wallet's other promises, Check says void (no
// bond lost); without them it cannot see the run and says broken, and Open
// would challenge.
func TestCheckBalanceRunPromised(t *testing.T) {
	ctx := context.Background()
	s := newSim(t)
	send := s.drainTo(ctx, 10) // replaces nonce 0's promised tx
	s.pass(time.Second)
	chalNonce, _ := s.cl.PendingNonceAt(ctx, addrOf(s.chal))
	slotBlock := s.land(send(s.chal, chalNonce, common.Address{0xee}, big.NewInt(1))) // the slot's block: neither promised tx
	first, second := send(s.sender, 1, common.Address{0xa1}, eth(6)), send(s.sender, 2, common.Address{0xa2}, eth(6))
	// Both land later (the chain knows them), nonce 2 after a top-up.
	s.land(first)
	s.land(send(s.chal, chalNonce+1, addrOf(s.sender), eth(10)))
	s.land(second)
	s.pass(2 * time.Second)
	p1 := s.promise(slotBlock.Time, nil, first.Hash(), 1)
	p2 := s.promise(slotBlock.Time, nil, second.Hash(), 2)
	c := s.challenger(finalUpTo(1 << 40))
	otherSlot := s.promise(slotBlock.Time+1, nil, first.Hash(), 1)
	for _, tc := range []struct {
		name   string
		sc     *preconf.SignedCommitment
		others []*preconf.SignedCommitment
		want   Verdict
	}{
		{"nonce 1: payable alone, broken", p1, []*preconf.SignedCommitment{p1, p2}, Broken},
		{"nonce 2 with the wallet's promises: void", p2, []*preconf.SignedCommitment{p1, p2}, Void},
		{"nonce 2 without them: the run is not seen", p2, nil, Broken},
		{"nonce 2 with a promise of nonce 1 for another slot: not the run", p2, []*preconf.SignedCommitment{otherSlot}, Broken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := c.Check(ctx, tc.sc, tc.others...)
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != tc.want {
				t.Fatalf("verdict %s (%s), want %s", r.Verdict, r.Reason, tc.want)
			}
			if tc.want == Void && !strings.Contains(r.Reason, "defendBalanceRun") {
				t.Fatalf("reason %q does not name defendBalanceRun", r.Reason)
			}
		})
	}
	// Open takes the same list: nothing is sent against the defensible promise.
	s.pass(finality * time.Second)
	if _, err := c.Open(ctx, s.opts(s.chal, nil), p2, p1, p2); !errors.Is(err, ErrNotChallengeable) {
		t.Fatalf("open of the defensible promise with the list: %v, want ErrNotChallengeable", err)
	}
}

// TestOpenSlashClaim enforces a broken promise: opening too early is refused
// before any transaction, opening twice sends nothing, the slasher's own
// errors come back decoded from its ABI, and after the defence window the
// slash pays the sender the penalty and the challenger bond and reward.
func TestOpenSlashClaim(t *testing.T) {
	ctx := context.Background()
	s := newSim(t)
	hd := s.land(s.transfer()) // another tx of the sender fills the slot
	sc := s.promise(hd.Time, nil, crypto.Keccak256Hash([]byte("dropped")), s.nonce+1)
	c := s.challenger(finalUpTo(1 << 40))
	chal := s.opts(s.chal, nil)

	if _, err := c.Open(ctx, chal, sc); !errors.Is(err, ErrNotChallengeable) {
		t.Fatalf("open before the finality delay: %v, want ErrNotChallengeable", err)
	}
	// The slasher says so itself, decoded from its ABI.
	slasher, _ := bindings.NewPreconfSlasher(s.d.PreconfSlasher, s.backend())
	o := s.opts(s.chal, ether)
	_, err := slasher.OpenChallenge(o, onchain(&sc.Commitment), sc.Signature)
	if err = decodeRevert(err); !errors.Is(err, ErrTooEarly) {
		t.Fatalf("slasher before the delay: %v, want TooEarly", err)
	}
	s.pass(finality * time.Second)
	_, err = slasher.OpenChallenge(s.opts(s.chal, big.NewInt(1)), onchain(&sc.Commitment), sc.Signature)
	var re *RevertError
	if err = decodeRevert(err); !errors.As(err, &re) || re.Name != "BadBond" || len(re.Args) != 2 {
		t.Fatalf("wrong bond: %v, want BadBond(1, bond)", err)
	}

	res, err := c.Open(ctx, chal, sc)
	if err != nil || res.Sent == nil || res.Receipt.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("open: %+v, %v", res, err)
	}
	again, err := c.Open(ctx, chal, sc)
	if err != nil || again.Sent != nil {
		t.Fatalf("second open sent %v (%v), want nothing", again, err)
	}
	_, err = slasher.OpenChallenge(s.opts(s.chal, ether), onchain(&sc.Commitment), sc.Signature)
	if err = decodeRevert(err); !errors.Is(err, ErrAlreadyChallenged) {
		t.Fatalf("slasher on a second open: %v, want AlreadyChallenged", err)
	}
	if _, err := c.Slash(ctx, chal, sc); !errors.Is(err, ErrNotSlashable) {
		t.Fatalf("slash inside the defence window: %v, want ErrNotSlashable", err)
	}
	if _, err := c.Slash(ctx, chal, s.promise(hd.Time, nil, common.Hash{9}, 9)); !errors.Is(err, ErrNotSlashable) {
		t.Fatalf("slash of a promise never challenged: %v, want ErrNotSlashable", err)
	}

	registry, _ := bindings.NewRegistryCaller(s.d.Registry, s.cl)
	opts := &bind.CallOpts{Context: ctx}
	before, _ := registry.OperatorOfCommitter(opts, addrOf(s.committer))
	s.pass((defence + 1) * time.Second)
	res, err = c.Slash(ctx, chal, sc)
	if err != nil || res.Sent == nil {
		t.Fatalf("slash: %+v, %v", res, err)
	}
	if res, err := c.Slash(ctx, chal, sc); err != nil || res.Sent != nil {
		t.Fatalf("second slash: %+v, %v, want nothing sent", res, err)
	}
	after, _ := registry.OperatorOfCommitter(opts, addrOf(s.committer))
	reward := new(big.Int).Div(sc.Commitment.Penalty, big.NewInt(10))
	if drop := new(big.Int).Sub(before.Collateral, after.Collateral); drop.Cmp(new(big.Int).Add(sc.Commitment.Penalty, reward)) != 0 {
		t.Fatalf("collateral dropped by %v, want penalty + reward %v", drop, new(big.Int).Add(sc.Commitment.Penalty, reward))
	}
	if owed, _ := c.Claimable(ctx, addrOf(s.sender)); owed.Cmp(sc.Commitment.Penalty) != 0 {
		t.Fatalf("sender can claim %v, want the penalty %v", owed, sc.Commitment.Penalty)
	}
	balBefore, _ := s.cl.BalanceAt(ctx, addrOf(s.chal), nil)
	res, got, err := c.Claim(ctx, chal)
	if err != nil {
		t.Fatal(err)
	}
	if want := new(big.Int).Add(ether, reward); got.Cmp(want) != 0 {
		t.Fatalf("challenger claimed %v, want bond + reward %v", got, want)
	}
	balAfter, _ := s.cl.BalanceAt(ctx, addrOf(s.chal), nil)
	fee := new(big.Int).Mul(new(big.Int).SetUint64(res.Receipt.GasUsed), res.Receipt.EffectiveGasPrice)
	if diff := new(big.Int).Sub(balAfter, balBefore); new(big.Int).Add(diff, fee).Cmp(got) != 0 {
		t.Fatalf("balance rose by %v (+%v fee), want %v", diff, fee, got)
	}
	if _, _, err := c.Claim(ctx, chal); !errors.Is(err, ErrNothingToClaim) {
		t.Fatalf("second claim: %v, want ErrNothingToClaim", err)
	}
	// A kept promise is never challenged.
	kept := s.transfer()
	kb := s.land(kept)
	s.pass(finality * time.Second)
	if _, err := c.Open(ctx, chal, s.promise(kb.Time, nil, kept.Hash(), kept.Nonce())); !errors.Is(err, ErrNotChallengeable) {
		t.Fatalf("open of a kept promise: %v, want ErrNotChallengeable", err)
	}
}

// TestWatchResumes has the watcher enforce a broken and a missed promise and
// leave a kept one alone, with a restart (a new watcher on the saved state)
// between opening and slashing; it never opens twice.
func TestWatchResumes(t *testing.T) {
	ctx := context.Background()
	s := newSim(t)
	kept := s.transfer()
	kb := s.land(kept)
	s.pass(10 * time.Second)
	broken := s.promise(kb.Time, nil, crypto.Keccak256Hash([]byte("dropped")), s.nonce+3)
	missed := s.promise(kb.Time+3, nil, crypto.Keccak256Hash([]byte("missed")), s.nonce+3)
	forged := s.promise(kb.Time, nil, crypto.Keccak256Hash([]byte("forged")), s.nonce+3)
	forged.Signature, _ = preconf.Sign(forged.Digest, s.sender)
	promises := []*preconf.SignedCommitment{s.promise(kb.Time, nil, kept.Hash(), kept.Nonce()), broken, missed, forged}
	path := filepath.Join(t.TempDir(), "state.json")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	watcher := func() *Watcher {
		st, err := LoadState(path)
		if err != nil {
			t.Fatal(err)
		}
		return &Watcher{C: s.challenger(finalUpTo(1 << 40)), Auth: s.opts(s.chal, nil), State: st, Log: log}
	}
	w := watcher()
	active, err := w.Step(ctx, promises)
	if err != nil || !active {
		t.Fatalf("first round: active %v, %v", active, err)
	}
	c := w.C
	for _, sc := range []*preconf.SignedCommitment{broken, missed} {
		if ch, _ := c.Challenge(ctx, sc.Commitment.Digest(s.domain)); ch.Status != StatusOpen {
			t.Fatalf("slot %d: challenge %s, want open", sc.Commitment.Slot, ch.Status)
		}
	}
	if ch, _ := c.Challenge(ctx, promises[0].Commitment.Digest(s.domain)); ch.Status != StatusNone {
		t.Fatalf("kept promise challenged: %s", ch.Status)
	}
	if ch, _ := c.Challenge(ctx, missed.Commitment.Digest(s.domain)); !ch.Missed {
		t.Fatal("missed slot not recorded as missed by the slasher")
	}
	// Restart; a round inside the defence window sends nothing.
	nonce, _ := s.cl.NonceAt(ctx, addrOf(s.chal), nil)
	w = watcher()
	if active, err := w.Step(ctx, promises); err != nil || !active {
		t.Fatalf("round in the window: active %v, %v", active, err)
	}
	if n, _ := s.cl.NonceAt(ctx, addrOf(s.chal), nil); n != nonce {
		t.Fatalf("a round inside the defence window sent %d transactions", n-nonce)
	}
	s.pass((defence + 1) * time.Second)
	w = watcher()
	active, err = w.Step(ctx, promises)
	if err != nil || active {
		t.Fatalf("round after the window: active %v, %v", active, err)
	}
	for _, sc := range []*preconf.SignedCommitment{broken, missed} {
		if ch, _ := c.Challenge(ctx, sc.Commitment.Digest(s.domain)); ch.Status != StatusSlashed {
			t.Fatalf("slot %d: challenge %s, want slashed", sc.Commitment.Slot, ch.Status)
		}
	}
	if owed, _ := c.Claimable(ctx, addrOf(s.chal)); owed.Sign() != 0 {
		t.Fatalf("challenger left %v unclaimed", owed)
	}
	// The missed slot pays the liveness share (20 %), the broken one the penalty.
	want := new(big.Int).Add(broken.Commitment.Penalty, new(big.Int).Div(missed.Commitment.Penalty, big.NewInt(5)))
	if owed, _ := c.Claimable(ctx, addrOf(s.sender)); owed.Cmp(want) != 0 {
		t.Fatalf("sender can claim %v, want %v", owed, want)
	}
	st, _ := LoadState(path)
	for i, want := range []Verdict{Kept, Broken, Missed, Invalid} {
		sc := promises[i]
		if e := st.Entries[sc.Commitment.Digest(s.domain)]; e == nil || e.Stage != StageDone || e.Verdict != want {
			t.Fatalf("slot %d: saved %+v, want done and %s", sc.Commitment.Slot, e, want)
		}
	}
	if ch, _ := c.Challenge(ctx, forged.Commitment.Digest(s.domain)); ch.Status != StatusNone {
		t.Fatalf("a forged promise was challenged: %s", ch.Status)
	}
}

// l2State funds every account of the sealed batch's rollups.
type l2State struct{}

func (l2State) Account(context.Context, common.Address) (mempool.Account, error) {
	return mempool.Account{Balance: uint256.NewInt(1e18)}, nil
}

// TestCheckL2 posts a shared batch of two rollups as the committer and checks
// rollup promises against the inbox's events and the batch's data: a tx
// listed in its rollup's block is kept, one that is not is broken, and so is
// a promise for a slot in which the committer posted no batch.
func TestCheckL2(t *testing.T) {
	ctx := context.Background()
	s := newSim(t)
	const rollupID = 167001
	inbox, _ := bindings.NewRollupInbox(s.d.RollupInbox, s.backend())
	for _, id := range []int64{rollupID, rollupID + 1} {
		if _, err := inbox.RegisterRollup(s.opts(s.owner, nil), big.NewInt(id), []byte("{}")); err != nil {
			t.Fatal(err)
		}
	}
	var pools []*mempool.Pool
	var listed, unlisted *types.Transaction
	for r := range 2 {
		id := big.NewInt(rollupID + int64(r))
		cfg := *params.MergedTestChainConfig
		cfg.ChainID = id
		head := &types.Header{Number: big.NewInt(1), BaseFee: big.NewInt(1e9), GasLimit: 30_000_000, Difficulty: new(big.Int)}
		p, err := mempool.NewPool(mempool.PoolConfig{ChainID: id, ChainConfig: &cfg, GasLimit: 30_000_000}, l2State{}, head)
		if err != nil {
			t.Fatal(err)
		}
		for n := range uint64(3) {
			tx := types.MustSignNewTx(s.sender, types.LatestSignerForChainID(id), &types.DynamicFeeTx{ChainID: id, Nonce: n,
				GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &common.Address{0x12}})
			if err := p.Add(ctx, []*types.Transaction{tx})[0]; err != nil {
				t.Fatal(err)
			}
			if r == 0 && n == 1 {
				listed = tx
			}
		}
		pools = append(pools, p)
	}
	// A tx of rollup 1 that no block of the batch lists.
	unlisted = types.MustSignNewTx(s.sender, types.LatestSignerForChainID(big.NewInt(rollupID)), &types.DynamicFeeTx{ChainID: big.NewInt(rollupID), Nonce: 7,
		GasTipCap: big.NewInt(1e9), GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &common.Address{0x12}})
	tp, err := mempool.NewTxPool(0, pools...)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := tp.Seal(common.Address{0xfe}, mempool.MaxBlobsEnvelope)
	if err != nil {
		t.Fatal(err)
	}
	var headers []bindings.RollupInboxBlockHeader
	for _, h := range sealed.Headers {
		headers = append(headers, bindings.RollupInboxBlockHeader{ChainId: h.ChainID, TxRoot: h.TxRoot, TxCount: h.TxCount, ParentHash: h.ParentHash})
	}
	tx, err := inbox.ProposeBatch(s.opts(s.committer, nil), headers, sealed.Envelope)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := s.cl.TransactionReceipt(ctx, tx.Hash())
	batchBlock, _ := s.cl.HeaderByNumber(ctx, r.BlockNumber)
	other := s.land(s.transfer()) // a slot with a block but no batch
	s.pass(2 * time.Second)
	c := s.challenger(finalUpTo(1 << 40))
	id := big.NewInt(rollupID)
	for _, tc := range []struct {
		name string
		sc   *preconf.SignedCommitment
		want Verdict
	}{
		{"listed in its rollup's block", s.promise(batchBlock.Time, id, listed.Hash(), listed.Nonce()), Kept},
		{"not listed", s.promise(batchBlock.Time, id, unlisted.Hash(), unlisted.Nonce()), Broken},
		{"listed, but in the other rollup's block", s.promise(batchBlock.Time, big.NewInt(rollupID+1), listed.Hash(), listed.Nonce()), Broken},
		{"no batch in the slot", s.promise(other.Time, id, listed.Hash(), listed.Nonce()), Broken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := c.Check(ctx, tc.sc)
			if err != nil {
				t.Fatal(err)
			}
			if r.Verdict != tc.want {
				t.Fatalf("verdict %s (%s), want %s", r.Verdict, r.Reason, tc.want)
			}
		})
	}
}
