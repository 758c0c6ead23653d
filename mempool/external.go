package mempool

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// External block errors. Every refusal of an external block is an *ExternalBlockError,
// which wraps ErrExternalBlock and the rule that refused it: one of these, or a pool or
// go-ethereum error (core.ErrNonceTooHigh, core.ErrInsufficientFunds, ...).
var (
	ErrExternalBlock = errors.New("external block refused")
	ErrPromiseOrder  = errors.New("promised transactions missing or out of promise order")
	ErrBlockValue    = errors.New("block is worth no more than the best one")
	ErrPayment       = errors.New("invalid payment")
	ErrNoOperator    = errors.New("no operator address to pay")
)

// ExternalBlockError is the refusal of an external block: the field at fault (txs[i],
// payment, or txs for the list as a whole) and the rule it breaks.
type ExternalBlockError struct {
	Field string
	Err   error
}

func (e *ExternalBlockError) Error() string {
	return fmt.Sprintf("%v: %s: %v", ErrExternalBlock, e.Field, e.Err)
}

// Unwrap returns ErrExternalBlock and the rule, for errors.Is.
func (e *ExternalBlockError) Unwrap() []error { return []error{ErrExternalBlock, e.Err} }

func refuse(field string, err error) error { return &ExternalBlockError{Field: field, Err: err} }

// BlockValue is what an accepted external block is worth to the operator and what the
// block the pool would build itself was worth at that moment, in wei.
type BlockValue struct {
	Value *uint256.Int
	Ours  *uint256.Int
}

// externalBlock is the best external block held for the next seal: its txs with the
// payment last, checked on the head it names.
type externalBlock struct {
	entries []*entry
	value   uint256.Int
	head    common.Hash
}

// SubmitBlock checks a whole rollup block from an external builder, txs followed by
// payment, and holds it for the next seal if it is the most valuable valid block: it must
// list every promised tx first, in promise order; each sender's nonces run on from its
// state nonce and it can pay for all its txs; no tx is a bundle leg or blob tx, and every
// fee cap covers the base fee; the total gas is within the L2 gas limit; the payment is last
// and pays value to the operator. Its value (the payment's value and every tx's effective
// tip) must exceed the block the pool would build itself now and the external block held.
// Nothing is stored unless every check passes.
func (p *Pool) SubmitBlock(ctx context.Context, txs []*types.Transaction, payment *types.Transaction) (BlockValue, error) {
	if p.cfg.Operator == (common.Address{}) {
		return BlockValue{}, refuse("payment", ErrNoOperator)
	}
	if payment == nil {
		return BlockValue{}, refuse("payment", fmt.Errorf("%w: missing", ErrPayment))
	}
	if to := payment.To(); to == nil || *to != p.cfg.Operator {
		return BlockValue{}, refuse("payment", fmt.Errorf("%w: pays %v, the operator is %v", ErrPayment, payment.To(), p.cfg.Operator))
	}
	if payment.Value().Sign() <= 0 {
		return BlockValue{}, refuse("payment", fmt.Errorf("%w: value 0", ErrPayment))
	}
	head := p.head.Load()
	all := make([]*types.Transaction, 0, len(txs)+1)
	all = append(append(all, txs...), payment)
	entries := make([]*entry, len(all))
	var gas uint64
	for i, tx := range all {
		field := fieldOf(i, len(txs))
		if tx == nil {
			return BlockValue{}, refuse(field, errors.New("missing"))
		}
		from, err := p.validateStateless(tx, head)
		if err != nil {
			return BlockValue{}, refuse(field, err)
		}
		entries[i] = newEntry(tx, from)
		gas += entries[i].gas // each at most the gas limit: no overflow before the check
		if gas > p.cfg.GasLimit {
			return BlockValue{}, refuse(field, fmt.Errorf("%w: the block's gas reaches %d here, the rollup's limit is %d", txpool.ErrGasLimit, gas, p.cfg.GasLimit))
		}
	}
	reads, err := p.readAccounts(ctx, entries)
	if err != nil {
		return BlockValue{}, refuse("txs", err)
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	if p.head.Load() != head {
		return BlockValue{}, refuse("txs", fmt.Errorf("%w: the rollup's head moved during the checks; submit again", ErrState))
	}
	if err := p.checkPromised(entries); err != nil {
		return BlockValue{}, err
	}
	if err := p.checkEntries(entries, reads); err != nil {
		return BlockValue{}, err
	}
	x := &externalBlock{entries: entries, head: head.Hash()}
	p.blockValue(&x.value, entries)
	x.value.Add(&x.value, entries[len(entries)-1].txValue())
	ours := p.ownValue()
	if !x.value.Gt(ours) {
		return BlockValue{}, refuse("payment", fmt.Errorf("%w: worth %v wei, the pool's own block %v", ErrBlockValue, &x.value, ours))
	}
	if held := p.heldExternal(); held != nil && !x.value.Gt(&held.value) {
		return BlockValue{}, refuse("payment", fmt.Errorf("%w: worth %v wei, the external block held %v", ErrBlockValue, &x.value, &held.value))
	}
	if p.ext != nil {
		p.externalOutcome("replaced")
	}
	p.ext = x
	return BlockValue{Value: new(uint256.Int).Set(&x.value), Ours: ours}, nil
}

func fieldOf(i, txs int) string {
	if i == txs {
		return "payment"
	}
	return fmt.Sprintf("txs[%d]", i)
}

// txValue returns the value the transaction transfers.
func (e *entry) txValue() *uint256.Int {
	v, _ := uint256.FromBig(e.tx.Value()) // at most the balance checked: no overflow
	return v
}

// readAccounts reads, outside the lock, the state of senders the pool does not know (in one
// batch when the State reads batches), without storing them.
func (p *Pool) readAccounts(ctx context.Context, entries []*entry) (map[common.Address]Account, error) {
	var missing []common.Address
	seen := make(map[common.Address]bool)
	p.mu.Lock()
	for _, e := range entries {
		if p.accounts[e.sender] == nil && !seen[e.sender] {
			seen[e.sender] = true
			missing = append(missing, e.sender)
		}
	}
	p.mu.Unlock()
	got := make([]Account, len(missing))
	if bs, ok := p.state.(BatchState); ok && len(missing) > 1 {
		accs, err := bs.Accounts(ctx, missing)
		if err != nil {
			return nil, fmt.Errorf("%w: %d accounts: %w", ErrState, len(missing), err)
		}
		if len(accs) != len(missing) {
			return nil, fmt.Errorf("%w: %d accounts asked, %d read", ErrState, len(missing), len(accs))
		}
		copy(got, accs)
	} else {
		for i, a := range missing {
			acc, err := p.state.Account(ctx, a)
			if err != nil {
				return nil, fmt.Errorf("%w: account %v: %w", ErrState, a, err)
			}
			got[i] = acc
		}
	}
	out := make(map[common.Address]Account, len(missing))
	for i, a := range missing {
		if got[i].Balance == nil {
			got[i].Balance = new(uint256.Int)
		}
		out[a] = got[i]
	}
	return out, nil
}

// checkPromised checks that entries start with the pinned txs in pin order and that the
// payment is none of them. p.mu is held.
func (p *Pool) checkPromised(entries []*entry) error {
	txs := len(entries) - 1
	for i, pin := range p.pins {
		if i < txs && entries[i].hash == pin.hash {
			continue
		}
		where := "not listed"
		if j := slices.IndexFunc(entries[:txs], func(e *entry) bool { return e.hash == pin.hash }); j >= 0 {
			where = fmt.Sprintf("listed at txs[%d]", j)
		} else if j := slices.IndexFunc(entries, func(e *entry) bool { return e.sender == pin.sender && e.nonce == pin.nonce }); j >= 0 {
			where = fmt.Sprintf("its nonce taken by %s", fieldOf(j, txs))
		}
		if i >= txs {
			return refuse("txs", fmt.Errorf("%w: %d txs listed, promise %d of %d is %v (nonce %d of %v), %s", ErrPromiseOrder, txs, i, len(p.pins), pin.hash, pin.nonce, pin.sender, where))
		}
		return refuse(fmt.Sprintf("txs[%d]", i), fmt.Errorf("%w: promise %d is %v (nonce %d of %v), %s", ErrPromiseOrder, i, pin.hash, pin.nonce, pin.sender, where))
	}
	return nil
}

// checkEntries checks the block against the rollup's state and the pool: each sender's
// nonces consecutive from its state nonce, its balance covering all its txs up to each one
// (the payment's sender's included), fee caps at or above the base fee, and no bundle leg.
// It sets each entry's effective tip. p.mu is held.
func (p *Pool) checkEntries(entries []*entry, reads map[common.Address]Account) error {
	type run struct {
		next    uint64
		balance uint256.Int
		spent   uint256.Int
	}
	runs := map[common.Address]*run{}
	for i, e := range entries {
		field := fieldOf(i, len(entries)-1)
		r := runs[e.sender]
		if r == nil {
			r = &run{}
			if acc := p.accounts[e.sender]; acc != nil {
				r.next = acc.nonce
				r.balance.Set(&acc.balance)
			} else {
				st := reads[e.sender]
				r.next = st.Nonce
				r.balance.Set(st.Balance)
			}
			runs[e.sender] = r
		}
		switch {
		case e.nonce < r.next:
			return refuse(field, fmt.Errorf("%w: nonce %d of %v, next in this block %d", core.ErrNonceTooLow, e.nonce, e.sender, r.next))
		case e.nonce > r.next:
			return refuse(field, fmt.Errorf("%w: nonce %d of %v, next in this block %d", core.ErrNonceTooHigh, e.nonce, e.sender, r.next))
		}
		r.next++
		if _, overflow := r.spent.AddOverflow(&r.spent, &e.cost); overflow || r.balance.Lt(&r.spent) {
			return refuse(field, fmt.Errorf("%w: balance of %v %v, cost of its txs up to this one %v", core.ErrInsufficientFunds, e.sender, &r.balance, &r.spent))
		}
		e.price(&p.baseFee)
		if e.underpaid {
			return refuse(field, fmt.Errorf("%w: fee cap %v below the base fee %v", core.ErrFeeCapTooLow, &e.feeCap, &p.baseFee))
		}
		if pe := p.all[e.hash]; pe != nil && pe.bundle != nil {
			return refuse(field, fmt.Errorf("%w: %v is a leg of bundle %v, which goes into a batch only whole", ErrBundle, e.hash, pe.bundle.hash))
		}
	}
	return nil
}

// blockValue sets v to the sum of the entries' effective tips, each at the least gas its tx
// can use (its intrinsic gas, or the EIP-7623 calldata floor when higher), so that a gas
// limit set high inflates no block's value. p.mu is held.
func (p *Pool) blockValue(v *uint256.Int, entries []*entry) {
	v.Clear()
	rules := p.rules()
	var t uint256.Int
	for _, e := range entries {
		t.Mul(&e.eff, uint256.NewInt(e.minGas(rules)))
		v.Add(v, &t)
	}
}

// rules returns the rollup's fork rules at the pool's head, as the stateless checks use.
func (p *Pool) rules() params.Rules {
	h := p.head.Load()
	return p.cfg.ChainConfig.Rules(h.Number, h.Difficulty == nil || h.Difficulty.Sign() == 0, h.Time)
}

// minGas returns the least gas the entry's tx can use: its intrinsic gas, or its EIP-7623
// calldata floor when that is higher, at most its gas limit.
func (e *entry) minGas(rules params.Rules) uint64 {
	if e.leastGas == 0 {
		tx, value := e.tx, e.txValue()
		g, err := core.IntrinsicGas(tx.Data(), tx.AccessList(), tx.SetCodeAuthorizations(), e.sender, tx.To(), value, rules)
		if err != nil {
			g = e.gas // cannot happen for a validated tx
		}
		if rules.IsPrague {
			if f, err := core.FloorDataGas(rules, e.sender, tx.To(), value, tx.Data(), tx.AccessList()); err == nil && f > g {
				g = f
			}
		}
		e.leastGas = min(g, e.gas)
	}
	return e.leastGas
}

// ownValue returns the value of the block the pool would build now (Block). p.mu is held.
func (p *Pool) ownValue() *uint256.Int {
	b := p.begin()
	b.promised()
	b.fill()
	v := new(uint256.Int)
	p.blockValue(v, b.txs)
	return v
}

// heldExternal returns the external block held if it is still valid (every promise
// listed first in promise order, no bundle leg in it, on the pool's head), and drops it,
// counted with the reason, if not. p.mu is held.
func (p *Pool) heldExternal() *externalBlock {
	x := p.ext
	if x == nil {
		return nil
	}
	reason := ""
	if x.head != p.head.Load().Hash() {
		reason = "dropped_head"
	} else if p.checkPromised(x.entries) != nil {
		reason = "dropped_promise"
	} else if slices.ContainsFunc(x.entries, func(e *entry) bool { pe := p.all[e.hash]; return pe != nil && pe.bundle != nil }) {
		reason = "dropped_bundle"
	}
	if reason != "" {
		p.ext = nil
		p.externalOutcome(reason)
		return nil
	}
	return x
}

// sealExternal takes the external block held for this seal: it is used if it is still
// valid and worth more than the pool's own block now; either way none is held after (the
// seal reports "sealed" once the batch is built with it).
// p.mu is held.
func (p *Pool) sealExternal() *externalBlock {
	x := p.heldExternal()
	p.ext = nil
	if x == nil {
		return nil
	}
	if ours := p.ownValue(); !x.value.Gt(ours) {
		p.externalOutcome("dropped_outbid")
		return nil
	}
	return x
}

// externalOutcome reports what became of an external block to the configured hook.
func (p *Pool) externalOutcome(outcome string) {
	if p.cfg.OnExternalBlock != nil {
		p.cfg.OnExternalBlock(outcome)
	}
}

// External reports whether an external block is held for the next seal and its value; a
// held block that is no longer valid is dropped (and reported) first.
func (p *Pool) External() (*uint256.Int, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	x := p.heldExternal()
	if x == nil {
		return nil, false
	}
	return new(uint256.Int).Set(&x.value), true
}

// externalOutcomes map external block refusals to short labels, before the pool's own.
var externalOutcomes = []struct {
	err   error
	label string
}{
	{ErrNoOperator, "no_operator"},
	{ErrPayment, "payment"},
	{ErrPromiseOrder, "promise_order"},
	{ErrBlockValue, "low_value"},
	{core.ErrFeeCapTooLow, "fee_cap_too_low"},
}

// ExternalOutcome returns a short label for the result of submitting an external block
// ("accepted" for nil), for metrics.
func ExternalOutcome(err error) string {
	if err == nil {
		return "accepted"
	}
	for _, o := range externalOutcomes {
		if errors.Is(err, o.err) {
			return o.label
		}
	}
	return Outcome(err)
}
