package mempool

import (
	"crypto/ecdsa"
	"encoding/binary"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// testKey returns a fixed key derived from i.
func testKey(t testing.TB, i int) *ecdsa.PrivateKey {
	t.Helper()
	var seed [32]byte
	binary.BigEndian.PutUint64(seed[24:], uint64(i)+1)
	k, err := crypto.ToECDSA(crypto.Keccak256(seed[:]))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// signedTx returns a signed dynamic-fee transfer on chain with the given nonce and fees
// (gwei).
func signedTx(t testing.TB, key *ecdsa.PrivateKey, chain int64, nonce uint64, tipGwei, capGwei int64) *types.Transaction {
	t.Helper()
	to := common.Address{0xaa, byte(nonce)}
	tx, err := types.SignNewTx(key, types.LatestSignerForChainID(big.NewInt(chain)), &types.DynamicFeeTx{
		ChainID: big.NewInt(chain), Nonce: nonce, GasTipCap: gwei(tipGwei), GasFeeCap: gwei(capGwei),
		Gas: 21000, To: &to, Value: big.NewInt(1),
	})
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func gwei(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e9)) }

// testBlocks returns rollups blocks with txs signed transfers each.
func testBlocks(t testing.TB, rollups, txs int) []Block {
	t.Helper()
	blocks := make([]Block, rollups)
	for r := range blocks {
		blocks[r] = Block{ChainID: big.NewInt(int64(1000 + r)), FeeRecipient: common.Address{byte(r), 0xfe}}
		for i := 0; i < txs; i++ {
			raw, err := signedTx(t, testKey(t, i%50), int64(1000+r), uint64(i/50), 1, 30).MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			blocks[r].Txs = append(blocks[r].Txs, raw)
		}
	}
	return blocks
}

func kzgVerify(sc *types.BlobTxSidecar) error {
	return kzg4844.VerifyCellProofs(sc.Blobs, sc.Commitments, sc.Proofs)
}
