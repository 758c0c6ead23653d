package preconf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
	"golang.org/x/sync/errgroup"

	"github.com/basedsidecar/based/ratelimit"
)

// SignedCommitment is a promise as the APIs serve it.
type SignedCommitment struct {
	Commitment InclusionCommitment `json:"commitment"`
	Digest     common.Hash         `json:"digest"`
	Signature  hexutil.Bytes       `json:"signature"`
	// Void is empty while the promise binds; otherwise it says why it does not.
	Void string `json:"void,omitempty"`
	// Domain is the domain the promise is signed under. When set, the JSON
	// also carries the promise as an eth_signTypedData_v4 document
	// (typedData); a wallet compares it with the domain it trusts.
	Domain *Domain `json:"-"`
}

// Promise is one accepted request. It encodes to JSON as its SignedCommitment
// (the embedded MarshalJSON), which is all the APIs serve of it.
type Promise struct {
	SignedCommitment
	Raw      []byte
	Deadline time.Time

	mu       *sync.Mutex      // the engine's lock
	gas      uint64           // the transaction's gas limit on L1 (0 for a rollup's)
	rollup   Rollup           // the rollup whose block holds it; nil: L1
	blobs    int              // and its blob count (the decoded transaction is not kept)
	cost     uint256.Int      // max cost: value + gas × max fee + blob gas × max blob fee (a value: summed per request)
	auths    []common.Address // EIP-7702 authorities, counted in Engine.authorities until released
	rec      *RequestRecord   // written with the promise
	released bool             // penalty no longer counted as outstanding
	done     chan struct{}    // closed once the promise is durable (or failed)
	err      error
}

// durable reports whether p's write finished.
func (p *Promise) durable() bool {
	select {
	case <-p.done:
		return p.err == nil
	default:
		return false
	}
}

// Signed returns a copy of the promise's served form (its void state may
// change on a new head, so it is read under the engine's lock).
func (p *Promise) Signed() SignedCommitment {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.SignedCommitment
}

// Event is one item of the commitments stream.
type Event struct {
	Kind       string            `json:"kind"` // "commitment", "void" or "manifest"
	Commitment *SignedCommitment `json:"commitment,omitempty"`
	Manifest   *SignedManifest   `json:"manifest,omitempty"`
	Cursor     hexutil.Uint64    `json:"cursor"` // its place in the stream (stream.go)
}

type slotState struct {
	slot     uint64
	deadline time.Time
	gas      uint64
	blobs    int
	nextSeq  uint64
	promises []*Promise
	sealed   bool
	manifest *SignedManifest
	tree     *manifestTree
	inflight sync.WaitGroup
}

// Engine decides requests, signs promises and keeps them durable.
type Engine struct {
	cfg       Config
	chain     ChainView
	log       *Log
	slog      *slog.Logger
	committer common.Address
	signer    *Signer
	l1        uint64 // L1's chain id

	mu          sync.Mutex
	slots       map[uint64]*slotState
	byHash      map[common.Hash]*Promise
	senders     map[chainAccount][]*Promise // open promises, by nonce
	outstanding *big.Int
	collateral  *big.Int // bounds outstanding; starts as cfg.Collateral, SetCollateral moves it
	broken      error
	pruned      uint64 // the log holds no slot before this one
	settled     uint64 // every promise of a slot before this one is released (guarded by mu)
	limits      *ratelimit.Keyed[common.Address]
	authorities map[common.Address]int // open promises naming each account as an EIP-7702 authority

	subMu sync.Mutex
	subs  map[chan Event]struct{}

	// afterAppend, when set (tests), runs after promises are on disk and
	// before their signatures are released.
	afterAppend func([]*Promise)
}

// NewEngine rebuilds the open slots from the log and returns a ready engine.
func NewEngine(cfg Config, chain ChainView, lg *Log, log *slog.Logger) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	e := &Engine{
		cfg: cfg, chain: chain, log: lg, slog: log,
		committer:   crypto.PubkeyToAddress(cfg.Key.PublicKey),
		l1:          cfg.Domain.ChainID.Uint64(),
		signer:      NewSigner(cfg.Key, cfg.Domain),
		slots:       map[uint64]*slotState{},
		byHash:      map[common.Hash]*Promise{},
		senders:     map[chainAccount][]*Promise{},
		outstanding: new(big.Int),
		collateral:  new(big.Int).Set(cfg.Collateral),
		limits:      ratelimit.New[common.Address](cfg.SenderRate, cfg.SenderBurst, ratelimit.DefaultKeys),
		authorities: map[common.Address]int{},
		subs:        map[chan Event]struct{}{},
	}
	if err := e.rebuild(); err != nil {
		return nil, err
	}
	return e, nil
}

// SetCollateral replaces the collateral that bounds outstanding penalties
// (re-read from the Registry). Promises already made stay; when the new
// value is below what is outstanding, new promises wait until enough settle.
func (e *Engine) SetCollateral(c *big.Int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.collateral = new(big.Int).Set(c)
}

// Committer is the address that signs promises.
func (e *Engine) Committer() common.Address { return e.committer }

// Signer is the engine's committer signer: what the servers sign their
// envelopes with.
func (e *Engine) Signer() *Signer { return e.signer }

// Config returns the engine's configuration.
func (e *Engine) Config() Config { return e.cfg }

// rebuild loads every slot that may still be outstanding.
func (e *Engine) rebuild() error {
	clock := e.chain.ClockSlot()
	from := uint64(0)
	if clock > e.cfg.FinalityDelay {
		from = clock - e.cfg.FinalityDelay
	}
	n := 0
	err := e.log.Slots(from, ^uint64(0)>>1, func(r *record, void string) error {
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(r.Tx); err != nil {
			return fmt.Errorf("rebuild promise %d/%d: %w", r.Slot, r.Seq, err)
		}
		p := &Promise{
			SignedCommitment: SignedCommitment{
				Commitment: InclusionCommitment{Slot: r.Slot, ChainID: r.ChainID, TxHash: r.TxHash, Sender: r.Sender, Nonce: r.Nonce, Committer: r.Committer, Seq: r.Seq, Penalty: r.Penalty},
				Signature:  r.Signature, Void: void, Domain: &e.cfg.Domain,
			},
			Raw: r.Tx, Deadline: time.UnixMilli(int64(r.Deadline)),
			mu: &e.mu, gas: tx.Gas(), blobs: len(tx.BlobHashes()), cost: *costOf(tx), auths: tx.SetCodeAuthorities(), done: make(chan struct{}),
		}
		if r.ChainID.Cmp(e.cfg.Domain.ChainID) != 0 {
			p.gas, p.rollup = 0, e.rollupOf(r.ChainID) // nil when the rollup is no longer configured
		}
		p.Digest = p.Commitment.Digest(e.cfg.Domain)
		close(p.done)
		st := e.slot(r.Slot, p.Deadline)
		st.promises = append(st.promises, p)
		st.gas += p.gas
		st.blobs += len(tx.BlobHashes())
		st.nextSeq = max(st.nextSeq, r.Seq+1)
		e.byHash[r.TxHash] = p
		if void == "" {
			e.outstanding.Add(e.outstanding, r.Penalty)
			a := accountOf(p)
			e.senders[a] = insertByNonce(e.senders[a], p)
			e.addAuthorities(p, 1)
		} else {
			p.released = true
		}
		n++
		return nil
	})
	if err != nil {
		return err
	}
	for slot, st := range e.slots {
		m, err := e.log.Manifest(slot)
		switch {
		case err == nil:
			st.sealed, st.manifest = true, m
		case !errors.Is(err, pebble.ErrNotFound):
			return err
		}
	}
	e.slog.Info("commitment log loaded", "promises", n, "slots", len(e.slots), "outstanding", e.outstanding)
	return nil
}

func insertByNonce(ps []*Promise, p *Promise) []*Promise {
	i, _ := slices.BinarySearchFunc(ps, p.Commitment.Nonce, func(q *Promise, n uint64) int {
		return cmpU64(q.Commitment.Nonce, n)
	})
	return slices.Insert(ps, i, p)
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// slot returns the state of slot, creating it; e.mu must be held.
func (e *Engine) slot(slot uint64, deadline time.Time) *slotState {
	st := e.slots[slot]
	if st == nil {
		st = &slotState{slot: slot, deadline: deadline}
		e.slots[slot] = st
	}
	return st
}

// Request checks one transaction for slot and, when every rule passes,
// returns a durable, signed promise. A transaction already promised returns
// its existing promise.
func (e *Engine) Request(ctx context.Context, slot uint64, chainID *big.Int, raw []byte) (*Promise, error) {
	out := e.RequestEach(ctx, []Call{{Slot: slot, ChainID: chainID, Tx: raw}})
	return out[0].Promise, out[0].Err
}

// Call is one inclusion request of RequestEach.
type Call struct {
	Slot    uint64
	ChainID *big.Int // nil: L1
	Tx      []byte
	// Record, when set, is written in the same synced batch as the promise.
	Record *RequestRecord
}

// RequestRecord is a Commitments API request: its hash and payload, kept so
// that commitmentResult answers it, after a restart too.
type RequestRecord struct {
	Hash    common.Hash
	Payload []byte
}

// RequestRecorded is Request for a Commitments API request: the promise and
// rec are durable together before it returns, or neither is answered.
func (e *Engine) RequestRecorded(ctx context.Context, slot uint64, chainID *big.Int, raw []byte, rec RequestRecord) (*Promise, error) {
	out := e.RequestEach(ctx, []Call{{Slot: slot, ChainID: chainID, Tx: raw, Record: &rec}})
	return out[0].Promise, out[0].Err
}

// Outcome is RequestEach's answer to one call: a durable promise or an error.
type Outcome struct {
	Promise *Promise
	Err     error
}

// RequestEach decides independent requests together. Each call is promised
// or refused on its own, in the order given (so consecutive nonces of one
// sender in one list both pass); the stateless checks and signatures run in
// parallel and the new promises share one log write.
func (e *Engine) RequestEach(ctx context.Context, calls []Call) []Outcome {
	out := make([]Outcome, len(calls))
	duties := make([]Duty, len(calls))
	cs := make([]*checked, len(calls))
	parallel(len(calls), func(i int) {
		c := calls[i]
		chainID := c.ChainID
		if chainID == nil {
			chainID = e.cfg.Domain.ChainID
		}
		d, err := e.checkSlot(c.Slot, chainID)
		if err == nil {
			cs[i], err = e.checkTx(ctx, c.Slot, chainID, c.Tx)
		}
		duties[i], out[i].Err = d, err
	})
	var (
		fresh   []*Promise
		dupRecs []int // calls whose promise exists and whose request record is still to be written
	)
	e.mu.Lock()
	now := e.cfg.now() // under the lock: the seal at the deadline cannot slip in between
	for i, c := range cs {
		if c == nil {
			continue
		}
		c.rec = calls[i].Record
		if e.broken != nil {
			out[i].Err = fail(ErrUnavailable, "slot", "%v", e.broken)
			continue
		}
		st := e.slot(calls[i].Slot, duties[i].Deadline)
		if c.dup == nil {
			c.dup = e.byHash[c.tx.Hash()]
		}
		switch {
		case c.dup != nil && c.dup.Commitment.Slot != st.slot:
			out[i].Err = otherSlot(c.dup, st.slot)
		case c.dup != nil:
			out[i].Promise = c.dup
			if c.rec != nil {
				dupRecs = append(dupRecs, i)
			}
		case st.sealed || !now.Before(st.deadline):
			out[i].Err = fail(ErrDeadline, "slot", "slot %d is sealed (deadline %s)", st.slot, st.deadline.UTC().Format(time.RFC3339Nano))
		default:
			p, err := e.reserveOne(st, c)
			if err != nil {
				out[i].Err = err
				continue
			}
			st.inflight.Add(1)
			out[i].Promise = p
			fresh = append(fresh, p)
		}
	}
	e.mu.Unlock()
	if len(fresh) > 0 {
		_ = e.persist(fresh) // a failure is in each promise's err
	}
	for i := range out {
		p := out[i].Promise
		if p == nil {
			continue
		}
		select {
		case <-p.done:
			if p.err != nil {
				out[i] = Outcome{Err: p.err}
			}
		case <-ctx.Done():
			out[i] = Outcome{Err: ctx.Err()}
		}
	}
	// A request for a transaction promised before: its record on its own.
	for _, i := range dupRecs {
		if p, r := out[i].Promise, calls[i].Record; p != nil {
			if err := e.RecordRequest(r.Hash, p.Commitment.Slot, p.Commitment.TxHash, r.Payload); err != nil {
				out[i] = Outcome{Err: err}
			}
		}
	}
	return out
}

// parallel runs fn(0..n-1) on up to GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	if n <= 1 || runtime.GOMAXPROCS(0) == 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range n {
		g.Go(func() error { fn(i); return nil })
	}
	_ = g.Wait() // fn returns nothing to fail with
}

// checked is a transaction that passed the stateless and account checks.
type checked struct {
	raw     []byte
	tx      *types.Transaction
	sender  common.Address
	account chainAccount // sender on the tx's chain
	rollup  Rollup       // the tx's rollup; nil: L1
	nonce   uint64       // account nonce at the head
	balance *big.Int
	at      uint64           // the head block the account was read at (L1)
	tip     *big.Int         // effective tip at the base fee projected to the slot
	auths   []common.Address // EIP-7702 authorities (set-code transactions)
	rec     *RequestRecord   // Commitments API request to record with the promise
	dup     *Promise
}

// RequestBatch promises all of raws for slot or none of them.
func (e *Engine) RequestBatch(ctx context.Context, slot uint64, chainID *big.Int, raws [][]byte) ([]*Promise, error) {
	if len(raws) == 0 {
		return nil, fail(ErrBadRequest, "txs", "empty")
	}
	if chainID == nil {
		chainID = e.cfg.Domain.ChainID
	}
	duty, err := e.checkSlot(slot, chainID)
	if err != nil {
		return nil, err
	}
	cs := make([]*checked, len(raws))
	for i, raw := range raws {
		c, err := e.checkTx(ctx, slot, chainID, raw)
		if err != nil {
			if len(raws) > 1 {
				err = fmt.Errorf("txs[%d]: %w", i, err)
			}
			return nil, err
		}
		cs[i] = c
	}
	ps, fresh, err := e.reserve(slot, duty, cs)
	if err != nil {
		return nil, err
	}
	if len(fresh) > 0 {
		if err := e.persist(fresh); err != nil {
			return nil, err
		}
	}
	for _, p := range ps {
		select {
		case <-p.done:
			if p.err != nil {
				return nil, p.err
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return ps, nil
}

// checkSlot applies the slot rules: ours, in the current or next epoch, before the deadline.
func (e *Engine) checkSlot(slot uint64, chainID *big.Int) (Duty, error) {
	if err := e.chain.Ready(); err != nil {
		return Duty{}, fail(ErrNotReady, "slot", "%v", err)
	}
	var rollup Rollup
	if chainID.Cmp(e.cfg.Domain.ChainID) != 0 {
		if rollup = e.rollupOf(chainID); rollup == nil {
			return Duty{}, fail(ErrChainID, "chainId", "chain %v is not served (L1 is %v%s)", chainID, e.cfg.Domain.ChainID, e.rollupList())
		}
	}
	clock := e.chain.ClockSlot()
	epoch, now := slot/e.cfg.SlotsPerEpoch, clock/e.cfg.SlotsPerEpoch
	if slot < clock || epoch > now+1 {
		return Duty{}, fail(ErrSlotOutOfRange, "slot", "slot %d, clock slot %d", slot, clock)
	}
	d, ok := e.chain.Duty(slot)
	if !ok || !d.Ours {
		return Duty{}, fail(ErrSlotNotOurs, "slot", "slot %d is proposed by validator %d", slot, d.ValidatorIndex)
	}
	if d.Committer != e.committer {
		return Duty{}, fail(ErrSlotNotOurs, "slot", "slot %d is delegated to committer %s", slot, d.Committer)
	}
	if bv, ok := e.chain.(BuilderView); ok {
		if err := bv.BuilderReady(d); err != nil {
			return Duty{}, fail(ErrNotReady, "slot", "slot %d: %v", slot, err)
		}
	}
	if !e.cfg.now().Before(d.Deadline) {
		return Duty{}, fail(ErrDeadline, "slot", "deadline of slot %d was %s", slot, d.Deadline.UTC().Format(time.RFC3339Nano))
	}
	if rollup != nil {
		if err := rollup.Ready(slot); err != nil {
			if errors.Is(err, ErrSlotOutOfRange) {
				return Duty{}, fail(ErrSlotOutOfRange, "slot", "rollup %v: %v", chainID, err)
			}
			return Duty{}, fail(ErrNotReady, "chainId", "rollup %v: %v", chainID, err)
		}
	}
	return d, nil
}

// checkTx runs the rules that need no lock (validation.go): decoding, fees,
// intrinsic gas, sender, account and code.
func (e *Engine) checkTx(ctx context.Context, slot uint64, chainID *big.Int, raw []byte) (*checked, error) {
	tx, err := DecodeTx(&e.cfg, raw, chainID)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	dup := e.byHash[tx.Hash()]
	e.mu.Unlock()
	if dup != nil {
		if dup.Commitment.Slot != slot {
			return nil, otherSlot(dup, slot)
		}
		return &checked{raw: raw, tx: tx, dup: dup}, nil
	}
	rollup := e.rollupOf(chainID)
	var head Head
	if rollup == nil {
		head = e.chain.Head()
	} else {
		switch tx.Type() {
		case types.BlobTxType:
			return nil, fail(ErrTxType, "tx", "a rollup block carries no blob transactions")
		case types.SetCodeTxType:
			return nil, fail(ErrTxType, "tx", "set-code transactions are promised on L1 only")
		}
		head.GasLimit, head.BaseFee = rollup.Next()
		head.Slot, head.exactBaseFee = slot, true
	}
	if err := validateBlockGas(tx, &head); err != nil {
		return nil, err
	}
	tip, err := validateFees(tx, &head, slot)
	if err != nil {
		return nil, err
	}
	sender, err := types.LatestSignerForChainID(chainID).Sender(tx)
	if err != nil {
		return nil, fail(ErrSender, "tx", "%v", err)
	}
	if err := validateIntrinsicGas(&e.cfg, tx, sender); err != nil {
		return nil, err
	}
	if !e.allow(sender) {
		return nil, fail(ErrRateLimited, "sender", "%s: more than %g requests/s", sender, e.cfg.SenderRate)
	}
	c := &checked{raw: raw, tx: tx, sender: sender, account: chainAccount{chainID.Uint64(), sender}, rollup: rollup, tip: tip, auths: tx.SetCodeAuthorities()}
	if rollup != nil {
		return e.checkRollupTx(ctx, c)
	}
	at := e.chain.Head().Number
	nonce, balance, err := e.chain.Account(ctx, sender)
	if err != nil {
		return nil, fail(ErrNotReady, "sender", "account of %s: %v", sender, err)
	}
	c.nonce, c.balance, c.at = nonce, balance, at
	if cv, ok := e.chain.(CodeView); ok {
		code, err := cv.Code(ctx, sender)
		if err != nil {
			return nil, fail(ErrNotReady, "sender", "code of %s: %v", sender, err)
		}
		if len(code) > 0 {
			if _, delegated := types.ParseDelegation(code); delegated {
				return nil, fail(ErrSenderCode, "sender", "%s is delegated (EIP-7702): its code can move its funds without its nonce", sender)
			}
			return nil, fail(ErrSenderCode, "sender", "%s has code (EIP-3607)", sender)
		}
	}
	return c, nil
}

// otherSlot is the refusal of a transaction already promised for another slot.
func otherSlot(dup *Promise, slot uint64) error {
	return fail(ErrOtherSlot, "slot", "transaction %s is promised for slot %d, not %d", dup.Commitment.TxHash, dup.Commitment.Slot, slot)
}

// allow applies the per-sender rate limit.
func (e *Engine) allow(sender common.Address) bool { return e.limits.Allow(sender) }

// reserve applies the rules that need the slot and sender state and, when all
// pass, adds the promises to memory. fresh are the new ones (not duplicates).
func (e *Engine) reserve(slot uint64, duty Duty, cs []*checked) (all, fresh []*Promise, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.broken != nil {
		return nil, nil, fail(ErrUnavailable, "slot", "%v", e.broken)
	}
	st := e.slot(slot, duty.Deadline)
	if st.sealed || !e.cfg.now().Before(st.deadline) {
		return nil, nil, fail(ErrDeadline, "slot", "slot %d is sealed (deadline %s)", slot, st.deadline.UTC().Format(time.RFC3339Nano))
	}
	undo := func() {
		for _, p := range slices.Backward(fresh) {
			e.unreserve(st, p)
		}
	}
	for i, c := range cs {
		if c.dup == nil {
			c.dup = e.byHash[c.tx.Hash()]
		}
		if c.dup != nil && c.dup.Commitment.Slot != slot {
			undo()
			err := otherSlot(c.dup, slot)
			if len(cs) > 1 {
				return nil, nil, fmt.Errorf("txs[%d]: %w", i, err)
			}
			return nil, nil, err
		}
		if c.dup != nil {
			all = append(all, c.dup)
			continue
		}
		p, err := e.reserveOne(st, c)
		if err != nil {
			undo()
			if len(cs) > 1 {
				err = fmt.Errorf("txs[%d]: %w", i, err)
			}
			return nil, nil, err
		}
		all, fresh = append(all, p), append(fresh, p)
	}
	st.inflight.Add(len(fresh))
	return all, fresh, nil
}

func (e *Engine) reserveOne(st *slotState, c *checked) (*Promise, error) {
	tx, cfg := c.tx, &e.cfg
	// Nonce continuity across everything promised for this sender.
	// Promises whose nonce the chain has used stay tracked (OnHead voids
	// them, Settle drops them) but no longer count here.
	// The balance must cover every promised transaction's max cost; sums
	// are in uint256, where an overflow can only mean "more than any balance".
	var (
		last     *Promise
		total    uint256.Int
		overflow bool
	)
	cost, o := uint256.FromBig(tx.Cost())
	overflow = o
	total.Set(cost)
	for _, p := range e.senders[c.account] {
		if p.Void == "" && p.Commitment.Nonce >= c.nonce {
			last = p
			_, o := total.AddOverflow(&total, &p.cost)
			overflow = overflow || o
		}
	}
	next := c.nonce
	if last != nil {
		next = last.Commitment.Nonce + 1
	}
	switch n := tx.Nonce(); {
	case n < c.nonce:
		return nil, fail(ErrNonce, "nonce", "nonce %d already used on chain (account nonce %d)", n, c.nonce)
	case n < next:
		return nil, fail(ErrNonceTaken, "nonce", "nonce %d of %s is promised to another transaction", n, c.sender)
	case n > next:
		return nil, fail(ErrNonce, "nonce", "nonce %d leaves a gap: next is %d", n, next)
	}
	if last != nil && last.Commitment.Slot > st.slot {
		return nil, fail(ErrNonce, "nonce", "nonce %d is promised for the later slot %d", tx.Nonce()-1, last.Commitment.Slot)
	}
	if c.rollup == nil {
		if err := e.checkAuthorities(c); err != nil {
			return nil, err
		}
	}
	if c.balance == nil || overflow || total.ToBig().Cmp(c.balance) > 0 {
		if c.rollup == nil {
			// Name the block: a wallet that funded the sender in a newer block asks again once the sidecar has seen it.
			return nil, fail(ErrBalance, "value", "max cost of promised transactions %v exceeds balance %v at block %d (the latest head this sidecar has seen)", total.ToBig(), c.balance, c.at)
		}
		return nil, fail(ErrBalance, "value", "max cost of promised transactions %v exceeds balance %v", total.ToBig(), c.balance)
	}
	// Per-slot caps.
	if uint64(len(st.promises)) >= uint64(cfg.MaxCount) {
		return nil, fail(ErrSlotFull, "slot", "%d promises, cap %d", len(st.promises), cfg.MaxCount)
	}
	l1Gas := tx.Gas() // a rollup's gas is bounded by its block (Pin below), not by L1's budget
	if c.rollup != nil {
		l1Gas = 0
	}
	if st.gas+l1Gas > cfg.MaxGas {
		return nil, fail(ErrGasBudget, "gas", "gas limit %d exceeds the remaining %d", tx.Gas(), cfg.MaxGas-st.gas)
	}
	blobs := len(tx.BlobHashes())
	if limit := e.maxBlobs(st.slot); st.blobs+blobs > limit {
		return nil, fail(ErrSlotFull, "blobs", "%d blobs, %d left in the slot", blobs, max(0, limit-st.blobs))
	}
	// Price and collateral.
	// The tip that counts is the effective one at the projected base fee: a
	// tip above max fee − base fee is never paid, so it buys no penalty.
	price := e.price(st)
	if c.tip.Cmp(price) < 0 {
		return nil, fail(ErrTip, "maxPriorityFeePerGas", "effective tip %v (tip %v, max fee %v at the projected base fee) below the slot's price %v", c.tip, tx.GasTipCap(), tx.GasFeeCap(), price)
	}
	penalty := Penalty(cfg, tx.Gas(), c.tip)
	if out := new(big.Int).Add(e.outstanding, penalty); out.Cmp(e.collateral) > 0 {
		return nil, fail(ErrCollateral, "penalty", "penalty %v with %v outstanding exceeds the collateral %v", penalty, e.outstanding, e.collateral)
	}
	if c.rollup != nil {
		// Last: a pin is undone only by unreserve, and nothing after it may refuse.
		if err := c.rollup.Pin(tx.Hash()); err != nil {
			return nil, rollupPoolErr(err)
		}
	}
	chainID := tx.ChainId()
	if chainID.Cmp(cfg.Domain.ChainID) == 0 { // shared: one allocation less per held promise
		chainID = cfg.Domain.ChainID
	}
	p := &Promise{
		SignedCommitment: SignedCommitment{Commitment: InclusionCommitment{
			Slot: st.slot, ChainID: chainID, TxHash: tx.Hash(), Sender: c.sender, Nonce: tx.Nonce(),
			Committer: e.committer, Seq: st.nextSeq, Penalty: penalty,
		}, Domain: &e.cfg.Domain},
		Raw: c.raw, Deadline: st.deadline, mu: &e.mu, gas: l1Gas, blobs: blobs, rollup: c.rollup, cost: *cost, auths: c.auths, rec: c.rec, done: make(chan struct{}),
	}
	st.nextSeq++
	st.promises = append(st.promises, p)
	st.gas += l1Gas
	st.blobs += blobs
	e.byHash[p.Commitment.TxHash] = p
	e.senders[c.account] = append(e.senders[c.account], p)
	e.outstanding.Add(e.outstanding, penalty)
	e.addAuthorities(p, 1)
	return p, nil
}

// checkAuthorities applies EIP-7702's nonce rule, as go-ethereum's legacypool
// does (ErrAuthorityReserved): an authorization bumps its authority's nonce,
// so no promise may rely on the nonce of an account that an open promise
// names as authority, and a set-code transaction may not name an account
// (other than its sender, whose open promises all come before it) with open
// promises. e.mu must be held.
func (e *Engine) checkAuthorities(c *checked) error {
	if e.authorities[c.sender] > 0 {
		return fail(ErrAuthority, "sender", "%s is an authority of a promised set-code transaction: its nonce moves when that executes", c.sender)
	}
	for _, a := range c.auths {
		if e.authorities[a] > 0 {
			return fail(ErrAuthority, "authorizationList", "%s is already an authority of a promised set-code transaction", a)
		}
		if a == c.sender {
			continue
		}
		for _, p := range e.senders[chainAccount{c.account.chain, a}] {
			if !p.released {
				return fail(ErrAuthority, "authorizationList", "%s has promised transactions whose nonces the authorization would move", a)
			}
		}
	}
	return nil
}

// addAuthorities counts p's authorities (n = 1) or stops counting them (n = −1); e.mu must be held.
func (e *Engine) addAuthorities(p *Promise, n int) {
	for _, a := range p.auths {
		if e.authorities[a] += n; e.authorities[a] <= 0 {
			delete(e.authorities, a)
		}
	}
}

// costOf returns tx's max cost, saturated at 2^256-1.
func costOf(tx *types.Transaction) *uint256.Int {
	c, overflow := uint256.FromBig(tx.Cost())
	if overflow {
		c.SetAllOne()
	}
	return c
}

// unreserve removes the most recently reserved p; e.mu must be held.
func (e *Engine) unreserve(st *slotState, p *Promise) {
	st.promises = slices.DeleteFunc(st.promises, func(q *Promise) bool { return q == p })
	st.gas -= p.gas
	st.blobs -= p.blobs
	delete(e.byHash, p.Commitment.TxHash)
	a := accountOf(p)
	e.senders[a] = slices.DeleteFunc(e.senders[a], func(q *Promise) bool { return q == p })
	if p.rollup != nil {
		p.rollup.Unpin(p.Commitment.TxHash)
	}
	e.outstanding.Sub(e.outstanding, p.Commitment.Penalty)
	e.addAuthorities(p, -1)
}

// maxBlobs is the blob budget of slot: --preconf.max-blobs, lowered to the
// chain's own per-block limit at that slot when the chain view knows it.
func (e *Engine) maxBlobs(slot uint64) int {
	limit := e.cfg.MaxBlobs
	if c := e.chain.MaxBlobs(slot); c > 0 && c < limit {
		limit = c
	}
	return limit
}

// price is the slot's current tip price; e.mu must be held.
func (e *Engine) price(st *slotState) *big.Int {
	cfg := &e.cfg
	// The larger of the gas and count fractions, on a common scale.
	sold, budget := st.gas, cfg.MaxGas
	if c := uint64(len(st.promises)) * cfg.MaxGas; c/uint64(cfg.MaxCount) > sold {
		sold = c / uint64(cfg.MaxCount)
	}
	return Price(cfg.Floor, cfg.Steepness, sold, budget)
}

// persist signs the fresh promises and syncs them to the log; only then are
// they marked done, which is what lets their signatures leave the process.
func (e *Engine) persist(fresh []*Promise) error {
	recs := make([]*record, len(fresh))
	errs := make([]error, len(fresh))
	parallel(len(fresh), func(i int) {
		p := fresh[i]
		d, sig, err := e.signer.SignPromise(&p.Commitment)
		p.Digest = d
		if err != nil {
			errs[i] = err
			return
		}
		p.Signature = sig
		c := &p.Commitment
		recs[i] = &record{Slot: c.Slot, ChainID: c.ChainID, TxHash: c.TxHash, Sender: c.Sender, Nonce: c.Nonce,
			Committer: c.Committer, Seq: c.Seq, Penalty: c.Penalty, Signature: sig, Tx: p.Raw, Deadline: uint64(p.Deadline.UnixMilli()), Request: p.rec}
	})
	if err := errors.Join(errs...); err != nil {
		return e.failPersist(fresh, err)
	}
	if err := e.log.Append(recs); err != nil {
		return e.failPersist(fresh, err)
	}
	if e.afterAppend != nil {
		e.afterAppend(fresh)
	}
	sts := e.states(fresh)
	for i, p := range fresh {
		close(p.done)
		sts[i].inflight.Done()
		sc := p.Signed()
		e.publish(Event{Kind: "commitment", Commitment: &sc})
	}
	return nil
}

// states returns the slot state of each promise.
func (e *Engine) states(ps []*Promise) []*slotState {
	e.mu.Lock()
	defer e.mu.Unlock()
	sts := make([]*slotState, len(ps))
	for i, p := range ps {
		sts[i] = e.slots[p.Commitment.Slot]
	}
	return sts
}

// failPersist withdraws promises that could not be made durable and stops
// taking new ones: a log that cannot sync cannot back a promise.
func (e *Engine) failPersist(fresh []*Promise, cause error) error {
	err := fail(ErrUnavailable, "slot", "%v", cause)
	sts := e.states(fresh)
	e.mu.Lock()
	e.broken = cause
	for i, p := range slices.Backward(fresh) {
		e.unreserve(sts[i], p)
	}
	e.mu.Unlock()
	for i, p := range fresh {
		p.err = err
		close(p.done)
		sts[i].inflight.Done()
	}
	e.slog.Error("commitment log write failed; refusing new promises", "err", cause)
	return err
}

// Commitment returns the promise for txHash, from memory or the log.
func (e *Engine) Commitment(txHash common.Hash) (*SignedCommitment, error) {
	e.mu.Lock()
	p := e.byHash[txHash]
	e.mu.Unlock()
	if p != nil {
		<-p.done
		if p.err != nil {
			return nil, fail(ErrNotFound, "txHash", "%s", txHash)
		}
		e.mu.Lock()
		sc := p.SignedCommitment
		e.mu.Unlock()
		return &sc, nil
	}
	r, void, err := e.log.ByHash(txHash)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, fail(ErrNotFound, "txHash", "no promise for %s", txHash)
	}
	if err != nil {
		return nil, fail(ErrUnavailable, "txHash", "%v", err)
	}
	sc := e.signedOf(r, void)
	return &sc, nil
}

// signedOf is the signed commitment of a log record.
func (e *Engine) signedOf(r *record, void string) SignedCommitment {
	c := InclusionCommitment{Slot: r.Slot, ChainID: r.ChainID, TxHash: r.TxHash, Sender: r.Sender, Nonce: r.Nonce, Committer: r.Committer, Seq: r.Seq, Penalty: r.Penalty}
	return SignedCommitment{Commitment: c, Digest: c.Digest(e.cfg.Domain), Signature: r.Signature, Void: void, Domain: &e.cfg.Domain}
}

// LoggedPromise is a promise as the commitment log holds it: the signed
// commitment (with its void reason, if any) and the transaction in network form.
type LoggedPromise struct {
	SignedCommitment
	Raw []byte
}

// LoggedPromises reads the promises of slot (every chain) back from the
// commitment log, in promise order; none once the slot was pruned. Only
// durable promises are in the log, so this is what a challenge can be about.
func (e *Engine) LoggedPromises(slot uint64) ([]LoggedPromise, error) {
	var out []LoggedPromise
	err := e.log.Slots(slot, slot+1, func(r *record, void string) error {
		out = append(out, LoggedPromise{SignedCommitment: e.signedOf(r, void), Raw: r.Tx})
		return nil
	})
	if err != nil {
		return nil, fail(ErrUnavailable, "slot", "commitment log, slot %d: %v", slot, err)
	}
	return out, nil
}

// Quote is the price of the next promise in a slot.
type Quote struct {
	Slot uint64 `json:"slot"`
	// Tip is the minimum max priority fee per gas.
	Tip *hexutil.Big `json:"tip"`
	// MinMaxFee is the minimum max fee per gas (projected base fee).
	MinMaxFee *hexutil.Big `json:"minMaxFee"`
	// MinBlobFee is the minimum max fee per blob gas.
	MinBlobFee *hexutil.Big `json:"minBlobFee"`
	GasLeft    uint64       `json:"gasLeft"`
	CountLeft  uint32       `json:"countLeft"`
	BlobsLeft  int          `json:"blobsLeft"`
	// Penalty is what a promise of gas (when given) at Tip would be backed by.
	Penalty *hexutil.Big `json:"penalty,omitempty"`
}

// EstimateFee quotes slot for a transaction of gas gas (0: no penalty quote).
func (e *Engine) EstimateFee(slot, gas uint64) (*Quote, error) {
	if _, err := e.checkSlot(slot, e.cfg.Domain.ChainID); err != nil {
		return nil, err
	}
	head := e.chain.Head()
	dist := uint64(1)
	if slot > head.Slot {
		dist = slot - head.Slot
	}
	e.mu.Lock()
	st := e.slots[slot]
	if st == nil {
		st = &slotState{slot: slot}
	}
	q := &Quote{
		Slot: slot, Tip: (*hexutil.Big)(e.price(st)),
		MinMaxFee:  (*hexutil.Big)(ProjectFee(head.BaseFee, dist)),
		MinBlobFee: (*hexutil.Big)(ProjectFee(head.BlobBaseFee, dist)),
		GasLeft:    e.cfg.MaxGas - st.gas, CountLeft: e.cfg.MaxCount - uint32(len(st.promises)), BlobsLeft: max(0, e.maxBlobs(slot)-st.blobs),
	}
	e.mu.Unlock()
	if gas > 0 {
		q.Penalty = (*hexutil.Big)(Penalty(&e.cfg, gas, q.Tip.ToInt()))
	}
	return q, nil
}

// Status is the engine's side of preconf_status.
type Status struct {
	Committer   common.Address `json:"committer"`
	ChainID     *hexutil.Big   `json:"chainId"`
	Slasher     common.Address `json:"slasher"`
	OpenSlots   int            `json:"openSlots"`
	Promises    int            `json:"promises"`
	Outstanding *hexutil.Big   `json:"outstandingPenalties"`
	Collateral  *hexutil.Big   `json:"collateral"`
	Error       string         `json:"error,omitempty"`
}

// Status reports the engine's state.
func (e *Engine) Status() Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := Status{Committer: e.committer, ChainID: (*hexutil.Big)(e.cfg.Domain.ChainID), Slasher: e.cfg.Domain.VerifyingContract, OpenSlots: len(e.slots), Promises: len(e.byHash),
		Outstanding: (*hexutil.Big)(new(big.Int).Set(e.outstanding)), Collateral: (*hexutil.Big)(new(big.Int).Set(e.collateral))}
	if e.broken != nil {
		s.Error = e.broken.Error()
	}
	return s
}

// Subscribe returns a stream of events; cancel ends it. A subscriber that
// falls more than buf events behind is dropped (its channel is closed).
func (e *Engine) Subscribe(buf int) (<-chan Event, func()) {
	ch := make(chan Event, buf)
	e.subMu.Lock()
	e.subs[ch] = struct{}{}
	e.subMu.Unlock()
	return ch, func() {
		e.subMu.Lock()
		if _, ok := e.subs[ch]; ok {
			delete(e.subs, ch)
			close(ch)
		}
		e.subMu.Unlock()
	}
}

func (e *Engine) publish(ev Event) {
	e.subMu.Lock()
	defer e.subMu.Unlock()
	for ch := range e.subs {
		select {
		case ch <- ev:
		default:
			delete(e.subs, ch)
			close(ch)
		}
	}
}

// CheckSlot applies only the slot rules (ours, in range, before the deadline);
// the servers call it before any expensive work.
func (e *Engine) CheckSlot(slot uint64, chainID *big.Int) error {
	_, err := e.checkSlot(slot, chainID)
	return err
}

// MarshalJSON encodes sc as the APIs serve it, without reflection (it is on
// the path of every promise); the output equals encoding/json's for
// signedCommitmentJSON (json.go).
func (sc SignedCommitment) MarshalJSON() ([]byte, error) {
	c := &sc.Commitment
	b := make([]byte, 0, 1536)
	b = append(b, `{"commitment":`...)
	start := len(b)
	b = append(b, `{"slot":`...)
	b = appendQuantity(b, c.Slot)
	b = append(b, `,"chainId":`...)
	b = appendBigQuantity(b, c.ChainID)
	b = append(b, `,"txHash":"`...)
	b = append(b, c.TxHash.Hex()...)
	b = append(b, `","sender":"`...)
	b = append(b, hexutil.Encode(c.Sender[:])...)
	b = append(b, `","nonce":`...)
	b = appendQuantity(b, c.Nonce)
	b = append(b, `,"committer":"`...)
	b = append(b, hexutil.Encode(c.Committer[:])...)
	b = append(b, `","seq":`...)
	b = appendQuantity(b, c.Seq)
	b = append(b, `,"penalty":`...)
	b = appendBigQuantity(b, c.Penalty)
	b = append(b, '}')
	end := len(b)
	b = append(b, `,"digest":"`...)
	b = append(b, sc.Digest.Hex()...)
	b = append(b, `","signature":"`...)
	b = append(b, hexutil.Encode(sc.Signature)...)
	b = append(b, '"')
	if sc.Void != "" {
		v, err := json.Marshal(sc.Void)
		if err != nil {
			return nil, err
		}
		b = append(b, `,"void":`...)
		b = append(b, v...)
	}
	if d := sc.Domain; d != nil {
		b = append(b, `,"typedData":`...)
		b = append(b, typedDataHead...)
		b = appendBigQuantity(b, d.ChainID)
		b = append(b, `,"verifyingContract":"`...)
		b = append(b, hexutil.Encode(d.VerifyingContract[:])...)
		b = append(b, `"},"message":`...)
		b = append(b, b[start:end]...)
		b = append(b, '}')
	}
	return append(b, '}'), nil
}
