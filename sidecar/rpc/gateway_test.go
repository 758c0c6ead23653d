package rpc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/preconf"
)

// TestCommitmentsAPICurrentPaths checks the current REST paths: a request,
// its result by request hash, and the earlier drafts' paths as aliases that
// answer the same.
func TestCommitmentsAPICurrentPaths(t *testing.T) {
	env := start(t, nil)
	base := env.url + "/commitments/v0/gateway/"
	body := gatewayBody(t, signedTx(t, newKey(t), 0), 111, testDomain.VerifyingContract)
	code, b := post(t, base+"commitment", body, nil)
	var resp GatewayCommitment
	if code != http.StatusOK || json.Unmarshal(b, &resp) != nil {
		t.Fatalf("POST commitment: %d %s", code, b)
	}
	var req CommitmentRequest
	_ = json.Unmarshal(body, &req)
	if resp.Commitment.RequestHash != req.RequestHash() || resp.Commitment.Slasher != testDomain.VerifyingContract {
		t.Fatalf("commitment %+v", resp.Commitment)
	}
	if who, err := preconf.Recover(resp.Commitment.Hash(), resp.Signature); err != nil || who != env.engine.Committer() {
		t.Fatalf("signed by %s: %v", who, err)
	}
	for _, path := range []string{"commitment/", "commitmentResult/"} {
		code, b := get(t, base+path+resp.Commitment.RequestHash.Hex())
		var again GatewayCommitment
		if code != http.StatusOK || json.Unmarshal(b, &again) != nil || !bytes.Equal(again.Signature, resp.Signature) {
			t.Fatalf("GET %s: %d %s", path, code, b)
		}
	}
	if code, b := get(t, base+"commitment/0x"+strings.Repeat("00", 32)); code != http.StatusNotFound {
		t.Fatalf("unknown request hash: %d %s", code, b)
	}
	if code, b := get(t, base+"commitment/0x12"); code != http.StatusBadRequest || !strings.Contains(string(b), `"field":"request_hash"`) {
		t.Fatalf("short request hash: %d %s", code, b)
	}
	// The same transaction again through the old path: the same promise.
	code, b = post(t, base+"commitmentRequest", body, nil)
	var old GatewayCommitment
	if code != http.StatusOK || json.Unmarshal(b, &old) != nil || old.Promise.Digest != resp.Promise.Digest {
		t.Fatalf("alias POST: %d %s", code, b)
	}
}

// TestCommitmentsJSONRPC checks the four calls as JSON-RPC methods, with
// params by name as the spec has them, and a refusal with our code and field.
func TestCommitmentsJSONRPC(t *testing.T) {
	env := start(t, nil)
	call := func(method, params string) (json.RawMessage, *rpcErrorBody) {
		t.Helper()
		_, b := post(t, env.url, fmt.Appendf(nil, `{"jsonrpc":"2.0","id":1,"method":%q,"params":%s}`, method, params), nil)
		var r struct {
			Result json.RawMessage `json:"result"`
			Error  *rpcErrorBody   `json:"error"`
		}
		if err := json.Unmarshal(b, &r); err != nil {
			t.Fatalf("%s: %s", method, b)
		}
		return r.Result, r.Error
	}
	body := gatewayBody(t, signedTx(t, newKey(t), 0), 111, testDomain.VerifyingContract)
	res, e := call("commitmentRequest", string(body))
	var gc GatewayCommitment
	if e != nil || json.Unmarshal(res, &gc) != nil || gc.Promise == nil {
		t.Fatalf("commitmentRequest: %s %+v", res, e)
	}
	var req CommitmentRequest
	_ = json.Unmarshal(body, &req)
	if gc.Commitment.RequestHash != req.RequestHash() {
		t.Fatalf("request hash %s, want %s", gc.Commitment.RequestHash, req.RequestHash())
	}
	if who, err := preconf.Recover(gc.Commitment.Hash(), gc.Signature); err != nil || who != env.engine.Committer() {
		t.Fatalf("signed by %s: %v", who, err)
	}
	for _, params := range []string{
		`{"request_hash":"` + gc.Commitment.RequestHash.Hex() + `"}`,
		`[{"request_hash":"` + gc.Commitment.RequestHash.Hex() + `"}]`,
	} {
		res, e = call("commitmentResult", params)
		var again GatewayCommitment
		if e != nil || json.Unmarshal(res, &again) != nil || !bytes.Equal(again.Signature, gc.Signature) {
			t.Fatalf("commitmentResult %s: %s %+v", params, res, e)
		}
	}
	if _, e = call("commitmentResult", `{"request_hash":"0x`+strings.Repeat("00", 32)+`"}`); e == nil || e.Code != preconf.ErrNotFound.Code {
		t.Fatalf("unknown request hash: %+v", e)
	}
	res, e = call("slots", `{}`)
	var slots SlotInfoResponse
	if e != nil || json.Unmarshal(res, &slots) != nil || len(slots.Slots) == 0 || slots.Slots[0].Slot != 101 ||
		slots.Slots[0].Offerings[0].ChainID != testDomain.ChainID.Uint64() {
		t.Fatalf("slots: %s %+v", res, e)
	}
	res, e = call("fee", string(gatewayBody(t, signedTx(t, newKey(t), 0), 112, testDomain.VerifyingContract)))
	var fi FeeInfo
	if e != nil || json.Unmarshal(res, &fi) != nil || fi.CommitmentType != InclusionType || !bytes.Contains(fi.Payload, []byte(`"tip"`)) {
		t.Fatalf("fee: %s %+v", res, e)
	}
	for _, tc := range []struct {
		name, method, params string
		code                 int
		field                string
	}{
		{"another slasher", "commitmentRequest", string(gatewayBody(t, signedTx(t, newKey(t), 0), 111, common.Address{9})), preconf.ErrBadRequest.Code, "slasher"},
		{"another slasher, fee", "fee", string(gatewayBody(t, signedTx(t, newKey(t), 0), 111, common.Address{9})), preconf.ErrBadRequest.Code, "slasher"},
		{"not an object", "commitmentRequest", `"x"`, codeInvalidParams, ""},
		{"bad request hash", "commitmentResult", `{"request_hash":"0x12"}`, preconf.ErrBadRequest.Code, "request_hash"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, e := call(tc.method, tc.params)
			if e == nil || e.Code != tc.code {
				t.Fatalf("error %+v, want code %d", e, tc.code)
			}
			if data, _ := json.Marshal(e.Data); tc.field != "" && !strings.Contains(string(data), `"field":"`+tc.field+`"`) {
				t.Fatalf("error data %s, want field %s", data, tc.field)
			}
		})
	}
}

// TestRequestPayloadEncodings checks that a payload in base64 (the spec's
// JSON-RPC example) and in 0x hex are the same request, with one hash.
func TestRequestPayloadEncodings(t *testing.T) {
	payload := []byte(`{"tx_data":"0x02","slot":1000,"chain_id":1}`)
	var hex, b64 CommitmentRequest
	if err := json.Unmarshal(fmt.Appendf(nil, `{"commitment_type":1,"payload":"0x%x","slasher":"0x1234567890123456789012345678901234567890"}`, payload), &hex); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(fmt.Appendf(nil, `{"commitment_type":1,"payload":%q,"slasher":"0x1234567890123456789012345678901234567890"}`, base64.StdEncoding.EncodeToString(payload)), &b64); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(hex.Payload, payload) || hex.RequestHash() != b64.RequestHash() {
		t.Fatalf("hex %q, base64 %q", hex.Payload, b64.Payload)
	}
	for _, bad := range []string{`"0xzz"`, `"!!"`, `7`} {
		var r CommitmentRequest
		if err := json.Unmarshal([]byte(`{"payload":`+bad+`}`), &r); err == nil {
			t.Errorf("payload %s decoded", bad)
		}
	}
	if out, _ := json.Marshal(hex); !bytes.Contains(out, fmt.Appendf(nil, `"payload":"0x%x"`, payload)) {
		t.Fatalf("encoded as %s", out)
	}
}

// TestCommitmentsAPIRecordFailureIsNot200 makes the commitment log fail
// under a Commitments API request: the promise and its request record are
// one synced write, so the answer is an error, never a 200 whose
// commitmentResult would not be found.
func TestCommitmentsAPIRecordFailureIsNot200(t *testing.T) {
	env := start(t, nil)
	if err := env.log.Close(); err != nil {
		t.Fatal(err)
	}
	body := gatewayBody(t, signedTx(t, newKey(t), 0), 111, testDomain.VerifyingContract)
	code, b := post(t, env.url+"/commitments/v0/gateway/commitment", body, nil)
	if code == http.StatusOK || !strings.Contains(string(b), "-32603") {
		t.Fatalf("request on a failed log: %d %s", code, b)
	}
}
