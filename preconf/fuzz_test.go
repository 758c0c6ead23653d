package preconf

import (
	"encoding/json"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/crypto"
)

func FuzzDecodeTx(f *testing.F) {
	now := time.Unix(1_800_000_000, 0)
	cfg := testConfig(now)
	chain := newChain(crypto.PubkeyToAddress(committerKey.PublicKey), now)
	w := newWallet(f, chain, ether)
	for _, typ := range []byte{0, 1, 2, 4} {
		f.Add(w.raw(f, txOpts{typ: typ, feeCap: big.NewInt(1e11)}))
	}
	f.Add([]byte{0x03, 0xc0})
	f.Fuzz(func(t *testing.T, raw []byte) {
		tx, err := DecodeTx(&cfg, raw, testChainID)
		if err != nil {
			if _, ok := AsRuleError(err); !ok {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if tx.ChainId().Cmp(testChainID) != 0 || tx.Gas() > cfg.MaxGas {
			t.Fatalf("accepted %v", tx.Hash())
		}
	})
}

// FuzzSignedCommitmentJSON decodes arbitrary promise JSON as a client does:
// a typed error or a promise that encodes and decodes to itself.
func FuzzSignedCommitmentJSON(f *testing.F) {
	sc := SignedCommitment{Commitment: InclusionCommitment{Slot: 5, ChainID: big.NewInt(1), Penalty: new(big.Int).Lsh(big.NewInt(1), 70)}, Signature: make([]byte, 65), Domain: &Domain{ChainID: big.NewInt(1)}}
	b, _ := sc.MarshalJSON()
	f.Add(b)
	sc.Domain, sc.Void = nil, "void"
	b, _ = sc.MarshalJSON()
	f.Add(b)
	f.Add([]byte(`{"commitment":{"slot":5,"penalty":1e30}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var sc SignedCommitment
		if json.Unmarshal(b, &sc) != nil {
			return
		}
		out, err := sc.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back SignedCommitment
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-encoded promise does not decode: %v\n%s", err, out)
		}
		if again, _ := back.MarshalJSON(); string(again) != string(out) {
			t.Fatalf("not stable:\n%s\n%s", out, again)
		}
	})
}
