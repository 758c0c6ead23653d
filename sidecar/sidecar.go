// Package sidecar is the based daemon: it wires the chain view, the promise
// engine, the rollup mempools and the builder pipeline into one process.
package sidecar

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/builderapi"
	"github.com/basedsidecar/based/sidecar/chain"
	"github.com/basedsidecar/based/sidecar/faults"
	"github.com/basedsidecar/based/sidecar/rollup"
	"github.com/basedsidecar/based/sidecar/rpc"
)

// Config is everything `based run` needs; zero values are not defaults, the
// command line fills them in.
type Config struct {
	// DataDir holds the commitment log and other durable state.
	DataDir string
	// MetricsAddr is the listen address of /metrics; empty turns it off.
	MetricsAddr string
	// Pprof also serves Go's profiles under /debug/pprof/ on MetricsAddr.
	Pprof bool

	// Builder API server and relay client (sidecar/builderapi, sidecar/relay).
	// BuilderAddr is the listen address of the Builder API served to the
	// beacon node; empty turns it off.
	BuilderAddr string
	// Relays are the relay URLs the Builder API forwards to, each with the
	// relay's public key (http://0xPUBKEY@host:port).
	Relays []string
	// TrustedRelays are relays (URL or public key) whose bids may win a
	// slot with promises without inclusion proofs checked here.
	TrustedRelays []string
	// Constraints sends each of our slots' promised txs to the relays that
	// take constraints (Constraints API v0); off without its key.
	Constraints ConstraintsConfig
	// LocalBlock is our own block (sidecar/localblock); off without a builder key.
	LocalBlock LocalBlockConfig

	// Promise engine and its API servers (preconf, sidecar/rpc).
	// RPCAddr is the listen address of JSON-RPC, WebSocket, Commitments API
	// and Bolt API; empty turns the engine off.
	RPCAddr string
	RPC     rpc.Config
	Preconf preconf.Config
	// PreconfChain is the chain view the engine checks requests against.
	PreconfChain PreconfChain
	// SyntheticChain replaces the chain view with a synthetic one (load tests only).
	SyntheticChain bool
	// PreconfRegistry, when set, is the Registry the collateral (and a missing
	// slasher address) is read from at start.
	PreconfRegistry common.Address
	// CollateralRefresh is how often the collateral is re-read from the
	// Registry (0: only at start).
	CollateralRefresh time.Duration
	// NoDefender turns off the defender, which otherwise answers every challenge
	// against our operator whenever promises are sold with a Registry (sidecar/defender).
	NoDefender bool
	// DefenderPoll is how often the defender reads the chain (0: 1 s).
	DefenderPoll time.Duration

	// Chain view (sidecar/chain): beacon nodes, execution client, our
	// validators. Without a beacon URL the sidecar runs without it.
	Chain chain.Config

	// Rollups are served at /rollup/{chainId} of the RPC server, each with its own pool
	// (sidecar/rollup, mempool).
	Rollups []rollup.Config

	// Faults is fault injection, for devnet tests only.
	Faults FaultsConfig
}

// ErrConfig is wrapped by every configuration error.
var ErrConfig = errors.New("invalid configuration")

// Validate reports the first field of c that cannot work.
func (c Config) Validate() error {
	if c.DataDir == "" {
		return fmt.Errorf("%w: datadir: must not be empty", ErrConfig)
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			return fmt.Errorf("%w: metrics.addr %q: %v", ErrConfig, c.MetricsAddr, err)
		}
	}
	if err := c.validateBuilder(); err != nil {
		return err
	}
	if err := c.validateConstraints(); err != nil {
		return err
	}
	if err := c.validatePreconf(); err != nil {
		return err
	}
	return c.validateFaults()
}

// shutdownGrace bounds how long servers get to finish in-flight requests.
const shutdownGrace = 5 * time.Second

// component is one long-lived part of the sidecar. run blocks until ctx ends
// (returning nil) or the component fails (returning why).
type component struct {
	name string
	run  func(ctx context.Context) error
}

// Run starts the sidecar and blocks until ctx is cancelled or a component fails.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	m := newMetrics(reg)

	var comps []component
	// Listeners bind here, before anything runs, so a taken port fails the start.
	if cfg.MetricsAddr != "" {
		s, err := listen(ctx, "metrics", cfg.MetricsAddr, metricsHandler(reg, cfg.Pprof), log)
		if err != nil {
			return err
		}
		comps = append(comps, s.component())
	}
	view, cs, err := chainView(ctx, cfg, reg, log)
	if err != nil {
		return err
	}
	// The validators' registrations, kept by the Builder API, give our block its fee recipient and gas limit.
	registrations := builderapi.NewRegistrations()
	if view != nil {
		comps = append(comps, cs...)
		if cfg.PreconfChain == nil {
			cfg.PreconfChain = view
			if cfg.BuilderAddr != "" {
				cfg.PreconfChain = builderGate{View: view, regs: registrations}
			}
		}
	}
	pcs, engine, seq, err := preconfComponents(ctx, cfg, reg, log)
	if err != nil {
		return err
	}
	comps = append(comps, pcs...)
	var drops *faults.Drops
	if cfg.Faults.Addr != "" {
		drops = faults.NewDrops()
		s, err := listen(ctx, "faults", cfg.Faults.Addr, drops.Handler(), log)
		if err != nil {
			return err
		}
		log.Warn("FAULT INJECTION ON: promised txs can be dropped from our block (devnet tests only)", "addr", cfg.Faults.Addr)
		comps = append(comps, s.component())
	}
	local, lcs, err := localBlock(ctx, cfg, view, engine, seq, drops, registrations, reg, log)
	if err != nil {
		return err
	}
	comps = append(comps, lcs...)
	rc := &relayChain{view: view, engine: engine}
	if seq != nil {
		rc.cons = seq
	}
	if s, err := builderServer(ctx, cfg, local, rc, registrations, reg, log); err != nil {
		return err
	} else if s != nil {
		comps = append(comps, s.component())
	}

	if c, err := constraintsPublisher(cfg, rc, reg, log); err != nil {
		return err
	} else if c != nil {
		comps = append(comps, *c)
	}

	m.up.Set(1)
	log.Info("sidecar started", "datadir", cfg.DataDir, "metrics", cfg.MetricsAddr)
	g, gctx := errgroup.WithContext(ctx)
	for _, c := range comps {
		g.Go(func() error {
			if err := c.run(gctx); err != nil {
				log.Error("component failed", "component", c.name, "err", err)
				return fmt.Errorf("%s: %w", c.name, err)
			}
			return nil
		})
	}
	err = g.Wait()
	m.up.Set(0)
	log.Info("sidecar stopped", "err", err)
	return err
}
