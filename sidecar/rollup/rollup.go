// Package rollup serves each configured rollup to wallets: a pool per rollup (package
// mempool) fed through an eth_sendRawTransaction-compatible JSON-RPC endpoint at
// /rollup/{chainId}, with every other eth_* call proxied to the rollup's own node, and the
// pool kept on the rollup's head.
package rollup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/holiman/uint256"

	"github.com/basedsidecar/based/mempool"
)

// Config is one rollup as the sidecar serves it.
type Config struct {
	ChainID  *big.Int // the rollup's chain id
	RPC      string   // the rollup node's execution JSON-RPC (its geth)
	GasLimit uint64   // L2 block gas limit
	MinTip   *big.Int // smallest priority fee taken (wei)
	// ChainConfig is the rollup's fork rules; nil: every fork through Osaka at genesis
	// (what the devnet's rollups run).
	ChainConfig *params.ChainConfig
	// Operator is the L2 address external builders pay (rollup_submitBlock); zero: external
	// blocks are refused.
	Operator common.Address
}

// ErrConfig is wrapped by every invalid rollup flag.
var ErrConfig = errors.New("invalid rollup configuration")

// ParseFlag parses one --rollup value: comma-separated key=value pairs chain (decimal chain
// id), rpc (URL), gas-limit (decimal), min-tip (wei, decimal; default 0) and operator (the
// 0x L2 address external blocks pay; default none, external blocks refused).
func ParseFlag(s string) (Config, error) {
	var c Config
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		if !ok {
			return c, fmt.Errorf("%w: %q is not key=value", ErrConfig, kv)
		}
		switch k {
		case "chain":
			id, ok := new(big.Int).SetString(v, 10)
			if !ok || id.Sign() <= 0 || !id.IsUint64() {
				return c, fmt.Errorf("%w: chain %q: a positive decimal chain id below 2^64", ErrConfig, v)
			}
			c.ChainID = id
		case "rpc":
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
				return c, fmt.Errorf("%w: rpc %q: an http(s) or ws(s) URL", ErrConfig, v)
			}
			c.RPC = v
		case "gas-limit":
			n, err := strconv.ParseUint(v, 10, 64)
			if err != nil || n < 21000 {
				return c, fmt.Errorf("%w: gas-limit %q: a decimal of at least 21000", ErrConfig, v)
			}
			c.GasLimit = n
		case "min-tip":
			n, ok := new(big.Int).SetString(v, 10)
			if !ok || n.Sign() < 0 {
				return c, fmt.Errorf("%w: min-tip %q: wei as a non-negative decimal", ErrConfig, v)
			}
			c.MinTip = n
		case "operator":
			if !common.IsHexAddress(v) || common.HexToAddress(v) == (common.Address{}) {
				return c, fmt.Errorf("%w: operator %q: a nonzero 0x address", ErrConfig, v)
			}
			c.Operator = common.HexToAddress(v)
		default:
			return c, fmt.Errorf("%w: unknown key %q (chain, rpc, gas-limit, min-tip, operator)", ErrConfig, k)
		}
	}
	switch {
	case c.ChainID == nil:
		return c, fmt.Errorf("%w: chain is required", ErrConfig)
	case c.RPC == "":
		return c, fmt.Errorf("%w: rpc is required", ErrConfig)
	case c.GasLimit == 0:
		return c, fmt.Errorf("%w: gas-limit is required", ErrConfig)
	}
	return c, nil
}

// ParseFlags parses the values of repeated --rollup flags. A command line's slice flag
// splits each value at its commas, so the pieces are joined again: every rollup starts at
// its chain= key.
func ParseFlags(values []string) ([]Config, error) {
	var groups []string
	for _, v := range values {
		for _, piece := range strings.Split(v, ",") {
			piece = strings.TrimSpace(piece)
			if strings.HasPrefix(piece, "chain=") || len(groups) == 0 {
				groups = append(groups, piece)
			} else {
				groups[len(groups)-1] += "," + piece
			}
		}
	}
	out := make([]Config, 0, len(groups))
	for _, g := range groups {
		c, err := ParseFlag(g)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", g, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// DefaultChainConfig returns the fork rules of a rollup with every fork through Osaka
// active at genesis.
func DefaultChainConfig(chainID *big.Int) *params.ChainConfig {
	cfg := *params.MergedTestChainConfig
	cfg.ChainID = new(big.Int).Set(chainID)
	return &cfg
}

// Rollup is one served rollup: its pool, its node's client and the head follower.
type Rollup struct {
	cfg     Config
	pool    *mempool.Pool
	client  *gethrpc.Client
	eth     *ethclient.Client
	log     *slog.Logger
	metrics *Metrics
	bundles *mempool.TxPool // all served rollups, set by NewHandler
}

// Dial connects to the rollup's node, checks its chain id and starts its pool on the
// node's head.
func Dial(ctx context.Context, cfg Config, log *slog.Logger) (*Rollup, error) {
	c, err := gethrpc.DialContext(ctx, cfg.RPC)
	if err != nil {
		return nil, fmt.Errorf("rollup %v: dial %s: %w", cfg.ChainID, cfg.RPC, err)
	}
	eth := ethclient.NewClient(c)
	id, err := eth.ChainID(ctx)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("rollup %v: eth_chainId: %w", cfg.ChainID, err)
	}
	if id.Cmp(cfg.ChainID) != 0 {
		c.Close()
		return nil, fmt.Errorf("%w: rollup %v: its node at %s is chain %v", ErrConfig, cfg.ChainID, cfg.RPC, id)
	}
	head, err := eth.HeaderByNumber(ctx, nil)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("rollup %v: head: %w", cfg.ChainID, err)
	}
	if cfg.ChainConfig == nil {
		cfg.ChainConfig = DefaultChainConfig(cfg.ChainID)
	}
	r := &Rollup{cfg: cfg, client: c, eth: eth, log: log.With("rollup", cfg.ChainID)}
	chain := cfg.ChainID.String()
	pool, err := mempool.NewPool(mempool.PoolConfig{ChainID: cfg.ChainID, ChainConfig: cfg.ChainConfig, GasLimit: cfg.GasLimit, MinTip: cfg.MinTip,
		Operator: cfg.Operator, OnExternalBlock: func(outcome string) { r.metrics.external(chain, outcome) }},
		&State{eth: eth, rpc: c}, head)
	if err != nil {
		c.Close()
		return nil, err
	}
	r.pool = pool
	return r, nil
}

// Pool returns the rollup's pool.
func (r *Rollup) Pool() *mempool.Pool { return r.pool }

// Close closes the connection to the rollup's node.
func (r *Rollup) Close() { r.client.Close() }

// Follow keeps the pool on the node's head, polling every interval until ctx ends: a new
// head resets the pool (included txs leave), and future txs past their time to live expire.
func (r *Rollup) Follow(ctx context.Context, interval time.Duration) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if err := r.sync(ctx); err != nil && ctx.Err() == nil {
			r.log.Warn("rollup head", "err", err)
		}
	}
}

func (r *Rollup) sync(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	head, err := r.eth.HeaderByNumber(cctx, nil)
	if err != nil {
		return err
	}
	if head.Hash() != r.pool.Head().Hash() {
		if err := r.pool.Reset(cctx, head); err != nil {
			return err
		}
	}
	r.pool.Expire()
	return nil
}

// State reads L2 accounts from the rollup's node at its latest block.
type State struct {
	eth *ethclient.Client
	rpc *gethrpc.Client
}

// Account returns the account's nonce and balance at the node's latest block.
func (s *State) Account(ctx context.Context, addr common.Address) (mempool.Account, error) {
	nonce, err := s.eth.NonceAt(ctx, addr, nil)
	if err != nil {
		return mempool.Account{}, err
	}
	bal, err := s.eth.BalanceAt(ctx, addr, nil)
	if err != nil {
		return mempool.Account{}, err
	}
	b, overflow := uint256.FromBig(bal)
	if overflow {
		return mempool.Account{}, fmt.Errorf("balance of %v over 2^256", addr)
	}
	return mempool.Account{Nonce: nonce, Balance: b}, nil
}

// stateBatch is how many accounts one JSON-RPC batch reads (two calls each).
const stateBatch = 50

// Accounts reads many accounts in JSON-RPC batches of eth_getTransactionCount and
// eth_getBalance at the node's latest block.
func (s *State) Accounts(ctx context.Context, addrs []common.Address) ([]mempool.Account, error) {
	out := make([]mempool.Account, len(addrs))
	for from := 0; from < len(addrs); from += stateBatch {
		part := addrs[from:min(from+stateBatch, len(addrs))]
		nonces := make([]hexutil.Uint64, len(part))
		bals := make([]hexutil.Big, len(part))
		elems := make([]gethrpc.BatchElem, 0, 2*len(part))
		for i, a := range part {
			elems = append(elems,
				gethrpc.BatchElem{Method: "eth_getTransactionCount", Args: []any{a, "latest"}, Result: &nonces[i]},
				gethrpc.BatchElem{Method: "eth_getBalance", Args: []any{a, "latest"}, Result: &bals[i]})
		}
		if err := s.rpc.BatchCallContext(ctx, elems); err != nil {
			return nil, err
		}
		for _, e := range elems {
			if e.Error != nil {
				return nil, fmt.Errorf("%s: %w", e.Method, e.Error)
			}
		}
		for i := range part {
			b, overflow := uint256.FromBig(bals[i].ToInt())
			if overflow {
				return nil, fmt.Errorf("balance of %v over 2^256", part[i])
			}
			out[from+i] = mempool.Account{Nonce: uint64(nonces[i]), Balance: b}
		}
	}
	return out, nil
}

var (
	_ mempool.State      = (*State)(nil)
	_ mempool.BatchState = (*State)(nil)
)

// Config returns the rollup's configuration (its chain config filled in).
func (r *Rollup) Config() Config { return r.cfg }

// Account reads an account's nonce, balance and code at the pool's head block, in one
// JSON-RPC batch, so the three agree with each other and with the pool.
func (r *Rollup) Account(ctx context.Context, addr common.Address) (uint64, *big.Int, []byte, error) {
	at := gethrpc.BlockNumberOrHashWithHash(r.pool.Head().Hash(), false)
	var (
		nonce hexutil.Uint64
		bal   hexutil.Big
		code  hexutil.Bytes
	)
	elems := []gethrpc.BatchElem{
		{Method: "eth_getTransactionCount", Args: []any{addr, at}, Result: &nonce},
		{Method: "eth_getBalance", Args: []any{addr, at}, Result: &bal},
		{Method: "eth_getCode", Args: []any{addr, at}, Result: &code},
	}
	if err := r.client.BatchCallContext(ctx, elems); err != nil {
		return 0, nil, nil, err
	}
	for _, e := range elems {
		if e.Error != nil {
			return 0, nil, nil, fmt.Errorf("%s: %w", e.Method, e.Error)
		}
	}
	return uint64(nonce), bal.ToInt(), code, nil
}
