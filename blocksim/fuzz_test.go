package blocksim

import (
	"context"
	"encoding/json"
	"testing"
)

// FuzzValidateRequest feeds arbitrary JSON to the request decoder and the
// validator: a refusal is a typed error, never a panic, and the execution
// client is asked for execution only after the submission's own checks pass.
func FuzzValidateRequest(f *testing.F) {
	good, err := json.Marshal(request())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"message":{},"execution_payload":{},"blobs_bundle":{},"execution_requests":{},"registered_gas_limit":"1"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Request
		if json.Unmarshal(data, &r) != nil {
			return
		}
		fe := el()
		_, err := New(fe, fe, nil, nil).Validate(context.Background(), &r)
		if checkShape(&r) != nil && (err == nil || fe.newPay != nil) {
			t.Fatalf("a malformed submission reached the execution client (err %v)", err)
		}
	})
}
