package txroot

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

func hashes(n int) []common.Hash {
	out := make([]common.Hash, n)
	for i := range out {
		out[i] = crypto.Keccak256Hash([]byte{byte(i), byte(i >> 8)})
	}
	return out
}

func TestRootAndProofs(t *testing.T) {
	a, b, c := hashes(3)[0], hashes(3)[1], hashes(3)[2]
	tests := []struct {
		name string
		txs  []common.Hash
		want common.Hash
	}{
		{"empty", nil, common.Hash{}},
		{"one", []common.Hash{a}, a},
		{"two", []common.Hash{a, b}, pair(a, b)},
		{"three: the odd one moves up", []common.Hash{a, b, c}, pair(pair(a, b), c)},
	}
	for _, tt := range tests {
		if got := Root(tt.txs); got != tt.want {
			t.Errorf("%s: root %s, want %s", tt.name, got, tt.want)
		}
	}
	for n := 1; n <= 33; n++ {
		txs := hashes(n)
		root := Root(txs)
		for i := range txs {
			p, err := Proof(txs, i)
			if err != nil || !Verify(p, root, txs[i]) {
				t.Fatalf("n=%d i=%d: proof does not verify (%v)", n, i, err)
			}
			if Verify(p, root, crypto.Keccak256Hash([]byte("other"))) {
				t.Fatalf("n=%d i=%d: proof verifies another tx", n, i)
			}
		}
	}
	if _, err := Proof(hashes(2), 2); !errors.Is(err, ErrIndex) {
		t.Fatal("out-of-range index accepted")
	}
}
