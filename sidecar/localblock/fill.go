package localblock

import (
	"cmp"
	"container/heap"
	"math/big"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// blobRoom is what the block has left for the pool's blob transactions: its
// blobs, and the blob base fee each must be able to pay (nil: none fits).
type blobRoom struct {
	left int
	fee  *big.Int
}

// fits says whether tx's blobs fit the room, taking them when they do.
func (r *blobRoom) fits(tx *types.Transaction) bool {
	n := len(tx.BlobHashes())
	if r.fee == nil || n > r.left || tx.BlobGasFeeCap().Cmp(r.fee) < 0 {
		return false
	}
	r.left -= n
	return true
}

// fill orders the pool's transactions after the constraints: by effective
// tip at baseFee, nonce order per sender, until the sum of gas limits
// (constraints included) would pass gasLimit. Blob transactions beyond the
// blob room or below its blob base fee, those that cannot pay baseFee (and
// the sender's later ones), and a sender's transactions at or below the
// nonce of one of its constraints are dropped, and so are those at or above
// the nonce later holds for the sender (promised for a later slot).
func fill(cons []candidate, pool map[common.Address][]*types.Transaction, later map[common.Address]uint64, baseFee *big.Int, gasLimit uint64, blobs blobRoom) []candidate {
	var gas uint64
	taken := map[common.Hash]bool{}
	below := map[common.Address]uint64{} // a sender's pool txs must have a nonce above this
	for _, c := range cons {
		gas += c.tx.Gas()
		taken[c.tx.Hash()] = true
		if n, ok := below[c.from]; !ok || c.tx.Nonce()+1 > n {
			below[c.from] = c.tx.Nonce() + 1
		}
	}
	h := &byTip{baseFee: baseFee}
	for from, txs := range pool {
		txs = slices.Clone(txs)
		slices.SortFunc(txs, func(a, b *types.Transaction) int { return cmp.Compare(a.Nonce(), b.Nonce()) })
		min := below[from]
		i := 0
		for i < len(txs) && (txs[i].Nonce() < min || taken[txs[i].Hash()]) {
			i++
		}
		txs = txs[i:]
		if n, ok := later[from]; ok {
			j := 0
			for j < len(txs) && txs[j].Nonce() < n {
				j++
			}
			txs = txs[:j]
		}
		if len(txs) == 0 {
			continue
		}
		if _, ok := below[from]; ok && txs[0].Nonce() != min {
			continue // a gap after the constraints
		}
		h.items = append(h.items, &senderTxs{from: from, txs: txs})
	}
	for _, s := range h.items {
		s.tip = effectiveTip(s.txs[0], baseFee)
	}
	heap.Init(h)
	var out []candidate
	for h.Len() > 0 {
		s := h.items[0]
		tx := s.txs[0]
		ok := s.tip != nil && tx.GasFeeCap().Cmp(baseFee) >= 0 && gas+tx.Gas() <= gasLimit && (tx.Type() != types.BlobTxType || blobs.fits(tx))
		if !ok {
			heap.Pop(h) // the sender's later nonces cannot go in either
			continue
		}
		raw, err := tx.MarshalBinary()
		if err != nil {
			heap.Pop(h)
			continue
		}
		gas += tx.Gas()
		out = append(out, candidate{tx: tx, raw: raw, from: s.from})
		s.txs = s.txs[1:]
		if len(s.txs) == 0 {
			heap.Pop(h)
			continue
		}
		s.tip = effectiveTip(s.txs[0], baseFee)
		heap.Fix(h, 0)
	}
	return out
}

// effectiveTip is what tx pays the fee recipient per gas at baseFee; nil when it cannot pay baseFee.
func effectiveTip(tx *types.Transaction, baseFee *big.Int) *big.Int {
	t, err := tx.EffectiveGasTip(baseFee)
	if err != nil {
		return nil
	}
	return t
}

// senderTxs are one sender's pool transactions in nonce order.
type senderTxs struct {
	from common.Address
	txs  []*types.Transaction
	tip  *big.Int
}

// byTip is a max-heap of senders by the effective tip of their next transaction.
type byTip struct {
	baseFee *big.Int
	items   []*senderTxs
}

func (h *byTip) Len() int { return len(h.items) }
func (h *byTip) Less(i, j int) bool {
	a, b := h.items[i].tip, h.items[j].tip
	switch {
	case a == nil:
		return false
	case b == nil:
		return true
	}
	if c := a.Cmp(b); c != 0 {
		return c > 0
	}
	return h.items[i].txs[0].Time().Before(h.items[j].txs[0].Time())
}
func (h *byTip) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *byTip) Push(x any)    { h.items = append(h.items, x.(*senderTxs)) }
func (h *byTip) Pop() any {
	old := h.items
	x := old[len(old)-1]
	h.items = old[:len(old)-1]
	return x
}
