package defender

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the defender's Prometheus series.
type Metrics struct {
	seen, defended, lost, undefendable, bumps prometheus.Counter
	sent                                      *prometheus.CounterVec
	atRisk                                    prometheus.Gauge
	latency                                   prometheus.Histogram
}

// NewMetrics registers the defender's metrics with reg (nil: unregistered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		seen:         prometheus.NewCounter(prometheus.CounterOpts{Name: "based_defender_challenges_seen_total", Help: "Challenges opened against our operator."}),
		defended:     prometheus.NewCounter(prometheus.CounterOpts{Name: "based_defender_challenges_defended_total", Help: "Challenges the slasher records as defended."}),
		lost:         prometheus.NewCounter(prometheus.CounterOpts{Name: "based_defender_challenges_slashed_total", Help: "Challenges slashed: collateral taken."}),
		undefendable: prometheus.NewCounter(prometheus.CounterOpts{Name: "based_defender_challenges_undefendable_total", Help: "Challenges of promises really broken: no defence holds."}),
		bumps:        prometheus.NewCounter(prometheus.CounterOpts{Name: "based_defender_fee_bumps_total", Help: "Defences replaced with higher fees."}),
		sent:         prometheus.NewCounterVec(prometheus.CounterOpts{Name: "based_defender_defences_sent_total", Help: "Defences sent, by kind (l1, void, balance)."}, []string{"defence"}),
		atRisk:       prometheus.NewGauge(prometheus.GaugeOpts{Name: "based_defender_value_at_risk_wei", Help: "Penalties of the open challenges against us."}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "based_defender_defence_seconds", Help: "Chain time from a challenge opening to its defence landing.",
			Buckets: []float64{4, 8, 12, 24, 36, 60, 120, 300, 600, 1800, 3600}}),
	}
	if reg != nil {
		reg.MustRegister(m.seen, m.defended, m.lost, m.undefendable, m.bumps, m.sent, m.atRisk, m.latency)
	}
	return m
}
