package rollup_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/basedsidecar/based/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// FuzzBeaconBlobs feeds arbitrary Beacon API answers to the blob fetcher: it never panics,
// and whatever it returns has exactly the asked versioned hashes.
func FuzzBeaconBlobs(f *testing.F) {
	var blob kzg4844.Blob
	blob[33] = 7
	c, err := kzg4844.BlobToCommitment(&blob)
	if err != nil {
		f.Fatal(err)
	}
	want := kzg4844.CalcBlobHashV1(sha256.New(), &c)
	f.Add([]byte(`{"data":["`+hexutil.Encode(blob[:])+`"]}`), true)
	f.Add([]byte(`{"data":[{"index":"0","blob":"`+hexutil.Encode(blob[:])+`"}]}`), false)
	f.Add([]byte(`{"data":["0x00"]}`), true)
	f.Add([]byte(`{"data":null}`), true)
	f.Add([]byte(`[]`), false)
	f.Add([]byte(`{"data":[{"blob":12}]}`), false)
	f.Fuzz(func(t *testing.T, body []byte, fulu bool) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if (r.URL.Path == "/eth/v1/beacon/blobs/5") != fulu {
				http.NotFound(w, r)
				return
			}
			_, _ = w.Write(body)
		}))
		defer srv.Close()
		got, err := (&rollup.BeaconBlobs{URL: srv.URL}).Blobs(context.Background(), 5, []common.Hash{want})
		if err != nil {
			return
		}
		if len(got) != 1 {
			t.Fatalf("%d blobs for one versioned hash", len(got))
		}
		gc, err := kzg4844.BlobToCommitment(&got[0])
		if err != nil || kzg4844.CalcBlobHashV1(sha256.New(), &gc) != want {
			t.Fatal("returned a blob of another versioned hash")
		}
	})
}

// FuzzInboxCalldata feeds arbitrary calldata of an L1 transaction to the inbox as a
// calldata batch (seeded with the devnet's recorded proposeBatch calls): it never panics,
// refuses with ErrData, and accepts only data that hashes to the event's data hash.
func FuzzInboxCalldata(f *testing.F) {
	rec := loadRecording(f)
	recorded := newRecordedL1(f, rec)
	for _, tx := range recorded.txs {
		f.Add(tx.Data())
	}
	f.Add([]byte{})
	l := &recordedL1{}
	in, err := rollup.NewInbox(l, rec.Inbox, uint64(rec.ChainID), nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tx := types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(1), To: &rec.Inbox, Data: data})
		l.txs = map[common.Hash]*types.Transaction{tx.Hash(): tx}
		for _, dh := range []common.Hash{{}, crypto.Keccak256Hash(data)} {
			env, err := in.Envelope(context.Background(), rollup.Posting{TxHash: tx.Hash(), DataHash: dh}, func(uint64) uint64 { return 0 })
			if err != nil {
				if !errors.Is(err, rollup.ErrData) {
					t.Fatalf("untyped error %v", err)
				}
				continue
			}
			if crypto.Keccak256Hash(env) != dh {
				t.Fatalf("accepted data hashing to %s for data hash %s", crypto.Keccak256Hash(env), dh)
			}
		}
	})
}
