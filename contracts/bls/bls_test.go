package bls

import (
	"bytes"
	"encoding/hex"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

func TestInteropKeyMatchesDevnetValidators(t *testing.T) {
	// Compressed public keys of interop validators 0 and 1, as every consensus client derives them.
	tests := []struct {
		index uint64
		want  string
	}{
		{0, "a99a76ed7796f7be22d5b7e85deeb7c5677e88e511e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c"},
		{1, "b89bebc699769726a318c8e9971bd3171297c61aea4a6578a7a4f94b547dcba5bac16a89108b6b6a1fe3695d1a874a0b"},
	}
	for _, tt := range tests {
		pk := InteropKey(tt.index).PublicKey()
		got := pk.Bytes()
		if hex.EncodeToString(got[:]) != tt.want {
			t.Errorf("interop key %d: pubkey %x, want %s", tt.index, got, tt.want)
		}
	}
}

func TestSignVerify(t *testing.T) {
	k := InteropKey(3)
	msg := PopMessage(big.NewInt(1337), common.HexToAddress("0x01"), common.HexToAddress("0x02"), common.HexToAddress("0x03"))
	sig, err := k.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	if !Verify(k.PublicKey(), msg, sig) {
		t.Fatal("valid signature rejected")
	}
	if Verify(InteropKey(4).PublicKey(), msg, sig) {
		t.Fatal("signature accepted under another key")
	}
	if Verify(k.PublicKey(), append(msg, 0), sig) {
		t.Fatal("signature accepted for another message")
	}
	pub, pop, err := ProofOfPossession(k, big.NewInt(1337), common.HexToAddress("0x01"), common.HexToAddress("0x02"), common.HexToAddress("0x03"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pub) != G1Size || len(pop) != G2Size || !bytes.Equal(pub[:16], make([]byte, 16)) || !bytes.Equal(pop[64:80], make([]byte, 16)) {
		t.Fatalf("bad EIP-2537 encodings: %x %x", pub, pop)
	}
}

func TestNewSecretKeyRejectsBadScalars(t *testing.T) {
	for name, b := range map[string][]byte{
		"short": make([]byte, 31),
		"zero":  make([]byte, 32),
		"order": common.LeftPadBytes(common.FromHex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001"), 32),
	} {
		if _, err := NewSecretKey(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := NewSecretKey(common.LeftPadBytes([]byte{1}, 32)); err != nil {
		t.Errorf("one: %v", err)
	}
}

// BenchmarkProofOfPossession measures signing one validator key's registration in Go.
func BenchmarkProofOfPossession(b *testing.B) {
	k := InteropKey(7)
	a, o, c := common.HexToAddress("0x01"), common.HexToAddress("0x02"), common.HexToAddress("0x03")
	for b.Loop() {
		if _, _, err := ProofOfPossession(k, big.NewInt(1), a, o, c); err != nil {
			b.Fatal(err)
		}
	}
}
