package blocksim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	builderfulu "github.com/attestantio/go-builder-client/api/fulu"
	builderv1 "github.com/attestantio/go-builder-client/api/v1"
	"github.com/attestantio/go-eth2-client/spec/bellatrix"
	"github.com/attestantio/go-eth2-client/spec/capella"
	"github.com/attestantio/go-eth2-client/spec/deneb"
	"github.com/attestantio/go-eth2-client/spec/electra"
	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// fakeEL stands for the execution client at its JSON-RPC boundary (the
// devnet's TestIntegrationDevnet runs the validator on a real geth behind the
// real relay). It records the engine_newPayloadV4 call.
type fakeEL struct {
	parentGas uint64
	noParent  bool
	status    string
	balances  map[common.Hash]*big.Int // fee recipient balance by block
	newPay    []any
}

func (f *fakeEL) CallContext(_ context.Context, result any, method string, args ...any) error {
	var v any
	switch method {
	case "eth_getBlockByHash":
		if f.noParent {
			v = nil
		} else {
			v = &types.Header{GasLimit: f.parentGas, Number: big.NewInt(7), Difficulty: big.NewInt(0)}
		}
	case "engine_newPayloadV4":
		f.newPay = args
		v = engine.PayloadStatusV1{Status: f.status}
	case "eth_getBalance":
		h := *args[1].(rpc.BlockNumberOrHash).BlockHash
		b, ok := f.balances[h]
		if !ok {
			return fmt.Errorf("no state for %s", h)
		}
		v = (*hexutil.Big)(b)
	default:
		return fmt.Errorf("unexpected %s", method)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, result)
}

var (
	parentHash = common.Hash{0x0a}
	blockHash  = common.Hash{0x0b}
	recipient  = common.Address{0xfe}
)

// request is a well-formed submission paying 1 gwei on a parent with a 60M gas limit.
func request() *Request {
	p := &deneb.ExecutionPayload{ParentHash: phase0.Hash32(parentHash), BlockHash: phase0.Hash32(blockHash),
		FeeRecipient: bellatrix.ExecutionAddress(recipient), GasLimit: 60_000_000, GasUsed: 21000, BlockNumber: 8,
		BaseFeePerGas: uint256.NewInt(7), ExtraData: []byte{}, Transactions: []bellatrix.Transaction{{0x02}},
		Withdrawals: []*capella.Withdrawal{{Index: 1, ValidatorIndex: 2, Amount: 3}}}
	return &Request{
		Message: &builderv1.BidTrace{Slot: 9, ParentHash: p.ParentHash, BlockHash: p.BlockHash, GasLimit: p.GasLimit,
			GasUsed: p.GasUsed, ProposerFeeRecipient: p.FeeRecipient, Value: uint256.NewInt(1e9)},
		ExecutionPayload:   p,
		BlobsBundle:        &builderfulu.BlobsBundle{Commitments: []deneb.KZGCommitment{}, Proofs: []deneb.KZGProof{}, Blobs: []deneb.Blob{}},
		ExecutionRequests:  &electra.ExecutionRequests{},
		RegisteredGasLimit: 60_000_000, ParentBeaconBlockRoot: common.Hash{0xbb},
	}
}

func el() *fakeEL {
	return &fakeEL{parentGas: 60_000_000, status: engine.VALID,
		balances: map[common.Hash]*big.Int{parentHash: big.NewInt(5e9), blockHash: big.NewInt(6e9)}}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Request, *fakeEL)
		want   error
		field  string // in the error message
		value  uint64 // block_value when valid
		hashes int    // versioned hashes passed to newPayload when valid
	}{
		{name: "valid: the fee recipient gains exactly the bid", value: 1e9},
		{name: "valid: it gains more than the bid", edit: func(_ *Request, f *fakeEL) { f.balances[blockHash] = big.NewInt(8e9) }, value: 3e9},
		{name: "the fee recipient gains less than the bid", edit: func(_ *Request, f *fakeEL) { f.balances[blockHash] = big.NewInt(5e9 + 1) },
			want: ErrInvalid, field: "gains 1 wei"},
		{name: "the fee recipient loses", edit: func(_ *Request, f *fakeEL) { f.balances[blockHash] = big.NewInt(1) }, want: ErrInvalid, field: "gains -"},
		{name: "execution client says INVALID", edit: func(_ *Request, f *fakeEL) { f.status = engine.INVALID }, want: ErrInvalid, field: "INVALID"},
		{name: "execution client is syncing", edit: func(_ *Request, f *fakeEL) { f.status = engine.SYNCING }, want: ErrInvalid, field: "SYNCING"},
		{name: "unknown parent", edit: func(_ *Request, f *fakeEL) { f.noParent = true }, want: ErrInvalid, field: "parent"},
		{name: "gas limit off the registered one", edit: func(r *Request, _ *fakeEL) { r.RegisteredGasLimit = 30_000_000 }, want: ErrInvalid, field: "gas limit"},
		{name: "gas limit moves towards the registered one", edit: func(r *Request, f *fakeEL) {
			f.parentGas = 30_000_000
			r.ExecutionPayload.GasLimit, r.Message.GasLimit = 30_029_295, 30_029_295
		}, value: 1e9},
		{name: "no message", edit: func(r *Request, _ *fakeEL) { r.Message = nil }, want: ErrBadRequest, field: "message"},
		{name: "no payload", edit: func(r *Request, _ *fakeEL) { r.ExecutionPayload = nil }, want: ErrBadRequest, field: "execution_payload"},
		{name: "no blobs bundle", edit: func(r *Request, _ *fakeEL) { r.BlobsBundle = nil }, want: ErrBadRequest, field: "blobs_bundle"},
		{name: "no execution requests", edit: func(r *Request, _ *fakeEL) { r.ExecutionRequests = nil }, want: ErrBadRequest, field: "execution_requests"},
		{name: "no value", edit: func(r *Request, _ *fakeEL) { r.Message.Value = nil }, want: ErrBadRequest, field: "message.value"},
		{name: "no registered gas limit", edit: func(r *Request, _ *fakeEL) { r.RegisteredGasLimit = 0 }, want: ErrBadRequest, field: "registered_gas_limit"},
		{name: "bid trace names another block", edit: func(r *Request, _ *fakeEL) { r.Message.BlockHash = phase0.Hash32{1} }, want: ErrBadRequest, field: "message.block_hash"},
		{name: "bid trace names another parent", edit: func(r *Request, _ *fakeEL) { r.Message.ParentHash = phase0.Hash32{1} }, want: ErrBadRequest, field: "message.parent_hash"},
		{name: "bid trace states other gas used", edit: func(r *Request, _ *fakeEL) { r.Message.GasUsed++ }, want: ErrBadRequest, field: "message.gas_used"},
		{name: "bid trace states another gas limit", edit: func(r *Request, _ *fakeEL) { r.Message.GasLimit++ }, want: ErrBadRequest, field: "message.gas_limit"},
		{name: "a commitment without its blob", edit: func(r *Request, _ *fakeEL) {
			r.BlobsBundle.Commitments = []deneb.KZGCommitment{{}}
		}, want: ErrBadRequest, field: "blobs_bundle"},
		{name: "a blob with one proof instead of one per cell", edit: func(r *Request, _ *fakeEL) {
			r.BlobsBundle.Commitments, r.BlobsBundle.Blobs, r.BlobsBundle.Proofs = []deneb.KZGCommitment{{}}, []deneb.Blob{{}}, []deneb.KZGProof{{}}
		}, want: ErrBadRequest, field: "128 per blob"},
		{name: "blob proofs that do not verify", edit: func(r *Request, _ *fakeEL) {
			// The commitment and proofs of the zero blob (the point at infinity), for a blob that is not zero.
			var blob deneb.Blob
			blob[31] = 1
			r.BlobsBundle.Commitments, r.BlobsBundle.Blobs = []deneb.KZGCommitment{{0xc0}}, []deneb.Blob{blob}
			r.BlobsBundle.Proofs = make([]deneb.KZGProof, cellsPerBlob)
			for i := range r.BlobsBundle.Proofs {
				r.BlobsBundle.Proofs[i][0] = 0xc0
			}
		}, want: ErrInvalid, field: "cell proofs"},
		{name: "valid: a zero blob with its commitment and cell proofs", edit: func(r *Request, _ *fakeEL) {
			r.BlobsBundle.Commitments, r.BlobsBundle.Blobs = []deneb.KZGCommitment{{0xc0}}, []deneb.Blob{{}}
			r.BlobsBundle.Proofs = make([]deneb.KZGProof, cellsPerBlob)
			for i := range r.BlobsBundle.Proofs {
				r.BlobsBundle.Proofs[i][0] = 0xc0
			}
		}, value: 1e9, hashes: 1},
		{name: "a null withdrawal", edit: func(r *Request, _ *fakeEL) { r.ExecutionPayload.Withdrawals = []*capella.Withdrawal{nil} }, want: ErrBadRequest, field: "withdrawals[0]"},
		{name: "a null deposit request", edit: func(r *Request, _ *fakeEL) { r.ExecutionRequests.Deposits = []*electra.DepositRequest{nil} }, want: ErrBadRequest, field: "deposits[0]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, f := request(), el()
			if tc.edit != nil {
				tc.edit(r, f)
			}
			reg := prometheus.NewRegistry()
			m := NewMetrics(reg)
			v := New(f, f, m, nil)
			got, err := v.Validate(context.Background(), r)
			if tc.want != nil {
				if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.field) {
					t.Fatalf("err = %v, want %v naming %q", err, tc.want, tc.field)
				}
				if testutil.ToFloat64(m.results.WithLabelValues(resultLabel(err))) != 1 {
					t.Errorf("refusal not counted as %s", resultLabel(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Uint64() != tc.value {
				t.Errorf("block value %v, want %d", got, tc.value)
			}
			if testutil.ToFloat64(m.results.WithLabelValues("valid")) != 1 {
				t.Error("valid submission not counted")
			}
			// The payload went to the execution client as submitted.
			ed := f.newPay[0].(*engine.ExecutableData)
			if ed.BlockHash != blockHash || ed.ParentHash != parentHash || len(ed.Withdrawals) != 1 || ed.Withdrawals[0].Amount != 3 {
				t.Errorf("newPayload got %+v", ed)
			}
			if hs := f.newPay[1].([]common.Hash); len(hs) != tc.hashes || (len(hs) > 0 && hs[0][0] != 0x01) {
				t.Errorf("versioned hashes %v, want %d of version 1", hs, tc.hashes)
			}
			if root := f.newPay[2].(*common.Hash); *root != (common.Hash{0xbb}) {
				t.Errorf("parent beacon root %s", root)
			}
		})
	}
}

func TestRequestsList(t *testing.T) {
	r := &electra.ExecutionRequests{
		Withdrawals:    []*electra.WithdrawalRequest{{Amount: 5}, {Amount: 6}},
		Consolidations: []*electra.ConsolidationRequest{{}},
	}
	got, err := requestsList(r)
	if err != nil {
		t.Fatal(err)
	}
	// No deposits: type 0 is left out; type 1 holds both withdrawals, type 2 the consolidation.
	if len(got) != 2 || got[0][0] != 1 || len(got[0]) != 1+2*76 || got[1][0] != 2 || len(got[1]) != 1+116 {
		t.Fatalf("requests %d: %x", len(got), got)
	}
	if empty, err := requestsList(&electra.ExecutionRequests{}); err != nil || len(empty) != 0 {
		t.Errorf("no requests: %v %v, want an empty list", empty, err)
	}
}

// TestHandler speaks JSON-RPC as the relay does: the method name, the
// result's block_value, and typed error codes.
func TestHandler(t *testing.T) {
	f := el()
	h, err := Handler(New(f, f, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	call := func(params string) map[string]json.RawMessage {
		t.Helper()
		body := `{"jsonrpc":"2.0","id":"1","method":"flashbots_validateBuilderSubmissionV5","params":[` + params + `]}`
		resp, err := http.Post(srv.URL, "application/json", bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]json.RawMessage
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	good, err := json.Marshal(request())
	if err != nil {
		t.Fatal(err)
	}
	out := call(string(good))
	var res Response
	if err := json.Unmarshal(out["result"], &res); err != nil || res.BlockValue == nil || res.BlockValue.Uint64() != 1e9 {
		t.Fatalf("result %s (%v), want block_value 1e9", out["result"], err)
	}
	for _, tc := range []struct {
		name, params string
		code         int
		msg          string
	}{
		{"not an object", `"x"`, -32602, "invalid argument"},
		{"registered gas limit as a bare number", strings.Replace(string(good), `"registered_gas_limit":"60000000"`, `"registered_gas_limit":60000000`, 1), -32602, "registered_gas_limit"},
		{"no message", strings.Replace(string(good), `"message":`, `"messagex":`, 1), -32602, "message is missing"},
		{"bid above what the block pays", strings.Replace(string(good), `"value":"1000000000"`, `"value":"1000000001"`, 1), -32000, "gains"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := call(tc.params)
			var e struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(out["error"], &e); err != nil || e.Code != tc.code || !strings.Contains(e.Message, tc.msg) {
				t.Fatalf("error %s, want code %d naming %q", out["error"], tc.code, tc.msg)
			}
		})
	}
}
