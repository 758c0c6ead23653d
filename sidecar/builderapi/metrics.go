package builderapi

import "github.com/prometheus/client_golang/prometheus"

// metrics are the Builder API server's Prometheus series.
type metrics struct {
	calls                  *prometheus.CounterVec
	registrations          prometheus.Counter
	registrationsForwarded prometheus.Counter
	relayErrors            *prometheus.CounterVec
	headerSeconds          prometheus.Histogram
	bidsServed             *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "based_builder_calls_total",
			Help: "Builder API calls from the beacon node, by call and answered status code.",
		}, []string{"call", "code"}),
		registrations: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "based_builder_registrations_total",
			Help: "Validator registrations received from the beacon node.",
		}),
		registrationsForwarded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "based_builder_registrations_forwarded_total",
			Help: "Validator registrations accepted by a relay (counted once per relay).",
		}),
		relayErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "based_builder_relay_errors_total",
			Help: "Relay calls that failed or were refused, by call.",
		}, []string{"call"}),
		headerSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "based_builder_header_seconds",
			Help:    "Time to answer a getHeader call, relays included.",
			Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1},
		}),
		bidsServed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "based_builder_bids_served_total",
			Help: "Bids served to the beacon node, by source (local: our own block; relay).",
		}, []string{"source"}),
	}
	reg.MustRegister(m.calls, m.registrations, m.registrationsForwarded, m.relayErrors, m.headerSeconds, m.bidsServed)
	return m
}
