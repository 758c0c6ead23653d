package builderapi

import "github.com/prometheus/client_golang/prometheus"

// metrics are the Builder API server's Prometheus series.
type metrics struct {
	calls                  *prometheus.CounterVec
	registrations          prometheus.Counter
	registrationsForwarded prometheus.Counter
	relayErrors            *prometheus.CounterVec
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
	}
	reg.MustRegister(m.calls, m.registrations, m.registrationsForwarded, m.relayErrors)
	return m
}
