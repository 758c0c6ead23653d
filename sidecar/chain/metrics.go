package chain

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the chain view's based_chain_* series.
type metrics struct {
	headSlot       prometheus.Gauge
	clockSlot      prometheus.Gauge
	ready          prometheus.Gauge
	reorgs         prometheus.Counter
	dutyRefreshes  prometheus.Counter
	dutyChanges    prometheus.Counter
	failovers      prometheus.Counter
	badEvents      prometheus.Counter
	requestSeconds *prometheus.HistogramVec
	requestErrors  *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		headSlot:      prometheus.NewGauge(prometheus.GaugeOpts{Name: "based_chain_head_slot", Help: "Slot of the beacon head block."}),
		clockSlot:     prometheus.NewGauge(prometheus.GaugeOpts{Name: "based_chain_clock_slot", Help: "Slot of the wall clock."}),
		ready:         prometheus.NewGauge(prometheus.GaugeOpts{Name: "based_chain_ready", Help: "1 while the chain view allows promises."}),
		reorgs:        prometheus.NewCounter(prometheus.CounterOpts{Name: "based_chain_reorgs_total", Help: "Chain reorgs reported by the beacon node."}),
		dutyRefreshes: prometheus.NewCounter(prometheus.CounterOpts{Name: "based_chain_duty_refreshes_total", Help: "Proposer duty fetches of an epoch."}),
		dutyChanges:   prometheus.NewCounter(prometheus.CounterOpts{Name: "based_chain_duty_changes_total", Help: "Refreshes that changed an epoch's known proposers."}),
		failovers:     prometheus.NewCounter(prometheus.CounterOpts{Name: "based_chain_beacon_failovers_total", Help: "Switches to another beacon node."}),
		badEvents:     prometheus.NewCounter(prometheus.CounterOpts{Name: "based_chain_bad_events_total", Help: "Beacon events that could not be decoded."}),
		requestSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "based_chain_upstream_request_seconds", Help: "Latency of requests to the beacon node and execution client.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"upstream", "op"}),
		requestErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "based_chain_upstream_errors_total", Help: "Failed requests to the beacon node and execution client."}, []string{"upstream", "op"}),
	}
	if reg != nil {
		reg.MustRegister(m.headSlot, m.clockSlot, m.ready, m.reorgs, m.dutyRefreshes, m.dutyChanges, m.failovers, m.badEvents, m.requestSeconds, m.requestErrors)
	}
	return m
}

func (m *metrics) observe(upstream, op string, d time.Duration, err error) {
	m.requestSeconds.WithLabelValues(upstream, op).Observe(d.Seconds())
	if err != nil {
		m.requestErrors.WithLabelValues(upstream, op).Inc()
	}
}
