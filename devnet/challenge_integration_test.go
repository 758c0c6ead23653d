package devnet

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	gethrpc "github.com/ethereum/go-ethereum/rpc"

	"github.com/basedsidecar/based/challenge"
	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
)

// TestIntegrationDevnetChallenge breaks a promise on purpose and has a
// watchtower enforce it: the sidecar's fault API drops the promised tx from
// our block, the block of the promised slot lacks it (read from geth), and
// `based challenge watch` opens a challenge once the slot is final and the
// finality delay has passed, is killed with -9 and restarted on its progress
// file, slashes after the defence window and claims. On chain: the operator's
// collateral in the Registry falls by the penalty and the reward, the sender
// can claim the penalty, and the challenger's claim pays bond + reward.
func TestIntegrationDevnetChallenge(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet integration test skipped with -short")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 40*time.Minute)
	defer cancel()
	n, based := sharedPromiseDevnet(ctx, t)
	ep := n.State.Endpoints
	if ep.Faults == "" {
		t.Fatal("the test devnet runs without the fault API")
	}
	dir := t.TempDir()
	deployment := filepath.Join(n.cfg.DataDir, ContractsFile)
	var d bindings.Deployment
	if b, err := os.ReadFile(deployment); err != nil || json.Unmarshal(b, &d) != nil {
		t.Fatalf("deployment: %v", err)
	}
	waitPromises(ctx, t, n)
	el, err := ethclient.DialContext(ctx, ep.ExecutionHTTP)
	if err != nil {
		t.Fatal(err)
	}
	defer el.Close()

	// A sender and a challenger of their own, funded by a prefunded wallet.
	chainID := big.NewInt(ChainID)
	signer := types.LatestSignerForChainID(chainID)
	sender, chal, honest, voider, runner := newKey(t), newKey(t), newKey(t), newKey(t), newKey(t)
	funder, _ := n.account("wallet-2")
	nonce, err := el.PendingNonceAt(ctx, funder.Address)
	if err != nil {
		t.Fatal(err)
	}
	var funding []common.Hash
	for i, k := range []*ecdsa.PrivateKey{sender, chal, honest, voider, runner} {
		to := crypto.PubkeyToAddress(k.PublicKey)
		tx := types.MustSignNewTx(funder.Key(), signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce + uint64(i),
			GasTipCap: big.NewInt(2e9), GasFeeCap: big.NewInt(200e9), Gas: 21000, To: &to, Value: new(big.Int).Mul(big.NewInt(10), big.NewInt(1e18))})
		if err := el.SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
		funding = append(funding, tx.Hash())
	}
	for _, h := range funding {
		waitReceipt(ctx, t, n, el, h)
	}

	// The promised tx goes to the sidecar only; the fault API drops it from
	// our block before the promise is asked for, so no deadline can race it.
	senderAddr, chalAddr := crypto.PubkeyToAddress(sender.PublicKey), crypto.PubkeyToAddress(chal.PublicKey)
	tx := types.MustSignNewTx(sender, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: 0,
		GasTipCap: big.NewInt(3e9), GasFeeCap: big.NewInt(200e9), Gas: 21000, To: &common.Address{0xbe}, Value: big.NewInt(1)})
	faults, err := gethrpc.DialContext(ctx, ep.Faults)
	if err != nil {
		t.Fatal(err)
	}
	defer faults.Close()
	var ok bool
	if err := faults.CallContext(ctx, &ok, "testing_dropPromisedTx", tx.Hash()); err != nil || !ok {
		t.Fatalf("fault API: %v %v", ok, err)
	}
	raw, _ := tx.MarshalBinary()
	out, err := requestFunded(ctx, t, n, based, "--rpc", ep.PreconfRPC, "--slot", "next", "--tx", "0x"+hex.EncodeToString(raw),
		"--el", ep.ExecutionHTTP, "--deployment", deployment, "--beacon-url", ep.BeaconAPI)
	if err != nil || !bytes.Contains(out, []byte("promise verified")) {
		t.Fatalf("based request: %v\n%s", err, out)
	}
	promises := filepath.Join(dir, "promises.json")
	if err := os.WriteFile(promises, out, 0o644); err != nil {
		t.Fatal(err)
	}
	list, err := challenge.DecodePromises(bytes.NewReader(out))
	if err != nil || len(list) != 1 {
		t.Fatalf("promise from based request: %v", err)
	}
	p := list[0].Commitment
	t.Logf("promise for slot %d, penalty %v wei; tx %s dropped by the fault API", p.Slot, p.Penalty, tx.Hash())

	// An honest promise, kept, that is challenged anyway: the sidecar's defender must win it.
	htx := types.MustSignNewTx(honest, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: 0,
		GasTipCap: big.NewInt(3e9), GasFeeCap: big.NewInt(200e9), Gas: 21000, To: &common.Address{0xbe}, Value: big.NewInt(1)})
	hraw, _ := htx.MarshalBinary()
	hout, err := requestFunded(ctx, t, n, based, "--rpc", ep.PreconfRPC, "--slot", "next", "--tx", "0x"+hex.EncodeToString(hraw),
		"--el", ep.ExecutionHTTP, "--deployment", deployment, "--beacon-url", ep.BeaconAPI)
	if err != nil || !bytes.Contains(hout, []byte("promise verified")) {
		t.Fatalf("based request (honest): %v\n%s", err, hout)
	}
	hlist, err := challenge.DecodePromises(bytes.NewReader(hout))
	if err != nil || len(hlist) != 1 {
		t.Fatalf("honest promise from based request: %v", err)
	}
	hp := hlist[0]

	// A void promise and one its sender leaves unable to pay, for a slot a few
	// slots ahead: the sender replaces its promised nonce 0 through geth's
	// public mempool with a tx that sends nearly all of its balance away, and
	// it lands in a block before that slot made foreign by the fault API (our
	// own blocks keep a nonce promised for a later slot unspent).
	vs := voidPromises(ctx, t, n, el, voider, []*big.Int{big.NewInt(1), big.NewInt(1e18)}, big.NewInt(5e17), nil)
	void, short := vs[0], vs[1]
	// Three promises and 1.5 ETH left: nonce 1 (1 ETH) is kept, nonce 2 (1 ETH)
	// then cannot pay, though the balance before the block covered it alone.
	rs := voidPromises(ctx, t, n, el, runner, []*big.Int{big.NewInt(1), big.NewInt(1e18), big.NewInt(1e18)}, big.NewInt(15e17), map[uint64]bool{1: true})
	run := rs[2]

	// The block of that slot, read from geth: there, and without the tx.
	slotTime := uint64(n.State.GenesisTime.Unix()) + p.Slot*uint64(n.State.SlotSeconds)
	waitUntil(ctx, t, n, time.Unix(int64(slotTime)+int64(n.State.SlotSeconds)+1, 0), "end of the promised slot")
	block := blockAtTime(ctx, t, el, slotTime)
	if block == nil {
		t.Fatalf("slot %d was missed: no block at time %d (the test needs a block without the tx)", p.Slot, slotTime)
	}
	for _, x := range block.Transactions() {
		if x.Hash() == tx.Hash() {
			t.Fatalf("the dropped tx is in block %v of slot %d", block.Number(), p.Slot)
		}
	}
	if _, err := el.TransactionReceipt(ctx, tx.Hash()); err == nil {
		t.Fatal("the dropped tx landed somewhere")
	}
	t.Logf("block %v (slot %d, %d txs) lacks the promised tx", block.Number(), p.Slot, len(block.Transactions()))
	hSlotTime := uint64(n.State.GenesisTime.Unix()) + hp.Commitment.Slot*uint64(n.State.SlotSeconds)
	waitUntil(ctx, t, n, time.Unix(int64(hSlotTime)+int64(n.State.SlotSeconds)+1, 0), "end of the honest promise's slot")
	hrc := waitReceipt(ctx, t, n, el, htx.Hash())
	if hb := blockAtTime(ctx, t, el, hSlotTime); hb == nil || hb.NumberU64() != hrc.BlockNumber.Uint64() {
		t.Fatalf("the honest promise for slot %d was not kept: tx in block %v", hp.Commitment.Slot, hrc.BlockNumber)
	}

	// An honest rollup promise (rollup A, its wallet-4 account), kept, challenged anyway too:
	// the defender answers it with defendL2 from the committer's batch of its slot.
	ra := n.State.Rollups[0]
	l2key := rollupKey(t, ra, 3)
	l2nonce, err := dialEth(ctx, t, ra.Wallet).PendingNonceAt(ctx, ra.Accounts[3].Address)
	if err != nil {
		t.Fatal(err)
	}
	l2tx := l2Transfer(t, l2key, ra.ChainID, l2nonce, 7)
	l2p := requestRollupPromise(ctx, t, n, ra.ChainID, l2tx)
	l2block := waitL2Receipt(ctx, t, n, dialEth(ctx, t, ra.NodeRPC), l2tx.Hash())
	if want := uint64(n.State.GenesisTime.Unix()) + l2p.Commitment.Slot*uint64(n.State.SlotSeconds); l2block.Time != want {
		t.Fatalf("the rollup promise for slot %d was not kept: its tx in the L2 block of time %d, the slot's is %d", l2p.Commitment.Slot, l2block.Time, want)
	}

	chainFlags := []string{"--el", ep.ExecutionHTTP, "--beacon-url", ep.BeaconAPI, "--deployment", deployment}
	out, err = exec.CommandContext(ctx, based, append([]string{"challenge", "check", "--promise", promises}, chainFlags...)...).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("verdict: pending")) {
		t.Fatalf("check before finality: %v\n%s", err, out)
	}

	registry, _ := bindings.NewRegistryCaller(d.Registry, el)
	slasher, _ := bindings.NewPreconfSlasherCaller(d.PreconfSlasher, el)
	opts := &bind.CallOpts{Context: ctx}
	operator, _ := n.account("operator")
	before, err := registry.OperatorOfCommitter(opts, operator.Address)
	if err != nil {
		t.Fatal(err)
	}

	// The watchtower: started, killed with -9 once the challenge is open,
	// started again on the same progress file.
	chalKey := filepath.Join(dir, "challenger.key")
	os.WriteFile(chalKey, []byte(hex.EncodeToString(crypto.FromECDSA(chal))), 0o600)
	state := filepath.Join(dir, "progress.json")
	watchArgs := append([]string{"challenge", "watch", "--promises", promises, "--state", state, "--key-file", chalKey, "--interval", "2s"}, chainFlags...)
	var logs bytes.Buffer
	watch := exec.CommandContext(ctx, based, watchArgs...)
	watch.Stdout, watch.Stderr = &logs, &logs
	if err := watch.Start(); err != nil {
		t.Fatal(err)
	}
	digest := p.Digest(challenge.Domain(chainID, d.PreconfSlasher))
	opened := time.Now()
	for {
		ch, err := slasher.Challenges(opts, digest)
		if err == nil && ch.Status == uint8(challenge.StatusOpen) {
			break
		}
		if time.Since(opened) > 20*time.Minute {
			watch.Process.Kill()
			t.Fatalf("no challenge opened in 20 min:\n%s", logs.String())
		}
		waitUntil(ctx, t, n, time.Now().Add(2*time.Second), "challenge opened")
	}
	t.Logf("challenge opened %s after the slot", time.Since(time.Unix(int64(slotTime), 0)).Round(time.Second))
	ownerBefore, err := slasher.Claimable(opts, operator.Address)
	if err != nil {
		t.Fatal(err)
	}
	hDigest := openAnyway(ctx, t, n, el, d, chal, hp)
	l2Digest := openAnyway(ctx, t, n, el, d, chal, l2p)
	voidDigest := openAnyway(ctx, t, n, el, d, chal, void)
	shortDigest := openAnyway(ctx, t, n, el, d, chal, short)
	runDigest := openAnyway(ctx, t, n, el, d, chal, run)
	// The sidecar killed with -9 right after the challenge opened: the supervisor
	// starts it again, and its defender must still defend within the window.
	pid := n.Proc("sidecar")
	if pid == 0 {
		t.Fatal("no sidecar process")
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	t.Logf("sidecar (pid %d) killed with -9 right after the honest promise's challenge opened", pid)
	if err := syscall.Kill(watch.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = watch.Wait()
	out, err = exec.CommandContext(ctx, based, watchArgs...).CombinedOutput()
	if err != nil {
		t.Fatalf("watch after kill -9: %v\nfirst run:\n%s\nsecond run:\n%s", err, logs.String(), out)
	}
	t.Logf("watch:\n%s%s", logs.String(), out)
	if strings.Contains(string(out), "challenge opened") {
		t.Fatalf("the restarted watcher opened the challenge again:\n%s", out)
	}

	// On chain: slashed, the collateral gone, the payouts owed and paid.
	ch, err := slasher.Challenges(opts, digest)
	if err != nil || ch.Status != uint8(challenge.StatusSlashed) || ch.Challenger != chalAddr || ch.Missed {
		t.Fatalf("challenge %+v (%v), want slashed by %s, not missed", ch, err, chalAddr)
	}
	after, _ := registry.OperatorOfCommitter(opts, operator.Address)
	reward := new(big.Int).Div(new(big.Int).Mul(p.Penalty, new(big.Int).SetUint64(d.Config.RewardBps)), big.NewInt(10000))
	if drop := new(big.Int).Sub(before.Collateral, after.Collateral); drop.Cmp(new(big.Int).Add(p.Penalty, reward)) != 0 {
		t.Fatalf("collateral fell by %v, want penalty + reward %v", drop, new(big.Int).Add(p.Penalty, reward))
	}
	if owed, _ := slasher.Claimable(opts, senderAddr); owed.Cmp(p.Penalty) != 0 {
		t.Fatalf("sender can claim %v, want the penalty %v", owed, p.Penalty)
	}
	if owed, _ := slasher.Claimable(opts, chalAddr); owed.Sign() != 0 {
		t.Fatalf("challenger left %v unclaimed", owed)
	}
	st, err := challenge.LoadState(state)
	if err != nil {
		t.Fatal(err)
	}
	e := st.Entries[digest]
	if e == nil || e.Stage != challenge.StageDone || e.Claimed == (common.Hash{}) {
		t.Fatalf("progress %+v, want done with a claim", e)
	}
	rc, err := el.TransactionReceipt(ctx, e.Claimed)
	if err != nil {
		t.Fatal(err)
	}
	prev := new(big.Int).Sub(rc.BlockNumber, big.NewInt(1))
	b0, err0 := el.BalanceAt(ctx, chalAddr, prev)
	b1, err1 := el.BalanceAt(ctx, chalAddr, rc.BlockNumber)
	if err0 != nil || err1 != nil {
		t.Fatalf("balances: %v %v", err0, err1)
	}
	bond := d.Config.Bond
	fee := new(big.Int).Mul(new(big.Int).SetUint64(rc.GasUsed), rc.EffectiveGasPrice)
	if got := new(big.Int).Add(new(big.Int).Sub(b1, b0), fee); got.Cmp(new(big.Int).Add(bond, reward)) != 0 {
		t.Fatalf("the claim paid the challenger %v, want bond + reward %v", got, new(big.Int).Add(bond, reward))
	}
	// The defender saw the broken promise's challenge, found no defence and said so
	// (at error level, in the sidecar's log, which survives its restarts).
	sidecarLog, err := os.ReadFile(filepath.Join(n.cfg.DataDir, "logs", "sidecar.log"))
	if err != nil {
		t.Fatal(err)
	}
	said := false
	for _, line := range strings.Split(string(sidecarLog), "\n") {
		if strings.Contains(line, "cannot defend a challenge: the promise was broken") && strings.Contains(strings.ToLower(line), strings.ToLower(digest.Hex())) {
			said = true
			break
		}
	}
	if !said {
		t.Fatalf("the sidecar's log has no line saying it cannot defend the broken promise's challenge %s", digest)
	}
	// The honest one: defended by the sidecar unattended, the bond owed to the operator.
	defended := waitDefended(ctx, t, n, el, d, hDigest)
	l2defended := waitDefended(ctx, t, n, el, d, l2Digest)
	if !strings.Contains(l2defended, "defence 3 ") {
		t.Fatalf("the rollup promise's challenge: %s, want defendL2 (3)", l2defended)
	}
	voidDefended := waitDefended(ctx, t, n, el, d, voidDigest)
	if !strings.Contains(voidDefended, "defence 2 ") {
		t.Fatalf("the void promise's challenge: %s, want defendVoid (2)", voidDefended)
	}
	shortDefended := waitDefended(ctx, t, n, el, d, shortDigest)
	if !strings.Contains(shortDefended, "defence 4 ") {
		t.Fatalf("the unpayable promise's challenge: %s, want defendBalance (4)", shortDefended)
	}
	runDefended := waitDefended(ctx, t, n, el, d, runDigest)
	if !strings.Contains(runDefended, "defence 5 ") {
		t.Fatalf("the last of three promises, unpayable after the second: %s, want defendBalanceRun (5)", runDefended)
	}
	if got, _ := slasher.Claimable(opts, operator.Address); new(big.Int).Sub(got, ownerBefore).Cmp(new(big.Int).Mul(big.NewInt(5), d.Config.Bond)) != 0 {
		t.Fatalf("operator's claimable %v -> %v, want the challengers' five bonds more", ownerBefore, got)
	}
	t.Logf("honest promise defended by the sidecar (restarted after kill -9): %s", defended)
	t.Logf("honest rollup promise defended by the sidecar: %s", l2defended)
	t.Logf("void promise (nonce spent before the slot) defended by the sidecar: %s", voidDefended)
	t.Logf("promise its sender could no longer pay defended by the sidecar: %s", shortDefended)
	t.Logf("last of three promises, unpayable after the one before it, defended by the sidecar: %s", runDefended)
	if n.Proc("sidecar") == pid {
		t.Fatal("the sidecar was not restarted")
	}
	waitPromises(ctx, t, n) // the devnet stays ready for the tests after this one
	t.Logf("slashed: collateral %v -> %v; sender owed %v; challenger paid bond + reward %v (claim %s)", before.Collateral, after.Collateral, p.Penalty, new(big.Int).Add(bond, reward), e.Claimed)
}

// voidPromises gets promises for nonces 0, 1, … (values as given) of key's
// account in a slot four slots ahead, then replaces nonce 0 in geth's public
// mempool with a tx (twice the fees) that leaves the account keep wei. It
// checks on geth that the replacement landed before the slot, that the
// slot's block holds exactly the promised txs listed in kept, and that the
// balance before that block is below the max cost of the promised txs from
// nonce 1 on: the first promise is void (its nonce spent before the slot,
// what defendVoid proves) and the last cannot pay (what defendBalance, or
// defendBalanceRun with the promises before it, proves).
func voidPromises(ctx context.Context, t *testing.T, n *Net, el *ethclient.Client, key *ecdsa.PrivateKey, values []*big.Int, keep *big.Int, kept map[uint64]bool) []*preconf.SignedCommitment {
	t.Helper()
	c, err := client.Dial(ctx, n.State.Endpoints.PreconfRPC)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	chainID := big.NewInt(ChainID)
	signer := types.LatestSignerForChainID(chainID)
	addr := crypto.PubkeyToAddress(key.PublicKey)
	var promised []*types.Transaction
	for nonce, value := range values {
		promised = append(promised, types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: uint64(nonce),
			GasTipCap: big.NewInt(3e9), GasFeeCap: big.NewInt(200e9), Gas: 21000, To: &common.Address{0xbe}, Value: value}))
	}
	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slot := st.Chain.ClockSlot + 4
	var scs []*preconf.SignedCommitment
	for _, tx := range promised {
		raw, _ := tx.MarshalBinary()
		sc, err := c.RequestInclusion(ctx, slot, chainID, raw)
		if err != nil {
			t.Fatalf("promise of nonce %d for slot %d (clock slot %d): %v", tx.Nonce(), slot, st.Chain.ClockSlot, err)
		}
		scs = append(scs, sc)
	}
	bal, err := el.BalanceAt(ctx, addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Our own blocks never spend a nonce promised for a later slot; the blocks
	// before this slot are made foreign (built as another builder's would be,
	// blind to our later promises) so the sender can spend it there.
	faults, err := gethrpc.DialContext(ctx, n.State.Endpoints.Faults)
	if err != nil {
		t.Fatal(err)
	}
	defer faults.Close()
	var ok bool
	if err := faults.CallContext(ctx, &ok, "testing_foreignBlocksUntil", hexutil.Uint64(slot)); err != nil || !ok {
		t.Fatalf("testing_foreignBlocksUntil: %v %v", ok, err)
	}
	tip, feeCap := big.NewInt(6e9), big.NewInt(400e9)
	replace := types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: 0,
		GasTipCap: tip, GasFeeCap: feeCap, Gas: 21000, To: &common.Address{0xbf}, Value: new(big.Int).Sub(bal, keep)})
	if err := el.SendTransaction(ctx, replace); err != nil {
		t.Fatalf("replacement of the promised nonce 0: %v", err)
	}
	rc := waitReceipt(ctx, t, n, el, replace.Hash())
	slotTime := uint64(n.State.GenesisTime.Unix()) + slot*uint64(n.State.SlotSeconds)
	rb, err := el.HeaderByNumber(ctx, rc.BlockNumber)
	if err != nil {
		t.Fatal(err)
	}
	if rb.Time >= slotTime {
		t.Fatalf("the replacement landed in block %v at time %d, not before slot %d (time %d)", rc.BlockNumber, rb.Time, slot, slotTime)
	}
	waitUntil(ctx, t, n, time.Unix(int64(slotTime)+int64(n.State.SlotSeconds)+1, 0), "end of the void promises' slot")
	block := blockAtTime(ctx, t, el, slotTime)
	if block == nil {
		t.Fatalf("slot %d was missed: no block at time %d", slot, slotTime)
	}
	in := map[common.Hash]bool{}
	for _, x := range block.Transactions() {
		in[x.Hash()] = true
	}
	for _, p := range promised {
		if in[p.Hash()] != kept[p.Nonce()] {
			t.Fatalf("promised tx %s (nonce %d) in block %v of slot %d: %v, want %v", p.Hash(), p.Nonce(), block.Number(), slot, in[p.Hash()], kept[p.Nonce()])
		}
	}
	parent := new(big.Int).Sub(block.Number(), big.NewInt(1))
	left, err := el.BalanceAt(ctx, addr, parent)
	if err != nil {
		t.Fatal(err)
	}
	need := new(big.Int)
	for _, p := range promised[1:] {
		need.Add(need, p.Cost())
	}
	if left.Cmp(need) >= 0 {
		t.Fatalf("balance %v before the slot's block covers the promised txs from nonce 1 on (%v)", left, need)
	}
	t.Logf("slot %d: nonce 0 replaced in block %v (tip %v), block %v holds nonces %v of the promised ones; balance before it %v < %v", slot, rc.BlockNumber, tip, block.Number(), kept, left, need)
	return scs
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// requestFunded runs `based request` with args for a sender funded in a block
// that geth already shows: the sidecar checks the balance at the head it has
// seen, which may trail geth's by a block, so the balance refusal is asked
// again (a refused request stores nothing) until the sidecar sees the funding.
func requestFunded(ctx context.Context, t *testing.T, n *Net, based string, args ...string) ([]byte, error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		out, err := exec.CommandContext(ctx, based, append([]string{"request"}, args...)...).CombinedOutput()
		if err == nil || !bytes.Contains(out, []byte("balance does not cover")) || time.Now().After(deadline) {
			return out, err
		}
		waitUntil(ctx, t, n, time.Now().Add(250*time.Millisecond), "the sidecar's head to hold the funding")
	}
}

func waitReceipt(ctx context.Context, t *testing.T, n *Net, el *ethclient.Client, h common.Hash) *types.Receipt {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		rc, err := el.TransactionReceipt(ctx, h)
		if err == nil {
			return rc
		}
		if time.Now().After(deadline) {
			t.Fatalf("no receipt for %s in a minute: %v", h, err)
		}
		waitUntil(ctx, t, n, time.Now().Add(500*time.Millisecond), "receipt")
	}
}

// blockAtTime is geth's block with timestamp ts, or nil when there is none.
func blockAtTime(ctx context.Context, t *testing.T, el *ethclient.Client, ts uint64) *types.Block {
	t.Helper()
	h, err := el.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for n := h.Number.Uint64(); ; n-- {
		b, err := el.BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			t.Fatal(err)
		}
		if b.Time() == ts {
			return b
		}
		if b.Time() < ts || n == 0 {
			return nil
		}
	}
}

// openAnyway opens a challenge of a kept promise with the challenger's key,
// retrying while the slasher says it is too early; it returns the digest.
func openAnyway(ctx context.Context, t *testing.T, n *Net, el *ethclient.Client, d bindings.Deployment, chal *ecdsa.PrivateKey, sc *preconf.SignedCommitment) common.Hash {
	t.Helper()
	s, err := bindings.NewPreconfSlasher(d.PreconfSlasher, el)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Minute)
	for {
		o, err := bind.NewKeyedTransactorWithChainID(chal, big.NewInt(ChainID))
		if err != nil {
			t.Fatal(err)
		}
		o.Context, o.Value = ctx, d.Config.Bond
		tx, err := s.OpenChallenge(o, challenge.Onchain(&sc.Commitment), sc.Signature)
		if err == nil {
			rc := waitReceipt(ctx, t, n, el, tx.Hash())
			if rc.Status != types.ReceiptStatusSuccessful {
				t.Fatalf("openChallenge of the honest promise reverted in block %v", rc.BlockNumber)
			}
			return sc.Commitment.Digest(challenge.Domain(big.NewInt(ChainID), d.PreconfSlasher))
		}
		if err = challenge.DecodeRevert(err); !errors.Is(err, challenge.ErrTooEarly) || time.Now().After(deadline) {
			t.Fatalf("openChallenge of the honest promise: %v", err)
		}
		waitUntil(ctx, t, n, time.Now().Add(2*time.Second), "finality delay of the honest promise")
	}
}

// waitDefended waits for the slasher's ChallengeDefended event of digest and
// describes it: the defence, its gas and the chain time from the opening.
func waitDefended(ctx context.Context, t *testing.T, n *Net, el *ethclient.Client, d bindings.Deployment, digest common.Hash) string {
	t.Helper()
	f, err := bindings.NewPreconfSlasherFilterer(d.PreconfSlasher, el)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Duration(d.Config.DefenceWindow) * time.Second)
	for {
		it, err := f.FilterChallengeDefended(&bind.FilterOpts{Context: ctx}, [][32]byte{digest}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var ev *bindings.PreconfSlasherChallengeDefended
		if it.Next() {
			ev = it.Event
		}
		it.Close()
		if ev != nil {
			op, err := f.FilterChallengeOpened(&bind.FilterOpts{Context: ctx}, [][32]byte{digest}, nil)
			if err != nil || !op.Next() {
				t.Fatalf("ChallengeOpened of %s: %v", digest, err)
			}
			opened := op.Event.Raw.BlockNumber
			op.Close()
			h0, _ := el.HeaderByNumber(ctx, new(big.Int).SetUint64(opened))
			h1, _ := el.HeaderByNumber(ctx, new(big.Int).SetUint64(ev.Raw.BlockNumber))
			rc, err := el.TransactionReceipt(ctx, ev.Raw.TxHash)
			if err != nil || h0 == nil || h1 == nil {
				t.Fatalf("defence receipt: %v", err)
			}
			return fmt.Sprintf("defence %d (1 = defendL1, 2 = defendVoid, 3 = defendL2, 4 = defendBalance, 5 = defendBalanceRun) in block %d, gas %d, %d s after ChallengeOpened (block %d)", ev.Defence, ev.Raw.BlockNumber, rc.GasUsed, h1.Time-h0.Time, opened)
		}
		if time.Now().After(deadline) {
			t.Fatalf("challenge %s not defended within the defence window", digest)
		}
		waitUntil(ctx, t, n, time.Now().Add(time.Second), "defence")
	}
}
