package sequencer

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/cockroachdb/pebble"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/contracts/txroot"
	"github.com/basedsidecar/based/mempool"
)

// Status is where a slot's batch stands on L1.
type Status string

// The statuses of a batch.
const (
	Sealed Status = "sealed" // signed and handed to our block; L1 has not decided yet
	Landed Status = "landed" // in the L1 block of its slot
	Missed Status = "missed" // the slot's block came without it (or there was none): its blocks are sequenced again
)

// Block is one rollup's block of a batch as the stream and the store carry it
// (docs/BATCH.md section 9).
type Block struct {
	ChainID      *hexutil.Big    `json:"chainId"`
	Slot         hexutil.Uint64  `json:"slot"`
	ParentHash   common.Hash     `json:"parentHash"`
	FeeRecipient common.Address  `json:"feeRecipient"`
	Txs          []hexutil.Bytes `json:"txs"`
}

// Record is one slot's shared batch, written (synced) before any of it leaves the process.
type Record struct {
	Slot     hexutil.Uint64  `json:"slot"`
	Blocks   []Block         `json:"blocks"`
	Envelope hexutil.Bytes   `json:"envelope"`
	Txs      []hexutil.Bytes `json:"txs"` // the batch's L1 transaction, one per nonce it was signed for, newest last
	Status   Status          `json:"status"`
	TxHash   common.Hash     `json:"txHash,omitempty"` // the one that landed
	L1Block  hexutil.Uint64  `json:"l1Block,omitempty"`
	L1Hash   common.Hash     `json:"l1Hash,omitempty"`
}

// sealed rebuilds the mempool form of the batch (headers, tx hashes) from the record.
func (r *Record) sealed() *mempool.Sealed {
	s := &mempool.Sealed{Envelope: r.Envelope}
	for _, b := range r.Blocks {
		blk := mempool.Block{ChainID: b.ChainID.ToInt(), FeeRecipient: b.FeeRecipient, Txs: make([][]byte, len(b.Txs))}
		hashes := make([]common.Hash, len(b.Txs))
		for i, t := range b.Txs {
			blk.Txs[i], hashes[i] = t, crypto.Keccak256Hash(t)
		}
		s.Blocks = append(s.Blocks, blk)
		s.Hashes = append(s.Hashes, hashes)
		s.Headers = append(s.Headers, mempool.Header{ChainID: blk.ChainID, TxRoot: txroot.Root(hashes), TxCount: uint32(len(hashes)), ParentHash: b.ParentHash})
	}
	return s
}

// block returns the record's block of chainID, or nil.
func (r *Record) block(chainID uint64) *Block {
	for i := range r.Blocks {
		if id := r.Blocks[i].ChainID.ToInt(); id.IsUint64() && id.Uint64() == chainID {
			return &r.Blocks[i]
		}
	}
	return nil
}

func recordFrom(slot uint64, s *mempool.Sealed) *Record {
	r := &Record{Slot: hexutil.Uint64(slot), Envelope: s.Envelope, Status: Sealed}
	for i, b := range s.Blocks {
		blk := Block{ChainID: (*hexutil.Big)(new(big.Int).Set(b.ChainID)), Slot: hexutil.Uint64(slot), ParentHash: s.Headers[i].ParentHash, FeeRecipient: b.FeeRecipient}
		for _, t := range b.Txs {
			blk.Txs = append(blk.Txs, t)
		}
		r.Blocks = append(r.Blocks, blk)
	}
	return r
}

// store keeps the records in Pebble, keyed by slot; every write is synced.
type store struct{ db *pebble.DB }

func slotKey(slot uint64) []byte {
	k := make([]byte, 10)
	copy(k, "b/")
	binary.BigEndian.PutUint64(k[2:], slot)
	return k
}

func openStore(dir string) (*store, error) {
	db, err := pebble.Open(dir, &pebble.Options{})
	if err != nil {
		return nil, fmt.Errorf("sequencer store %s: %w", dir, err)
	}
	return &store{db: db}, nil
}

func (s *store) put(r *Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return s.db.Set(slotKey(uint64(r.Slot)), b, pebble.Sync)
}

func (s *store) get(slot uint64) (*Record, error) {
	b, closer, err := s.db.Get(slotKey(slot))
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	r := new(Record)
	return r, json.Unmarshal(b, r)
}

// each calls fn for every record of slot from on, in slot order.
func (s *store) each(from uint64, fn func(*Record) error) error {
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: slotKey(from), UpperBound: []byte("b0")})
	if err != nil {
		return err
	}
	for it.First(); it.Valid(); it.Next() {
		r := new(Record)
		if err := json.Unmarshal(it.Value(), r); err != nil {
			return errors.Join(fmt.Errorf("record %x: %w", it.Key(), err), it.Close())
		}
		if err := fn(r); err != nil {
			return errors.Join(err, it.Close())
		}
	}
	return it.Close()
}

// prune deletes the records before slot.
func (s *store) prune(before uint64) error {
	return s.db.DeleteRange(slotKey(0), slotKey(before), pebble.Sync)
}

func (s *store) close() error { return s.db.Close() }
