package rollup

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/basedsidecar/based/simchain"
)

// TestIntegrationSubmitBlock sends external blocks to rollup_submitBlock in front of a real
// go-ethereum L2: malformed params and blocks that break a promise or do not pay are refused
// with the field named and counted, the most valuable valid block is sealed, and its txs,
// run on the L2, pay the operator.
func TestIntegrationSubmitBlock(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	wallet, _ := crypto.HexToECDSA("b71c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291")
	builder, _ := crypto.HexToECDSA("8a1f9a8f95be41cd7ccb6168179afb4504aefe388d1e14474d32c45c72ce7b7a")
	broke, _ := crypto.HexToECDSA("49a7b37aa6f6645917e7b807e9d1c00d4fa71f18343b0d4122a4d2df64dd6fee")
	third, _ := crypto.HexToECDSA("1c8e1a3f0d9f2b7a6c5e4d3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918071")
	operator := common.Address{0x0e, 0x0e, 0x0e}
	id := big.NewInt(41003)
	sim, url := l2Alloc(t, id, crypto.PubkeyToAddress(wallet.PublicKey), crypto.PubkeyToAddress(builder.PublicKey), crypto.PubkeyToAddress(third.PublicKey))
	cfg := *params.AllDevChainProtocolChanges
	cfg.ChainID = id
	ro, err := Dial(ctx, Config{ChainID: id, RPC: url, GasLimit: 30_000_000, ChainConfig: &cfg, Operator: operator}, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	reg := prometheus.NewRegistry()
	if _, err := NewMetrics(reg, ro); err != nil {
		t.Fatal(err)
	}
	h, err := NewHandler(ro)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/rollup/", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	head, err := sim.Client().HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(id)
	tip := big.NewInt(2e9)
	mk := func(key *ecdsa.PrivateKey, nonce uint64, to common.Address, value *big.Int, tip *big.Int) *types.Transaction {
		return types.MustSignNewTx(key, signer, &types.DynamicFeeTx{ChainID: id, Nonce: nonce, GasTipCap: tip,
			GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip), Gas: 21000, To: &to, Value: value})
	}
	hexTx := func(tx *types.Transaction) string {
		raw, err := tx.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return hexutil.Encode(raw)
	}
	// call posts one JSON-RPC call and returns its result or error object.
	call := func(body string) (result json.RawMessage, rerr *rpcError) {
		t.Helper()
		resp, err := http.Post(srv.URL+"/rollup/41003", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		var r struct {
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Code    int             `json:"code"`
				Message string          `json:"message"`
				Data    submitBlockData `json:"data"`
			} `json:"error"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatalf("answer %s: %v", raw, err)
		}
		if r.Error != nil {
			return nil, &rpcError{Code: r.Error.Code, Message: r.Error.Message, Data: r.Error.Data}
		}
		return r.Result, nil
	}
	submit := func(txs []*types.Transaction, payment *types.Transaction) (json.RawMessage, *rpcError) {
		t.Helper()
		list := make([]string, len(txs))
		for i, tx := range txs {
			list[i] = hexTx(tx)
		}
		p, _ := json.Marshal(map[string]any{"txs": list, "payment": hexTx(payment)})
		return call(`{"jsonrpc":"2.0","id":1,"method":"rollup_submitBlock","params":[` + string(p) + `]}`)
	}

	// The wallet's two txs are pooled and promised (nonce 1 pins nonce 0 first); a third
	// account's tx is pooled, not promised.
	a, b := mk(wallet, 0, common.Address{0xa1}, big.NewInt(1), tip), mk(wallet, 1, common.Address{0xa2}, big.NewInt(1), tip)
	for _, tx := range []*types.Transaction{a, b, mk(third, 0, common.Address{0xc1}, big.NewInt(1), tip)} {
		if _, rerr := call(`{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["` + hexTx(tx) + `"]}`); rerr != nil {
			t.Fatal(rerr.Message)
		}
	}
	if err := ro.pool.Pin(b.Hash()); err != nil {
		t.Fatal(err)
	}
	x := mk(builder, 0, common.Address{0xb1}, big.NewInt(1), tip)
	payValue := big.NewInt(1e15)
	payment := mk(builder, 1, operator, payValue, tip)

	for _, tc := range []struct {
		name, body, field string
	}{
		{"no params", `[]`, "params"},
		{"two params", `[{}, {}]`, "params"},
		{"not an object", `["0x01"]`, "params[0]"},
		{"unknown field", `[{"txs":[],"payment":"` + hexTx(payment) + `","coinbase":"0x01"}]`, "params[0]"},
		{"no txs", `[{"payment":"` + hexTx(payment) + `"}]`, "txs"},
		{"txs not a list", `[{"txs":"0x01","payment":"` + hexTx(payment) + `"}]`, "params[0]"},
		{"txs[1] not hex", `[{"txs":["` + hexTx(a) + `","zz"],"payment":"` + hexTx(payment) + `"}]`, "txs[1]"},
		{"txs[0] not a tx", `[{"txs":["0x02c0"],"payment":"` + hexTx(payment) + `"}]`, "txs[0]"},
		{"too many txs", `[{"txs":[` + strings.Repeat(`"0x00",`, 1428) + `"0x00"],"payment":"` + hexTx(payment) + `"}]`, "txs"},
		{"no payment", `[{"txs":["` + hexTx(a) + `"]}]`, "payment"},
		{"payment null", `[{"txs":[],"payment":null}]`, "payment"},
		{"payment not a tx", `[{"txs":[],"payment":"0x7f01"}]`, "payment"},
		{"payment a number", `[{"txs":[],"payment":5}]`, "payment"},
	} {
		t.Run("params/"+tc.name, func(t *testing.T) {
			_, rerr := call(`{"jsonrpc":"2.0","id":1,"method":"rollup_submitBlock","params":` + tc.body + `}`)
			if rerr == nil || rerr.Code != codeInvalidParams || !strings.Contains(rerr.Message, "invalid params: "+tc.field+":") {
				t.Fatalf("got %+v, want -32602 naming %s", rerr, tc.field)
			}
		})
	}
	for _, tc := range []struct {
		name    string
		txs     []*types.Transaction
		payment *types.Transaction
		field   string
		reason  string
	}{
		{"a promised tx missing", []*types.Transaction{a, x}, payment, "txs[1]", "promise_order"},
		{"promised txs out of order", []*types.Transaction{b, a, x}, payment, "txs[0]", "promise_order"},
		{"no promised tx at all", []*types.Transaction{x}, mk(builder, 1, operator, payValue, tip), "txs[0]", "promise_order"},
		{"payment to another address", []*types.Transaction{a, b, x}, mk(builder, 1, common.Address{0x0f}, payValue, tip), "payment", "payment"},
		{"payment nonce taken by the builder's tx", []*types.Transaction{a, b, x}, mk(builder, 0, operator, payValue, tip), "payment", "nonce_too_low"},
		{"payment from an empty account", []*types.Transaction{a, b, x}, mk(broke, 0, operator, payValue, tip), "payment", "insufficient_funds"},
		{"worth less than our block", []*types.Transaction{a, b}, mk(builder, 0, operator, big.NewInt(1), big.NewInt(0)), "payment", "low_value"},
	} {
		t.Run("refused/"+tc.name, func(t *testing.T) {
			_, rerr := submit(tc.txs, tc.payment)
			if rerr == nil || rerr.Code != codeRefused || !strings.Contains(rerr.Message, tc.field+": ") {
				t.Fatalf("got %+v, want -32000 naming %s", rerr, tc.field)
			}
			if d := rerr.Data.(submitBlockData); d.Field != tc.field || d.Reason != tc.reason {
				t.Fatalf("data %+v, want %s %s", d, tc.field, tc.reason)
			}
			if _, held := ro.pool.External(); held {
				t.Fatal("a refused block is held")
			}
		})
	}

	res, rerr := submit([]*types.Transaction{a, b, x}, payment)
	if rerr != nil {
		t.Fatal(rerr.Message)
	}
	var got struct {
		Accepted bool        `json:"accepted"`
		Value    hexutil.Big `json:"value"`
		OurValue hexutil.Big `json:"ourValue"`
	}
	if err := json.Unmarshal(res, &got); err != nil || !got.Accepted {
		t.Fatalf("answer %s: %v", res, err)
	}
	// Four txs at 2 gwei of tip and 21000 gas, and the payment; ours is the pool's three.
	tips := new(big.Int).Mul(tip, big.NewInt(21000))
	want, ours := new(big.Int).Add(new(big.Int).Mul(tips, big.NewInt(4)), payValue), new(big.Int).Mul(tips, big.NewInt(3))
	if got.Value.ToInt().Cmp(want) != 0 || got.OurValue.ToInt().Cmp(ours) != 0 {
		t.Fatalf("value %v ours %v, want %v and %v", got.Value.ToInt(), got.OurValue.ToInt(), want, ours)
	}
	if !strings.Contains(string(res), `"value":"0x`) || !strings.Contains(string(res), `"ourValue":"0x`) {
		t.Fatalf("values not 0x quantities: %s", res)
	}
	if _, rerr := submit([]*types.Transaction{a, b, x}, payment); rerr == nil || rerr.Data.(submitBlockData).Reason != "low_value" {
		t.Fatalf("the same block again: %+v", rerr)
	}

	sealed, err := h.TxPool().Seal(common.Address{0xfe}, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(sealed.Blocks) != 1 || !sealed.External[0] || len(sealed.Hashes[0]) != 4 {
		t.Fatalf("sealed %+v, want the external block", sealed.Headers)
	}
	for i, tx := range []*types.Transaction{a, b, x, payment} {
		if sealed.Hashes[0][i] != tx.Hash() {
			t.Fatalf("sealed tx %d is not the external block's", i)
		}
	}
	for outcome, n := range map[string]float64{"params": 13, "promise_order": 3, "payment": 1, "nonce_too_low": 1, "insufficient_funds": 1, "low_value": 2, "accepted": 1, "sealed": 1} {
		if got := testutil.ToFloat64(ro.metrics.blocks.WithLabelValues(id.String(), outcome)); got != n {
			t.Errorf("based_mempool_external_blocks_total{outcome=%q} = %v, want %v", outcome, got, n)
		}
	}

	// The sealed block's txs, run on the L2 as its node would, all succeed and pay the operator.
	for _, raw := range sealed.Blocks[0].Txs {
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(raw); err != nil {
			t.Fatal(err)
		}
		if err := sim.Client().SendTransaction(ctx, tx); err != nil {
			t.Fatal(err)
		}
	}
	sim.Commit()
	for _, tx := range []*types.Transaction{a, b, x, payment} {
		r, err := simchain.Receipt(ctx, sim.Client(), tx.Hash())
		if err != nil || r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("receipt of %v on the L2: %v", tx.Hash(), err)
		}
	}
	if bal, err := sim.Client().BalanceAt(ctx, operator, nil); err != nil || bal.Cmp(payValue) != 0 {
		t.Fatalf("operator balance on the L2 %v %v, want the payment %v", bal, err, payValue)
	}
}
