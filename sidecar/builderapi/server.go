// Package builderapi serves the Builder API (mev-boost compatible) to the
// beacon node and forwards its calls to the configured relays.
package builderapi

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/relay"
)

// Relay is what the server needs of one relay.
type Relay interface {
	String() string
	// Pubkey is the relay's BLS key, from its URL.
	Pubkey() phase0.BLSPubKey
	Do(ctx context.Context, method, path string, body []byte, header http.Header) (*relay.Response, error)
	RegisterValidators(ctx context.Context, body []byte, contentType string) error
	GetHeader(ctx context.Context, slot uint64, parentHash, pubkey string) (*relay.Response, error)
}

// Content types of the Builder API.
const (
	contentJSON = "application/json"
	contentSSZ  = "application/octet-stream"
)

// sszRegistrationSize is the SSZ size of one SignedValidatorRegistration:
// fee_recipient 20 + gas_limit 8 + timestamp 8 + pubkey 48 + signature 96.
const sszRegistrationSize = 180

// maxBody bounds request bodies (a registration batch of 100,000 validators
// in JSON is about 50 MB).
const maxBody = 64 << 20

// DefaultHeaderTimeout is how long relays get to answer getHeader (as mev-boost).
const DefaultHeaderTimeout = 950 * time.Millisecond

// Server is the Builder API server.
type Server struct {
	relays        []Relay
	log           *slog.Logger
	headerTimeout time.Duration
	m             *metrics
	checker       BidChecker
	local         LocalBlock
	regs          *Registrations
	served        servedBids
}

// Option configures a Server.
type Option func(*Server)

// WithBidChecker makes getHeader serve only relay bids that c accepts
// (default ValueOnly).
func WithBidChecker(c BidChecker) Option { return func(s *Server) { s.checker = c } }

// WithLocalBlock offers our own block next to the relays' bids.
func WithLocalBlock(l LocalBlock) Option { return func(s *Server) { s.local = l } }

// WithRegistrations keeps the validators' registrations in r (default: a store of the server's own).
func WithRegistrations(r *Registrations) Option { return func(s *Server) { s.regs = r } }

// New returns a server forwarding to relays, with its metrics on reg.
func New(relays []Relay, reg prometheus.Registerer, log *slog.Logger, opts ...Option) *Server {
	s := &Server{relays: relays, log: log, headerTimeout: DefaultHeaderTimeout, m: newMetrics(reg), checker: ValueOnly{}}
	for _, o := range opts {
		o(s)
	}
	if s.regs == nil {
		s.regs = NewRegistrations()
	}
	return s
}

// Registrations is the store of the validators' latest registrations.
func (s *Server) Registrations() *Registrations { return s.regs }

// Handler routes the Builder API.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /eth/v1/builder/status", s.status)
	mux.HandleFunc("POST /eth/v1/builder/validators", s.validators)
	mux.HandleFunc("GET /eth/v1/builder/header/{slot}/{parent_hash}/{pubkey}", s.header)
	mux.HandleFunc("POST /eth/v1/builder/blinded_blocks", s.blindedBlocks("v1"))
	mux.HandleFunc("POST /eth/v2/builder/blinded_blocks", s.blindedBlocks("v2"))
	return mux
}

// apiError is the Builder API's error body.
type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", contentJSON)
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(apiError{Code: code, Message: msg})
}

// statusTimeout bounds the relays' answers to a status check.
const statusTimeout = time.Second

// status answers 200 when a bid can be served: our own block is ready to be
// bid, or a relay answers its own status with 200; 503 naming why otherwise.
func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	var why []string
	if s.local != nil {
		err := s.local.Ready()
		if err == nil {
			s.m.calls.WithLabelValues("status", "200").Inc()
			w.WriteHeader(http.StatusOK)
			return
		}
		why = append(why, "our block: "+err.Error())
	}
	ctx, cancel := context.WithTimeout(r.Context(), statusTimeout)
	defer cancel()
	up := make(chan bool, len(s.relays))
	for _, rl := range s.relays {
		go func() {
			resp, err := rl.Do(ctx, http.MethodGet, "/eth/v1/builder/status", nil, nil)
			up <- err == nil && resp.Status == http.StatusOK
		}()
	}
	for range s.relays {
		if <-up {
			s.m.calls.WithLabelValues("status", "200").Inc()
			w.WriteHeader(http.StatusOK)
			return
		}
	}
	why = append(why, fmt.Sprintf("relays: none of %d answered 200", len(s.relays)))
	s.m.calls.WithLabelValues("status", "503").Inc()
	writeError(w, http.StatusServiceUnavailable, "no bid can be served: "+strings.Join(why, "; "))
}

// ErrBadRequest is wrapped by every rejected request body or path.
var ErrBadRequest = errors.New("builderapi: bad request")

// mediaType is the media type of a Content-Type header, JSON when empty.
func mediaType(h string) string {
	if h == "" {
		return contentJSON
	}
	mt, _, _ := strings.Cut(h, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// CountRegistrations checks a registrations body in the given media type
// and returns how many registrations it holds.
func CountRegistrations(body []byte, contentType string) (int, error) {
	regs, err := ParseRegistrations(body, contentType)
	return len(regs), err
}

// isHex reports whether s is 0x followed by exactly n bytes of hex.
func isHex(s string, n int) bool {
	if len(s) != 2+2*n || s[:2] != "0x" {
		return false
	}
	_, err := hex.DecodeString(s[2:])
	return err == nil
}

// validators forwards registrations to every relay and answers 200 once
// they are well formed: the sidecar itself is the proposer's builder, so a
// relay refusing them (counted in based_builder_relay_errors_total) must not
// make the beacon node drop its registration.
func (s *Server) validators(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		s.m.calls.WithLabelValues("validators", "400").Inc()
		writeError(w, http.StatusBadRequest, "read body: "+err.Error())
		return
	}
	ct := mediaType(r.Header.Get("Content-Type"))
	regs, err := ParseRegistrations(body, ct)
	n := len(regs)
	if err != nil {
		code := http.StatusBadRequest
		if ct != contentJSON && ct != contentSSZ {
			code = http.StatusUnsupportedMediaType
		}
		s.m.calls.WithLabelValues("validators", strconv.Itoa(code)).Inc()
		writeError(w, code, err.Error())
		return
	}
	s.m.registrations.Add(float64(n))
	s.regs.put(regs)
	s.each(r.Context(), func(ctx context.Context, rl Relay) {
		if err := rl.RegisterValidators(ctx, body, ct); err != nil {
			s.m.relayErrors.WithLabelValues("validators").Inc()
			s.log.Warn("relay refused registrations", "relay", rl.String(), "count", n, "err", err)
			return
		}
		s.m.registrationsForwarded.Add(float64(n))
	})
	s.log.Debug("validator registrations", "count", n, "content_type", ct)
	s.m.calls.WithLabelValues("validators", "200").Inc()
	w.WriteHeader(http.StatusOK)
}

// HeaderRequest is the parsed path of a getHeader call.
type HeaderRequest struct {
	Slot       uint64
	ParentHash string
	Pubkey     string
}

// ParseHeaderRequest checks the path values of a getHeader call.
func ParseHeaderRequest(slot, parentHash, pubkey string) (HeaderRequest, error) {
	n, err := strconv.ParseUint(slot, 10, 64)
	if err != nil {
		return HeaderRequest{}, fmt.Errorf("%w: slot %q: %v", ErrBadRequest, slot, err)
	}
	if !isHex(strings.ToLower(parentHash), 32) {
		return HeaderRequest{}, fmt.Errorf("%w: parent_hash %q: want 0x and 32 bytes of hex", ErrBadRequest, parentHash)
	}
	if !isHex(strings.ToLower(pubkey), 48) {
		return HeaderRequest{}, fmt.Errorf("%w: pubkey %q: want 0x and 48 bytes of hex", ErrBadRequest, pubkey)
	}
	return HeaderRequest{Slot: n, ParentHash: strings.ToLower(parentHash), Pubkey: strings.ToLower(pubkey)}, nil
}

// bidValue reads data.message.value of a JSON bid.
func bidValue(body []byte) (*big.Int, error) {
	var b struct {
		Data struct {
			Message struct {
				Value string `json:"value"`
			} `json:"message"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, fmt.Errorf("bid: %w", err)
	}
	v, ok := new(big.Int).SetString(b.Data.Message.Value, 10)
	if !ok || v.Sign() < 0 {
		return nil, fmt.Errorf("bid: value %q is not a decimal wei amount", b.Data.Message.Value)
	}
	return v, nil
}

// header asks every relay and our own block for a bid (within the header
// timeout), keeps the relay bids the BidChecker accepts, and serves the
// candidate Choose picks; 204 when there is none.
func (s *Server) header(w http.ResponseWriter, r *http.Request) {
	req, err := ParseHeaderRequest(r.PathValue("slot"), r.PathValue("parent_hash"), r.PathValue("pubkey"))
	if err != nil {
		s.m.calls.WithLabelValues("header", "400").Inc()
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.regs.headerAsked()
	start := time.Now()
	defer func() { s.m.headerSeconds.Observe(time.Since(start).Seconds()) }()
	ctx, cancel := context.WithTimeout(r.Context(), s.headerTimeout)
	defer cancel()
	var cands candidates
	var wg sync.WaitGroup
	if s.local != nil {
		wg.Go(func() {
			c, err := s.local.Bid(ctx, req)
			if err != nil {
				s.log.Warn("no local bid", "slot", req.Slot, "parent_hash", req.ParentHash, "err", err)
				return
			}
			if c != nil {
				c.Local = true
				cands.add(c)
			}
		})
	}
	s.each(ctx, func(ctx context.Context, rl Relay) {
		resp, err := rl.GetHeader(ctx, req.Slot, req.ParentHash, req.Pubkey)
		if err != nil {
			if c, ok := s.checker.(refusalCounter); ok {
				c.Refused(rl, err)
			}
			s.m.relayErrors.WithLabelValues("header").Inc()
			s.log.Warn("relay header", "relay", rl.String(), "slot", req.Slot, "err", err)
			return
		}
		if resp == nil {
			return
		}
		v, err := s.checker.CheckBid(ctx, req, rl, resp)
		if err != nil {
			s.m.relayErrors.WithLabelValues("header").Inc()
			s.log.Warn("relay bid refused", "relay", rl.String(), "slot", req.Slot, "err", err)
			return
		}
		cands.add(&Candidate{Source: rl.String(), Value: v, Body: resp.Body, relay: rl})
	})
	wg.Wait()
	best := Choose(cands.list)
	if best == nil {
		s.m.calls.WithLabelValues("header", "204").Inc()
		s.log.Debug("no bid", "slot", req.Slot, "parent_hash", req.ParentHash)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !best.Local {
		if h, ok := bidBlockHash(best.Body); ok {
			var offering []Relay
			for _, c := range cands.list {
				if c.relay != nil {
					if ch, ok := bidBlockHash(c.Body); ok && ch == h {
						offering = append(offering, c.relay)
					}
				}
			}
			s.served.put(h, offering)
		}
	}
	s.m.calls.WithLabelValues("header", "200").Inc()
	s.m.bidsServed.WithLabelValues(sourceLabel(best)).Inc()
	s.log.Info("bid", "slot", req.Slot, "source", best.Source, "value", best.Value.String(), "candidates", len(cands.list))
	w.Header().Set("Content-Type", contentJSON)
	_, _ = w.Write(best.Body)
}

// sourceLabel is the metric label of a candidate's source.
func sourceLabel(c *Candidate) string {
	if c.Local {
		return "local"
	}
	return "relay"
}

// forwardHeaders are the request headers passed on to relays with a blinded block.
var forwardHeaders = []string{"Content-Type", "Accept", "Eth-Consensus-Version", "User-Agent"}

// blindedBlocks forwards a signed blinded block to every relay: v1 answers
// with the first payload returned, v2 (Fulu) with 202 once a relay accepts.
func (s *Server) blindedBlocks(version string) http.HandlerFunc {
	call := "blinded_blocks_" + version
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil || len(body) == 0 {
			s.m.calls.WithLabelValues(call, "400").Inc()
			writeError(w, http.StatusBadRequest, "empty or unreadable body")
			return
		}
		if s.local != nil {
			out, err := s.local.Unblind(r.Context(), version, body, mediaType(r.Header.Get("Content-Type")))
			switch {
			case err == nil:
				if version == "v1" {
					s.m.calls.WithLabelValues(call, "200").Inc()
					w.Header().Set("Content-Type", contentJSON)
					_, _ = w.Write(out)
					return
				}
				s.m.calls.WithLabelValues(call, "202").Inc()
				w.WriteHeader(http.StatusAccepted)
				return
			case !errors.Is(err, ErrNotOurs):
				code := http.StatusBadRequest
				if !errors.Is(err, ErrBadRequest) {
					code = http.StatusInternalServerError
				}
				s.m.calls.WithLabelValues(call, strconv.Itoa(code)).Inc()
				s.log.Warn("blinded block for our bid refused", "version", version, "err", err)
				writeError(w, code, err.Error())
				return
			}
		}
		h := http.Header{}
		for _, k := range forwardHeaders {
			if v := r.Header.Get(k); v != "" {
				h.Set(k, v)
			}
		}
		// The blinded block goes to the relays whose bid we served for its
		// header; to all of them only when that is not known (a restart in
		// between). A v1 payload must match the header the proposer signed.
		want, err := decodeBlinded(body, mediaType(r.Header.Get("Content-Type")))
		if err != nil {
			s.log.Warn("blinded block not readable; its payload cannot be checked", "version", version, "err", err)
		}
		relays := s.relays
		if want != nil {
			if rs, ok := s.served.get(want.BlockHash); ok {
				relays = rs
			} else {
				s.log.Warn("blinded block for a header not served here; asking every relay", "slot", want.Slot, "block_hash", want.BlockHash)
			}
		}
		got := s.unblindAtRelays(r.Context(), relays, version, call, body, h, want)
		if got == nil {
			s.m.calls.WithLabelValues(call, "502").Inc()
			writeError(w, http.StatusBadGateway, "no relay accepted the blinded block")
			return
		}
		s.m.calls.WithLabelValues(call, strconv.Itoa(got.Status)).Inc()
		if got.ContentType != "" {
			w.Header().Set("Content-Type", got.ContentType)
		}
		w.WriteHeader(got.Status)
		if version == "v1" {
			_, _ = w.Write(got.Body)
		}
	}
}

// each runs f for every relay concurrently and waits for all.
func (s *Server) each(ctx context.Context, f func(context.Context, Relay)) {
	var wg sync.WaitGroup
	for _, rl := range s.relays {
		wg.Go(func() { f(ctx, rl) })
	}
	wg.Wait()
}
