package localblock

import "github.com/basedsidecar/based/preconf"

// PromiseSource is what Promises needs of the promise engine.
type PromiseSource interface {
	SlotTxs(slot uint64) []preconf.PromisedTx
}

// Promises are the constraints of today: a slot's promised L1 transactions
// in promise order. (The shared batch of the rollups will come before them.)
type Promises struct{ Engine PromiseSource }

// Constraints returns the promised transactions of slot.
func (p Promises) Constraints(slot uint64) []Constraint {
	txs := p.Engine.SlotTxs(slot)
	out := make([]Constraint, len(txs))
	for i, t := range txs {
		out[i] = Constraint{TxHash: t.TxHash, Raw: t.Raw, Void: t.Void}
	}
	return out
}
