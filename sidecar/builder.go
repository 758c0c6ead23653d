package sidecar

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/builderapi"
	"github.com/basedsidecar/based/sidecar/relay"
)

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
	return nil
}

// builderServer binds the Builder API listener when BuilderAddr is set.
func builderServer(ctx context.Context, cfg Config, reg prometheus.Registerer, log *slog.Logger) (*server, error) {
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
	api := builderapi.New(relays, reg, log.With("component", "builderapi"))
	return listen(ctx, "builder", cfg.BuilderAddr, api.Handler(), log)
}
