package defender

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/basedsidecar/based/challenge"
	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/bls"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/simchain"
)

var ether = big.NewInt(1e18)

// sim is a simulated chain (one-second slots from time zero: a block's
// timestamp is its slot) with the contracts deployed and an operator registered.
type sim struct {
	t                              *testing.T
	be                             *simulated.Backend
	cl                             simulated.Client
	id                             *big.Int
	d                              *bindings.Deployment
	slasher                        *bindings.PreconfSlasher
	domain                         preconf.Domain
	committer, sender, chal, owner *ecdsa.PrivateKey
	nonce                          uint64
	url                            string  // the node's JSON-RPC over HTTP (for eth_getProof)
	records                        Records // our promises as the engine's log would give them; nil: none
}

// logged stands in for the engine's commitment log (preconf's
// TestSlotTxsInPromiseOrderAcrossRestart tests the real one): the promises of
// each slot with their raw txs.
type logged map[uint64][]preconf.LoggedPromise

func (l logged) LoggedPromises(slot uint64) ([]preconf.LoggedPromise, error) { return l[slot], nil }

func key(t *testing.T) *ecdsa.PrivateKey {
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func addrOf(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

// sealing seals blocks after a sent transaction until it has a receipt.
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	s.be = simulated.NewBackend(alloc, func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = "127.0.0.1", port, []string{"eth"}
	})
	s.url = fmt.Sprintf("http://127.0.0.1:%d", port)
	t.Cleanup(func() { _ = s.be.Close() })
	s.cl = s.be.Client()
	ctx := context.Background()
	if s.id, err = s.cl.ChainID(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := bindings.Config{
		MinCollateral: ether, UnregistrationDelay: 1000, GenesisTime: 0, SecondsPerSlot: 1,
		FinalityDelay: finality, ChallengeWindow: window, DefenceWindow: defence, Notice: 2,
		Bond: ether, RewardBps: 1000, LivenessBps: 2000,
	}
	if s.d, err = bindings.Deploy(ctx, s.sealing(), s.opts(s.owner, nil), s.id.Uint64(), cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := bindings.Register(ctx, s.sealing(), s.opts(s.owner, new(big.Int).Mul(big.NewInt(5), ether)), s.id, s.d.Registry, addrOf(s.committer), []*bls.SecretKey{bls.InteropKey(0)}); err != nil {
		t.Fatal(err)
	}
	if s.slasher, err = bindings.NewPreconfSlasher(s.d.PreconfSlasher, s.sealing()); err != nil {
		t.Fatal(err)
	}
	s.domain = preconf.Domain{ChainID: s.id, VerifyingContract: s.d.PreconfSlasher}
	return s
}

func (s *sim) sealing() sealing { return sealing{Client: s.cl, be: s.be} }

func (s *sim) opts(k *ecdsa.PrivateKey, value *big.Int) *bind.TransactOpts {
	o, err := bind.NewKeyedTransactorWithChainID(k, s.id)
	if err != nil {
		s.t.Fatal(err)
	}
	o.Value = value
	return o
}

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

// land sends txs and seals one block holding them all; it returns its header.
func (s *sim) land(txs ...*types.Transaction) *types.Header {
	ctx := context.Background()
	for _, tx := range txs {
		if err := s.cl.SendTransaction(ctx, tx); err != nil {
			s.t.Fatal(err)
		}
	}
	s.be.Commit()
	r, err := simchain.Receipt(ctx, s.cl, txs[0].Hash())
	if err != nil {
		s.t.Fatal(err)
	}
	h, err := s.cl.HeaderByNumber(ctx, r.BlockNumber)
	if err != nil {
		s.t.Fatal(err)
	}
	return h
}

func (s *sim) promise(slot uint64, txHash common.Hash, nonce uint64) *preconf.SignedCommitment {
	c := preconf.InclusionCommitment{Slot: slot, ChainID: s.id, TxHash: txHash, Sender: addrOf(s.sender), Nonce: nonce,
		Committer: addrOf(s.committer), Seq: 0, Penalty: big.NewInt(3e17)}
	d := c.Digest(s.domain)
	sig, err := preconf.Sign(d, s.committer)
	if err != nil {
		s.t.Fatal(err)
	}
	return &preconf.SignedCommitment{Commitment: c, Digest: d, Signature: sig}
}

// pass seals a block d later than the head. The pool drops the txs of a new
// block asynchronously, and until it has, AdjustTime refuses: it is retried.
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

// open challenges sc from the challenger's key, with the bond.
func (s *sim) open(sc *preconf.SignedCommitment) {
	if _, err := s.slasher.OpenChallenge(s.opts(s.chal, ether), challenge.Onchain(&sc.Commitment), sc.Signature); err != nil {
		s.t.Fatalf("openChallenge: %v", challenge.DecodeRevert(err))
	}
}

func (s *sim) status(sc *preconf.SignedCommitment) challenge.Status {
	ch, err := s.slasher.Challenges(&bind.CallOpts{}, sc.Digest)
	if err != nil {
		s.t.Fatal(err)
	}
	return challenge.Status(ch.Status)
}

func (s *sim) prover() Prover {
	rc, err := gethrpc.Dial(s.url)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(rc.Close)
	return NewProver(rc)
}

func (s *sim) defender(el Chain, dir string) (*Defender, *Metrics) {
	m := NewMetrics(nil)
	d, err := New(context.Background(), el, s.prover(), Config{
		Slasher: s.d.PreconfSlasher, Owner: addrOf(s.owner), Key: s.committer, Dir: dir, Records: s.records,
	}, m, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		s.t.Fatal(err)
	}
	return d, m
}

// TestDefend opens challenges against an honest L1 promise, a void one (the
// nonce spent before the slot), one whose sender emptied its balance and a
// broken one: the first three are defended on chain (the bond goes to the
// operator), the broken one is reported undefendable and nothing is sent for it.
func TestDefend(t *testing.T) {
	ctx := context.Background()
	s := newSim(t)
	// kept: in the block of its slot, among others.
	filler := s.transfer()
	kept := s.transfer()
	keptBlock := s.land(filler, kept)
	// void: the nonce was spent in a block before the slot.
	spent := s.transfer()
	spentBlock := s.land(spent)
	s.pass(3 * time.Second)
	// broken: the slot has a block, the promised tx is not in it.
	brokenBlock := s.land(s.transfer())

	promises := map[string]*preconf.SignedCommitment{
		"l1":     s.promise(keptBlock.Time, kept.Hash(), kept.Nonce()),
		"void":   s.promise(spentBlock.Time+2, crypto.Keccak256Hash([]byte("replaced")), spent.Nonce()),
		"broken": s.promise(brokenBlock.Time, crypto.Keccak256Hash([]byte("dropped")), s.nonce+3),
	}
	s.pass(finality * time.Second)
	for _, sc := range promises {
		s.open(sc)
	}
	d, m := s.defender(s.sealing(), filepath.Join(t.TempDir(), "defender"))
	defer d.Close()
	nonceBefore, _ := s.cl.NonceAt(ctx, addrOf(s.committer), nil)
	claimBefore, _ := s.slasher.Claimable(&bind.CallOpts{}, addrOf(s.owner))
	for range 3 {
		if err := d.Step(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for name, want := range map[string]challenge.Status{"l1": challenge.StatusDefended, "void": challenge.StatusDefended, "broken": challenge.StatusOpen} {
		if got := s.status(promises[name]); got != want {
			t.Errorf("%s: challenge %s on chain, want %s", name, got, want)
		}
	}
	nonceAfter, _ := s.cl.NonceAt(ctx, addrOf(s.committer), nil)
	if nonceAfter-nonceBefore != 2 {
		t.Errorf("defences sent: %d, want 2 (none for the broken promise)", nonceAfter-nonceBefore)
	}
	claimAfter, _ := s.slasher.Claimable(&bind.CallOpts{}, addrOf(s.owner))
	if diff := new(big.Int).Sub(claimAfter, claimBefore); diff.Cmp(new(big.Int).Mul(big.NewInt(2), ether)) != 0 {
		t.Errorf("operator's claimable rose by %v, want two bonds", diff)
	}
	if got := testutil.ToFloat64(m.undefendable); got != 1 {
		t.Errorf("undefendable %v, want 1", got)
	}
	if got := testutil.ToFloat64(m.defended); got != 2 {
		t.Errorf("defended %v, want 2", got)
	}
	if got := testutil.ToFloat64(m.atRisk); got != 3e17 {
		t.Errorf("value at risk %v, want the broken promise's penalty", got)
	}
	recs, err := d.Records()
	if err != nil || len(recs) != 3 {
		t.Fatalf("records %d, %v", len(recs), err)
	}
	for _, r := range recs {
		if r.Digest == promises["broken"].Digest && (r.Undefendable == "" || len(r.Sent) != 0) {
			t.Errorf("broken promise's record: %+v", r)
		}
	}
}

// TestDefendBalance defends a promise whose sender moved its funds away
// before the slot's block: its balance then was below the tx's max cost.
// TestDefendBalance has a sender empty its balance (at its nonce 0) before the
// slot of its promised nonce 1, which then cannot pay: defendBalance needs the
// promised tx itself, found in our records even when the chain never saw it,
// or on the chain when it landed late; with neither, nothing can be sent.
func TestDefendBalance(t *testing.T) {
	for _, tc := range []struct {
		name     string
		late     bool // the promised tx lands after the slot, so the chain knows it
		records  bool // our records hold it
		defended bool
	}{
		{name: "in our records only", records: true, defended: true},
		{name: "landed late, no records", late: true, defended: true},
		{name: "in both", late: true, records: true, defended: true},
		{name: "in neither", defended: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := newSim(t)
			head, _ := s.cl.HeaderByNumber(ctx, nil)
			bal, _ := s.cl.BalanceAt(ctx, addrOf(s.sender), nil)
			feeCap := new(big.Int).Add(head.BaseFee, big.NewInt(2e9))
			drain := types.MustSignNewTx(s.sender, types.LatestSignerForChainID(s.id), &types.DynamicFeeTx{
				ChainID: s.id, Nonce: 0, GasTipCap: big.NewInt(1e9), GasFeeCap: feeCap, Gas: 21000, To: &common.Address{0xdd},
				Value: new(big.Int).Sub(bal, new(big.Int).Mul(big.NewInt(1), ether))})
			s.land(drain)
			s.pass(time.Second)
			slotBlock := s.land(s.transferFrom(s.chal)) // the slot's block, without the promised tx
			promised := types.MustSignNewTx(s.sender, types.LatestSignerForChainID(s.id), &types.DynamicFeeTx{
				ChainID: s.id, Nonce: 1, GasTipCap: big.NewInt(1e9), GasFeeCap: feeCap, Gas: 21000, To: &common.Address{0xee},
				Value: new(big.Int).Mul(big.NewInt(5), ether)})
			if tc.late {
				// Refunded after the slot, the sender's promised tx lands late.
				refund := types.MustSignNewTx(s.chal, types.LatestSignerForChainID(s.id), &types.DynamicFeeTx{
					ChainID: s.id, Nonce: s.nonceOf(s.chal), GasTipCap: big.NewInt(1e9), GasFeeCap: feeCap, Gas: 21000, To: ptr(addrOf(s.sender)),
					Value: new(big.Int).Mul(big.NewInt(10), ether)})
				s.land(refund)
				s.land(promised)
			}
			sc := s.promise(slotBlock.Time, promised.Hash(), 1)
			if tc.records {
				raw, _ := promised.MarshalBinary()
				other := s.transferFrom(s.chal)
				otherRaw, _ := other.MarshalBinary()
				s.records = logged{sc.Commitment.Slot: {
					{SignedCommitment: *s.promise(slotBlock.Time, other.Hash(), other.Nonce()), Raw: otherRaw},
					{SignedCommitment: *sc, Raw: raw},
				}}
			}
			s.pass(finality * time.Second)
			s.open(sc)
			d, m := s.defender(s.sealing(), filepath.Join(t.TempDir(), "defender"))
			defer d.Close()
			for range 2 {
				if err := d.Step(ctx); err != nil {
					t.Fatal(err)
				}
			}
			recs, _ := d.Records()
			if got := s.status(sc); (got == challenge.StatusDefended) != tc.defended {
				t.Fatalf("challenge %s, defended %v wanted (record %+v)", got, tc.defended, recs[0])
			}
			if tc.defended && recs[0].Defence != "balance" {
				t.Fatalf("defence %q, want balance", recs[0].Defence)
			}
			if !tc.defended && (len(recs[0].Sent) != 0 || testutil.ToFloat64(m.undefendable) != 1) {
				t.Fatalf("undefendable challenge: %d defences sent, %v counted undefendable", len(recs[0].Sent), testutil.ToFloat64(m.undefendable))
			}
		})
	}
}

// TestDefendBalanceRun has a sender hold promises for nonces 0, 1 and 2 in one
// slot, then replace nonce 0 in an earlier block with a tx that leaves 10 ETH:
// enough for nonce 2's tx alone, but in the slot nonce 1's tx (6 ETH) executes
// first. The replaced promise is defended with defendVoid, the kept one with
// defendL1, and nonce 2's with defendBalanceRun citing nonce 1's promise from
// our records. When the balance covers nonce 1 and 2 together, nonce 2 could
// have been included: no defence is sent for it.
func TestDefendBalanceRun(t *testing.T) {
	for _, tc := range []struct {
		name     string
		last     int64 // ETH the third promised tx sends
		defended bool
	}{
		{name: "balance short of the run", last: 6, defended: true},
		{name: "balance covers the run", last: 3, defended: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s := newSim(t)
			head, _ := s.cl.HeaderByNumber(ctx, nil)
			bal, _ := s.cl.BalanceAt(ctx, addrOf(s.sender), nil)
			feeCap := new(big.Int).Add(head.BaseFee, big.NewInt(2e9))
			signer := types.LatestSignerForChainID(s.id)
			send := func(nonce uint64, to byte, value *big.Int) *types.Transaction {
				return types.MustSignNewTx(s.sender, signer, &types.DynamicFeeTx{
					ChainID: s.id, Nonce: nonce, GasTipCap: big.NewInt(1e9), GasFeeCap: feeCap, Gas: 21000, To: &common.Address{to}, Value: value})
			}
			eth := func(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), ether) }
			txs := []*types.Transaction{send(0, 0xa0, big.NewInt(1)), send(1, 0xa1, eth(6)), send(2, 0xa2, eth(tc.last))}
			replacement := send(0, 0xdd, new(big.Int).Sub(bal, eth(10)))
			replaced := s.land(replacement)
			s.pass(time.Second)
			slotBlock := s.land(txs[1]) // nonce 1's promised tx executes in the slot; nonce 2's is not there
			if slotBlock.Time <= replaced.Time {
				t.Fatalf("slot block at %d, replacement at %d", slotBlock.Time, replaced.Time)
			}
			var scs []*preconf.SignedCommitment
			var lps []preconf.LoggedPromise
			for i, tx := range txs {
				sc := s.promise(slotBlock.Time, tx.Hash(), uint64(i))
				raw, _ := tx.MarshalBinary()
				scs = append(scs, sc)
				lps = append(lps, preconf.LoggedPromise{SignedCommitment: *sc, Raw: raw})
			}
			s.records = logged{slotBlock.Time: lps}
			s.pass(finality * time.Second)
			for _, sc := range scs {
				s.open(sc)
			}
			d, m := s.defender(s.sealing(), filepath.Join(t.TempDir(), "defender"))
			defer d.Close()
			for range 3 {
				if err := d.Step(ctx); err != nil {
					t.Fatal(err)
				}
			}
			recs, _ := d.Records()
			defence := map[common.Hash]*Record{}
			for _, r := range recs {
				defence[r.Digest] = r
			}
			wantKind := []string{"void", "l1", "balance-run"}
			for i, sc := range scs {
				r := defence[sc.Digest]
				if r == nil {
					t.Fatalf("promise %d: no record", i)
				}
				got := s.status(sc)
				if i < 2 || tc.defended {
					if got != challenge.StatusDefended || r.Defence != wantKind[i] {
						t.Errorf("promise %d: challenge %s by %q, want defended by %q (record %+v)", i, got, r.Defence, wantKind[i], r)
					}
					continue
				}
				if got != challenge.StatusOpen || len(r.Sent) != 0 || r.Undefendable == "" || testutil.ToFloat64(m.undefendable) != 1 {
					t.Errorf("promise %d: challenge %s, %d defences sent, reason %q: want it open, nothing sent", i, got, len(r.Sent), r.Undefendable)
				}
			}
		})
	}
}

func (s *sim) nonceOf(k *ecdsa.PrivateKey) uint64 {
	n, err := s.cl.PendingNonceAt(context.Background(), addrOf(k))
	if err != nil {
		s.t.Fatal(err)
	}
	return n
}

func ptr(a common.Address) *common.Address { return &a }

func (s *sim) transferFrom(k *ecdsa.PrivateKey) *types.Transaction {
	ctx := context.Background()
	head, _ := s.cl.HeaderByNumber(ctx, nil)
	n, _ := s.cl.PendingNonceAt(ctx, addrOf(k))
	return types.MustSignNewTx(k, types.LatestSignerForChainID(s.id), &types.DynamicFeeTx{
		ChainID: s.id, Nonce: n, GasTipCap: big.NewInt(1e9), GasFeeCap: new(big.Int).Add(head.BaseFee, big.NewInt(2e9)),
		Gas: 21000, To: &common.Address{0xbe}, Value: big.NewInt(1)})
}

// TestRestartSendsOnce stops the defender after it broadcast a defence that is
// not mined yet, as a kill -9 would: the new process re-sends the same signed
// tx (no second defence), and after the block the challenge is defended.
func TestRestartSendsOnce(t *testing.T) {
	ctx := context.Background()
	s := newSim(t)
	tx := s.transfer()
	hd := s.land(tx)
	sc := s.promise(hd.Time, tx.Hash(), tx.Nonce())
	s.pass(finality * time.Second)
	s.open(sc)
	dir := filepath.Join(t.TempDir(), "defender")

	d, _ := s.defender(s.cl, dir) // sends without sealing: the defence waits in the pool
	if err := d.Step(ctx); err != nil {
		t.Fatal(err)
	}
	recs, _ := d.Records()
	if len(recs) != 1 || recs[0].Stage != Sent || len(recs[0].Sent) != 1 {
		t.Fatalf("after the first step: %+v", recs)
	}
	var first types.Transaction
	if err := first.UnmarshalBinary(recs[0].Sent[0]); err != nil {
		t.Fatal(err)
	}
	_ = d.Close()

	d2, _ := s.defender(s.cl, dir)
	defer d2.Close()
	if err := d2.Step(ctx); err != nil {
		t.Fatal(err)
	}
	s.be.Commit()
	if err := d2.Step(ctx); err != nil {
		t.Fatal(err)
	}
	if got := s.status(sc); got != challenge.StatusDefended {
		t.Fatalf("challenge %s, want defended", got)
	}
	if n, _ := s.cl.NonceAt(ctx, addrOf(s.committer), nil); n != first.Nonce()+1 {
		t.Fatalf("committer nonce %d: more than the one defence %d was sent", n, first.Nonce())
	}
	if rc, err := simchain.Receipt(ctx, s.cl, first.Hash()); err != nil || rc.Status != types.ReceiptStatusSuccessful {
		t.Fatalf("the stored defence did not land: %v %v", rc, err)
	}
	recs, _ = d2.Records()
	if recs[0].Stage != Defended {
		t.Fatalf("stage %s, want defended", recs[0].Stage)
	}
}

// TestFeeBump replaces a defence that stays unmined with one of the same nonce
// and fees raised by more than the 10 % a replacement needs.
func TestFeeBump(t *testing.T) {
	for _, tc := range []struct{ in, want int64 }{{1000, 1125}, {1, 2}, {8, 9}, {1e9, 1125e6}} {
		if got := bump(big.NewInt(tc.in)); got.Int64() != tc.want {
			t.Errorf("bump(%d) = %v, want %d", tc.in, got, tc.want)
		}
		if got := bump(big.NewInt(tc.in)); got.Int64()*10 < tc.in*11 {
			t.Errorf("bump(%d) = %v: below a 10 %% raise", tc.in, got)
		}
	}
	ctx := context.Background()
	s := newSim(t)
	tx := s.transfer()
	hd := s.land(tx)
	sc := s.promise(hd.Time, tx.Hash(), tx.Nonce())
	s.pass(finality * time.Second)
	s.open(sc)
	d, m := s.defender(dropping{s.cl}, filepath.Join(t.TempDir(), "defender"))
	defer d.Close()
	if err := d.Step(ctx); err != nil {
		t.Fatal(err)
	}
	for range d.cfg.BumpAfter {
		s.be.Commit()
	}
	if err := d.Step(ctx); err != nil {
		t.Fatal(err)
	}
	recs, _ := d.Records()
	if len(recs[0].Sent) != 2 || testutil.ToFloat64(m.bumps) != 1 {
		t.Fatalf("versions %d, bumps %v: want one replacement", len(recs[0].Sent), testutil.ToFloat64(m.bumps))
	}
	var a, b types.Transaction
	_ = a.UnmarshalBinary(recs[0].Sent[0])
	_ = b.UnmarshalBinary(recs[0].Sent[1])
	if a.Nonce() != b.Nonce() || b.GasTipCap().Cmp(bump(a.GasTipCap())) < 0 || b.GasFeeCap().Cmp(bump(a.GasFeeCap())) < 0 {
		t.Fatalf("replacement nonce %d/%d tip %v/%v cap %v/%v", a.Nonce(), b.Nonce(), a.GasTipCap(), b.GasTipCap(), a.GasFeeCap(), b.GasFeeCap())
	}
}

// dropping loses every transaction sent, as a congested or censoring node would.
type dropping struct{ simulated.Client }

func (dropping) SendTransaction(context.Context, *types.Transaction) error { return nil }

// forwarder is EVM code that calls to with its own call data after the first
// four bytes (its own selector) and its value, and reverts with that call's
// revert data when it fails: a contract between a challenger and the slasher.
func forwarder(to common.Address) []byte {
	runtime := append([]byte{
		0x60, 0x04, 0x36, 0x03, 0x60, 0x04, 0x60, 0x00, 0x37, // CALLDATACOPY(0, 4, CALLDATASIZE-4)
		0x60, 0x00, 0x60, 0x00, 0x60, 0x04, 0x36, 0x03, 0x60, 0x00, 0x34, 0x73, // retSize, retOffset, argsSize, argsOffset, value, PUSH20
	}, to.Bytes()...)
	runtime = append(runtime,
		0x5a, 0xf1, // GAS CALL
		0x15, 0x60, 0x30, 0x57, 0x00, // ISZERO PUSH1 48 JUMPI STOP
		0x5b, 0x3d, 0x60, 0x00, 0x60, 0x00, 0x3e, // JUMPDEST RETURNDATACOPY(0, 0, RETURNDATASIZE)
		0x3d, 0x60, 0x00, 0xfd, // REVERT(0, RETURNDATASIZE)
	)
	n := byte(len(runtime))
	return append([]byte{0x60, n, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, n, 0x60, 0x00, 0xf3}, runtime...)
}

// TestContractOpenedChallenge opens a challenge of a kept promise through a
// contract, so no direct openChallenge call holds the promise: with our
// records the defender finds it by its digest in the event's slot and
// defends it; without them it is reported undefendable and nothing is sent.
func TestContractOpenedChallenge(t *testing.T) {
	for _, withRecords := range []bool{true, false} {
		t.Run(fmt.Sprintf("records %v", withRecords), func(t *testing.T) {
			ctx := context.Background()
			s := newSim(t)
			tx := s.transfer()
			hd := s.land(tx)
			sc := s.promise(hd.Time, tx.Hash(), tx.Nonce())
			if withRecords {
				raw, _ := tx.MarshalBinary()
				s.records = logged{sc.Commitment.Slot: {{SignedCommitment: *sc, Raw: raw}}}
			}
			s.pass(finality * time.Second)
			head, _ := s.cl.HeaderByNumber(ctx, nil)
			feeCap := new(big.Int).Add(head.BaseFee, big.NewInt(2e9))
			deploy := types.MustSignNewTx(s.chal, types.LatestSignerForChainID(s.id), &types.DynamicFeeTx{ChainID: s.id, Nonce: s.nonceOf(s.chal),
				GasTipCap: big.NewInt(1e9), GasFeeCap: feeCap, Gas: 200_000, Data: forwarder(s.d.PreconfSlasher)})
			s.land(deploy)
			rc, err := s.cl.TransactionReceipt(ctx, deploy.Hash())
			if err != nil || rc.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("forwarder deployment: %v", err)
			}
			sabi, err := bindings.PreconfSlasherMetaData.GetAbi()
			if err != nil {
				t.Fatal(err)
			}
			inner, err := sabi.Pack("openChallenge", challenge.Onchain(&sc.Commitment), []byte(sc.Signature))
			if err != nil {
				t.Fatal(err)
			}
			data := append([]byte{0xf0, 0x4d, 0x00, 0x01}, inner...) // the wrapper's own selector first
			open := types.MustSignNewTx(s.chal, types.LatestSignerForChainID(s.id), &types.DynamicFeeTx{ChainID: s.id, Nonce: s.nonceOf(s.chal),
				GasTipCap: big.NewInt(1e9), GasFeeCap: feeCap, Gas: 3_000_000, To: &rc.ContractAddress, Value: ether, Data: data})
			s.land(open)
			if orc, err := s.cl.TransactionReceipt(ctx, open.Hash()); err != nil || orc.Status != types.ReceiptStatusSuccessful {
				_, cerr := s.cl.CallContract(ctx, ethereum.CallMsg{From: addrOf(s.chal), To: &rc.ContractAddress, Value: ether, Data: data, Gas: 3_000_000}, nil)
				t.Fatalf("forwarded openChallenge failed: %v (%v)", err, challenge.DecodeRevert(cerr))
			}
			if got := s.status(sc); got != challenge.StatusOpen {
				t.Fatalf("challenge %s after the forwarded openChallenge, want open", got)
			}
			d, m := s.defender(s.sealing(), filepath.Join(t.TempDir(), "defender"))
			defer d.Close()
			for range 2 {
				if err := d.Step(ctx); err != nil {
					t.Fatal(err)
				}
			}
			recs, _ := d.Records()
			if len(recs) != 1 {
				t.Fatalf("%d records, want 1", len(recs))
			}
			if got := s.status(sc); (got == challenge.StatusDefended) != withRecords {
				t.Fatalf("challenge %s with records %v (record %+v)", got, withRecords, recs[0])
			}
			if withRecords && recs[0].Defence != "l1" {
				t.Fatalf("defence %q, want l1", recs[0].Defence)
			}
			if !withRecords && (len(recs[0].Sent) != 0 || testutil.ToFloat64(m.undefendable) != 1 || !strings.Contains(recs[0].Undefendable, "openChallenge directly")) {
				t.Fatalf("without records: %d sent, %v undefendable, reason %q", len(recs[0].Sent), testutil.ToFloat64(m.undefendable), recs[0].Undefendable)
			}
		})
	}
}
