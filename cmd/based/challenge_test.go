package main

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/bls"
	"github.com/basedsidecar/based/preconf"
)

// finalizedBeacon serves the two Beacon API paths finality is read from, with
// every epoch up to 1<<30 final.
func finalizedBeacon(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/eth/v1/config/spec":
			w.Write([]byte(`{"data":{"SLOTS_PER_EPOCH":"32"}}`))
		case "/eth/v1/beacon/states/head/finality_checkpoints":
			w.Write([]byte(`{"data":{"finalized":{"epoch":"1073741824","root":"0x00"}}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestChallengeCommand runs `based challenge check` on a simulated chain
// with the contracts deployed: a broken promise is reported (exit 1), and bad
// input is refused naming the field, before anything is sent.
func TestChallengeCommand(t *testing.T) {
	const deployer = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
	ipc := simulatedL1(t, deployer)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	deployment := filepath.Join(dir, "deployment.json")
	if out, err := runBased(t, ctx, "contracts", "deploy", "--rpc", ipc, "--key-file", writeKey(t, deployer),
		"--genesis-time", "0", "--seconds-per-slot", "12", "--out", deployment); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}
	raw, _ := os.ReadFile(deployment)
	var d bindings.Deployment
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	el, err := ethclient.DialContext(ctx, ipc)
	if err != nil {
		t.Fatal(err)
	}
	defer el.Close()
	var slot uint64
	for {
		h, err := el.HeaderByNumber(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if h.Number.Uint64() > 30 {
			slot = h.Time/12 - 1
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	committer, _ := crypto.GenerateKey()
	c := preconf.InclusionCommitment{Slot: slot, ChainID: big.NewInt(1337), TxHash: common.Hash{0xdd}, Sender: common.Address{0x5e},
		Nonce: 0, Committer: crypto.PubkeyToAddress(committer.PublicKey), Penalty: big.NewInt(1e15)}
	domain := preconf.Domain{ChainID: big.NewInt(1337), VerifyingContract: d.PreconfSlasher}
	sig, _ := preconf.Sign(c.Digest(domain), committer)
	sc := &preconf.SignedCommitment{Commitment: c, Digest: c.Digest(domain), Signature: sig}
	b, _ := json.MarshalIndent(sc, "", "  ")
	promise := filepath.Join(dir, "promise.json")
	os.WriteFile(promise, append(b, []byte("\npromise verified: …\n")...), 0o644)
	beacon := finalizedBeacon(t)
	base := []string{"challenge", "check", "--el", ipc, "--deployment", deployment, "--beacon-url", beacon}

	out, err := runBased(t, ctx, append(base, "--promise", promise)...)
	var exit cli.ExitCoder
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(out, "verdict: broken") || !strings.Contains(out, "challenge: none") {
		t.Fatalf("check of a broken promise: %v\n%s", err, out)
	}

	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(strings.Replace(string(b), `"slot": "0x`, `"slot": "x`, 1)), 0o644)
	other := filepath.Join(dir, "other.json")
	sc.Signature, _ = preconf.Sign(c.Digest(preconf.Domain{ChainID: big.NewInt(1337), VerifyingContract: common.Address{1}}), committer)
	sc.Digest = common.Hash{}
	ob, _ := json.Marshal(sc)
	os.WriteFile(other, ob, 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad slot", append(base, "--promise", bad), 2, "commitment.slot"},
		{"signed under another slasher", append(base, "--promise", other), -1, "does not verify"},
		{"no promise", base, 2, "--promise or --tx"},
		{"tx without rpc", append(base, "--tx", common.Hash{1}.Hex()), 2, "needs --rpc"},
		{"tx not a hash", append(base, "--tx", "0x12", "--rpc", "http://127.0.0.1:1"), 2, "--tx"},
		{"no beacon node", []string{"challenge", "check", "--el", ipc, "--deployment", deployment, "--promise", promise}, 2, "--beacon-url"},
		{"no slasher", []string{"challenge", "check", "--el", ipc, "--beacon-url", beacon, "--promise", promise}, 2, "PreconfSlasher"},
		{"others unreadable", append(base, "--promise", promise, "--others", filepath.Join(dir, "none.json")), 2, "--others"},
		{"others malformed", append(base, "--promise", promise, "--others", bad), 2, "--others"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runBased(t, ctx, tc.args...)
			if err == nil || !strings.Contains(err.Error()+out, tc.want) {
				t.Fatalf("err %v, want %q\n%s", err, tc.want, out)
			}
			if tc.code > 0 && (!errors.As(err, &exit) || exit.ExitCode() != tc.code) {
				t.Fatalf("err %v, want exit %d", err, tc.code)
			}
		})
	}
}

// TestIntegrationChallengeOpenSlashClaim runs `based challenge open`, `slash`
// and `claim` against a simulated chain (a block a second of chain time, ten
// a second of wall time) with short slasher windows: the broken promise's
// challenge opens once, slashes after the window, and the challenger's claim
// pays bond and reward, once.
func TestIntegrationChallengeOpenSlashClaim(t *testing.T) {
	const (
		owner = "c87509a1c067bbde78beb793e6fa76530b6382a4c0241e5e4a9ec0a0f44dc0d3"
		chal  = "ae6ae8e5ccbfb04590405997ee2d52d2b330726137b875053c36d94e974d162f"
	)
	ipc := simulatedL1(t, owner, chal)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	el, err := ethclient.DialContext(ctx, ipc)
	if err != nil {
		t.Fatal(err)
	}
	defer el.Close()
	ownerKey, _ := crypto.HexToECDSA(owner)
	auth, _ := bind.NewKeyedTransactorWithChainID(ownerKey, big.NewInt(1337))
	cfg := bindings.Config{MinCollateral: big.NewInt(1e18), UnregistrationDelay: 10000, GenesisTime: 0, SecondsPerSlot: 1,
		FinalityDelay: 4, ChallengeWindow: 1000, DefenceWindow: 100, Notice: 2, Bond: big.NewInt(1e18), RewardBps: 1000, LivenessBps: 2000}
	d, err := bindings.Deploy(ctx, el, auth, 1337, cfg)
	if err != nil {
		t.Fatal(err)
	}
	committer, _ := crypto.GenerateKey()
	reg := *auth
	reg.Value = big.NewInt(3e18)
	if _, err := bindings.Register(ctx, el, &reg, big.NewInt(1337), d.Registry, crypto.PubkeyToAddress(committer.PublicKey), []*bls.SecretKey{bls.InteropKey(0)}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	deployment := filepath.Join(dir, "deployment.json")
	db, _ := json.Marshal(d)
	os.WriteFile(deployment, db, 0o644)

	head, err := el.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := preconf.InclusionCommitment{Slot: head.Time - 1, ChainID: big.NewInt(1337), TxHash: common.Hash{0xdd}, Sender: common.Address{0x5e},
		Nonce: 0, Committer: crypto.PubkeyToAddress(committer.PublicKey), Penalty: big.NewInt(2e17)}
	domain := preconf.Domain{ChainID: big.NewInt(1337), VerifyingContract: d.PreconfSlasher}
	sig, _ := preconf.Sign(c.Digest(domain), committer)
	b, _ := json.Marshal(&preconf.SignedCommitment{Commitment: c, Digest: c.Digest(domain), Signature: sig})
	promise := filepath.Join(dir, "promise.json")
	os.WriteFile(promise, b, 0o644)
	chain := []string{"--el", ipc, "--deployment", deployment, "--beacon-url", finalizedBeacon(t)}
	key := writeKey(t, chal)
	run := func(args ...string) (string, error) {
		return runBased(t, ctx, append(append([]string{"challenge"}, args...), chain...)...)
	}
	waitChainTime := func(ts uint64) {
		for {
			h, err := el.HeaderByNumber(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if h.Time >= ts {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	waitChainTime(c.Slot + cfg.FinalityDelay + 1)
	if out, err := run("open", "--promise", promise, "--key-file", key); err != nil || !strings.Contains(out, "opened (broken") {
		t.Fatalf("open: %v\n%s", err, out)
	}
	if out, err := run("open", "--promise", promise, "--key-file", key); err != nil || !strings.Contains(out, "already open") || !strings.Contains(out, "nothing sent") {
		t.Fatalf("second open: %v\n%s", err, out)
	}
	if out, err := run("slash", "--promise", promise, "--key-file", key); err == nil || !strings.Contains(err.Error(), "not slashable") {
		t.Fatalf("slash inside the defence window: %v\n%s", err, out)
	}
	slasher, _ := bindings.NewPreconfSlasherCaller(d.PreconfSlasher, el)
	ch, err := slasher.Challenges(&bind.CallOpts{Context: ctx}, c.Digest(domain))
	if err != nil || ch.Status != 1 {
		t.Fatalf("challenge %+v (%v), want open", ch, err)
	}
	waitChainTime(ch.OpenedAt + cfg.DefenceWindow + 1)
	if out, err := run("slash", "--promise", promise, "--key-file", key); err != nil || !strings.Contains(out, "slashed: tx") {
		t.Fatalf("slash: %v\n%s", err, out)
	}
	if out, err := run("claim", "--key-file", key); err != nil || !strings.Contains(out, "claimed 1020000000000000000 wei") {
		t.Fatalf("claim: %v\n%s", err, out)
	}
	if out, err := run("claim", "--key-file", key); err != nil || !strings.Contains(out, "nothing to claim") {
		t.Fatalf("second claim: %v\n%s", err, out)
	}
	if owed, _ := slasher.Claimable(&bind.CallOpts{Context: ctx}, common.Address{0x5e}); owed.Cmp(c.Penalty) != 0 {
		t.Fatalf("sender can claim %v, want the penalty %v", owed, c.Penalty)
	}
}
