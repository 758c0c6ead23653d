package relay

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestNewRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "ftp://x", "http://", "http://h?x=1", "::"} {
		if _, err := New(u, nil); !errors.Is(err, ErrURL) {
			t.Errorf("New(%q) = %v, want ErrURL", u, err)
		}
	}
	c, err := New("http://0xabc@127.0.0.1:1/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.String(); got != "http://127.0.0.1:1" {
		t.Errorf("String = %q", got)
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
	c, err := New(srv.URL, srv.Client())
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
