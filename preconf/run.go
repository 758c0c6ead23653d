package preconf

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/cockroachdb/pebble"
	"github.com/ethereum/go-ethereum/common"
	"golang.org/x/sync/errgroup"
)

// Run seals slots at their deadline, re-checks promises on every new head,
// releases the penalties of final slots and prunes the log, until ctx ends.
// Sealing runs on its own loop, so a slow head re-check (one account read
// per sender) cannot hold a slot open past its deadline.
func (e *Engine) Run(ctx context.Context, tick time.Duration) error {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		return every(ctx, tick, func() error { return e.SealDue(ctx) })
	})
	g.Go(func() error {
		var lastHead common.Hash
		return every(ctx, tick, func() error {
			if h := e.chain.Head(); h.Hash != lastHead {
				if err := e.OnHead(ctx, h); err != nil {
					e.slog.Warn("re-check on new head", "head", h.Number, "err", err)
				} else {
					lastHead = h.Hash // a failed re-check runs again at the next tick
				}
			}
			if err := e.Settle(); err != nil {
				e.slog.Warn("settle; retrying at the next tick", "err", err)
			}
			return nil
		})
	})
	return g.Wait()
}

// every runs fn each tick until ctx ends or fn fails.
func every(ctx context.Context, tick time.Duration, fn func() error) error {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		if err := fn(); err != nil {
			return err
		}
	}
}

// SealDue builds, signs and stores the manifest of every slot past its
// deadline. Once the log has failed it seals nothing: a manifest signed then
// could lack a promise whose write was ambiguous, and one slot gets one
// manifest, ever.
func (e *Engine) SealDue(ctx context.Context) error {
	now := e.cfg.now()
	e.mu.Lock()
	if e.broken != nil {
		e.mu.Unlock()
		return nil
	}
	var due []*slotState
	for _, st := range e.slots {
		if !st.sealed && !now.Before(st.deadline) {
			st.sealed = true
			due = append(due, st)
		}
	}
	e.mu.Unlock()
	for _, st := range due {
		st.inflight.Wait() // every reserved promise is durable or withdrawn
		e.mu.Lock()
		broken := e.broken
		e.mu.Unlock()
		if broken != nil {
			e.slog.Error("slot not sealed: the commitment log failed", "slot", st.slot, "err", broken)
			continue
		}
		m, err := e.seal(st)
		if err != nil {
			e.mu.Lock()
			e.broken = err // the manifest may or may not be on disk: sign no other
			e.mu.Unlock()
			return err
		}
		e.slog.Info("slot manifest signed", "slot", m.Slot, "count", m.Count, "root", m.Root)
		e.publish(Event{Kind: "manifest", Manifest: m})
	}
	return nil
}

func (e *Engine) seal(st *slotState) (*SignedManifest, error) {
	e.mu.Lock()
	ps := append([]*Promise(nil), st.promises...)
	e.mu.Unlock()
	keys, vals := make([]common.Hash, len(ps)), make([]common.Hash, len(ps))
	for i, p := range ps {
		keys[i], vals[i] = p.Commitment.TxHash, p.Digest
	}
	tree, root, err := buildManifestTree(keys, vals)
	if err != nil {
		return nil, err
	}
	switch old, err := e.log.Manifest(st.slot); {
	case err == nil: // signed before (an earlier run): keep it, never sign a second
		if old.Root != root || old.Count != uint32(len(ps)) {
			return nil, fmt.Errorf("slot %d: stored manifest (root %s, %d promises) differs from its promises (root %s, %d)", st.slot, old.Root, old.Count, root, len(ps))
		}
		e.mu.Lock()
		st.manifest, st.tree = old, tree
		e.mu.Unlock()
		return old, nil
	case !errors.Is(err, pebble.ErrNotFound):
		return nil, fmt.Errorf("read manifest of slot %d: %w", st.slot, err)
	}
	m := &SignedManifest{SlotManifest: SlotManifest{Slot: st.slot, Root: root, Count: uint32(len(ps))}}
	if m.Signature, err = e.signer.SignManifest(&m.SlotManifest); err != nil {
		return nil, err
	}
	if err := e.log.PutManifest(m); err != nil {
		return nil, fmt.Errorf("store manifest of slot %d: %w", st.slot, err)
	}
	e.mu.Lock()
	st.manifest, st.tree = m, tree
	e.mu.Unlock()
	return m, nil
}

// Manifest returns the signed manifest of slot.
func (e *Engine) Manifest(slot uint64) (*SignedManifest, error) {
	e.mu.Lock()
	st := e.slots[slot]
	var m *SignedManifest
	if st != nil {
		m = st.manifest
	}
	e.mu.Unlock()
	if m != nil {
		return m, nil
	}
	m, err := e.log.Manifest(slot)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, fail(ErrNotFound, "slot", "no manifest for slot %d (not past its deadline, or no promises)", slot)
	}
	if err != nil {
		return nil, fail(ErrUnavailable, "slot", "%v", err)
	}
	return m, nil
}

// ManifestProof proves that the promise for txHash is in its slot's manifest.
func (e *Engine) ManifestProof(txHash common.Hash) (*ManifestProof, error) {
	sc, err := e.Commitment(txHash)
	if err != nil {
		return nil, err
	}
	slot := sc.Commitment.Slot
	m, err := e.Manifest(slot)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	var tree *manifestTree
	if st := e.slots[slot]; st != nil {
		tree = st.tree
	}
	e.mu.Unlock()
	if tree == nil { // after a restart, or an old slot: rebuild from the log
		var keys, vals []common.Hash
		err := e.log.Slots(slot, slot+1, func(r *record, _ string) error {
			c := InclusionCommitment{Slot: r.Slot, ChainID: r.ChainID, TxHash: r.TxHash, Sender: r.Sender, Nonce: r.Nonce, Committer: r.Committer, Seq: r.Seq, Penalty: r.Penalty}
			keys, vals = append(keys, r.TxHash), append(vals, c.Digest(e.cfg.Domain))
			return nil
		})
		if err != nil {
			return nil, fail(ErrUnavailable, "txHash", "%v", err)
		}
		var root common.Hash
		if tree, root, err = buildManifestTree(keys, vals); err != nil {
			return nil, fail(ErrUnavailable, "txHash", "%v", err)
		}
		if root != m.Root {
			return nil, fail(ErrUnavailable, "txHash", "rebuilt root %s differs from the signed %s", root, m.Root)
		}
		e.mu.Lock()
		if st := e.slots[slot]; st != nil {
			st.tree = tree
		}
		e.mu.Unlock()
	}
	vp, sd, err := tree.prove(txHash)
	if err != nil {
		return nil, fail(ErrUnavailable, "txHash", "%v", err)
	}
	return &ManifestProof{Slot: slot, Root: m.Root, Key: txHash, Value: sc.Digest, Proof: vp, StateDiff: sd}, nil
}

// OnHead voids every promise for a later slot whose nonce the sender has
// already used on chain: that is outside our control, and no longer binds.
// The voids of one head are written in one synced batch before memory marks
// them, so a failed write leaves none half-done (the next head retries).
func (e *Engine) OnHead(ctx context.Context, h Head) error {
	e.mu.Lock()
	senders := make([]chainAccount, 0, len(e.senders))
	for s, ps := range e.senders {
		if s.chain != e.l1 {
			continue // a rollup's nonces move only with its blocks, which we seal
		}
		for _, p := range ps {
			if p.Void == "" && p.Commitment.Slot > h.Slot {
				senders = append(senders, s)
				break
			}
		}
	}
	e.mu.Unlock()
	var (
		errs    []error
		voided  []*Promise
		reasons []string
	)
	for _, s := range senders {
		nonce, _, err := e.chain.Account(ctx, s.addr)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		e.mu.Lock()
		for _, p := range e.senders[s] {
			if !p.durable() {
				continue // still being written; the next head re-checks it
			}
			if p.Void == "" && p.Commitment.Slot > h.Slot && p.Commitment.Nonce < nonce {
				voided = append(voided, p)
				reasons = append(reasons, fmt.Sprintf("sender nonce %d used on chain by block %d (slot %d) before slot %d", p.Commitment.Nonce, h.Number, h.Slot, p.Commitment.Slot))
			}
		}
		e.mu.Unlock()
	}
	if len(voided) > 0 {
		vs := make([]voidEntry, len(voided))
		for i, p := range voided {
			vs[i] = voidEntry{p.Commitment.Slot, p.Commitment.Seq, reasons[i]}
		}
		if err := e.log.Voids(vs); err != nil {
			return errors.Join(append(errs, fmt.Errorf("write voids: %w", err))...)
		}
		e.mu.Lock()
		for i, p := range voided {
			p.Void = reasons[i]
			e.release(p)
		}
		e.mu.Unlock()
		for _, p := range voided {
			sc := p.Signed()
			e.slog.Info("promise void", "slot", sc.Commitment.Slot, "tx", sc.Commitment.TxHash, "reason", sc.Void)
			e.publish(Event{Kind: "void", Commitment: &sc})
		}
	}
	return errors.Join(errs...)
}

// release stops counting p's penalty as outstanding; e.mu must be held.
func (e *Engine) release(p *Promise) {
	if !p.released {
		p.released = true
		e.outstanding.Sub(e.outstanding, p.Commitment.Penalty)
		e.addAuthorities(p, -1)
	}
}

// Settle releases the penalties of final slots, drops them from memory and
// prunes the log beyond the retention window. A failed prune is returned and
// tried again at the next call (Run logs it and goes on: old records cost
// disk, not correctness).
func (e *Engine) Settle() error {
	clock := e.chain.ClockSlot()
	if clock <= e.cfg.FinalityDelay {
		return nil
	}
	final := clock - e.cfg.FinalityDelay
	e.mu.Lock()
	if final > e.settled {
		e.settleLocked(final)
	}
	e.mu.Unlock()
	if clock > e.cfg.Retention && clock-e.cfg.Retention > e.pruned {
		before := clock - e.cfg.Retention
		n, err := e.log.Prune(before)
		if err != nil {
			return fmt.Errorf("prune commitment log before slot %d: %w", before, err)
		}
		e.pruned = before
		if n > 0 {
			e.slog.Info("commitment log pruned", "promises", n, "before", before)
		}
	}
	return nil
}

// settleLocked releases the promises of the slots before final and forgets
// them; it runs again for the same final only while one of those slots is
// still unsealed, so a tick without a new final slot costs nothing.
func (e *Engine) settleLocked(final uint64) {
	complete := true
	for slot, st := range e.slots {
		if slot >= final {
			continue
		}
		if !st.sealed {
			complete = false
			continue
		}
		for _, p := range st.promises {
			e.release(p)
			delete(e.byHash, p.Commitment.TxHash)
		}
		delete(e.slots, slot)
	}
	for s, ps := range e.senders {
		keep := ps[:0]
		for _, p := range ps {
			if p.Commitment.Slot >= final {
				keep = append(keep, p)
			}
		}
		if len(keep) == 0 {
			delete(e.senders, s)
		} else {
			e.senders[s] = keep
		}
	}
	if complete {
		e.settled = final
	}
}

// RecordRequest makes a Commitments API request hash durable with its promise.
func (e *Engine) RecordRequest(reqHash common.Hash, slot uint64, txHash common.Hash, payload []byte) error {
	if err := e.log.PutRequest(reqHash, slot, txHash, payload); err != nil {
		return fail(ErrUnavailable, "request_hash", "%v", err)
	}
	return nil
}

// LookupRequest returns the slot, tx hash and payload recorded for reqHash.
func (e *Engine) LookupRequest(reqHash common.Hash) (uint64, common.Hash, []byte, error) {
	slot, h, payload, err := e.log.Request(reqHash)
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, common.Hash{}, nil, fail(ErrNotFound, "request_hash", "%s", reqHash)
	}
	if err != nil {
		return 0, common.Hash{}, nil, fail(ErrUnavailable, "request_hash", "%v", err)
	}
	return slot, h, payload, nil
}

// Outstanding returns the sum of the penalties of promises not yet final or void.
func (e *Engine) Outstanding() *big.Int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return new(big.Int).Set(e.outstanding)
}

// LaterNonces returns, per sender, the lowest nonce of its binding L1
// promises for slots after slot: a block of slot must not spend that nonce
// or any above it, or the later promise is broken by our own block.
func (e *Engine) LaterNonces(slot uint64) map[common.Address]uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[common.Address]uint64{}
	for acct, ps := range e.senders {
		if acct.chain != e.l1 {
			continue
		}
		for _, p := range ps {
			c := p.Commitment
			if c.Slot <= slot || p.Void != "" {
				continue
			}
			if n, ok := out[acct.addr]; !ok || c.Nonce < n {
				out[acct.addr] = c.Nonce
			}
		}
	}
	return out
}

// PromisedTx is one promised L1 transaction of a slot, as a block builder
// needs it.
type PromisedTx struct {
	Slot   uint64 // set by RollupTxs
	Seq    uint64
	TxHash common.Hash
	Sender common.Address
	Nonce  uint64
	// Raw is the transaction in network form (a blob transaction with its
	// blobs, commitments and proofs).
	Raw []byte
	// Void is empty while the promise binds; otherwise it says why it does not.
	Void string
}

// SlotTxs returns the durable promised L1 transactions of slot in promise
// order (void ones included, with their reason).
func (e *Engine) SlotTxs(slot uint64) []PromisedTx {
	e.mu.Lock()
	defer e.mu.Unlock()
	st := e.slots[slot]
	if st == nil {
		return nil
	}
	out := make([]PromisedTx, 0, len(st.promises))
	for _, p := range st.promises {
		if !p.durable() || p.Commitment.ChainID.Cmp(e.cfg.Domain.ChainID) != 0 {
			continue
		}
		c := p.Commitment
		out = append(out, PromisedTx{Seq: c.Seq, TxHash: c.TxHash, Sender: c.Sender, Nonce: c.Nonce, Raw: p.Raw, Void: p.Void})
	}
	slices.SortFunc(out, func(a, b PromisedTx) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}
