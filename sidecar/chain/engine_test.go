package chain

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/rpc"
)

// engineAPI stands in for the execution client's engine namespace.
type engineAPI struct{}

func (engineAPI) ExchangeCapabilities(ours []string) []string {
	return append([]string{"engine_getBlobsV2"}, ours...)
}

// startAuthNode runs a real go-ethereum node whose authenticated endpoint
// (JWT, as the Engine API is served) holds the engine namespace.
func startAuthNode(t *testing.T, secretHex string) string {
	t.Helper()
	dir := t.TempDir()
	secret := filepath.Join(dir, "jwt.hex")
	if err := os.WriteFile(secret, []byte(secretHex), 0o600); err != nil {
		t.Fatal(err)
	}
	stack, err := node.New(&node.Config{DataDir: "", AuthAddr: "127.0.0.1", AuthPort: 0, JWTSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	stack.RegisterAPIs([]rpc.API{{Namespace: "engine", Service: engineAPI{}, Authenticated: true}})
	if err := stack.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stack.Close() })
	return stack.HTTPAuthEndpoint()
}

func TestEngineJWT(t *testing.T) {
	const secret = "0x7365637265747365637265747365637265747365637265747365637265747365"
	url := startAuthNode(t, secret)
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	os.WriteFile(good, []byte(strings.TrimPrefix(secret, "0x")+"\n"), 0o600)
	ctx := context.Background()

	e, err := DialEngine(ctx, url, good)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	caps, err := e.ExchangeCapabilities(ctx, []string{"engine_newPayloadV4"})
	if err != nil || len(caps) != 2 || caps[1] != "engine_newPayloadV4" {
		t.Fatalf("ExchangeCapabilities = %v, %v", caps, err)
	}

	other := filepath.Join(dir, "other")
	os.WriteFile(other, []byte(strings.Repeat("ab", 32)), 0o600)
	e2, err := DialEngine(ctx, url, other)
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	if _, err := e2.ExchangeCapabilities(ctx, nil); !errors.Is(err, ErrExecution) {
		t.Fatalf("wrong secret: err = %v, want a refusal", err)
	}

	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("0x1234"), 0o600)
	if _, err := DialEngine(ctx, url, short); !errors.Is(err, ErrJWTSecret) {
		t.Fatalf("short secret: err = %v, want ErrJWTSecret", err)
	}
}
