package rollup

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the node's Prometheus metrics, named based_rollup_*.
type Metrics struct {
	l1Block, derivedHead, finalizedHead, preconfHead prometheus.Gauge
	blocks, txs, skipped, reorgs, errors             prometheus.Counter
	preconfBlocks, preconfRollbacks                  prometheus.Counter
	voids                                            *prometheus.CounterVec
}

// NewMetrics creates the metrics and registers them with reg (nil: not registered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	g := func(name, help string) prometheus.Gauge {
		return prometheus.NewGauge(prometheus.GaugeOpts{Name: "based_rollup_" + name, Help: help})
	}
	c := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Name: "based_rollup_" + name, Help: help})
	}
	m := &Metrics{
		l1Block:          g("l1_derived_block", "Last L1 block derivation has read."),
		derivedHead:      g("safe_head", "Number of the L2 head derived from L1 (safe)."),
		finalizedHead:    g("finalized_head", "Number of the L2 head derived from finalized L1 blocks."),
		preconfHead:      g("preconf_head", "Number of the preconfirmed L2 head (latest)."),
		blocks:           c("derived_blocks_total", "L2 blocks derived from L1 and executed."),
		txs:              c("derived_txs_total", "Transactions included in derived L2 blocks."),
		skipped:          c("skipped_txs_total", "Listed transactions skipped at execution (docs/BATCH.md 6.3)."),
		reorgs:           c("l1_reorgs_total", "L1 reorgs that rolled the derived chain back."),
		errors:           c("derive_errors_total", "Derivation steps that failed and will be retried."),
		preconfBlocks:    c("preconf_blocks_total", "Preconfirmed L2 blocks applied from the sequencer stream."),
		preconfRollbacks: c("preconf_rollbacks_total", "Preconfirmed heads rolled back to the L1-derived chain."),
		voids: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "based_rollup_void_postings_total",
			Help: "Postings refused, by level (batch: void for every rollup; block: void for this one)."}, []string{"level"}),
	}
	if reg != nil {
		reg.MustRegister(m.l1Block, m.derivedHead, m.finalizedHead, m.preconfHead, m.blocks, m.txs, m.skipped,
			m.reorgs, m.errors, m.preconfBlocks, m.preconfRollbacks, m.voids)
	}
	return m
}
