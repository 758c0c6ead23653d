package localblock

import "github.com/prometheus/client_golang/prometheus"

// metrics are the local block's Prometheus series.
type metrics struct {
	builds       *prometheus.CounterVec
	seconds      prometheus.Histogram
	leftOut      *prometheus.CounterVec
	simulations  prometheus.Counter
	simulatedOut prometheus.Counter
	versus       *prometheus.CounterVec
	paid         prometheus.Counter
	poolReads    *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	buckets := []float64{0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2}
	m := &metrics{
		builds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "based_localblock_builds_total",
			Help: "Builds of our own block, by result (valid: engine_newPayload said VALID; error).",
		}, []string{"result"}),
		seconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "based_localblock_build_seconds", Help: "Time from the start of a build of our block to VALID.", Buckets: buckets,
		}),
		leftOut: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "based_localblock_promises_left_out_total",
			Help: "Promised transactions that could not be in our block, by reason (void, invalid, ...).",
		}, []string{"reason"}),
		simulations: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "based_localblock_simulations_total",
			Help: "Builds that failed and had their transactions checked with eth_simulateV1.",
		}),
		simulatedOut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "based_localblock_simulated_out_total",
			Help: "Transactions eth_simulateV1 found invalid and that were left out (mempool ones included).",
		}),
		versus: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "based_localblock_versus_local_total",
			Help: "Our blocks against the beacon node's own, with a payer: ahead, paid (topped up), over_cap, failed, unknown.",
		}, []string{"outcome"}),
		paid: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "based_localblock_paid_wei_total", Help: "Wei our blocks transferred to the fee recipient to beat the beacon node's own.",
		}),
		poolReads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "based_localblock_pool_reads_total",
			Help: "How builds read the execution client's pool: snapshot (read ahead, plus what became pending since) or full (txpool_content at the build).",
		}, []string{"source"}),
	}
	reg.MustRegister(m.builds, m.seconds, m.leftOut, m.simulations, m.simulatedOut, m.versus, m.paid, m.poolReads)
	return m
}

// serviceMetrics are the series of preparing and serving our block.
type serviceMetrics struct {
	rebuilds    prometheus.Counter
	rebuildSecs prometheus.Histogram
	margin      prometheus.Histogram
	published   *prometheus.CounterVec
	refused     *prometheus.CounterVec
}

func newServiceMetrics(reg prometheus.Registerer) *serviceMetrics {
	m := &serviceMetrics{
		rebuilds: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "based_localblock_rebuilds_total",
			Help: "Blocks built when getHeader named a parent other than the one prepared (late block, reorg).",
		}),
		rebuildSecs: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "based_localblock_rebuild_seconds", Help: "Time to build our block on the parent getHeader named.",
			Buckets: []float64{0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2},
		}),
		margin: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "based_localblock_ready_margin_seconds", Help: "How long our prepared block was ready before getHeader asked for it.",
			Buckets: []float64{0, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 4, 8},
		}),
		published: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "based_localblock_unblinded_total",
			Help: "Signed blinded blocks for our bid that were unblinded, by Builder API version (v1: payload returned; v2: block published by us).",
		}, []string{"version"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "based_localblock_unblind_refused_total",
			Help: "Signed blinded blocks naming our block that were refused, by reason.",
		}, []string{"reason"}),
	}
	reg.MustRegister(m.rebuilds, m.rebuildSecs, m.margin, m.published, m.refused)
	return m
}
