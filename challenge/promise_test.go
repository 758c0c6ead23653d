package challenge

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/preconf"
)

// samplePromise is a promise as `based request` prints it, with its typedData.
func samplePromise(t testing.TB) ([]byte, *preconf.SignedCommitment) {
	k, err := crypto.ToECDSA(common.FromHex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"))
	if err != nil {
		t.Fatal(err)
	}
	domain := preconf.Domain{ChainID: big.NewInt(3151908), VerifyingContract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}
	c := preconf.InclusionCommitment{Slot: 96, ChainID: big.NewInt(3151908), TxHash: common.Hash{0xaa}, Sender: common.Address{0x5e},
		Nonce: 3, Committer: crypto.PubkeyToAddress(k.PublicKey), Seq: 1, Penalty: new(big.Int).Lsh(big.NewInt(1), 60)}
	d := c.Digest(domain)
	sig, err := preconf.Sign(d, k)
	if err != nil {
		t.Fatal(err)
	}
	td := c.TypedData(domain)
	sc := &preconf.SignedCommitment{Commitment: c, Digest: d, Signature: sig}
	b, err := json.MarshalIndent(struct {
		Commitment preconf.InclusionCommitment `json:"commitment"`
		Digest     common.Hash                 `json:"digest"`
		Signature  string                      `json:"signature"`
		TypedData  preconf.TypedData           `json:"typedData"`
	}{c, d, "0x" + common.Bytes2Hex(sig), td}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b, sc
}

func TestDecodePromise(t *testing.T) {
	good, want := samplePromise(t)
	sc, err := DecodePromise(good)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Commitment.Digest(preconf.Domain{ChainID: big.NewInt(3151908), VerifyingContract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}) != want.Digest ||
		!bytes.Equal(sc.Signature, want.Signature) || sc.Domain == nil || sc.Commitment.Penalty.Cmp(want.Commitment.Penalty) != 0 {
		t.Fatalf("decoded %+v", sc)
	}
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(good, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		return b
	}
	commitment := func(m map[string]any) map[string]any { return m["commitment"].(map[string]any) }
	for _, tc := range []struct {
		name, field string
		in          []byte
	}{
		{"not JSON", "promise", []byte("promise verified")},
		{"an array", "promise", []byte("[]")},
		{"null", "promise", []byte("null")},
		{"no commitment", "commitment", edit(func(m map[string]any) { delete(m, "commitment") })},
		{"slot a bare number", "commitment.slot", edit(func(m map[string]any) { commitment(m)["slot"] = 96 })},
		{"slot missing", "commitment.slot", edit(func(m map[string]any) { delete(commitment(m), "slot") })},
		{"penalty not hex", "commitment.penalty", edit(func(m map[string]any) { commitment(m)["penalty"] = "1000" })},
		{"penalty beyond 256 bits", "commitment.penalty", edit(func(m map[string]any) { commitment(m)["penalty"] = "0x1" + strings.Repeat("0", 64) })},
		{"chain id zero", "commitment.chainId", edit(func(m map[string]any) { commitment(m)["chainId"] = "0x0" })},
		{"tx hash short", "commitment.txHash", edit(func(m map[string]any) { commitment(m)["txHash"] = "0xaa" })},
		{"sender not an address", "commitment.sender", edit(func(m map[string]any) { commitment(m)["sender"] = "bob" })},
		{"zero committer", "commitment.committer", edit(func(m map[string]any) { commitment(m)["committer"] = common.Address{}.Hex() })},
		{"nonce null", "commitment.nonce", edit(func(m map[string]any) { commitment(m)["nonce"] = nil })},
		{"signature short", "signature", edit(func(m map[string]any) { m["signature"] = "0x1234" })},
		{"signature missing", "signature", edit(func(m map[string]any) { delete(m, "signature") })},
		{"typedData of another message", "typedData", edit(func(m map[string]any) {
			m["typedData"].(map[string]any)["message"].(map[string]any)["seq"] = "0x7"
		})},
		{"too large", "promise", append(append([]byte(`{"x":"`), bytes.Repeat([]byte("a"), maxPromise)...), `"}`...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodePromise(tc.in)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field || !errors.Is(err, ErrPromise) {
				t.Fatalf("err %v, want a FieldError naming %s", err, tc.field)
			}
		})
	}
}

func TestDecodePromises(t *testing.T) {
	good, _ := samplePromise(t)
	// Two outputs of `based request`, each promise followed by its text lines.
	text := string(good) + "\npromise verified: slot 96, …\nlookahead checked: …\n" + string(good) + "\n"
	for _, tc := range []struct {
		name string
		in   string
		n    int
		err  string
	}{
		{"request outputs", text, 2, ""},
		{"one per line", string(compact(t, good)) + "\n" + string(compact(t, good)) + "\n" + string(compact(t, good)), 3, ""},
		{"an array", "[" + string(good) + "," + string(good) + "]", 2, ""},
		{"empty", "", 0, ""},
		{"second is bad", string(good) + "\n{\"commitment\":{}}", 0, "promise 2"},
		{"array with a bad one", "[" + string(good) + ",{}]", 0, "promise 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodePromises(strings.NewReader(tc.in))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrPromise) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || len(got) != tc.n {
				t.Fatalf("%d promises, %v; want %d", len(got), err, tc.n)
			}
		})
	}
}

func compact(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// FuzzDecodePromise feeds the promise decoders arbitrary bytes: an error is
// a FieldError, never a panic, and a promise that decodes re-encodes to the
// same commitment.
func FuzzDecodePromise(f *testing.F) {
	good, _ := samplePromise(f)
	f.Add(good)
	seeds, _ := filepath.Glob(filepath.Join("testdata", "promises", "*.json"))
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sc, err := DecodePromise(b)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FieldError", err)
			}
		} else {
			again, err := DecodePromise(mustJSON(t, sc))
			if err != nil || again.Commitment.StructHash() != sc.Commitment.StructHash() {
				t.Fatalf("re-decoded %v (%v)", again, err)
			}
		}
		_, _ = DecodePromises(bytes.NewReader(b))
	})
}

func mustJSON(t *testing.T, sc *preconf.SignedCommitment) []byte {
	b, err := json.Marshal(struct {
		Commitment preconf.InclusionCommitment `json:"commitment"`
		Signature  string                      `json:"signature"`
	}{sc.Commitment, "0x" + common.Bytes2Hex(sc.Signature)})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
