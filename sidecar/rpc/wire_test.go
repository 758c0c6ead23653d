package rpc

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/preconf/client"
)

// TestIntegersTravelAsQuantities takes a promise whose penalty is not a
// float64 (1.000000000001 ETH) through every path that serves one, and the
// other answers with integers: each carries them as 0x quantities, and the
// Go client reads them back exactly.
func TestIntegersTravelAsQuantities(t *testing.T) {
	penalty := new(big.Int).Add(big.NewInt(1e18), big.NewInt(1e6))
	want := `"penalty":"` + hexutil.EncodeBig(penalty) + `"`
	env := startWith(t, func(c *preconf.Config) { c.PenaltyMin = penalty }, nil)
	ctx := context.Background()
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
	// A 0x quantity slot is accepted as well as a bare number.
	body := `{"jsonrpc":"2.0","id":1,"method":"preconf_requestInclusion","params":[{"slot":"0x6e","tx":"` + hexutil.Encode(signedTx(t, key, 0)) + `"}]}`
	_, b := post(t, env.url, []byte(body), nil)
	for _, s := range []string{want, `"slot":"0x6e"`, `"typedData":{`, `"chainId":"0x301824"`} {
		if !strings.Contains(string(b), s) {
			t.Fatalf("requestInclusion answer lacks %s: %s", s, b)
		}
	}
	var reply struct {
		Result preconf.SignedCommitment `json:"result"`
	}
	if err := json.Unmarshal(b, &reply); err != nil {
		t.Fatal(err)
	}
	sc := reply.Result
	if sc.Commitment.Penalty.Cmp(penalty) != 0 || sc.Domain == nil || sc.Domain.ChainID.Cmp(testDomain.ChainID) != 0 || sc.Domain.VerifyingContract != testDomain.VerifyingContract {
		t.Fatalf("decoded promise %+v, domain %+v", sc.Commitment, sc.Domain)
	}
	if err := client.VerifyCommitment(&sc, testDomain, nil); err != nil {
		t.Fatal(err)
	}
	other := preconf.Domain{ChainID: big.NewInt(1), VerifyingContract: testDomain.VerifyingContract}
	if err := client.VerifyCommitment(&sc, other, nil); err == nil {
		t.Fatal("verified under another domain")
	}
	lying := sc // right signature, but a typedData that names another domain
	lying.Domain = &other
	if err := client.VerifyCommitment(&lying, testDomain, nil); !errors.Is(err, client.ErrVerify) {
		t.Fatalf("typedData of another domain verified: %v", err)
	}

	select {
	case ev := <-events:
		if ev.Commitment == nil || ev.Commitment.Commitment.Penalty.Cmp(penalty) != 0 || ev.Commitment.Domain == nil {
			t.Fatalf("stream event %+v", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no commitment event")
	}

	c, err := client.Dial(ctx, env.url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	got, err := c.Commitment(ctx, sc.Commitment.TxHash)
	if err != nil || got.Commitment.Penalty.Cmp(penalty) != 0 || got.Domain == nil {
		t.Fatalf("getCommitment: %+v %v", got, err)
	}

	// Commitments API: the extra promise field.
	_, b = post(t, env.url+"/commitments/v0/gateway/commitmentRequest", gatewayBody(t, signedTx(t, key, 1), 111, testDomain.VerifyingContract), nil)
	if !strings.Contains(string(b), want) || !strings.Contains(string(b), `"typedData":{`) {
		t.Fatalf("commitments API promise: %s", b)
	}
	// Bolt: every promise of the response.
	bb, hdr := boltBody(t, key, 112, signedTx(t, key, 2))
	_, b = post(t, env.url, bb, map[string]string{BoltHeader: hdr})
	if !strings.Contains(string(b), want) {
		t.Fatalf("bolt promises: %s", b)
	}

	for _, c := range []struct{ body, want string }{
		{`{"jsonrpc":"2.0","id":1,"method":"preconf_estimateFee","params":["0x71","0x5208"]}`, `"slot":"0x71"`},
		{`{"jsonrpc":"2.0","id":1,"method":"preconf_estimateFee","params":[113,21000]}`, want},
		{`{"jsonrpc":"2.0","id":1,"method":"preconf_status"}`, `"promises":"0x3"`},
		{`{"jsonrpc":"2.0","id":1,"method":"preconf_lookahead"}`, `"slot":"0x65"`},
	} {
		_, b := post(t, env.url, []byte(c.body), nil)
		if !strings.Contains(string(b), c.want) {
			t.Errorf("%s: no %s in %s", c.body, c.want, b)
		}
	}
	q, err := c.EstimateFee(ctx, 113, 21000)
	if err != nil || q.Slot != 113 || q.Penalty.ToInt().Cmp(penalty) != 0 {
		t.Fatalf("estimateFee: %+v %v", q, err)
	}
}
