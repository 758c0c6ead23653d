package rollup_test

import (
	"context"
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/basedsidecar/based/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
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
