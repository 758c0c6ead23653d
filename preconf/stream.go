package preconf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"

	"github.com/cockroachdb/pebble"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rlp"
)

// The commitments stream, resumable from a cursor.
//
// Every event of the stream (a new promise, a void, a slot's manifest) is
// written to the commitment log in the same synced batch as what it reports,
// under 'e' ‖ cursor. The log assigns cursors 1, 2, … in the order its
// batches enter the store (one lock around the assignment and Pebble's apply;
// the fsync waits stay pipelined), so no event becomes visible or durable
// before one with a smaller cursor. The stream is read from the log only, up
// to the durable watermark (the largest cursor whose batch is synced): one
// goroutine per log (the hub) reads each new event once and hands it to the
// live subscribers; a subscriber with a cursor first reads the log after it,
// page by page, and joins the live ones once it has caught up with the hub,
// dropping the live events it has already read. So a subscriber sees every
// event once, in cursor order, and never one that is not yet durable.

// Kinds of stream events, the first byte of their log value.
const (
	eventCommitment byte = 'p'
	eventVoid       byte = 'v'
	eventManifest   byte = 'm'
)

// MaxReplay bounds the events one subscription may replay: a cursor further
// behind the stream than this is refused (resume from a later one, or read
// the promises with preconf_getCommitment).
const MaxReplay = 100_000

// Page sizes of the hub's and a replay's log reads.
const (
	hubPage    = 4096
	replayPage = 1024
)

// floorKey holds the cursor below which every event was pruned.
var floorKey = []byte{'c'}

// streamCommitment is a commitment or void event as the log stores it (the
// slot is in the value's prefix).
type streamCommitment struct {
	ChainID   *big.Int
	TxHash    common.Hash
	Sender    common.Address
	Nonce     uint64
	Committer common.Address
	Seq       uint64
	Penalty   *big.Int
	Signature []byte
	Void      string
}

func eventKey(cursor uint64) []byte { return slotKey('e', cursor) }

// eventValue is an event's log value: kind(1) ‖ slot(8) ‖ body.
func eventValue(kind byte, slot uint64, body []byte) []byte {
	v := make([]byte, 9, 9+len(body))
	v[0] = kind
	binary.BigEndian.PutUint64(v[1:], slot)
	return append(v, body...)
}

// encodeEvent is the log value of r's commitment (void: why it no longer binds) event.
func encodeEvent(kind byte, r *record, void string) ([]byte, error) {
	body, err := rlp.EncodeToBytes(&streamCommitment{r.ChainID, r.TxHash, r.Sender, r.Nonce, r.Committer, r.Seq, r.Penalty, r.Signature, void})
	if err != nil {
		return nil, fmt.Errorf("encode event of promise %d/%d: %w", r.Slot, r.Seq, err)
	}
	return eventValue(kind, r.Slot, body), nil
}

// decodeEvent turns the log value of the event at cursor back into the Event streamed.
func decodeEvent(domain *Domain, cursor uint64, v []byte) (Event, error) {
	if len(v) < 9 {
		return Event{}, fmt.Errorf("event %d: %d bytes", cursor, len(v))
	}
	slot := binary.BigEndian.Uint64(v[1:9])
	ev := Event{Cursor: hexutil.Uint64(cursor)}
	switch v[0] {
	case eventCommitment, eventVoid:
		var c streamCommitment
		if err := rlp.DecodeBytes(v[9:], &c); err != nil {
			return Event{}, fmt.Errorf("decode event %d: %w", cursor, err)
		}
		ic := InclusionCommitment{Slot: slot, ChainID: c.ChainID, TxHash: c.TxHash, Sender: c.Sender, Nonce: c.Nonce, Committer: c.Committer, Seq: c.Seq, Penalty: c.Penalty}
		ev.Kind = "commitment"
		if v[0] == eventVoid {
			ev.Kind = "void"
		}
		ev.Commitment = &SignedCommitment{Commitment: ic, Digest: ic.Digest(*domain), Signature: c.Signature, Void: c.Void, Domain: domain}
	case eventManifest:
		var r manifestRecord
		if err := rlp.DecodeBytes(v[9:], &r); err != nil {
			return Event{}, fmt.Errorf("decode event %d: %w", cursor, err)
		}
		ev.Kind = "manifest"
		ev.Manifest = &SignedManifest{SlotManifest: SlotManifest{Slot: r.Slot, Root: r.Root, Count: r.Count}, Signature: r.Signature}
	default:
		return Event{}, fmt.Errorf("event %d: kind %q", cursor, v[0])
	}
	return ev, nil
}

// apply commits b with events under the next cursors and waits for its
// fsync; then the durable watermark moves and the hub is woken. Without
// events it is a plain synced commit.
func (l *Log) apply(b *pebble.Batch, events [][]byte) error {
	if len(events) == 0 {
		return b.Commit(pebble.Sync)
	}
	l.orderMu.Lock()
	first := l.next
	for i, ev := range events {
		if err := b.Set(eventKey(first+uint64(i)), ev, nil); err != nil {
			l.orderMu.Unlock()
			return err
		}
	}
	l.next += uint64(len(events))
	// Pebble makes batches visible in the order they are applied: the same
	// order as the cursors.
	err := l.db.ApplyNoSyncWait(b, pebble.Sync)
	l.orderMu.Unlock()
	if err != nil {
		return err
	}
	if err := b.SyncWait(); err != nil {
		return err
	}
	// The write-ahead log is synced in order: every earlier batch is durable too.
	last := first + uint64(len(events)) - 1
	for {
		d := l.durable.Load()
		if d >= last || l.durable.CompareAndSwap(d, last) {
			break
		}
	}
	select {
	case l.wake <- struct{}{}:
	default:
	}
	return nil
}

// loadCursor sets the next cursor and the durable watermark from the store.
func (l *Log) loadCursor() error {
	var floor uint64
	switch v, closer, err := l.db.Get(floorKey); {
	case err == nil:
		if len(v) == 8 {
			floor = binary.BigEndian.Uint64(v)
		}
		closer.Close()
	case !errors.Is(err, pebble.ErrNotFound):
		return err
	}
	it, err := l.db.NewIter(&pebble.IterOptions{LowerBound: eventKey(0), UpperBound: []byte{'f'}})
	if err != nil {
		return err
	}
	var last uint64
	if it.Last() && len(it.Key()) == 9 {
		last = binary.BigEndian.Uint64(it.Key()[1:])
	}
	if err := errors.Join(it.Error(), it.Close()); err != nil {
		return err
	}
	l.next = max(last+1, floor, 1)
	l.floor.Store(floor)
	l.durable.Store(l.next - 1)
	return nil
}

// events calls fn for the events with cursors in (after, upTo], in cursor
// order, at most limit of them, and returns the cursor it read up to (upTo,
// or the last event's when limit stopped it).
func (l *Log) events(domain *Domain, after, upTo uint64, limit int, fn func(Event)) (uint64, error) {
	l.readMu.RLock()
	defer l.readMu.RUnlock()
	if l.closed {
		return after, ErrLogClosed
	}
	it, err := l.db.NewIter(&pebble.IterOptions{LowerBound: eventKey(after + 1), UpperBound: eventKey(upTo + 1)})
	if err != nil {
		return after, err
	}
	n := 0
	for it.First(); it.Valid(); it.Next() {
		c := binary.BigEndian.Uint64(it.Key()[1:])
		ev, err := decodeEvent(domain, c, it.Value())
		if err != nil {
			it.Close()
			return after, err
		}
		fn(ev)
		if n++; n == limit {
			return c, it.Close()
		}
	}
	return upTo, errors.Join(it.Error(), it.Close())
}

// pruneEvents deletes into b the events, in cursor order, of slots before
// slot, up to the first event of a later slot (an older slot's event after it
// stays until a later prune), and returns the new floor (0: unchanged).
func (l *Log) pruneEvents(b *pebble.Batch, before uint64) (uint64, error) {
	it, err := l.db.NewIter(&pebble.IterOptions{LowerBound: eventKey(0), UpperBound: []byte{'f'}})
	if err != nil {
		return 0, err
	}
	var floor uint64
	for it.First(); it.Valid(); it.Next() {
		v := it.Value()
		if len(v) >= 9 && binary.BigEndian.Uint64(v[1:9]) >= before {
			break
		}
		floor = binary.BigEndian.Uint64(it.Key()[1:]) + 1
	}
	if err := errors.Join(it.Error(), it.Close()); err != nil || floor == 0 {
		return 0, err
	}
	if err := b.DeleteRange(eventKey(0), eventKey(floor), nil); err != nil {
		return 0, err
	}
	return floor, b.Set(floorKey, binary.BigEndian.AppendUint64(nil, floor), nil)
}

// StreamFilter selects the events of a commitments subscription.
type StreamFilter struct {
	// ChainID, when set, keeps the commitments and voids of that chain (L1's
	// or a served rollup's); manifests, one per slot for every chain, always pass.
	ChainID *big.Int
	// After, when set, replays first every event the log holds with a larger
	// cursor; nil: live events only.
	After *uint64
}

// SubscribeStream streams the commitments topic: each event (commitment,
// void, manifest) with its cursor, in cursor order, from the log and only
// once durable. With f.After set it replays the events after that cursor,
// then goes on live with no gap and no duplicate. A cursor whose successors
// were pruned, one ahead of the stream, or one more than MaxReplay events
// behind is refused (ErrBadRequest, field cursor). A live subscriber that
// falls buf events behind is dropped (its channel is closed); cancel ends the
// stream.
func (e *Engine) SubscribeStream(f StreamFilter, buf int) (<-chan Event, func(), error) {
	if f.ChainID != nil && f.ChainID.Cmp(e.cfg.Domain.ChainID) != 0 && e.rollupOf(f.ChainID) == nil {
		return nil, nil, fail(ErrBadRequest, "chainId", "chain %v is not served (L1 is %v%s)", f.ChainID, e.cfg.Domain.ChainID, e.rollupList())
	}
	var after uint64
	if f.After != nil {
		after = *f.After
		floor, last := e.log.floor.Load(), e.log.durable.Load()
		switch {
		case after+1 < floor:
			return nil, nil, fail(ErrBadRequest, "cursor", "cursor %#x was pruned: the log holds the stream from cursor %#x on (resume after %#x to accept the gap)", after, floor, floor-1)
		case after > last:
			return nil, nil, fail(ErrBadRequest, "cursor", "cursor %#x is ahead of the stream (last event %#x)", after, last)
		case last-after > MaxReplay:
			return nil, nil, fail(ErrBadRequest, "cursor", "%d events after cursor %#x, at most %d are replayed per subscription", last-after, after, MaxReplay)
		}
	}
	h := e.log.hubFor(&e.cfg.Domain, e.slog)
	s := &streamSub{out: make(chan Event, buf), chain: f.ChainID, done: make(chan struct{})}
	cancel := func() {
		s.stop.Do(func() { close(s.done) })
		h.mu.Lock()
		if s.live {
			h.closeSub(s)
		}
		h.mu.Unlock()
	}
	if f.After == nil {
		h.mu.Lock()
		s.after, s.live = h.pos, true
		h.subs[s] = struct{}{}
		select {
		case <-e.log.quit: // the hub has stopped
			h.closeSub(s)
		default:
		}
		h.mu.Unlock()
		return s.out, cancel, nil
	}
	go h.replay(s, after)
	return s.out, cancel, nil
}

// hub reads each new durable event of a log once and hands it to the live subscribers.
type hub struct {
	log    *Log
	domain *Domain
	slog   *slog.Logger

	mu   sync.Mutex
	pos  uint64 // every event up to this cursor has been handed out
	subs map[*streamSub]struct{}
}

// streamSub is one subscription.
type streamSub struct {
	out   chan Event
	chain *big.Int      // nil: every chain
	done  chan struct{} // closed by cancel
	stop  sync.Once

	// Guarded by hub.mu.
	after  uint64 // live events up to this cursor were replayed
	live   bool
	closed bool
}

func (s *streamSub) match(ev *Event) bool {
	return s.chain == nil || ev.Commitment == nil || ev.Commitment.Commitment.ChainID.Cmp(s.chain) == 0
}

// hubFor returns the log's hub, started on the first subscription.
func (l *Log) hubFor(domain *Domain, log *slog.Logger) *hub {
	l.hubOnce.Do(func() {
		l.hub = &hub{log: l, domain: domain, slog: log, pos: l.durable.Load(), subs: map[*streamSub]struct{}{}}
		go l.hub.run()
	})
	return l.hub
}

// closeSub ends s; h.mu must be held.
func (h *hub) closeSub(s *streamSub) {
	delete(h.subs, s)
	if !s.closed {
		s.closed = true
		close(s.out)
	}
}

func (h *hub) run() {
	for {
		select {
		case <-h.log.quit:
			h.mu.Lock()
			for s := range h.subs {
				h.closeSub(s)
			}
			h.mu.Unlock()
			return
		case <-h.log.wake:
		}
		if err := h.advance(); err != nil && !errors.Is(err, ErrLogClosed) {
			h.slog.Warn("commitments stream: read the log; retrying at the next event", "err", err)
		}
	}
}

// advance hands the live subscribers every durable event after h.pos.
func (h *hub) advance() error {
	for {
		w := h.log.durable.Load()
		h.mu.Lock()
		pos := h.pos
		if w <= pos {
			h.mu.Unlock()
			return nil
		}
		if len(h.subs) == 0 { // nobody to read for; a replay reads these itself
			h.pos = w
			h.mu.Unlock()
			continue
		}
		h.mu.Unlock()
		var evs []Event
		next, err := h.log.events(h.domain, pos, w, hubPage, func(ev Event) { evs = append(evs, ev) })
		if err != nil {
			return err
		}
		h.mu.Lock()
		for i := range evs {
			ev := &evs[i]
			for s := range h.subs {
				if uint64(ev.Cursor) <= s.after || !s.match(ev) {
					continue
				}
				select {
				case s.out <- *ev:
				default:
					h.closeSub(s) // too slow
				}
			}
		}
		h.pos = next
		h.mu.Unlock()
	}
}

// replay sends s the events after pos from the log, page by page, waiting on
// the reader, and makes s live once it has caught up with the hub.
func (h *hub) replay(s *streamSub, pos uint64) {
	end := func() {
		h.mu.Lock()
		if !s.closed {
			s.closed = true
			close(s.out)
		}
		h.mu.Unlock()
	}
	for {
		var evs []Event
		next, err := h.log.events(h.domain, pos, h.log.durable.Load(), replayPage, func(ev Event) {
			if s.match(&ev) {
				evs = append(evs, ev)
			}
		})
		if err != nil {
			if !errors.Is(err, ErrLogClosed) {
				h.slog.Warn("commitments stream: replay", "after", pos, "err", err)
			}
			end()
			return
		}
		for _, ev := range evs {
			select {
			case s.out <- ev:
			case <-s.done:
				end()
				return
			}
		}
		pos = next
		h.mu.Lock()
		select {
		case <-s.done:
			h.mu.Unlock()
			end()
			return
		case <-h.log.quit:
			h.mu.Unlock()
			end()
			return
		default:
		}
		if pos >= h.pos {
			s.after, s.live = pos, true
			h.subs[s] = struct{}{}
			h.mu.Unlock()
			return
		}
		h.mu.Unlock()
	}
}
