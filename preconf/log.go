package preconf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"sync/atomic"

	"github.com/cockroachdb/pebble"
	"github.com/cockroachdb/pebble/vfs"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/rlp"
)

// Log is the durable commitment log: one Pebble store whose writes are
// fsynced before they return. Promise appends go through one writer that
// commits everything queued while the previous fsync ran as one synced batch
// (group commit), so concurrent requests share fsyncs.
//
// Keys (all integers big-endian):
//
//	'p' slot(8) seq(8)  → record: RLP of the signed promise and its raw tx
//	'h' txHash(32)      → slot(8) seq(8)
//	'v' slot(8) seq(8)  → void reason (UTF-8)
//	'm' slot(8)         → RLP of the signed slot manifest
//	'q' requestHash(32) → RLP of a Commitments API request (slot, tx hash, payload)
//	'r' slot(8) requestHash(32) → empty: the requests of a slot, for pruning
//	'e' cursor(8)       → one event of the commitments stream (stream.go)
//	'c'                 → cursor(8): every event below it was pruned
type Log struct {
	db        *pebble.DB
	appends   chan *appendReq
	quit      chan struct{} // closed by Close
	exited    chan struct{} // closed when the writer has stopped
	closeOnce sync.Once
	closeErr  error
	// scanned is set once a prune has looked at every 'q' key, which finds
	// requests stored before the 'r' index existed; later prunes read only
	// the index of the slots they delete.
	scanned bool

	// The commitments stream (stream.go): every promise, void and manifest
	// written gets the next cursor, in the order of the store's own commits.
	orderMu sync.Mutex    // held while cursors are assigned and the batch enters the store
	next    uint64        // the next cursor (guarded by orderMu)
	durable atomic.Uint64 // every event with a cursor at or below it is synced
	floor   atomic.Uint64 // every event below this cursor was pruned
	wake    chan struct{} // signalled when durable moves
	hubOnce sync.Once
	hub     *hub
	readMu  sync.RWMutex // stream reads hold it shared; Close takes it
	closed  bool         // guarded by readMu
}

// appendReq is one Append waiting for the group commit that carries it.
type appendReq struct {
	kvs    [][2][]byte
	events [][]byte   // stream events, keyed by cursor at commit
	done   chan error // buffered: the writer never blocks on it
}

// writers is how many group commits may be under way at once: while one
// waits for its fsync, the next is already handed to Pebble, which syncs it
// right after.
const writers = 2

// maxGroup bounds the key-value pairs of one group commit.
const maxGroup = 8192

// memTableSize is Pebble's in-memory table (off the Go heap). Pebble's
// default of 4 MiB filled every few seconds at 2,000 promises/s, and each
// flush to an sstable and new WAL file stalled the synced commits behind it.
const memTableSize = 64 << 20

// ErrLogClosed is returned by reads and writes of a closed log.
var ErrLogClosed = errors.New("commitment log closed")

// record is one promise as the log stores it.
type record struct {
	Slot      uint64
	ChainID   *big.Int
	TxHash    common.Hash
	Sender    common.Address
	Nonce     uint64
	Committer common.Address
	Seq       uint64
	Penalty   *big.Int
	Signature []byte
	Tx        []byte // network form
	Deadline  uint64 // unix milliseconds
	// Request, when set, is a Commitments API request written in the same batch.
	Request *RequestRecord `rlp:"-"`
}

type manifestRecord struct {
	Slot      uint64
	Root      common.Hash
	Count     uint32
	Signature []byte
}

// OpenLog opens (or creates) the log in dir.
func OpenLog(dir string, log *slog.Logger) (*Log, error) {
	return openLog(dir, log, nil)
}

// openLog opens the log on fs (nil: the operating system's).
func openLog(dir string, log *slog.Logger, fs vfs.FS) (*Log, error) {
	db, err := pebble.Open(dir, &pebble.Options{Logger: pebbleLogger{log}, MemTableSize: memTableSize, FS: fs})
	if err != nil {
		return nil, fmt.Errorf("open commitment log %s: %w", dir, err)
	}
	l := &Log{db: db, appends: make(chan *appendReq, maxGroup), quit: make(chan struct{}), exited: make(chan struct{}), wake: make(chan struct{}, 1)}
	if err := l.loadCursor(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open commitment log %s: %w", dir, err)
	}
	var wg sync.WaitGroup
	for range writers {
		wg.Go(l.writer)
	}
	go func() { wg.Wait(); close(l.exited) }()
	return l, nil
}

// use holds the store open for one read or write outside the group commit
// (Pebble panics on a closed store); it fails with ErrLogClosed after Close.
func (l *Log) use() (release func(), err error) {
	l.readMu.RLock()
	if l.closed {
		l.readMu.RUnlock()
		return nil, ErrLogClosed
	}
	return l.readMu.RUnlock, nil
}

// Close stops the writer after the queued appends and closes the store.
func (l *Log) Close() error {
	l.closeOnce.Do(func() {
		close(l.quit)
		<-l.exited
		l.readMu.Lock()
		l.closed = true
		l.readMu.Unlock()
		l.closeErr = l.db.Close()
	})
	return l.closeErr
}

// writer commits queued appends: it takes what has arrived, writes it as one
// synced batch and answers every request in it, until Close.
func (l *Log) writer() {
	var group []*appendReq
	for {
		select {
		case r := <-l.appends:
			group = append(group[:0], r)
		case <-l.quit:
			for { // answer what was queued before Close
				select {
				case r := <-l.appends:
					l.commit([]*appendReq{r})
				default:
					return
				}
			}
		}
		n := len(group[0].kvs)
	drain:
		for n < maxGroup {
			select {
			case r := <-l.appends:
				group = append(group, r)
				n += len(r.kvs)
			default:
				break drain
			}
		}
		l.commit(group)
		clear(group)
	}
}

// commit writes group as one synced batch and tells each request the outcome.
func (l *Log) commit(group []*appendReq) {
	b := l.db.NewBatch()
	var (
		err    error
		events [][]byte
	)
	for _, r := range group {
		for _, kv := range r.kvs {
			if err = b.Set(kv[0], kv[1], nil); err != nil {
				break
			}
		}
		events = append(events, r.events...)
	}
	if err == nil {
		if err = l.apply(b, events); err != nil {
			err = fmt.Errorf("commit promises: %w", err)
		}
	}
	b.Close()
	for _, r := range group {
		r.done <- err
	}
}

func promiseKey(slot, seq uint64) []byte {
	k := make([]byte, 17)
	k[0] = 'p'
	binary.BigEndian.PutUint64(k[1:], slot)
	binary.BigEndian.PutUint64(k[9:], seq)
	return k
}

func voidKey(slot, seq uint64) []byte {
	k := promiseKey(slot, seq)
	k[0] = 'v'
	return k
}

func slotKey(prefix byte, slot uint64) []byte {
	k := make([]byte, 9)
	k[0] = prefix
	binary.BigEndian.PutUint64(k[1:], slot)
	return k
}

func hashKey(h common.Hash) []byte { return append([]byte{'h'}, h[:]...) }

// Append writes promises and syncs them to disk before it returns; appends
// that arrive while an fsync runs share the next one.
func (l *Log) Append(recs []*record) error {
	req := &appendReq{kvs: make([][2][]byte, 0, 2*len(recs)), done: make(chan error, 1)}
	for _, r := range recs {
		v, err := rlp.EncodeToBytes(r)
		if err != nil {
			return fmt.Errorf("encode promise: %w", err)
		}
		k := promiseKey(r.Slot, r.Seq)
		req.kvs = append(req.kvs, [2][]byte{k, v}, [2][]byte{hashKey(r.TxHash), k[1:]})
		ev, err := encodeEvent(eventCommitment, r, "")
		if err != nil {
			return err
		}
		req.events = append(req.events, ev)
		if q := r.Request; q != nil {
			qk, qv, err := requestKV(q.Hash, r.Slot, r.TxHash, q.Payload)
			if err != nil {
				return err
			}
			req.kvs = append(req.kvs, [2][]byte{qk, qv}, [2][]byte{requestIndexKey(r.Slot, q.Hash), nil})
		}
	}
	select {
	case l.appends <- req:
	case <-l.exited:
		return ErrLogClosed
	}
	select {
	case err := <-req.done:
		return err
	case <-l.exited:
		select { // the writer may have answered just before it stopped
		case err := <-req.done:
			return err
		default:
			return ErrLogClosed
		}
	}
}

// voidEntry is why one promise no longer binds.
type voidEntry struct {
	slot, seq uint64
	reason    string
}

// Voids records, in one synced batch, why promises no longer bind (and
// their void events of the stream).
func (l *Log) Voids(vs []voidEntry) error {
	release, err := l.use()
	if err != nil {
		return err
	}
	defer release()
	b := l.db.NewBatch()
	defer b.Close()
	events := make([][]byte, 0, len(vs))
	for _, v := range vs {
		if err := b.Set(voidKey(v.slot, v.seq), []byte(v.reason), nil); err != nil {
			return err
		}
		r, _, err := l.get(v.slot, v.seq)
		if err != nil {
			return fmt.Errorf("void of promise %d/%d: %w", v.slot, v.seq, err)
		}
		ev, err := encodeEvent(eventVoid, r, v.reason)
		if err != nil {
			return err
		}
		events = append(events, ev)
	}
	return l.apply(b, events)
}

// PutManifest stores a signed manifest (and its event of the stream).
func (l *Log) PutManifest(m *SignedManifest) error {
	release, err := l.use()
	if err != nil {
		return err
	}
	defer release()
	v, err := rlp.EncodeToBytes(&manifestRecord{m.Slot, m.Root, m.Count, m.Signature})
	if err != nil {
		return err
	}
	b := l.db.NewBatch()
	defer b.Close()
	if err := b.Set(slotKey('m', m.Slot), v, nil); err != nil {
		return err
	}
	return l.apply(b, [][]byte{eventValue(eventManifest, m.Slot, v)})
}

// Manifest returns the stored manifest of slot.
func (l *Log) Manifest(slot uint64) (*SignedManifest, error) {
	release, err := l.use()
	if err != nil {
		return nil, err
	}
	defer release()
	v, closer, err := l.db.Get(slotKey('m', slot))
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	var r manifestRecord
	if err := rlp.DecodeBytes(v, &r); err != nil {
		return nil, fmt.Errorf("decode manifest of slot %d: %w", slot, err)
	}
	return &SignedManifest{SlotManifest: SlotManifest{Slot: r.Slot, Root: r.Root, Count: r.Count}, Signature: r.Signature}, nil
}

// ByHash returns the stored promise for txHash and its void reason.
func (l *Log) ByHash(h common.Hash) (*record, string, error) {
	release, err := l.use()
	if err != nil {
		return nil, "", err
	}
	defer release()
	v, closer, err := l.db.Get(hashKey(h))
	if err != nil {
		return nil, "", err
	}
	if len(v) != 16 {
		closer.Close()
		return nil, "", fmt.Errorf("index entry of %s: %d bytes", h, len(v))
	}
	slot, seq := binary.BigEndian.Uint64(v), binary.BigEndian.Uint64(v[8:])
	closer.Close()
	return l.get(slot, seq)
}

func (l *Log) get(slot, seq uint64) (*record, string, error) {
	v, closer, err := l.db.Get(promiseKey(slot, seq))
	if err != nil {
		return nil, "", err
	}
	var r record
	err = rlp.DecodeBytes(v, &r)
	closer.Close()
	if err != nil {
		return nil, "", fmt.Errorf("decode promise %d/%d: %w", slot, seq, err)
	}
	reason, err := l.voidReason(slot, seq)
	return &r, reason, err
}

func (l *Log) voidReason(slot, seq uint64) (string, error) {
	v, closer, err := l.db.Get(voidKey(slot, seq))
	if errors.Is(err, pebble.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer closer.Close()
	return string(v), nil
}

// Slots calls fn for every promise of slots in [from, to), in slot and seq order.
func (l *Log) Slots(from, to uint64, fn func(r *record, void string) error) error {
	release, err := l.use()
	if err != nil {
		return err
	}
	defer release()
	return l.slots(from, to, fn)
}

func (l *Log) slots(from, to uint64, fn func(r *record, void string) error) error {
	it, err := l.db.NewIter(&pebble.IterOptions{LowerBound: promiseKey(from, 0), UpperBound: promiseKey(to, 0)})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		var r record
		if err := rlp.DecodeBytes(it.Value(), &r); err != nil {
			return fmt.Errorf("decode promise at %x: %w", it.Key(), err)
		}
		reason, err := l.voidReason(r.Slot, r.Seq)
		if err != nil {
			return err
		}
		if err := fn(&r, reason); err != nil {
			return err
		}
	}
	return it.Error()
}

// Prune deletes every slot before slot and returns how many promises went.
func (l *Log) Prune(before uint64) (int, error) {
	release, err := l.use()
	if err != nil {
		return 0, err
	}
	defer release()
	b := l.db.NewBatch()
	defer b.Close()
	n := 0
	err = l.slots(0, before, func(r *record, _ string) error {
		n++
		return b.Delete(hashKey(r.TxHash), nil)
	})
	if err != nil {
		return 0, err
	}
	if err := l.pruneRequests(b, before); err != nil {
		return 0, err
	}
	floor, err := l.pruneEvents(b, before)
	if err != nil {
		return 0, err
	}
	for _, p := range []byte{'p', 'v', 'm'} {
		if err := b.DeleteRange(slotKey(p, 0), slotKey(p, before), nil); err != nil {
			return 0, err
		}
	}
	if b.Empty() {
		l.scanned = true
		return 0, nil
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return 0, err
	}
	if floor > 0 {
		l.floor.Store(floor)
	}
	l.scanned = true
	return n, nil
}

// gatewayRequest is a Commitments API request whose promise was made.
type gatewayRequest struct {
	Slot    uint64
	TxHash  common.Hash
	Payload []byte
}

// PutRequest records a Commitments API request hash with its promise.
func (l *Log) PutRequest(reqHash common.Hash, slot uint64, txHash common.Hash, payload []byte) error {
	release, err := l.use()
	if err != nil {
		return err
	}
	defer release()
	k, v, err := requestKV(reqHash, slot, txHash, payload)
	if err != nil {
		return err
	}
	b := l.db.NewBatch()
	defer b.Close()
	if err := b.Set(k, v, nil); err != nil {
		return err
	}
	if err := b.Set(requestIndexKey(slot, reqHash), nil, nil); err != nil {
		return err
	}
	return b.Commit(pebble.Sync)
}

func requestIndexKey(slot uint64, reqHash common.Hash) []byte {
	return append(slotKey('r', slot), reqHash[:]...)
}

func requestKV(reqHash common.Hash, slot uint64, txHash common.Hash, payload []byte) (k, v []byte, err error) {
	v, err = rlp.EncodeToBytes(&gatewayRequest{slot, txHash, payload})
	if err != nil {
		return nil, nil, fmt.Errorf("encode request %s: %w", reqHash, err)
	}
	return append([]byte{'q'}, reqHash[:]...), v, nil
}

// Request returns what PutRequest stored for reqHash.
func (l *Log) Request(reqHash common.Hash) (slot uint64, txHash common.Hash, payload []byte, err error) {
	release, err := l.use()
	if err != nil {
		return 0, common.Hash{}, nil, err
	}
	defer release()
	v, closer, err := l.db.Get(append([]byte{'q'}, reqHash[:]...))
	if err != nil {
		return 0, common.Hash{}, nil, err
	}
	defer closer.Close()
	var r gatewayRequest
	if err := rlp.DecodeBytes(v, &r); err != nil {
		return 0, common.Hash{}, nil, fmt.Errorf("decode request %s: %w", reqHash, err)
	}
	return r.Slot, r.TxHash, r.Payload, nil
}

// pruneRequests deletes the requests of slots before slot into b: those the
// 'r' index lists for these slots and, on the first prune of this process
// only, any older request without an index entry.
func (l *Log) pruneRequests(b *pebble.Batch, before uint64) error {
	it, err := l.db.NewIter(&pebble.IterOptions{LowerBound: slotKey('r', 0), UpperBound: slotKey('r', before)})
	if err != nil {
		return err
	}
	for it.First(); it.Valid(); it.Next() {
		if k := it.Key(); len(k) == 41 {
			if err := b.Delete(append([]byte{'q'}, k[9:]...), nil); err != nil {
				it.Close()
				return err
			}
		}
	}
	if err := errors.Join(it.Error(), it.Close()); err != nil {
		return err
	}
	if err := b.DeleteRange(slotKey('r', 0), slotKey('r', before), nil); err != nil {
		return err
	}
	if l.scanned {
		return nil
	}
	it, err = l.db.NewIter(&pebble.IterOptions{LowerBound: []byte{'q'}, UpperBound: []byte{'r'}})
	if err != nil {
		return err
	}
	defer it.Close()
	for it.First(); it.Valid(); it.Next() {
		var r gatewayRequest
		if err := rlp.DecodeBytes(it.Value(), &r); err != nil || r.Slot < before {
			if err := b.Delete(append([]byte(nil), it.Key()...), nil); err != nil {
				return err
			}
		}
	}
	return it.Error()
}

// pebbleLogger sends Pebble's errors to the sidecar's log and drops its chatter.
type pebbleLogger struct{ log *slog.Logger }

func (pebbleLogger) Infof(string, ...any) {}
func (l pebbleLogger) Errorf(format string, args ...any) {
	l.log.Error("commitment log", "err", fmt.Sprintf(format, args...))
}
func (l pebbleLogger) Fatalf(format string, args ...any) {
	l.log.Error("commitment log fatal", "err", fmt.Sprintf(format, args...))
	panic(fmt.Sprintf("pebble: "+format, args...))
}
