package sidecar

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/builderapi"
	"github.com/basedsidecar/based/sidecar/chain"
	"github.com/basedsidecar/based/sidecar/keys"
	"github.com/basedsidecar/based/sidecar/localblock"
	"github.com/basedsidecar/based/sidecar/relay"
)

// LocalBlockConfig configures our own block.
type LocalBlockConfig struct {
	// KeyFile is the EIP-2335 keystore of the builder BLS key that signs our
	// bids, and PasswordFile its password; empty turns our block off.
	KeyFile, PasswordFile string
	// ExtraData is our block's extra data.
	ExtraData string
}

// validateBuilder checks the Builder API fields of c.
func (c Config) validateBuilder() error {
	if c.BuilderAddr != "" {
		if _, _, err := net.SplitHostPort(c.BuilderAddr); err != nil {
			return fmt.Errorf("%w: builder.addr %q: %v", ErrConfig, c.BuilderAddr, err)
		}
	}
	for _, r := range c.Relays {
		if _, err := relay.New(r, nil); err != nil {
			return fmt.Errorf("%w: relay: %w", ErrConfig, err)
		}
	}
	if lb := c.LocalBlock; lb.KeyFile != "" {
		switch {
		case c.BuilderAddr == "":
			return fmt.Errorf("%w: builder.key needs builder.addr", ErrConfig)
		case lb.PasswordFile == "":
			return fmt.Errorf("%w: builder.key needs builder.password-file", ErrConfig)
		case len(c.Chain.BeaconURLs) == 0 || c.Chain.ExecutionURL == "" || c.Chain.EngineURL == "":
			return fmt.Errorf("%w: builder.key needs beacon-url, execution-url, engine-url and jwt-secret", ErrConfig)
		case len(lb.ExtraData) > 32:
			return fmt.Errorf("%w: builder.extra-data: %d bytes, at most 32", ErrConfig, len(lb.ExtraData))
		}
	}
	return nil
}

// localBlock starts our own block when a builder key is configured.
func localBlock(ctx context.Context, cfg Config, view *chain.View, engine *preconf.Engine, registrations *builderapi.Registrations, reg prometheus.Registerer, log *slog.Logger) (*localblock.Service, []component, error) {
	lb := cfg.LocalBlock
	if lb.KeyFile == "" || view == nil || view.Engine() == nil {
		if lb.KeyFile != "" {
			return nil, nil, fmt.Errorf("%w: builder.key needs the chain view with an Engine API", ErrConfig)
		}
		return nil, nil, nil
	}
	sk, err := keys.LoadBLSKey(lb.KeyFile, lb.PasswordFile)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: builder.key: %w", ErrConfig, err)
	}
	eth, err := gethrpc.DialContext(ctx, cfg.Chain.ExecutionURL)
	if err != nil {
		return nil, nil, fmt.Errorf("local block: execution client: %w", err)
	}
	var cons localblock.Constraints = noConstraints{}
	if engine != nil {
		cons = localblock.Promises{Engine: engine}
	}
	l := log.With("component", "localblock")
	b := localblock.NewBuilder(eth, view.Engine().Client(), cons, []byte(lb.ExtraData), reg, l)
	bidder := func() (*localblock.Bidder, error) {
		g, ok := view.Genesis()
		if !ok {
			return nil, fmt.Errorf("local block: genesis not known yet")
		}
		return localblock.NewBidder(sk, g.ForkVersion)
	}
	pub := localblock.NewPublisher(cfg.Chain.BeaconURLs[0], &http.Client{Timeout: 10 * time.Second})
	s := localblock.NewService(b, view, registrations, bidder, pub, reg, l)
	l.Info("our own block on", "extra_data", lb.ExtraData, "promises", engine != nil)
	return s, []component{{name: "localblock", run: func(ctx context.Context) error {
		defer eth.Close()
		return s.Run(ctx)
	}}}, nil
}

// noConstraints is the constraint source without a promise engine.
type noConstraints struct{}

func (noConstraints) Constraints(uint64) []localblock.Constraint { return nil }

// builderServer binds the Builder API listener when BuilderAddr is set.
func builderServer(ctx context.Context, cfg Config, local *localblock.Service, registrations *builderapi.Registrations, reg prometheus.Registerer, log *slog.Logger) (*server, error) {
	if cfg.BuilderAddr == "" {
		return nil, nil
	}
	hc := &http.Client{Timeout: 10 * time.Second}
	relays := make([]builderapi.Relay, 0, len(cfg.Relays))
	for _, r := range cfg.Relays {
		c, err := relay.New(r, hc)
		if err != nil {
			return nil, fmt.Errorf("%w: relay: %w", ErrConfig, err)
		}
		relays = append(relays, c)
	}
	opts := []builderapi.Option{builderapi.WithRegistrations(registrations)}
	if local != nil {
		opts = append(opts, builderapi.WithLocalBlock(local))
	}
	api := builderapi.New(relays, reg, log.With("component", "builderapi"), opts...)
	return listen(ctx, "builder", cfg.BuilderAddr, api.Handler(), log)
}
