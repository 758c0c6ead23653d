package sidecar

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// server is one HTTP listener of the sidecar.
type server struct {
	name string
	addr string
	ln   net.Listener
	srv  *http.Server
}

// listen binds addr now (so a taken port fails the start); serving starts in run.
func listen(ctx context.Context, name, addr string, h http.Handler, log *slog.Logger) (*server, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s server: listen %s: %w", name, addr, err)
	}
	log.Info("listening", "server", name, "addr", ln.Addr().String())
	return &server{
		name: name,
		addr: ln.Addr().String(),
		ln:   ln,
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 5 * time.Second,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
	}, nil
}

// run serves until ctx ends, then shuts down gracefully within shutdownGrace.
func (s *server) run(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("%s server: %w", s.name, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err := s.srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

func (s *server) component() component {
	return component{name: s.name + " server", run: s.run}
}
