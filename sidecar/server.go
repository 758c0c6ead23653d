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
	srv  *http.Server
	errc chan error
}

// listen binds addr synchronously (so a taken port fails the start) and serves h.
func listen(ctx context.Context, name, addr string, h http.Handler, log *slog.Logger) (*server, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s server: listen %s: %w", name, addr, err)
	}
	s := &server{
		name: name,
		addr: ln.Addr().String(),
		srv: &http.Server{
			Handler:           h,
			ReadHeaderTimeout: 5 * time.Second,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
		errc: make(chan error, 1),
	}
	log.Info("listening", "server", name, "addr", s.addr)
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.errc <- err
	}()
	return s, nil
}

// wait returns when the server stops; nil after a clean shutdown.
func (s *server) wait() error {
	err := <-s.errc
	s.errc <- err
	if err != nil {
		return fmt.Errorf("%s server: %w", s.name, err)
	}
	return nil
}

func (s *server) shutdown(ctx context.Context) error {
	return s.srv.Shutdown(ctx)
}
