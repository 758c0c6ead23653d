package sequencer

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the sequencer's Prometheus series.
type Metrics struct {
	sealed      prometheus.Counter
	sealErrors  prometheus.Counter
	sealSeconds prometheus.Histogram
	outcomes    *prometheus.CounterVec
}

// NewMetrics registers the sequencer's series on reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		sealed:     prometheus.NewCounter(prometheus.CounterOpts{Name: "based_sequencer_batches_sealed_total", Help: "Shared batches sealed at a deadline (slots with at least one rollup block)."}),
		sealErrors: prometheus.NewCounter(prometheus.CounterOpts{Name: "based_sequencer_seal_errors_total", Help: "Deadlines whose batch could not be sealed or stored."}),
		sealSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "based_sequencer_seal_seconds", Help: "Time to seal, sign and store a batch.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 12)}),
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "based_sequencer_batches_total", Help: "Sealed batches by their outcome on L1 (landed, missed, reorged)."}, []string{"outcome"}),
	}
	for _, c := range []prometheus.Collector{m.sealed, m.sealErrors, m.sealSeconds, m.outcomes} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}
