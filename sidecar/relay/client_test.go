package relay

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/flashbots/go-boost-utils/bls"
)

func TestNewRejectsBadURLs(t *testing.T) {
	pk := testKey(t)
	for _, u := range []string{"", "ftp://x", "http://", "http://h?x=1", "::",
		"http://127.0.0.1:1",                            // no public key
		"http://0xabc@127.0.0.1:1",                      // too short
		"http://" + pk[2:] + "@127.0.0.1:1",             // no 0x
		"http://" + pk + ":pw@127.0.0.1:1",              // a password
		"http://0x" + strings.Repeat("11", 48) + "@h:1", // not a curve point
		"ftp://" + pk + "@127.0.0.1:1",
	} {
		if _, err := New(u, nil); !errors.Is(err, ErrURL) {
			t.Errorf("New(%q) = %v, want ErrURL", u, err)
		}
	}
	c, err := New("http://"+strings.ToUpper(pk[2:4])+pk[4:]+"@127.0.0.1:1/", nil)
	if err == nil {
		t.Fatalf("New without 0x = %v", c)
	}
	c, err = New("http://"+pk+"@127.0.0.1:1/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.String(); got != "http://127.0.0.1:1" {
		t.Errorf("String = %q", got)
	}
	if got := c.Pubkey().String(); got != pk {
		t.Errorf("Pubkey = %s, want %s", got, pk)
	}
}

func TestClientCalls(t *testing.T) {
	var gotCT, gotBody string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/eth/v1/builder/status":
			w.WriteHeader(http.StatusOK)
		case "/eth/v1/builder/validators":
			b, _ := io.ReadAll(r.Body)
			gotCT, gotBody = r.Header.Get("Content-Type"), string(b)
			if gotBody == "bad" {
				http.Error(w, `{"code":400,"message":"not a known validator"}`, http.StatusBadRequest)
				return
			}
		case "/eth/v1/builder/header/5/0xaa/0xbb":
			w.WriteHeader(http.StatusNoContent)
		case "/eth/v1/builder/header/6/0xaa/0xbb":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"version":"fulu","data":{}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c, err := New(strings.Replace(srv.URL, "://", "://"+testKey(t)+"@", 1), srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Status(ctx); err != nil {
		t.Errorf("Status: %v", err)
	}
	if err := c.RegisterValidators(ctx, []byte("[]"), "application/json"); err != nil || gotCT != "application/json" || gotBody != "[]" {
		t.Errorf("RegisterValidators: %v, content type %q body %q", err, gotCT, gotBody)
	}
	if err := c.RegisterValidators(ctx, []byte("bad"), "application/json"); !errors.Is(err, ErrStatus) {
		t.Errorf("RegisterValidators(bad) = %v, want ErrStatus", err)
	}
	if r, err := c.GetHeader(ctx, 5, "0xaa", "0xbb"); r != nil || err != nil {
		t.Errorf("GetHeader(204) = %v, %v; want nil, nil", r, err)
	}
	if r, err := c.GetHeader(ctx, 6, "0xaa", "0xbb"); err != nil || r == nil || r.Status != 200 {
		t.Errorf("GetHeader(200) = %v, %v", r, err)
	}
	if _, err := c.GetHeader(ctx, 7, "0xaa", "0xbb"); !errors.Is(err, ErrStatus) {
		t.Errorf("GetHeader(404) = %v, want ErrStatus", err)
	}
}

// testKey is a fresh BLS public key in 0x hex.
func testKey(t *testing.T) string {
	t.Helper()
	_, pk, err := bls.GenerateNewKeypair()
	if err != nil {
		t.Fatal(err)
	}
	return hexutil.Encode(bls.PublicKeyToBytes(pk))
}
