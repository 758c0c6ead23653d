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

	"github.com/prometheus/client_golang/prometheus"
)

// Config is everything `based run` needs; zero values are not defaults, the
// command line fills them in.
type Config struct {
	// DataDir holds the commitment log and other durable state.
	DataDir string
	// MetricsAddr is the listen address of /metrics; empty turns it off.
	MetricsAddr string
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
	return nil
}

// shutdownGrace bounds how long servers get to finish in-flight requests.
const shutdownGrace = 5 * time.Second

// Run starts the sidecar and blocks until ctx is cancelled or a component fails.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	m := newMetrics(reg)
	m.up.Set(1)

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	var servers []*server
	if cfg.MetricsAddr != "" {
		s, err := listen(ctx, "metrics", cfg.MetricsAddr, metricsHandler(reg), log)
		if err != nil {
			return err
		}
		servers = append(servers, s)
		go func() {
			if err := s.wait(); err != nil {
				cancel(err)
			}
		}()
	}
	log.Info("sidecar started", "datadir", cfg.DataDir, "metrics", cfg.MetricsAddr)

	<-ctx.Done()
	cause := context.Cause(ctx)
	log.Info("sidecar stopping", "reason", cause)

	shutdownCtx, done := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer done()
	for _, s := range servers {
		if err := s.shutdown(shutdownCtx); err != nil {
			log.Warn("server shutdown", "server", s.name, "err", err)
		}
	}
	if errors.Is(cause, context.Canceled) {
		return nil
	}
	return cause
}
