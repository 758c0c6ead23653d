package preconf

import (
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
