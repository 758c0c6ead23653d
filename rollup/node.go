package rollup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Config is the configuration of `based rollup-node`.
type Config struct {
	ChainID     uint64         // --rollup.chain-id
	GasLimit    uint64         // --rollup.gas-limit: the L2 block gas limit (the genesis one)
	L1RPC       string         // --l1.rpc
	BeaconURL   string         // --l1.beacon-url (blob batches)
	Inbox       common.Address // --inbox (or the deployment file's rollupInbox)
	StartBlock  uint64         // --l1.start-block: first L1 block that may hold postings
	EngineURL   string         // --engine-url
	JWT         [32]byte       // from --engine-jwt
	L2RPC       string         // --l2.rpc: the execution client's HTTP JSON-RPC (eth, testing)
	SequencerWS string         // --sequencer-ws (optional)
	DataDir     string         // --datadir
	StatusAddr  string         // --status.addr: GET /status and /metrics ("" for none)
	Poll        time.Duration  // --l1.poll
}

// Status is what GET /status returns; integers are 0x quantities.
type Status struct {
	ChainID   hexutil.Uint64 `json:"chainId"`
	L1Block   hexutil.Uint64 `json:"l1Block"` // last L1 block derived
	Latest    BlockRef       `json:"latest"`  // the execution client's head (preconfirmed when ahead of safe)
	Safe      BlockRef       `json:"safe"`    // derived from L1
	Finalized BlockRef       `json:"finalized"`
	Voids     []Void         `json:"recentVoids"`
	Error     string         `json:"lastError,omitempty"`
}

// BlockRef names an L2 block.
type BlockRef struct {
	Number hexutil.Uint64 `json:"number"`
	Hash   common.Hash    `json:"hash"`
}

// Node is a running rollup node.
type Node struct {
	cfg Config
	log *slog.Logger
	l1  *ethclient.Client
	x   *Execution
	d   *Deriver
	m   *Metrics
	reg *prometheus.Registry
	pre *preconfState // nil without --sequencer-ws

	mu      sync.Mutex
	status  Status
	lastErr string
}

// NewNode connects to L1 and the execution client and loads the progress of the data folder.
func NewNode(ctx context.Context, cfg Config, log *slog.Logger) (*Node, error) {
	if cfg.ChainID == 0 || cfg.GasLimit == 0 || cfg.L1RPC == "" || cfg.EngineURL == "" || cfg.L2RPC == "" || cfg.DataDir == "" || cfg.Inbox == (common.Address{}) {
		return nil, errors.New("rollup node: --rollup.chain-id, --rollup.gas-limit, --l1.rpc, --inbox, --engine-url, --l2.rpc and --datadir are required")
	}
	if cfg.Poll == 0 {
		cfg.Poll = time.Second
	}
	l1, err := ethclient.DialContext(ctx, cfg.L1RPC)
	if err != nil {
		return nil, fmt.Errorf("--l1.rpc: %w", err)
	}
	caller, err := bindings.NewRollupInboxCaller(cfg.Inbox, l1)
	if err != nil {
		return nil, err
	}
	opts := &bind.CallOpts{Context: ctx}
	gt, err := caller.GenesisTime(opts)
	if err != nil {
		return nil, fmt.Errorf("inbox %s genesisTime: %w", cfg.Inbox, err)
	}
	sps, err := caller.SecondsPerSlot(opts)
	if err != nil {
		return nil, fmt.Errorf("inbox %s secondsPerSlot: %w", cfg.Inbox, err)
	}
	registered, err := caller.IsRollup(opts, new(big.Int).SetUint64(cfg.ChainID))
	if err != nil {
		return nil, fmt.Errorf("inbox %s isRollup: %w", cfg.Inbox, err)
	}
	if !registered {
		log.Warn("rollup not registered in the inbox yet", "chain_id", cfg.ChainID, "inbox", cfg.Inbox)
	}
	x, err := DialExecution(ctx, cfg.EngineURL, cfg.JWT, cfg.L2RPC, cfg.ChainID, cfg.GasLimit)
	if err != nil {
		return nil, err
	}
	genesis, err := x.Client().HeaderByNumber(ctx, big.NewInt(0))
	if err != nil {
		return nil, fmt.Errorf("execution genesis: %w", err)
	}
	var blobs Blobs
	if cfg.BeaconURL != "" {
		blobs = &BeaconBlobs{URL: cfg.BeaconURL}
	}
	inbox, err := NewInbox(l1, cfg.Inbox, cfg.ChainID, blobs)
	if err != nil {
		return nil, err
	}
	store, err := OpenStore(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	anchor := Checkpoint{L1Number: hexutil.Uint64(max(cfg.StartBlock, 1) - 1), L2Hash: genesis.Hash(), L2Time: hexutil.Uint64(genesis.Time)}
	d, err := NewDeriver(DeriveConfig{ChainID: cfg.ChainID, GenesisTime: gt.Uint64(), SecondsPerSlot: sps.Uint64()}, l1, inbox, x, store, anchor, log, m)
	if err != nil {
		return nil, err
	}
	n := &Node{cfg: cfg, log: log, l1: l1, x: x, d: d, m: m, reg: reg}
	if cfg.SequencerWS != "" {
		n.pre = newPreconfState()
	}
	return n, nil
}

// Close closes the node's connections.
func (n *Node) Close() {
	n.x.Close()
	n.l1.Close()
}

// Run derives until ctx ends: a step whenever L1 may have moved (every --l1.poll), each
// followed by the forkchoice update, and, with --sequencer-ws, preconfirmed blocks as the
// sequencer streams them.
func (n *Node) Run(ctx context.Context) error {
	if err := n.d.Start(ctx); err != nil {
		return err
	}
	if n.cfg.StatusAddr != "" {
		ln, err := net.Listen("tcp", n.cfg.StatusAddr)
		if err != nil {
			return fmt.Errorf("--status.addr: %w", err)
		}
		mux := http.NewServeMux()
		mux.HandleFunc("GET /status", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(n.Status())
		})
		mux.Handle("GET /metrics", promhttp.HandlerFor(n.reg, promhttp.HandlerOpts{}))
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		defer srv.Close()
		n.log.Info("status server", "addr", ln.Addr().String())
	}
	if n.cfg.BeaconURL != "" {
		go warmKZG(n.log)
	}
	var preconfBlocks <-chan StreamBlock
	if n.pre != nil {
		preconfBlocks = n.pre.subscribe(ctx, n.cfg.SequencerWS, n.cfg.ChainID, n.log)
	}
	n.log.Info("rollup node started", "chain_id", n.cfg.ChainID, "inbox", n.cfg.Inbox, "l1_from", uint64(n.d.Head().L1Number)+1, "l2_head", n.d.Head().L2Hash)
	tick := time.NewTicker(n.cfg.Poll)
	defer tick.Stop()
	for {
		n.derive(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		case b := <-preconfBlocks:
			n.applyPreconf(ctx, b)
		}
	}
}

// derive steps until derivation has caught up with L1, then updates the forkchoice.
func (n *Node) derive(ctx context.Context) {
	for ctx.Err() == nil {
		moved, err := n.d.Step(ctx)
		if err != nil {
			if ctx.Err() == nil {
				n.log.Warn("derivation step failed; retrying", "err", err)
				n.setErr(err)
			}
			return
		}
		n.setErr(nil)
		if err := n.forkchoice(ctx); err != nil {
			n.log.Warn("forkchoice update failed", "err", err)
			n.setErr(err)
			return
		}
		if !moved {
			return
		}
	}
}

// forkchoice sets safe and finalized from derivation and latest to the preconfirmed head
// when it still extends the derived chain, else to the derived head (a roll back).
func (n *Node) forkchoice(ctx context.Context) error {
	safe := n.d.Head()
	head := safe.L2Hash
	if n.pre != nil {
		head = n.reconcilePreconf(ctx, safe)
	}
	if err := n.x.Forkchoice(ctx, head, safe.L2Hash, n.d.finalizedHash()); err != nil {
		return err
	}
	latest, err := n.x.Header(ctx, common.Hash{})
	if err != nil {
		return err
	}
	fin := n.d.Finalized()
	n.mu.Lock()
	n.status = Status{
		ChainID: hexutil.Uint64(n.cfg.ChainID), L1Block: safe.L1Number,
		Latest:    BlockRef{Number: hexutil.Uint64(latest.Number.Uint64()), Hash: latest.Hash()},
		Safe:      BlockRef{Number: safe.L2Number, Hash: safe.L2Hash},
		Finalized: BlockRef{Number: fin.L2Number, Hash: fin.L2Hash},
		Voids:     n.d.Voids(),
	}
	n.mu.Unlock()
	n.m.preconfHead.Set(float64(latest.Number.Uint64()))
	return nil
}

func (n *Node) setErr(err error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err == nil {
		n.lastErr = ""
	} else {
		n.lastErr = err.Error()
	}
}

// Status reports the node's heads.
func (n *Node) Status() Status {
	n.mu.Lock()
	defer n.mu.Unlock()
	s := n.status
	s.Error = n.lastErr
	return s
}

// warmKZG initialises the KZG library (its trusted setup, seconds of CPU in pure Go) before
// the first batch in blobs needs it, so that batch is not derived seconds late.
func warmKZG(log *slog.Logger) {
	began := time.Now()
	if _, err := kzg4844.BlobToCommitment(new(kzg4844.Blob)); err != nil {
		log.Warn("KZG library", "err", err)
		return
	}
	log.Debug("KZG library ready", "took", time.Since(began))
}
