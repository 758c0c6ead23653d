package keys

import (
	"encoding/json"
	"testing"
)

// FuzzSignedDelegationJSON: any input decodes to a delegation that re-encodes
// to the same value, or fails with an error; never a panic.
func FuzzSignedDelegationJSON(f *testing.F) {
	f.Add([]byte(`{"message":{"proposer":"0x` + hex48 + `","delegate":"0x` + hex48 + `","committer":"0x8943545177806ed17b9f23f0a21ee5948ecaa776","slot":"0","metadata":"0x"},"signature":"0x` + hex48 + hex48 + `"}`))
	f.Add([]byte(`{"message":{"slot":"x"}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var d SignedDelegation
		if err := json.Unmarshal(in, &d); err != nil {
			return
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back SignedDelegation
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		r1, err1 := d.Message.HashTreeRoot()
		r2, err2 := back.Message.HashTreeRoot()
		if err1 != nil || err2 != nil || r1 != r2 || back.Signature != d.Signature {
			t.Fatalf("round trip changed the delegation")
		}
	})
}

const hex48 = "a99a76ed7796f7be22d5b7e85deeb7c5677e88e511e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c"
