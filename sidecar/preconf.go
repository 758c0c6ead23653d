package sidecar

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/preconf"
	baserollup "github.com/basedsidecar/based/rollup"
	"github.com/basedsidecar/based/sidecar/defender"
	"github.com/basedsidecar/based/sidecar/rollup"
	"github.com/basedsidecar/based/sidecar/rpc"
	"github.com/basedsidecar/based/sidecar/sequencer"
)

// PreconfChain is the chain view the promise engine and its servers need.
type PreconfChain = rpc.Chain

// validatePreconf checks the promise engine's part of the configuration.
func (c Config) validatePreconf() error {
	seen := map[string]bool{}
	for _, r := range c.Rollups {
		if r.ChainID == nil || seen[r.ChainID.String()] {
			return fmt.Errorf("%w: rollup: chain %v configured twice or not at all", ErrConfig, r.ChainID)
		}
		seen[r.ChainID.String()] = true
		if c.Preconf.Domain.ChainID != nil && r.ChainID.Cmp(c.Preconf.Domain.ChainID) == 0 {
			return fmt.Errorf("%w: rollup: chain %v is the L1 chain id", ErrConfig, r.ChainID)
		}
	}
	if len(c.Rollups) > 0 && c.RPCAddr == "" {
		return fmt.Errorf("%w: rollup: served at /rollup/{chainId} of the RPC server, which needs rpc.addr", ErrConfig)
	}
	if c.RPCAddr == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.RPCAddr); err != nil {
		return fmt.Errorf("%w: rpc.addr %q: %v", ErrConfig, c.RPCAddr, err)
	}
	if c.PreconfChain == nil && !c.SyntheticChain && len(c.Chain.BeaconURLs) == 0 {
		return nil // the engine stays off until a chain view is wired in
	}
	p := c.Preconf
	if c.SyntheticChain {
		if p.Key == nil {
			return nil // Run makes an ephemeral key
		}
		if p.Domain.ChainID == nil {
			p.Domain.ChainID = big.NewInt(SyntheticChainID) // the synthetic chain's own, as Run sets it
		}
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrConfig, err)
	}
	if err := c.RPC.Validate(); err != nil {
		return fmt.Errorf("%w: %v", ErrConfig, err)
	}
	if c.PreconfRegistry == (common.Address{}) && !c.SyntheticChain {
		return checkSlasher(p.Domain.VerifyingContract)
	}
	return nil
}

// checkSlasher refuses the zero slasher address: the promises' EIP-712
// domain would name no contract, so no wallet could enforce them.
func checkSlasher(a common.Address) error {
	if a == (common.Address{}) {
		return fmt.Errorf("%w: preconf.slasher: the zero address; promises signed for it cannot be enforced (give the PreconfSlasher address, or --preconf.registry to read it)", ErrConfig)
	}
	return nil
}

// preconfComponents opens the commitment log, rebuilds the engine and binds
// the API listener; it returns nothing when rpc.addr is empty.
func preconfComponents(ctx context.Context, cfg Config, reg prometheus.Registerer, log *slog.Logger) ([]component, *preconf.Engine, *sequencer.Sequencer, error) {
	if cfg.RPCAddr == "" {
		return nil, nil, nil, nil
	}
	pc := cfg.Preconf
	view := cfg.PreconfChain
	if cfg.SyntheticChain {
		if pc.Key == nil {
			k, err := crypto.GenerateKey()
			if err != nil {
				return nil, nil, nil, err
			}
			pc.Key = k
		}
		if pc.Domain.ChainID == nil {
			pc.Domain.ChainID = big.NewInt(SyntheticChainID)
		}
		view = newSyntheticChain(crypto.PubkeyToAddress(pc.Key.PublicKey), pc.Now)
		log.Warn("promise engine on a synthetic chain: every slot is ours and every account funded; for load tests only")
	}
	if view == nil {
		log.Warn("promise engine off: no chain view", "rpc.addr", cfg.RPCAddr)
		return nil, nil, nil, nil
	}
	var registryConn *registry
	if cfg.PreconfRegistry != (common.Address{}) {
		if pc.Key == nil {
			return nil, nil, nil, fmt.Errorf("%w: preconf.registry needs the committer key", ErrConfig)
		}
		r, err := dialRegistry(ctx, cfg, crypto.PubkeyToAddress(pc.Key.PublicKey))
		if err != nil {
			return nil, nil, nil, err
		}
		if err := readRegistry(ctx, r, &pc, log); err != nil {
			r.el.Close()
			return nil, nil, nil, err
		}
		registryConn = r
	}
	closeAll := func() {
		if registryConn != nil {
			registryConn.el.Close()
		}
	}
	if !cfg.SyntheticChain {
		if err := checkSlasher(pc.Domain.VerifyingContract); err != nil {
			closeAll()
			return nil, nil, nil, err
		}
	}
	if registryConn != nil {
		if err := retainChallenges(ctx, registryConn.el, &pc, log); err != nil {
			closeAll()
			return nil, nil, nil, err
		}
	}
	lg, err := preconf.OpenLog(filepath.Join(cfg.DataDir, "commitments"), log)
	if err != nil {
		closeAll()
		return nil, nil, nil, err
	}
	rollups, err := dialRollups(ctx, cfg.Rollups, log)
	if err != nil {
		lg.Close()
		closeAll()
		return nil, nil, nil, err
	}
	var (
		handler *rollup.Handler
		seq     *sequencer.Sequencer
	)
	if len(rollups) > 0 {
		if _, err := rollup.NewMetrics(reg, rollups...); err != nil {
			closeRollups(rollups)
			lg.Close()
			closeAll()
			return nil, nil, nil, fmt.Errorf("rollup metrics: %w", err)
		}
		if handler, err = rollup.NewHandler(rollups...); err != nil {
			closeRollups(rollups)
			lg.Close()
			closeAll()
			return nil, nil, nil, err
		}
		if seq, err = openSequencer(ctx, cfg, pc, view, registryConn, handler, rollups, reg, log); err != nil {
			closeRollups(rollups)
			lg.Close()
			closeAll()
			return nil, nil, nil, err
		}
		if seq != nil {
			pc.Rollups = seq.Lanes()
			prev := closeAll
			closeAll = func() { seq.Close(); prev() }
		}
	}
	engine, err := preconf.NewEngine(pc, view, lg, log.With("component", "preconf"))
	if err != nil {
		closeRollups(rollups)
		lg.Close()
		closeAll()
		return nil, nil, nil, err
	}
	if seq != nil {
		seq.Attach(engine)
	}
	srv, err := rpc.New(cfg.RPC, engine, view, reg, log.With("component", "rpc"))
	if err != nil {
		closeRollups(rollups)
		lg.Close()
		closeAll()
		return nil, nil, nil, err
	}
	if handler != nil {
		srv.Mount("/rollup/", handler)
	}
	if seq != nil {
		srv.SetStreams(seq)
	}
	var def *defender.Defender
	if registryConn != nil && !cfg.NoDefender {
		if def, err = startDefender(ctx, cfg, registryConn, pc, engine, reg, log); err != nil {
			closeRollups(rollups)
			lg.Close()
			closeAll()
			return nil, nil, nil, err
		}
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", cfg.RPCAddr)
	if err != nil {
		if def != nil {
			def.Close()
		}
		closeRollups(rollups)
		lg.Close()
		closeAll()
		return nil, nil, nil, fmt.Errorf("rpc server: listen %s: %w", cfg.RPCAddr, err)
	}
	log.Info("listening", "server", "rpc", "addr", ln.Addr().String(), "committer", engine.Committer())
	return []component{{name: "preconf", run: func(ctx context.Context) error {
		// The log closes only after the engine and the server have both stopped.
		defer lg.Close()
		defer closeAll()
		defer closeRollups(rollups)
		g, gctx := errgroup.WithContext(ctx)
		g.Go(func() error { return engine.Run(gctx, 100*time.Millisecond) })
		g.Go(func() error { return srv.Serve(gctx, ln) })
		for _, r := range rollups {
			g.Go(func() error { return r.Follow(gctx, 250*time.Millisecond) })
		}
		if def != nil {
			g.Go(func() error { return def.Run(gctx) })
		}
		if seq != nil {
			g.Go(func() error { return seq.Run(gctx) })
		}
		if registryConn != nil && cfg.CollateralRefresh > 0 {
			read := func(ctx context.Context) (*big.Int, error) {
				_, c, err := registryConn.freeCollateral(ctx)
				return c, err
			}
			g.Go(func() error {
				return refreshCollateral(gctx, cfg.CollateralRefresh, read, engine, log.With("component", "preconf"))
			})
		}
		return g.Wait()
	}}}, engine, seq, nil
}

// startDefender opens the defender of our operator (the committer's owner in
// the Registry), which sends defences with the committer key.
func startDefender(ctx context.Context, cfg Config, r *registry, pc preconf.Config, records defender.Records, reg prometheus.Registerer, log *slog.Logger) (*defender.Defender, error) {
	owner, _, err := r.freeCollateral(ctx)
	if err != nil {
		return nil, err
	}
	var blobs baserollup.Blobs
	if len(cfg.Chain.BeaconURLs) > 0 {
		blobs = &baserollup.BeaconBlobs{URL: cfg.Chain.BeaconURLs[0]}
	}
	d, err := defender.New(ctx, r.el, defender.NewProver(r.el.Client()), defender.Config{
		Slasher: pc.Domain.VerifyingContract, Owner: owner, Key: pc.Key,
		Dir: filepath.Join(cfg.DataDir, "defender"), Poll: cfg.DefenderPoll, Blobs: blobs, Records: records,
	}, defender.NewMetrics(reg), log.With("component", "defender"))
	if err != nil {
		return nil, err
	}
	log.Info("defender on", "operator", owner, "slasher", pc.Domain.VerifyingContract, "from", crypto.PubkeyToAddress(pc.Key.PublicKey))
	return d, nil
}

// dialRollups connects to each rollup's node and starts its pool.
func dialRollups(ctx context.Context, cfgs []rollup.Config, log *slog.Logger) ([]*rollup.Rollup, error) {
	var out []*rollup.Rollup
	for _, c := range cfgs {
		r, err := rollup.Dial(ctx, c, log.With("component", "rollup"))
		if err != nil {
			closeRollups(out)
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func closeRollups(rs []*rollup.Rollup) {
	for _, r := range rs {
		r.Close()
	}
}

// registry reads the committer's operator entry from the Registry contract.
type registry struct {
	el        *ethclient.Client
	caller    *bindings.RegistryCaller
	addr      common.Address
	committer common.Address
}

func dialRegistry(ctx context.Context, cfg Config, committer common.Address) (*registry, error) {
	if cfg.Chain.ExecutionURL == "" {
		return nil, fmt.Errorf("%w: preconf.registry needs an execution client URL", ErrConfig)
	}
	el, err := ethclient.DialContext(ctx, cfg.Chain.ExecutionURL)
	if err != nil {
		return nil, fmt.Errorf("registry: %w", err)
	}
	caller, err := bindings.NewRegistryCaller(cfg.PreconfRegistry, el)
	if err != nil {
		el.Close()
		return nil, fmt.Errorf("registry: %w", err)
	}
	return &registry{el: el, caller: caller, addr: cfg.PreconfRegistry, committer: committer}, nil
}

// freeCollateral returns the committer's operator and its free collateral.
func (r *registry) freeCollateral(ctx context.Context) (common.Address, *big.Int, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	opts := &bind.CallOpts{Context: ctx}
	owner, err := r.caller.OwnerOfCommitter(opts, r.committer)
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("registry %s: operator of committer %s: %w", r.addr, r.committer, err)
	}
	if owner == (common.Address{}) {
		return common.Address{}, nil, fmt.Errorf("registry %s: committer %s is not registered", r.addr, r.committer)
	}
	free, err := r.caller.FreeCollateral(opts, owner)
	if err != nil {
		return common.Address{}, nil, fmt.Errorf("registry %s: free collateral of %s: %w", r.addr, owner, err)
	}
	return owner, free, nil
}

// readRegistry takes the collateral (the free collateral of the committer's
// operator) and, when not configured, the slasher address from the Registry.
func readRegistry(ctx context.Context, r *registry, pc *preconf.Config, log *slog.Logger) error {
	owner, free, err := r.freeCollateral(ctx)
	if err != nil {
		return err
	}
	pc.Collateral = free
	if pc.Domain.VerifyingContract == (common.Address{}) {
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if pc.Domain.VerifyingContract, err = r.caller.Slasher(&bind.CallOpts{Context: ctx}); err != nil {
			return fmt.Errorf("registry %s: slasher: %w", r.addr, err)
		}
	}
	log.Info("collateral from the registry", "registry", r.addr, "operator", owner, "collateral", free, "slasher", pc.Domain.VerifyingContract)
	return nil
}

// retainChallenges raises the commitment log's retention to the slasher's
// challenge lifetime (finality delay, challenge window and defence window)
// when it is shorter, so that no promise is pruned while it can still be
// challenged: the defender reads the promised tx back from the log.
func retainChallenges(ctx context.Context, el bind.ContractCaller, pc *preconf.Config, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s, err := bindings.NewPreconfSlasherCaller(pc.Domain.VerifyingContract, el)
	if err != nil {
		return fmt.Errorf("slasher %s: %w", pc.Domain.VerifyingContract, err)
	}
	opts := &bind.CallOpts{Context: ctx}
	var sum big.Int
	for _, read := range []func(*bind.CallOpts) (*big.Int, error){s.FinalityDelay, s.ChallengeWindow, s.DefenceWindow} {
		v, err := read(opts)
		if err != nil {
			return fmt.Errorf("slasher %s: challenge lifetime: %w", pc.Domain.VerifyingContract, err)
		}
		sum.Add(&sum, v)
	}
	sps, err := s.SecondsPerSlot(opts)
	if err != nil {
		return fmt.Errorf("slasher %s: seconds per slot: %w", pc.Domain.VerifyingContract, err)
	}
	if sps.Sign() == 0 {
		return fmt.Errorf("%w: slasher %s: zero seconds per slot", ErrConfig, pc.Domain.VerifyingContract)
	}
	slots := new(big.Int).Add(new(big.Int).Div(&sum, sps), big.NewInt(2)) // rounded up, and the slot itself
	if !slots.IsUint64() {
		return fmt.Errorf("%w: slasher %s: challenge lifetime of %v slots", ErrConfig, pc.Domain.VerifyingContract, slots)
	}
	if need := slots.Uint64(); pc.Retention < need {
		log.Warn("commitment log retention raised to the slasher's challenge lifetime", "retention", pc.Retention, "slots", need)
		pc.Retention = need
	}
	return nil
}

// refreshCollateral re-reads the collateral every interval and hands changes
// to the engine until ctx ends; a failed read keeps the last value.
func refreshCollateral(ctx context.Context, interval time.Duration, read func(context.Context) (*big.Int, error), engine *preconf.Engine, log *slog.Logger) error {
	t := time.NewTicker(interval)
	defer t.Stop()
	last := engine.Status().Collateral.ToInt()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		c, err := read(ctx)
		switch {
		case err != nil:
			log.Warn("collateral not refreshed; keeping the last value", "err", err, "collateral", last)
		case c.Cmp(last) != 0:
			log.Info("collateral changed", "from", last, "to", c)
			engine.SetCollateral(c)
			last = c
		}
	}
}

// SyntheticChainID is the L1 chain id of the synthetic chain.
const SyntheticChainID = 3151908

// syntheticChain is a chain view for load tests: 12 s slots from its start,
// every slot ours, every account with nonce 0 and 10⁶ ether, base fee 1 gwei.
type syntheticChain struct {
	committer common.Address
	genesis   time.Time
	now       func() time.Time
}

func newSyntheticChain(committer common.Address, now func() time.Time) *syntheticChain {
	if now == nil {
		now = time.Now
	}
	return &syntheticChain{committer: committer, genesis: now().Add(-100 * 12 * time.Second), now: now}
}

func (c *syntheticChain) Ready() error { return nil }

// MaxBlobs is unknown on the synthetic chain: --preconf.max-blobs applies.
func (c *syntheticChain) MaxBlobs(uint64) int { return 0 }
func (c *syntheticChain) ClockSlot() uint64 {
	return uint64(c.now().Sub(c.genesis) / (12 * time.Second))
}
func (c *syntheticChain) Duty(slot uint64) (preconf.Duty, bool) {
	start := c.genesis.Add(time.Duration(slot) * 12 * time.Second)
	return preconf.Duty{Slot: slot, ValidatorIndex: slot % 64, Ours: true, Committer: c.committer, Deadline: start.Add(-4 * time.Second)}, true
}
func (c *syntheticChain) Head() preconf.Head {
	s := c.ClockSlot()
	return preconf.Head{Number: s, Slot: s, Hash: common.BigToHash(new(big.Int).SetUint64(s)), BaseFee: big.NewInt(1e9), BlobBaseFee: big.NewInt(1)}
}
func (c *syntheticChain) Account(context.Context, common.Address) (uint64, *big.Int, error) {
	return 0, new(big.Int).Mul(big.NewInt(1e6), big.NewInt(1e18)), nil
}
func (c *syntheticChain) Duties() []preconf.Duty {
	clock := c.ClockSlot()
	var out []preconf.Duty
	for s := clock - clock%32; s < clock-clock%32+64; s++ {
		d, _ := c.Duty(s)
		out = append(out, d)
	}
	return out
}
func (c *syntheticChain) Status() preconf.ChainStatus {
	s := c.ClockSlot()
	return preconf.ChainStatus{Synced: true, HeadSlot: s, ClockSlot: s, BeaconOK: true, ExecutionOK: true, NextSlot: s + 1, Reason: "synthetic chain (load tests only)",
		GenesisTime: uint64(c.genesis.Unix()), SlotDurationMs: 12000}
}

// openSequencer opens the shared batch sequencer of the rollups when the chain view, the
// L1 execution client and the inbox (read from the PreconfSlasher) are known; without them
// the rollups are served (pools, endpoints) but not promised or sequenced.
func openSequencer(ctx context.Context, cfg Config, pc preconf.Config, view PreconfChain, r *registry, h *rollup.Handler, rollups []*rollup.Rollup, reg prometheus.Registerer, log *slog.Logger) (*sequencer.Sequencer, error) {
	ch, ok := view.(sequencer.Chain)
	if !ok || r == nil {
		log.Warn("rollups served without sequencing: the shared batch needs the chain view and --preconf.registry")
		return nil, nil
	}
	slasher, err := bindings.NewPreconfSlasherCaller(pc.Domain.VerifyingContract, r.el)
	if err != nil {
		return nil, err
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	inbox, err := slasher.Inbox(&bind.CallOpts{Context: cctx})
	if err != nil {
		return nil, fmt.Errorf("sequencer: the slasher's inbox: %w", err)
	}
	m, err := sequencer.NewMetrics(reg)
	if err != nil {
		return nil, err
	}
	nodes := make([]sequencer.RollupNode, len(rollups))
	for i, ro := range rollups {
		nodes[i] = ro
	}
	seq, err := sequencer.New(sequencer.Config{Key: pc.Key, L1ChainID: pc.Domain.ChainID, Inbox: inbox, Dir: filepath.Join(cfg.DataDir, "sequencer")},
		ch, r.el, h.TxPool(), nodes, m, log.With("component", "sequencer"))
	if err != nil {
		return nil, err
	}
	log.Info("sequencer on", "rollups", len(rollups), "inbox", inbox)
	return seq, nil
}
