package preconf

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"reflect"
	"testing"
	"time"

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
// encoding/json's reading of the wire struct, that it decodes back to the
// same bytes, and that every integer is a 0x quantity.
func TestSignedCommitmentJSON(t *testing.T) {
	big1 := new(big.Int).Add(new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil), big.NewInt(1e6)) // 1.000000000001 ETH: not a float64
	cases := []SignedCommitment{
		{},
		{Commitment: InclusionCommitment{Slot: 1<<64 - 1, ChainID: big.NewInt(3151908), TxHash: common.Hash{1, 2}, Sender: common.HexToAddress("0x52908400098527886E0F7030069857D2E4169EE7"),
			Nonce: 9, Committer: common.Address{0xab}, Seq: 17, Penalty: new(big.Int).Lsh(big.NewInt(1), 200)},
			Digest: common.Hash{0xff}, Signature: make([]byte, 65), Void: "nonce 3 used on chain \"quoted\" <b>&\u2028"},
		{Commitment: InclusionCommitment{Slot: 0, ChainID: big.NewInt(0), Penalty: big1, Nonce: 1 << 60}, Domain: &testDomain},
		{Commitment: InclusionCommitment{Slot: 12, ChainID: big.NewInt(167000), Penalty: big.NewInt(0), Seq: 1}, Void: "void", Domain: &Domain{ChainID: new(big.Int).Lsh(big.NewInt(1), 70)}},
	}
	for i, sc := range cases {
		ref := signedCommitmentJSON{Commitment: sc.Commitment, Digest: sc.Digest, Signature: sc.Signature, Void: sc.Void}
		if sc.Domain != nil {
			td := sc.Commitment.TypedData(*sc.Domain)
			ref.TypedData = &td
		}
		want, err := json.Marshal(ref)
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
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		again, _ := back.MarshalJSON()
		if string(again) != string(got) {
			t.Fatalf("case %d does not round-trip:\n got %s\nwant %s", i, again, got)
		}
		// No bare number anywhere: every integer is a quoted 0x quantity.
		var generic any
		dec := json.NewDecoder(bytes.NewReader(got))
		dec.UseNumber()
		if err := dec.Decode(&generic); err != nil {
			t.Fatal(err)
		}
		if n := findNumber(generic); n != "" {
			t.Fatalf("case %d has a bare number %s: %s", i, n, got)
		}
	}
	b, _ := cases[2].MarshalJSON()
	if !bytes.Contains(b, []byte(`"penalty":"0xde0b6b3a7734240"`)) {
		t.Fatalf("penalty of %v wei not a 0x quantity: %s", big1, b)
	}
}

func findNumber(v any) string {
	switch v := v.(type) {
	case json.Number:
		return v.String()
	case map[string]any:
		for _, x := range v {
			if n := findNumber(x); n != "" {
				return n
			}
		}
	case []any:
		for _, x := range v {
			if n := findNumber(x); n != "" {
				return n
			}
		}
	}
	return ""
}

// TestTypedDataHashesToDigest hands a served promise's typedData to
// go-ethereum's eth_signTypedData_v4 implementation: it hashes to the digest
// the committer signed, and the signature recovers to the committer.
func TestTypedDataHashesToDigest(t *testing.T) {
	key, _ := crypto.GenerateKey()
	c := InclusionCommitment{Slot: 1 << 40, ChainID: big.NewInt(3151908), TxHash: crypto.Keccak256Hash([]byte("tx")), Sender: common.HexToAddress("0xdeadbeef"),
		Nonce: 1<<64 - 1, Committer: crypto.PubkeyToAddress(key.PublicKey), Seq: 3, Penalty: new(big.Int).Lsh(big.NewInt(1), 100)}
	sig, err := Sign(c.Digest(testDomain), key)
	if err != nil {
		t.Fatal(err)
	}
	sc := SignedCommitment{Commitment: c, Digest: c.Digest(testDomain), Signature: sig, Domain: &testDomain}
	b, err := sc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var served struct {
		TypedData apitypes.TypedData `json:"typedData"`
	}
	if err := json.Unmarshal(b, &served); err != nil {
		t.Fatal(err)
	}
	h, _, err := apitypes.TypedDataAndHash(served.TypedData)
	if err != nil {
		t.Fatal(err)
	}
	if common.BytesToHash(h) != sc.Digest {
		t.Fatalf("typedData hashes to %x, the committer signed %s", h, sc.Digest)
	}
	if who, err := Recover(common.BytesToHash(h), sig); err != nil || who != c.Committer {
		t.Fatalf("typedData's hash recovers to %s (%v), want %s", who, err, c.Committer)
	}
}

// TestSignedCommitmentTypedDataMismatch refuses a promise whose typedData
// says something else than its commitment.
func TestSignedCommitmentTypedDataMismatch(t *testing.T) {
	sc := SignedCommitment{Commitment: InclusionCommitment{Slot: 5, ChainID: big.NewInt(1), Penalty: big.NewInt(7)}, Domain: &testDomain}
	good, _ := sc.MarshalJSON()
	cases := map[string][2]string{
		"message penalty": {`"message":{"slot":"0x5","chainId":"0x1","txHash":"0x0000000000000000000000000000000000000000000000000000000000000000","sender":"0x0000000000000000000000000000000000000000","nonce":"0x0","committer":"0x0000000000000000000000000000000000000000","seq":"0x0","penalty":"0x7"}`,
			`"message":{"slot":"0x5","chainId":"0x1","txHash":"0x0000000000000000000000000000000000000000000000000000000000000000","sender":"0x0000000000000000000000000000000000000000","nonce":"0x0","committer":"0x0000000000000000000000000000000000000000","seq":"0x0","penalty":"0x8"}`},
		"primary type": {`"primaryType":"InclusionCommitment"`, `"primaryType":"Other"`},
		"field type":   {`{"name":"penalty","type":"uint256"}`, `{"name":"penalty","type":"uint128"}`},
		"domain name":  {`"domain":{"name":"based"`, `"domain":{"name":"b4sed"`},
	}
	for name, c := range cases {
		bad := bytes.Replace(good, []byte(c[0]), []byte(c[1]), 1)
		if bytes.Equal(bad, good) {
			t.Fatalf("%s: %q not in %s", name, c[0], good)
		}
		var back SignedCommitment
		if err := json.Unmarshal(bad, &back); !errors.Is(err, ErrTypedData) {
			t.Errorf("%s: decoded with %v, want ErrTypedData", name, err)
		}
	}
}

func TestQuantityJSON(t *testing.T) {
	cases := []struct {
		in   string
		want uint64
		ok   bool
	}{
		{`"0x0"`, 0, true}, {`"0x1f"`, 31, true}, {`"0xffffffffffffffff"`, 1<<64 - 1, true}, {`110`, 110, true}, {`0`, 0, true},
		{`18446744073709551615`, 1<<64 - 1, true},
		{`"0x"`, 0, false}, {`"0x01"`, 0, false}, {`"12"`, 0, false}, {`-1`, 0, false}, {`1.5`, 0, false}, {`1e3`, 0, false},
		{`18446744073709551616`, 0, false}, {`"0x10000000000000000"`, 0, false}, {`null`, 0, false}, {`true`, 0, false}, {`01`, 0, false},
	}
	for _, c := range cases {
		var q Quantity
		err := json.Unmarshal([]byte(c.in), &q)
		if c.ok != (err == nil) || (c.ok && uint64(q) != c.want) {
			t.Errorf("%s: %d, %v", c.in, q, err)
		}
		if !c.ok && json.Valid([]byte(c.in)) && !errors.Is(err, ErrQuantity) {
			t.Errorf("%s: untyped error %v", c.in, err)
		}
	}
	if b, _ := json.Marshal(Quantity(255)); string(b) != `"0xff"` {
		t.Fatalf("Quantity(255) = %s", b)
	}
}

// TestWireIntegersAreQuantities checks that every served type writes its
// integers as 0x quantities and reads them back.
func TestWireIntegersAreQuantities(t *testing.T) {
	addr := common.Address{1}
	cases := []struct {
		v, back any
	}{
		{&Quote{Slot: 1 << 60, Tip: (*hexutil.Big)(big.NewInt(5)), MinMaxFee: (*hexutil.Big)(big.NewInt(6)), MinBlobFee: (*hexutil.Big)(big.NewInt(7)), GasLeft: 1 << 55, CountLeft: 3, BlobsLeft: 2, Penalty: (*hexutil.Big)(new(big.Int).Lsh(big.NewInt(1), 80))}, &Quote{}},
		{&NodeStatus{Chain: ChainStatus{Synced: true, HeadSlot: 1 << 54, ClockSlot: 1<<54 + 1, NextSlot: 1<<54 + 2, Reason: "r"},
			Engine: Status{Committer: addr, ChainID: (*hexutil.Big)(big.NewInt(1)), OpenSlots: 4, Promises: 9, Outstanding: (*hexutil.Big)(big.NewInt(10)), Collateral: (*hexutil.Big)(big.NewInt(11))}}, &NodeStatus{}},
		{&SignedManifest{SlotManifest: SlotManifest{Slot: 1 << 59, Root: common.Hash{2}, Count: 4096}, Signature: []byte{1, 2}}, &SignedManifest{}},
		{&LookaheadEntry{Slot: 1 << 58, ValidatorIndex: 1 << 57, Pubkey: []byte{1}, Ours: true, Committer: &addr, Deadline: time.Unix(1_800_000_000, 0).UTC()}, &LookaheadEntry{}},
		{&ManifestProof{Slot: 1 << 56, Root: common.Hash{3}}, &ManifestProof{}},
		{&Event{Kind: "manifest", Manifest: &SignedManifest{SlotManifest: SlotManifest{Slot: 1 << 61}}}, &Event{}},
	}
	for _, c := range cases {
		b, err := json.Marshal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		var generic any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&generic); err != nil {
			t.Fatal(err)
		}
		if n := findNumber(generic); n != "" {
			t.Errorf("%T has a bare number %s: %s", c.v, n, b)
		}
		if err := json.Unmarshal(b, c.back); err != nil {
			t.Fatalf("%T: %v", c.v, err)
		}
		if again, _ := json.Marshal(c.back); string(again) != string(b) {
			t.Errorf("%T does not round-trip:\n got %s\nwant %s", c.v, again, b)
		}
	}
}

// TestWireStructsHaveEveryField catches a field added to a served type but
// not to its wire form (the wire form would silently drop it).
func TestWireStructsHaveEveryField(t *testing.T) {
	for _, c := range []struct{ typ, wire any }{
		{InclusionCommitment{}, inclusionCommitmentJSON{}},
		{Quote{}, quoteJSON{}},
		{Status{}, statusJSON{}},
		{ChainStatus{}, chainStatusJSON{}},
		{LookaheadEntry{}, lookaheadEntryJSON{}},
		{SignedCommitment{}, signedCommitmentJSON{}}, // Domain is served as typedData
	} {
		if n, w := reflect.TypeOf(c.typ).NumField(), reflect.TypeOf(c.wire).NumField(); n != w {
			t.Errorf("%T has %d fields, its wire form %T %d", c.typ, n, c.wire, w)
		}
	}
	if n := reflect.TypeOf(SlotManifest{}).NumField() + 1; n != reflect.TypeOf(signedManifestJSON{}).NumField() {
		t.Errorf("SignedManifest has %d fields, its wire form %d", n, reflect.TypeOf(signedManifestJSON{}).NumField())
	}
}
