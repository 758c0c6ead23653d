package rpc

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
	"github.com/basedsidecar/based/ratelimit"
)

// fakeChain is an in-memory chain view: clock slot 100, slots 101..140 ours.
type fakeChain struct {
	mu        sync.Mutex
	committer common.Address
	now       time.Time
	accounts  map[common.Address]uint64
}

func (c *fakeChain) Ready() error        { return nil }
func (c *fakeChain) MaxBlobs(uint64) int { return 0 }
func (c *fakeChain) ClockSlot() uint64   { return 100 }
func (c *fakeChain) Duty(slot uint64) (preconf.Duty, bool) {
	if slot < 96 || slot >= 160 {
		return preconf.Duty{}, false
	}
	ours := slot > 100 && slot <= 140
	d := preconf.Duty{Slot: slot, ValidatorIndex: slot, Ours: ours, Deadline: c.now.Add(time.Duration(slot-100) * 12 * time.Second)}
	if ours {
		d.Committer = c.committer
	}
	return d, true
}
func (c *fakeChain) Head() preconf.Head {
	return preconf.Head{Number: 90, Slot: 100, BaseFee: big.NewInt(1e9), BlobBaseFee: big.NewInt(1)}
}
func (c *fakeChain) Account(_ context.Context, a common.Address) (uint64, *big.Int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.accounts[a], big.NewInt(1e18), nil
}
func (c *fakeChain) Duties() []preconf.Duty {
	var out []preconf.Duty
	for s := uint64(100); s < 128; s++ {
		d, _ := c.Duty(s)
		out = append(out, d)
	}
	return out
}
func (c *fakeChain) Status() preconf.ChainStatus {
	return preconf.ChainStatus{Synced: true, HeadSlot: 100, ClockSlot: 100, BeaconOK: true, ExecutionOK: true, NextSlot: 101}
}

var (
	testKey, _ = crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	testDomain = preconf.Domain{ChainID: big.NewInt(3151908), VerifyingContract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}
)

type env struct {
	url    string
	engine *preconf.Engine
	chain  *fakeChain
	now    *atomic.Pointer[time.Time]
	server *Server
	log    *preconf.Log
}

func start(t testing.TB, mut func(*Config)) *env {
	t.Helper()
	return startWith(t, nil, mut)
}

// startWith is start with the engine's configuration changed by engineMut.
func startWith(t testing.TB, engineMut func(*preconf.Config), mut func(*Config)) *env {
	t.Helper()
	now := time.Unix(1_800_000_000, 0)
	clock := new(atomic.Pointer[time.Time])
	clock.Store(&now)
	chain := &fakeChain{committer: crypto.PubkeyToAddress(testKey.PublicKey), now: now, accounts: map[common.Address]uint64{}}
	cfg := preconf.DefaultConfig()
	cfg.Domain, cfg.Key, cfg.SenderRate = testDomain, testKey, 0
	cfg.MaxCount = 100_000
	cfg.MaxGas = 1 << 40
	cfg.Collateral = new(big.Int).Lsh(big.NewInt(1), 200)
	cfg.Now = func() time.Time { return *clock.Load() }
	if engineMut != nil {
		engineMut(&cfg)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	lg, err := preconf.OpenLog(t.TempDir(), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lg.Close() })
	e, err := preconf.NewEngine(cfg, chain, lg, log)
	if err != nil {
		t.Fatal(err)
	}
	rc := DefaultConfig()
	if mut != nil {
		mut(&rc)
	}
	s, err := New(rc, e, chain, prometheus.NewRegistry(), log)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return &env{url: "http://" + ln.Addr().String(), engine: e, chain: chain, now: clock, server: s, log: lg}
}

func signedTx(t testing.TB, key *ecdsa.PrivateKey, nonce uint64) []byte {
	t.Helper()
	to := common.Address{0xaa}
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(testDomain.ChainID), &types.DynamicFeeTx{
		ChainID: testDomain.ChainID, Nonce: nonce, GasTipCap: big.NewInt(2e9), GasFeeCap: big.NewInt(1e11), Gas: 21000, To: &to, Value: big.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tx.MarshalBinary()
	return raw
}

func newKey(t testing.TB) *ecdsa.PrivateKey {
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestJSONRPCRequestVerifyAndManifest(t *testing.T) {
	env := start(t, nil)
	ctx := context.Background()
	c, err := client.Dial(ctx, env.url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ws, err := client.Dial(ctx, "ws"+strings.TrimPrefix(env.url, "http"))
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	events := make(chan preconf.Event, 16)
	sub, err := ws.Subscribe(ctx, events)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()

	key := newKey(t)
	sc, err := c.RequestInclusion(ctx, 110, nil, signedTx(t, key, 0))
	if err != nil {
		t.Fatal(err)
	}
	domain, err := c.ReportedDomain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	look, err := c.Lookahead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.VerifyCommitment(sc, domain, look); err != nil {
		t.Fatal(err)
	}
	// A promise for a slot whose lookahead committer differs must not verify.
	other := common.Address{1}
	for i := range look {
		if look[i].Slot == 110 {
			look[i].Committer = &other
		}
	}
	if err := client.VerifyCommitment(sc, domain, look); !errors.Is(err, client.ErrVerify) {
		t.Fatalf("wrong committer verified: %v", err)
	}
	select {
	case ev := <-events:
		if ev.Kind != "commitment" || ev.Commitment.Commitment.TxHash != sc.Commitment.TxHash {
			t.Fatalf("event %+v", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no commitment event")
	}
	got, err := c.Commitment(ctx, sc.Commitment.TxHash)
	if err != nil || got.Digest != sc.Digest {
		t.Fatalf("getCommitment: %+v %v", got, err)
	}
	// A rule failure keeps its code and field over JSON-RPC.
	_, err = c.RequestInclusion(ctx, 110, nil, signedTx(t, key, 5))
	var rerr gethrpc.Error
	var derr gethrpc.DataError
	if !errors.As(err, &rerr) || rerr.ErrorCode() != preconf.ErrNonce.Code || !errors.As(err, &derr) {
		t.Fatalf("nonce gap: %v", err)
	}
	if data, _ := json.Marshal(derr.ErrorData()); !strings.Contains(string(data), `"field":"nonce"`) {
		t.Fatalf("error data %s", data)
	}
	q, err := c.EstimateFee(ctx, 111, 21000)
	if err != nil || q.Tip.ToInt().Cmp(big.NewInt(1e9)) < 0 || q.Penalty == nil {
		t.Fatalf("estimateFee: %+v %v", q, err)
	}
	if st, err := c.Status(ctx); err != nil || st.Engine.Promises != 1 || !st.Chain.Synced {
		t.Fatalf("status: %+v %v", st, err)
	}
	// Past the deadline: manifest, proof, verification.
	later := time.Unix(1_800_000_000+10*12, 0)
	env.now.Store(&later)
	if err := env.engine.SealDue(ctx); err != nil {
		t.Fatal(err)
	}
	m, err := c.Manifest(ctx, 110)
	if err != nil {
		t.Fatal(err)
	}
	proof, err := c.ManifestProof(ctx, sc.Commitment.TxHash)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.VerifyManifestProof(sc, m, proof, domain); err != nil {
		t.Fatal(err)
	}
	m.Root[0] ^= 1
	if err := client.VerifyManifestProof(sc, m, proof, domain); !errors.Is(err, client.ErrVerify) {
		t.Fatalf("tampered manifest verified: %v", err)
	}
}

func post(t testing.TB, url string, body []byte, hdr map[string]string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func get(t testing.TB, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func gatewayBody(t testing.TB, raw []byte, slot uint64, slasher common.Address) []byte {
	payload, _ := json.Marshal(InclusionPayload{TxData: raw, Slot: slot, ChainID: testDomain.ChainID.Uint64()})
	b, _ := json.Marshal(CommitmentRequest{CommitmentType: 1, Payload: payload, Slasher: slasher})
	return b
}

func TestCommitmentsAPI(t *testing.T) {
	env := start(t, nil)
	base := env.url + "/commitments/v0/gateway/"
	body := gatewayBody(t, signedTx(t, newKey(t), 0), 111, testDomain.VerifyingContract)
	code, b := post(t, base+"commitmentRequest", body, nil)
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, b)
	}
	var resp GatewayCommitment
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatal(err)
	}
	var req CommitmentRequest
	_ = json.Unmarshal(body, &req)
	if resp.Commitment.RequestHash != req.RequestHash() || !bytes.Equal(resp.Commitment.Payload, req.Payload) {
		t.Fatalf("commitment %+v", resp.Commitment)
	}
	if who, err := preconf.Recover(resp.Commitment.Hash(), resp.Signature); err != nil || who != env.engine.Committer() {
		t.Fatalf("gateway signature by %s: %v", who, err)
	}
	if resp.Promise == nil || client.VerifyCommitment(resp.Promise, testDomain, nil) != nil {
		t.Fatalf("promise field: %+v", resp.Promise)
	}
	code, b = get(t, base+"commitmentResult/"+resp.Commitment.RequestHash.Hex())
	var again GatewayCommitment
	if code != http.StatusOK || json.Unmarshal(b, &again) != nil || !bytes.Equal(again.Signature, resp.Signature) ||
		again.Commitment.Hash() != resp.Commitment.Hash() || again.Promise == nil || again.Promise.Digest != resp.Promise.Digest {
		t.Fatalf("result: %d %s", code, b)
	}
	if code, _ := get(t, base+"commitmentResult/0x"+strings.Repeat("00", 32)); code != http.StatusNotFound {
		t.Fatalf("unknown request hash: %d", code)
	}
	code, b = get(t, base+"slots")
	if code != http.StatusOK || !strings.Contains(string(b), `"slot":101,`) || strings.Contains(string(b), `"slot":100,`) {
		t.Fatalf("slots: %d %s", code, b)
	}
	code, b = post(t, base+"fee", gatewayBody(t, signedTx(t, newKey(t), 0), 112, testDomain.VerifyingContract), nil)
	var fi FeeInfo
	if code != http.StatusOK || json.Unmarshal(b, &fi) != nil || fi.CommitmentType != 1 || !strings.Contains(string(fi.Payload), `"tip"`) {
		t.Fatalf("fee: %d %s", code, b)
	}
	// Refusals name the field.
	for _, c := range []struct {
		body  []byte
		field string
		code  int
	}{
		{gatewayBody(t, signedTx(t, newKey(t), 0), 111, common.Address{9}), "slasher", 400},
		{gatewayBody(t, signedTx(t, newKey(t), 0), 150, testDomain.VerifyingContract), "slot", 400},
		{gatewayBody(t, signedTx(t, newKey(t), 3), 111, testDomain.VerifyingContract), "nonce", 400},
		{[]byte(`{"commitment_type":2,"payload":"0x","slasher":"0x0000000000000000000000000000000000000000"}`), "commitment_type", 400},
		{[]byte(`{`), "body", 400},
	} {
		code, b := post(t, base+"commitmentRequest", c.body, nil)
		if code != c.code || !strings.Contains(string(b), `"field":"`+c.field+`"`) {
			t.Errorf("want %d field %s, got %d %s", c.code, c.field, code, b)
		}
	}
}

// TestRequestHashMatchesABIEncode checks our ABI encoding against go-ethereum's.
func TestRequestHashMatchesABIEncode(t *testing.T) {
	reqT, _ := abi.NewType("tuple", "", []abi.ArgumentMarshaling{{Name: "commitment_type", Type: "uint64"}, {Name: "payload", Type: "bytes"}, {Name: "slasher", Type: "address"}})
	comT, _ := abi.NewType("tuple", "", []abi.ArgumentMarshaling{{Name: "commitment_type", Type: "uint64"}, {Name: "payload", Type: "bytes"}, {Name: "request_hash", Type: "bytes32"}, {Name: "slasher", Type: "address"}})
	for _, payload := range [][]byte{nil, []byte("x"), bytes.Repeat([]byte("ab"), 40)} {
		r := CommitmentRequest{CommitmentType: 1, Payload: payload, Slasher: common.Address{7}}
		enc, err := abi.Arguments{{Type: reqT}}.Pack(struct {
			CommitmentType uint64
			Payload        []byte
			Slasher        common.Address
		}{1, payload, r.Slasher})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.RequestHash(); got != crypto.Keccak256Hash(enc) {
			t.Fatalf("request hash %s, abi %s", got, crypto.Keccak256Hash(enc))
		}
		c := Commitment{CommitmentType: 1, Payload: payload, RequestHash: common.Hash{3}, Slasher: common.Address{7}}
		enc, err = abi.Arguments{{Type: comT}}.Pack(struct {
			CommitmentType uint64
			Payload        []byte
			RequestHash    [32]byte
			Slasher        common.Address
		}{1, payload, c.RequestHash, c.Slasher})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Hash(); got != crypto.Keccak256Hash(enc) {
			t.Fatalf("commitment hash %s, abi %s", got, crypto.Keccak256Hash(enc))
		}
	}
}

func boltBody(t testing.TB, key *ecdsa.PrivateKey, slot uint64, raws ...[]byte) ([]byte, string) {
	var hashes []common.Hash
	var txs []hexutil.Bytes
	for _, r := range raws {
		var tx types.Transaction
		if err := tx.UnmarshalBinary(r); err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, tx.Hash())
		txs = append(txs, r)
	}
	sig, _ := preconf.Sign(BoltDigest(slot, hashes), key)
	b, _ := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 7, "method": "bolt_requestInclusion", "params": []BoltRequest{{Slot: slot, Txs: txs}}})
	return b, crypto.PubkeyToAddress(key.PublicKey).Hex() + ":" + hexutil.Encode(sig)
}

func TestBoltRequestInclusion(t *testing.T) {
	env := start(t, nil)
	key := newKey(t)
	raws := [][]byte{signedTx(t, key, 0), signedTx(t, key, 1)}
	var hashes []common.Hash
	for _, raw := range raws {
		var tx types.Transaction
		if err := tx.UnmarshalBinary(raw); err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, tx.Hash())
	}
	body, hdr := boltBody(t, key, 112, raws...)
	_, b := post(t, env.url, body, map[string]string{BoltHeader: hdr})
	var resp struct {
		ID     int           `json:"id"`
		Result *BoltResponse `json:"result"`
		Error  *struct {
			Code int `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal(b, &resp); err != nil || resp.Result == nil || resp.ID != 7 {
		t.Fatalf("bolt: %s", b)
	}
	if len(resp.Result.Promises) != 2 {
		t.Fatalf("promises: %+v", resp.Result)
	}
	for i, p := range resp.Result.Promises {
		if err := client.VerifyCommitment(&p, testDomain, nil); err != nil {
			t.Fatal(err)
		}
		if p.Commitment.Slot != 112 || p.Commitment.TxHash != hashes[i] || p.Commitment.Committer != env.engine.Committer() {
			t.Fatalf("promise %d: slot %d tx %s committer %s, want slot 112 tx %s", i, p.Commitment.Slot, p.Commitment.TxHash, p.Commitment.Committer, hashes[i])
		}
	}
	// The committer's Bolt signature is over the request's digest: these
	// transactions, in order, in slot 112.
	if resp.Result.Slot != 112 {
		t.Fatalf("response slot %d", resp.Result.Slot)
	}
	if who, err := preconf.Recover(BoltDigest(112, hashes), resp.Result.Signature); err != nil || who != env.engine.Committer() {
		t.Fatalf("Bolt signature recovers to %s (%v), want the committer %s", who, err, env.engine.Committer())
	}
	// The same transactions for another slot: refused, and nothing signed for that slot.
	body113, hdr113 := boltBody(t, key, 113, raws...)
	_, b = post(t, env.url, body113, map[string]string{BoltHeader: hdr113})
	var again struct {
		Result *BoltResponse `json:"result"`
		Error  *struct {
			Code int `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal(b, &again); err != nil || again.Result != nil || again.Error == nil {
		t.Fatalf("promised transactions for another slot: %s", b)
	}
	// The signature must be by the address in the header.
	body, _ = boltBody(t, key, 113, signedTx(t, key, 2))
	_, hdr2 := boltBody(t, newKey(t), 113, signedTx(t, key, 2))
	forged := crypto.PubkeyToAddress(key.PublicKey).Hex() + ":" + strings.SplitN(hdr2, ":", 2)[1]
	_, b = post(t, env.url, body, map[string]string{BoltHeader: forged})
	if !strings.Contains(string(b), `"field":"X-Bolt-Signature"`) {
		t.Fatalf("forged signature: %s", b)
	}
	_, b = post(t, env.url, body, nil)
	if !strings.Contains(string(b), `"field":"X-Bolt-Signature"`) {
		t.Fatalf("missing header: %s", b)
	}
}

func TestAbuseLimits(t *testing.T) {
	env := start(t, func(c *Config) { c.BodyLimit, c.IPRate, c.IPBurst = 4096, 0.001, 4 })
	code, _ := post(t, env.url, bytes.Repeat([]byte(" "), 5000), nil)
	if code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body: %d", code)
	}
	var last int
	for range 3 {
		last, _ = get(t, env.url+"/status")
	}
	if last == http.StatusTooManyRequests {
		t.Fatal("limited within the burst")
	}
	if code, b := get(t, env.url+"/status"); code != http.StatusTooManyRequests {
		t.Fatalf("over the IP rate: %d %s", code, b)
	}
}

func TestMaxConns(t *testing.T) {
	env := start(t, func(c *Config) { c.MaxConns = 1 })
	held, err := net.Dial("tcp", strings.TrimPrefix(env.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	// The held connection takes the only slot: a second one is not served
	// until it closes.
	got := make(chan int, 1)
	go func() {
		c, _ := get(t, env.url+"/status")
		got <- c
	}()
	select {
	case c := <-got:
		t.Fatalf("second connection served while the first is open: %d", c)
	case <-time.After(300 * time.Millisecond):
	}
	held.Close()
	select {
	case c := <-got:
		if c != http.StatusOK {
			t.Fatalf("status %d", c)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("second connection never served")
	}
}

// TestIPSprayKeepsLimit checks that a client over its IP rate stays limited
// while requests from more new addresses than the limiter tracks arrive, and
// that the addresses of one IPv6 /64 share a budget.
func TestIPSprayKeepsLimit(t *testing.T) {
	env := start(t, func(c *Config) { c.IPRate, c.IPBurst = 1e-6, 1 })
	h := env.server.Handler()
	serve := func(remote string) int {
		r := httptest.NewRequest(http.MethodGet, "/status", nil)
		r.RemoteAddr = remote
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	if c := serve("10.0.0.1:1000"); c != http.StatusOK {
		t.Fatalf("first request: %d", c)
	}
	if c := serve("10.0.0.1:1001"); c != http.StatusTooManyRequests {
		t.Fatalf("over the rate: %d", c)
	}
	for i := range ratelimit.DefaultKeys + 1 {
		ip := netip.AddrFrom4([4]byte{11, byte(i >> 16), byte(i >> 8), byte(i)})
		serve(netip.AddrPortFrom(ip, 1).String())
	}
	if c := serve("10.0.0.1:1002"); c != http.StatusTooManyRequests {
		t.Fatalf("after a spray of new addresses: %d, want 429", c)
	}
	for _, tc := range []struct {
		a, b  string
		share bool
	}{
		{"[2001:db8:1:2::1]:1", "[2001:db8:1:2:ffff::9]:1", true},
		{"[2001:db8:1:3::1]:1", "[2001:db8:1:4::1]:1", false},
	} {
		env := start(t, func(c *Config) { c.IPRate, c.IPBurst = 1e-6, 1 })
		h = env.server.Handler()
		serve(tc.a)
		if got := serve(tc.b) == http.StatusTooManyRequests; got != tc.share {
			t.Errorf("%s then %s: limited %v, want %v", tc.a, tc.b, got, tc.share)
		}
	}
}
