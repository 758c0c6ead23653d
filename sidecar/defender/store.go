package defender

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cockroachdb/pebble"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/basedsidecar/based/preconf"
)

// Stage is where the defence of one challenge stands.
type Stage string

// The stages of a challenge, in order; Defended, Lost and Closed are final.
const (
	// Seen: the challenge is open and no defence has been sent.
	Seen Stage = "seen"
	// Sent: a defence tx is signed, written here and broadcast.
	Sent Stage = "sent"
	// Defended: the slasher records the challenge as defended.
	Defended Stage = "defended"
	// Lost: the challenge was slashed.
	Lost Stage = "lost"
)

// Record is the defender's durable state of one challenge against us.
type Record struct {
	Digest     common.Hash                  `json:"digest"`
	OpenTx     common.Hash                  `json:"openTx"`    // the openChallenge transaction
	OpenBlock  hexutil.Uint64               `json:"openBlock"` // the block of its ChallengeOpened event
	Slot       hexutil.Uint64               `json:"slot"`      // the promise's slot, from the event
	Commitment *preconf.InclusionCommitment `json:"commitment,omitempty"`
	Stage      Stage                        `json:"stage"`
	Defence    string                       `json:"defence,omitempty"` // l1, void, balance, balance-run, l2
	// Sent holds every signed version of the defence (fee bumps share one nonce), newest last.
	Sent      []hexutil.Bytes `json:"sent,omitempty"`
	SentBlock hexutil.Uint64  `json:"sentBlock,omitempty"` // head when the newest version was sent
	// Undefendable says why no defence holds (logged once at error level).
	Undefendable string `json:"undefendable,omitempty"`
}

// store keeps records and the scan cursor in Pebble, each write synced.
type store struct{ db *pebble.DB }

var cursorKey = []byte("cursor")

func recordKey(d common.Hash) []byte { return append([]byte("c/"), d[:]...) }

func openStore(dir string) (*store, error) {
	db, err := pebble.Open(dir, &pebble.Options{})
	if err != nil {
		return nil, fmt.Errorf("defender store %s: %w", dir, err)
	}
	return &store{db: db}, nil
}

func (s *store) close() error { return s.db.Close() }

// cursor returns the last block scanned for challenges, and whether one was.
func (s *store) cursor() (uint64, bool, error) {
	v, c, err := s.db.Get(cursorKey)
	if errors.Is(err, pebble.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("defender store: cursor: %w", err)
	}
	defer c.Close()
	if len(v) != 8 {
		return 0, false, fmt.Errorf("defender store: cursor of %d bytes", len(v))
	}
	return binary.BigEndian.Uint64(v), true, nil
}

// advance writes the scan cursor together with the records found below it.
func (s *store) advance(block uint64, found []*Record) error {
	b := s.db.NewBatch()
	defer b.Close()
	for _, r := range found {
		v, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if err := b.Set(recordKey(r.Digest), v, nil); err != nil {
			return err
		}
	}
	if err := b.Set(cursorKey, binary.BigEndian.AppendUint64(nil, block), nil); err != nil {
		return err
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("defender store: %w", err)
	}
	return nil
}

// put writes one record, synced.
func (s *store) put(r *Record) error {
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := s.db.Set(recordKey(r.Digest), v, pebble.Sync); err != nil {
		return fmt.Errorf("defender store: %w", err)
	}
	return nil
}

// get reads the record of d, or nil.
func (s *store) get(d common.Hash) (*Record, error) {
	v, c, err := s.db.Get(recordKey(d))
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("defender store: %w", err)
	}
	defer c.Close()
	var r Record
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, fmt.Errorf("defender store: record %s: %w", d, err)
	}
	return &r, nil
}

// records lists every record.
func (s *store) records() ([]*Record, error) {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: []byte("c/"), UpperBound: []byte("c0")})
	if err != nil {
		return nil, fmt.Errorf("defender store: %w", err)
	}
	defer it.Close()
	var out []*Record
	for it.First(); it.Valid(); it.Next() {
		var r Record
		if err := json.Unmarshal(it.Value(), &r); err != nil {
			return nil, fmt.Errorf("defender store: record %x: %w", it.Key(), err)
		}
		out = append(out, &r)
	}
	return out, it.Error()
}
