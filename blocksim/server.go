package blocksim

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics count validations by result.
type Metrics struct {
	results  *prometheus.CounterVec
	duration prometheus.Histogram
}

// NewMetrics registers the validator's metrics on reg (nil: not registered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		results: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "based_blocksim_validations_total",
			Help: "Block submissions validated for a relay, by result (valid, invalid, bad_request, execution_error)."}, []string{"result"}),
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "based_blocksim_validation_seconds",
			Help: "Time to validate one block submission.", Buckets: prometheus.ExponentialBuckets(0.005, 2, 12)}),
	}
	if reg != nil {
		reg.MustRegister(m.results, m.duration)
	}
	return m
}

func (m *Metrics) observe(err error) {
	if m == nil {
		return
	}
	m.results.WithLabelValues(resultLabel(err)).Inc()
}

func resultLabel(err error) string {
	switch {
	case err == nil:
		return "valid"
	case errors.Is(err, ErrBadRequest):
		return "bad_request"
	case errors.Is(err, ErrInvalid):
		return "invalid"
	default:
		return "execution_error"
	}
}

// rpcError gives a validation error its JSON-RPC code: -32602 for a
// malformed submission, -32000 for one that is not valid, -32603 when the
// execution client could not be asked.
type rpcError struct{ err error }

func (e rpcError) Error() string { return e.err.Error() }
func (e rpcError) Unwrap() error { return e.err }
func (e rpcError) ErrorCode() int {
	switch {
	case errors.Is(e.err, ErrBadRequest):
		return -32602
	case errors.Is(e.err, ErrInvalid):
		return -32000
	default:
		return -32603
	}
}

// api is the flashbots_ namespace the relay calls.
type api struct {
	v       *Validator
	timeout time.Duration
}

// ValidateBuilderSubmissionV5 validates a Fulu block submission.
func (a *api) ValidateBuilderSubmissionV5(ctx context.Context, r *Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	t0 := time.Now()
	val, err := a.v.Validate(ctx, r)
	if a.v.m != nil {
		a.v.m.duration.Observe(time.Since(t0).Seconds())
	}
	if err != nil {
		return nil, rpcError{err}
	}
	return &Response{BlockValue: val}, nil
}

// Handler serves flashbots_validateBuilderSubmissionV5 as JSON-RPC over HTTP.
func Handler(v *Validator) (http.Handler, error) {
	srv := rpc.NewServer()
	if err := srv.RegisterName("flashbots", &api{v: v, timeout: 10 * time.Second}); err != nil {
		return nil, err
	}
	return srv, nil
}
