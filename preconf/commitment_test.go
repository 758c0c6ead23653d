package preconf

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/signer/core/apitypes"
)

var testDomain = Domain{ChainID: big.NewInt(3151908), VerifyingContract: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")}

func typedDomain(d Domain) apitypes.TypedDataDomain {
	return apitypes.TypedDataDomain{
		Name: DomainName, Version: DomainVersion,
		ChainId:           (*math.HexOrDecimal256)(d.ChainID),
		VerifyingContract: d.VerifyingContract.Hex(),
	}
}

var domainFields = []apitypes.Type{
	{Name: "name", Type: "string"}, {Name: "version", Type: "string"},
	{Name: "chainId", Type: "uint256"}, {Name: "verifyingContract", Type: "address"},
}

// TestCommitmentDigestMatchesSignTypedDataV4 checks our digest against
// go-ethereum's eth_signTypedData_v4 implementation.
func TestCommitmentDigestMatchesSignTypedDataV4(t *testing.T) {
	cases := []InclusionCommitment{
		{Slot: 1, ChainID: big.NewInt(3151908), TxHash: common.HexToHash("0x01"), Sender: common.HexToAddress("0xaa"), Nonce: 0, Committer: common.HexToAddress("0xbb"), Seq: 0, Penalty: big.NewInt(0)},
		{Slot: 1 << 40, ChainID: big.NewInt(167000), TxHash: crypto.Keccak256Hash([]byte("tx")), Sender: common.HexToAddress("0xdeadbeef"), Nonce: 1<<64 - 1, Committer: common.HexToAddress("0x1234"), Seq: 255, Penalty: new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)},
	}
	for _, c := range cases {
		td := apitypes.TypedData{
			Types: apitypes.Types{
				"EIP712Domain": domainFields,
				"InclusionCommitment": {
					{Name: "slot", Type: "uint64"}, {Name: "chainId", Type: "uint256"}, {Name: "txHash", Type: "bytes32"},
					{Name: "sender", Type: "address"}, {Name: "nonce", Type: "uint64"}, {Name: "committer", Type: "address"},
					{Name: "seq", Type: "uint64"}, {Name: "penalty", Type: "uint256"},
				},
			},
			PrimaryType: "InclusionCommitment",
			Domain:      typedDomain(testDomain),
			Message: apitypes.TypedDataMessage{
				"slot": new(big.Int).SetUint64(c.Slot).String(), "chainId": c.ChainID.String(), "txHash": c.TxHash.Hex(),
				"sender": c.Sender.Hex(), "nonce": new(big.Int).SetUint64(c.Nonce).String(), "committer": c.Committer.Hex(),
				"seq": new(big.Int).SetUint64(c.Seq).String(), "penalty": c.Penalty.String(),
			},
		}
		want, _, err := apitypes.TypedDataAndHash(td)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Digest(testDomain); got != common.BytesToHash(want) {
			t.Fatalf("digest %s, eth_signTypedData_v4 gives %s", got, hexutil.Encode(want))
		}
	}
}

func TestManifestDigestMatchesSignTypedDataV4(t *testing.T) {
	m := SlotManifest{Slot: 77, Root: crypto.Keccak256Hash([]byte("root")), Count: 4096}
	td := apitypes.TypedData{
		Types: apitypes.Types{
			"EIP712Domain": domainFields,
			"SlotManifest": {{Name: "slot", Type: "uint64"}, {Name: "root", Type: "bytes32"}, {Name: "count", Type: "uint32"}},
		},
		PrimaryType: "SlotManifest",
		Domain:      typedDomain(testDomain),
		Message:     apitypes.TypedDataMessage{"slot": "77", "root": m.Root.Hex(), "count": "4096"},
	}
	want, _, err := apitypes.TypedDataAndHash(td)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Digest(testDomain); got != common.BytesToHash(want) {
		t.Fatalf("digest %s, want %s", got, hexutil.Encode(want))
	}
}

func TestSignRecover(t *testing.T) {
	key, _ := crypto.GenerateKey()
	c := InclusionCommitment{Slot: 9, ChainID: big.NewInt(1), Penalty: big.NewInt(5)}
	d := c.Digest(testDomain)
	sig, err := Sign(d, key)
	if err != nil {
		t.Fatal(err)
	}
	if sig[64] != 27 && sig[64] != 28 {
		t.Fatalf("v = %d, want 27 or 28", sig[64])
	}
	got, err := Recover(d, sig)
	if err != nil || got != crypto.PubkeyToAddress(key.PublicKey) {
		t.Fatalf("recover = %s, %v", got, err)
	}
	// Any changed field changes the signer.
	c.Penalty = big.NewInt(6)
	if other, err := Recover(c.Digest(testDomain), sig); err == nil && other == got {
		t.Fatal("signature still recovers to the committer after the penalty changed")
	}
	bad := []struct {
		name string
		sig  []byte
	}{
		{"short", sig[:64]},
		{"bad v", append(append([]byte{}, sig[:64]...), 29)},
		{"zero r", append(make([]byte, 32), sig[32:]...)},
	}
	for _, b := range bad {
		if _, err := Recover(d, b.sig); err == nil {
			t.Errorf("%s: recovered, want ErrBadSignature", b.name)
		}
	}
}

// TestSignedCommitmentJSON checks the hand-written encoding against
// encoding/json's reading of the struct tags, and that it decodes back.
func TestSignedCommitmentJSON(t *testing.T) {
	type plain SignedCommitment // same fields, no MarshalJSON
	cases := []SignedCommitment{
		{},
		{Commitment: InclusionCommitment{Slot: 1<<64 - 1, ChainID: big.NewInt(3151908), TxHash: common.Hash{1, 2}, Sender: common.HexToAddress("0x52908400098527886E0F7030069857D2E4169EE7"),
			Nonce: 9, Committer: common.Address{0xab}, Seq: 17, Penalty: new(big.Int).Lsh(big.NewInt(1), 200)},
			Digest: common.Hash{0xff}, Signature: make([]byte, 65), Void: "nonce 3 used on chain \"quoted\" <b>&\u2028"},
	}
	for i, sc := range cases {
		want, err := json.Marshal(plain(sc))
		if err != nil {
			t.Fatal(err)
		}
		got, err := sc.MarshalJSON() // byte for byte, as the JSON-RPC server writes it
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("case %d:\n got %s\nwant %s", i, got, want)
		}
		var back SignedCommitment
		if err := json.Unmarshal(got, &back); err != nil || back.Void != sc.Void || back.Commitment.Seq != sc.Commitment.Seq {
			t.Fatalf("case %d decodes to %+v (%v)", i, back, err)
		}
	}
}
