package rollup

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the rollup pools' Prometheus series.
type Metrics struct {
	txs    *prometheus.CounterVec
	blocks *prometheus.CounterVec
}

// NewMetrics registers the series of the rollups on reg: transactions received by rollup
// and outcome, external blocks by rollup and outcome, and each pool's executable and future
// counts.
func NewMetrics(reg prometheus.Registerer, rollups ...*Rollup) (*Metrics, error) {
	m := &Metrics{
		txs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "based_mempool_txs_total",
			Help: "Transactions sent to a rollup's endpoint, by chain id and outcome (ok or the rule that refused)."}, []string{"chain_id", "outcome"}),
		blocks: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "based_mempool_external_blocks_total",
			Help: "External blocks (rollup_submitBlock) by chain id and outcome: accepted, the rule that refused one (params for malformed params), and what became of a held one (replaced, sealed, dropped_<reason>)."}, []string{"chain_id", "outcome"}),
	}
	for _, c := range []prometheus.Collector{m.txs, m.blocks} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	for _, r := range rollups {
		r.metrics = m
		labels := prometheus.Labels{"chain_id": r.cfg.ChainID.String()}
		pool := r.pool
		for _, g := range []prometheus.Collector{
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "based_mempool_pending", Help: "Executable transactions in a rollup's pool.", ConstLabels: labels},
				func() float64 { p, _ := pool.Stats(); return float64(p) }),
			prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "based_mempool_queued", Help: "Future (not yet executable) transactions in a rollup's pool.", ConstLabels: labels},
				func() float64 { _, q := pool.Stats(); return float64(q) }),
		} {
			if err := reg.Register(g); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

func (m *Metrics) received(chainID, outcome string) {
	if m != nil {
		m.txs.WithLabelValues(chainID, outcome).Inc()
	}
}

func (m *Metrics) external(chainID, outcome string) {
	if m != nil {
		m.blocks.WithLabelValues(chainID, outcome).Inc()
	}
}
