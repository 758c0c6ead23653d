package chain

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/rpc"
)

// ErrJWTSecret is wrapped when the Engine API secret file cannot be used.
var ErrJWTSecret = errors.New("bad JWT secret file")

// ReadJWTSecret reads a 32-byte hex secret (0x prefix optional), as geth and the beacon nodes write it.
func ReadJWTSecret(path string) ([32]byte, error) {
	var s [32]byte
	raw, err := os.ReadFile(path)
	if err != nil {
		return s, fmt.Errorf("%w: %w", ErrJWTSecret, err)
	}
	h := strings.TrimPrefix(strings.TrimSpace(string(raw)), "0x")
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != 32 {
		return s, fmt.Errorf("%w: %s: want 32 bytes of hex", ErrJWTSecret, path)
	}
	copy(s[:], b)
	return s, nil
}

// Engine is an authenticated Engine API client.
type Engine struct {
	c *rpc.Client
}

// DialEngine connects to the execution client's Engine API with the JWT secret in secretPath.
func DialEngine(ctx context.Context, url, secretPath string) (*Engine, error) {
	secret, err := ReadJWTSecret(secretPath)
	if err != nil {
		return nil, err
	}
	c, err := rpc.DialOptions(ctx, url, rpc.WithHTTPAuth(node.NewJWTAuth(secret)))
	if err != nil {
		return nil, fmt.Errorf("%w: dial engine %s: %w", ErrExecution, url, err)
	}
	return &Engine{c: c}, nil
}

// Client is the underlying RPC client, for engine_* calls.
func (e *Engine) Client() *rpc.Client { return e.c }

// ExchangeCapabilities lists the engine_* methods the execution client supports.
func (e *Engine) ExchangeCapabilities(ctx context.Context, ours []string) ([]string, error) {
	var out []string
	if err := e.c.CallContext(ctx, &out, "engine_exchangeCapabilities", ours); err != nil {
		return nil, fmt.Errorf("%w: engine_exchangeCapabilities: %w", ErrExecution, err)
	}
	return out, nil
}

// Close ends the connection.
func (e *Engine) Close() { e.c.Close() }
