package rpc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/net/netutil"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/ratelimit"
)

// Config holds the servers' abuse limits.
type Config struct {
	// BodyLimit caps a request body in bytes (a blob transaction needs ~1 MiB).
	BodyLimit int
	// IPRate limits requests per second per client IP (0: no limit), with IPBurst.
	IPRate  float64
	IPBurst int
	// IPKeys is how many client addresses the IP rate tracks at once; beyond
	// that, new addresses share one budget (see ratelimit.Keyed).
	IPKeys int
	// MaxConns caps concurrent connections (0: no cap).
	MaxConns int
	// WSOrigins are the allowed WebSocket origins ("*" for any).
	WSOrigins []string
}

// ErrConfig is wrapped by every invalid server configuration.
var ErrConfig = errors.New("invalid rpc configuration")

// MaxRate bounds IPRate: a rate beyond it is no limit worth the name, and
// its burst would not fit an int.
const MaxRate = 1e9

// Validate reports the first limit of c that cannot work.
func (c *Config) Validate() error {
	switch {
	case c.BodyLimit < 1<<10 || c.BodyLimit > 1<<30:
		return fmt.Errorf("%w: body limit %d: must be between 1 KiB and 1 GiB", ErrConfig, c.BodyLimit)
	case c.IPRate < 0 || c.IPRate > MaxRate || math.IsNaN(c.IPRate):
		return fmt.Errorf("%w: ip rate %g: must be between 0 and %g", ErrConfig, c.IPRate, float64(MaxRate))
	case c.IPBurst < 0:
		return fmt.Errorf("%w: ip burst %d: must not be negative", ErrConfig, c.IPBurst)
	case c.MaxConns < 0:
		return fmt.Errorf("%w: max conns %d: must not be negative", ErrConfig, c.MaxConns)
	}
	return nil
}

// DefaultConfig returns the default limits.
func DefaultConfig() Config {
	return Config{BodyLimit: 2 << 20, IPRate: 5000, IPBurst: 10000, IPKeys: ratelimit.DefaultKeys, MaxConns: 1024, WSOrigins: []string{"*"}}
}

// Server serves the engine over HTTP and WebSocket.
type Server struct {
	cfg      Config
	engine   *preconf.Engine
	chain    Chain
	log      *slog.Logger
	upgrader *websocket.Upgrader
	// base is the context of WebSocket connections; stop ends them.
	base    context.Context
	stop    context.CancelFunc
	metrics *metrics
	handler http.Handler
	methods map[string]methodSpec      // JSON-RPC methods over HTTP, but for preconf_requestInclusion
	streams atomic.Pointer[streamsBox] // the rollup topics of preconf_subscribe; nil: none
	ips     *ratelimit.Keyed[netip.Addr]
	mux     *http.ServeMux
}

// New builds the servers' handler.
func New(cfg Config, engine *preconf.Engine, chain Chain, reg prometheus.Registerer, log *slog.Logger) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, engine: engine, chain: chain, log: log, upgrader: newUpgrader(cfg.WSOrigins),
		metrics: newMetrics(reg), ips: ratelimit.New[netip.Addr](cfg.IPRate, cfg.IPBurst, cfg.IPKeys)}
	s.base, s.stop = context.WithCancel(context.Background())
	s.methods = (&api{s}).methods()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.status()) })
	mux.HandleFunc("POST /commitments/v0/gateway/commitment", s.commitmentRequest)
	mux.HandleFunc("GET /commitments/v0/gateway/commitment/{request_hash}", s.commitmentResult)
	// The paths of the earlier drafts, for old clients.
	mux.HandleFunc("POST /commitments/v0/gateway/commitmentRequest", s.commitmentRequest)
	mux.HandleFunc("GET /commitments/v0/gateway/commitmentResult/{request_hash}", s.commitmentResult)
	mux.HandleFunc("GET /commitments/v0/gateway/slots", s.slots)
	mux.HandleFunc("POST /commitments/v0/gateway/fee", s.fee)
	mux.HandleFunc("/{$}", s.root)
	mux.HandleFunc("/", notFound)
	s.handler = s.limit(mux)
	s.mux = mux
	return s, nil
}

// Mount serves h at pattern (an http.ServeMux pattern) behind the same limits.
func (s *Server) Mount(pattern string, h http.Handler) { s.mux.Handle(pattern, h) }

// Handler returns the HTTP handler with every limit applied.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve serves on ln (capped at MaxConns concurrent connections) until ctx ends.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if s.cfg.MaxConns > 0 {
		ln = netutil.LimitListener(ln, s.cfg.MaxConns)
	}
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 5 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("rpc server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	s.stop() // ends WebSocket connections, which Shutdown does not track
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

func (s *Server) status() preconf.NodeStatus {
	return preconf.NodeStatus{Chain: s.chain.Status(), Engine: s.engine.Status()}
}

// limit applies the cheap checks first: per-IP rate, then the body cap.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.allowIP(r.RemoteAddr) {
			s.metrics.refused.WithLabelValues("ip_rate").Inc()
			writeJSON(w, http.StatusTooManyRequests, restError{Code: preconf.ErrRateLimited.Code, Message: "rate limited", Field: "ip"})
			return
		}
		if r.ContentLength > int64(s.cfg.BodyLimit) {
			s.metrics.refused.WithLabelValues("body").Inc()
			writeJSON(w, http.StatusRequestEntityTooLarge, restError{Code: preconf.ErrBadRequest.Code, Message: fmt.Sprintf("body over %d bytes", s.cfg.BodyLimit), Field: "body"})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, int64(s.cfg.BodyLimit))
		next.ServeHTTP(w, r)
	})
}

func (s *Server) allowIP(remote string) bool { return s.allowIPN(remote, 1) }

// allowIPN takes n requests from remote's rate budget, all or none.
func (s *Server) allowIPN(remote string, n int) bool { return s.ips.AllowN(clientKey(remote), n) }

// clientKey is the rate-limit key of a remote address: the IPv4 address, or
// the /64 network of an IPv6 address (one host usually holds a whole /64).
func clientKey(remote string) netip.Addr {
	ap, err := netip.ParseAddrPort(remote)
	if err != nil {
		a, err := netip.ParseAddr(remote)
		if err != nil {
			return netip.Addr{} // not an address: every such caller shares one key
		}
		ap = netip.AddrPortFrom(a, 0)
	}
	a := ap.Addr().Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		a = p.Addr()
	}
	return a
}

// root serves JSON-RPC on "/": a WebSocket upgrade (serveWS), Bolt's method,
// and every other POST (serveJSONRPC), the last two and WebSocket from one
// method table.
func (s *Server) root(w http.ResponseWriter, r *http.Request) {
	if websocket.IsWebSocketUpgrade(r) {
		s.serveWS(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeJSON(w, http.StatusMethodNotAllowed, restError{Code: preconf.ErrBadRequest.Code,
			Message: "JSON-RPC takes a POST or a WebSocket upgrade", Field: "method"})
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, restError{Code: preconf.ErrBadRequest.Code, Message: err.Error(), Field: "body"})
		return
	}
	if bytes.Contains(body, []byte("bolt_requestInclusion")) {
		s.bolt(w, r, body)
		return
	}
	s.serveJSONRPC(w, r, body)
}

// notFound answers every path that is neither JSON-RPC's "/" nor a REST route.
func notFound(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusNotFound, restError{Code: preconf.ErrNotFound.Code,
		Message: fmt.Sprintf("no route for %s %s; JSON-RPC is served at /", r.Method, r.URL.Path), Field: "path"})
}

// restError is the body of every REST error.
type restError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeErr maps an engine error to a REST status and body.
func writeErr(w http.ResponseWriter, err error) {
	re, ok := preconf.AsRuleError(err)
	if !ok {
		writeJSON(w, http.StatusInternalServerError, restError{Code: -32603, Message: err.Error()})
		return
	}
	status := http.StatusBadRequest
	switch {
	case errors.Is(err, preconf.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, preconf.ErrRateLimited):
		status = http.StatusTooManyRequests
	case errors.Is(err, preconf.ErrNotReady), errors.Is(err, preconf.ErrUnavailable):
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, restError{Code: re.ErrorCode(), Message: err.Error(), Field: re.Field})
}

type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	refused  *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "based_preconf_requests_total", Help: "Inclusion requests by API and outcome (the rule that refused, or ok)."}, []string{"api", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "based_preconf_request_seconds", Help: "Time from request to durable promise or refusal.",
			Buckets: []float64{.0002, .0005, .001, .002, .005, .01, .05, .25, 1}}, []string{"api"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "based_rpc_refused_total", Help: "Requests refused by an abuse limit before any work."}, []string{"limit"}),
	}
	reg.MustRegister(m.requests, m.latency, m.refused)
	return m
}

func (m *metrics) start() time.Time { return time.Now() }

func (m *metrics) observe(api string, start time.Time, err error) {
	m.latency.WithLabelValues(api).Observe(time.Since(start).Seconds())
	outcome := "ok"
	if re, ok := preconf.AsRuleError(err); ok {
		outcome = re.Rule.Name
	} else if err != nil {
		outcome = "error"
	}
	m.requests.WithLabelValues(api, outcome).Inc()
}
