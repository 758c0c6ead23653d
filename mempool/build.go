package mempool

import (
	"container/heap"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// blockBuilder assembles one rollup's block from its pool at the deadline. The pool's lock
// is held from begin to the end of the batch.
type blockBuilder struct {
	p       *Pool
	gasLeft uint64
	txs     []*entry
	next    map[common.Address]uint64 // next nonce of each sender in this block
}

func (p *Pool) begin() *blockBuilder {
	return &blockBuilder{p: p, gasLeft: p.cfg.GasLimit, next: make(map[common.Address]uint64)}
}

func (b *blockBuilder) nextNonce(a common.Address) uint64 {
	if n, ok := b.next[a]; ok {
		return n
	}
	return b.p.accounts[a].nonce
}

func (b *blockBuilder) push(e *entry) {
	b.txs = append(b.txs, e)
	b.gasLeft -= e.gas
	b.next[e.sender] = e.nonce + 1
}

// promised lists the pinned txs in promise order (their senders' earlier txs are pinned
// before them, so each is its sender's next).
func (b *blockBuilder) promised() {
	for _, e := range b.p.pins {
		if e.gas > b.gasLeft || e.nonce != b.nextNonce(e.sender) {
			continue // cannot happen for pins of a consistent pool; never list a tx that would be skipped
		}
		b.push(e)
	}
}

// chain returns the txs the sender must have in the block, from its next nonce up to and
// including e, or nil if that run is not all executable and paying the base fee.
func (b *blockBuilder) chain(e *entry) []*entry {
	acc := b.p.accounts[e.sender]
	from := b.nextNonce(e.sender)
	if e.nonce < from || acc == nil {
		return nil
	}
	i0 := int(from - acc.nonce)
	i1 := int(e.nonce - acc.nonce)
	if i1 >= acc.pending || acc.txs[i1] != e {
		return nil
	}
	run := acc.txs[i0 : i1+1]
	for _, t := range run {
		if t.underpaid {
			return nil
		}
	}
	return run
}

// fill adds the remaining executable txs by effective tip, highest first, each sender's in
// nonce order, while gas lasts; bundle legs come only with their bundle.
func (b *blockBuilder) fill() {
	h := &tipHeap{}
	for a, acc := range b.p.accounts {
		n := b.nextNonce(a)
		if i := int(n - acc.nonce); n >= acc.nonce && i < acc.pending {
			if e := acc.txs[i]; !e.underpaid && e.bundle == nil {
				*h = append(*h, e)
			}
		}
	}
	heap.Init(h)
	for h.Len() > 0 && b.gasLeft >= 21000 {
		e := (*h)[0]
		if e.gas > b.gasLeft {
			heap.Pop(h) // this sender waits for the next block
			continue
		}
		b.push(e)
		acc := b.p.accounts[e.sender]
		if i := int(e.nonce + 1 - acc.nonce); i < acc.pending {
			if nx := acc.txs[i]; !nx.underpaid && nx.bundle == nil {
				(*h)[0] = nx
				heap.Fix(h, 0)
				continue
			}
		}
		heap.Pop(h)
	}
}

func (b *blockBuilder) transactions() []*types.Transaction {
	out := make([]*types.Transaction, len(b.txs))
	for i, e := range b.txs {
		out[i] = e.tx
	}
	return out
}

// tipHeap orders senders' next txs by effective tip, highest first, then the oldest.
type tipHeap []*entry

func (h tipHeap) Len() int { return len(h) }
func (h tipHeap) Less(i, j int) bool {
	if c := h[i].eff.Cmp(&h[j].eff); c != 0 {
		return c > 0
	}
	return h[i].added.Before(h[j].added)
}
func (h tipHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *tipHeap) Push(x any)   { *h = append(*h, x.(*entry)) }
func (h *tipHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// Block returns the rollup block the pool would build now: promised txs in promise order,
// then by effective tip up to the gas limit.
func (p *Pool) Block() []*types.Transaction {
	p.mu.Lock()
	defer p.mu.Unlock()
	b := p.begin()
	b.promised()
	b.fill()
	return b.transactions()
}
