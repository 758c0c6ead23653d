package sidecar

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/chain"
)

// chainView starts the chain view when a beacon node is configured; it
// returns nil (and no component) otherwise.
func chainView(ctx context.Context, cfg Config, reg prometheus.Registerer, log *slog.Logger) (*chain.View, []component, error) {
	if len(cfg.Chain.BeaconURLs) == 0 {
		return nil, nil, nil
	}
	v, err := chain.New(ctx, cfg.Chain, log, reg)
	if err != nil {
		return nil, nil, err
	}
	log.Info("chain view", "beacon", cfg.Chain.BeaconURLs, "execution", cfg.Chain.ExecutionURL, "validators", len(cfg.Chain.Validators))
	return v, []component{{name: "chain", run: v.Run}}, nil
}
