package sequencer

import (
	"errors"
	"fmt"
	"math/big"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// The stream topics and the kinds of batch events.
const (
	TopicRollupBlocks = topicRollupBlocks
	TopicBatches      = "batches"

	topicRollupBlocks = "rollupBlocks"
	topicLanded       = "landed"
	topicMissed       = "missed"
	topicReorged      = "reorged"
)

// BatchEvent is one item of the batches topic: a batch of a rollup landed in an L1 block,
// missed its slot (its blocks are sequenced again), or was reorged out of the block it
// landed in.
type BatchEvent struct {
	Kind    string         `json:"kind"` // landed, missed, reorged
	Slot    hexutil.Uint64 `json:"slot"`
	ChainID *hexutil.Big   `json:"chainId"`
	TxHash  common.Hash    `json:"txHash,omitempty"`
	L1Block hexutil.Uint64 `json:"l1Block,omitempty"`
	L1Hash  common.Hash    `json:"l1Hash,omitempty"`
	Cursor  hexutil.Uint64 `json:"cursor"`
}

// BlockEvent is one item of the rollupBlocks topic: a sealed rollup block (docs/BATCH.md
// section 9) and the cursor to resume after it.
type BlockEvent struct {
	Block
	Cursor hexutil.Uint64 `json:"cursor"`
}

type streamEvent struct {
	kind    string // rollupBlocks or a batch kind
	chainID uint64
	slot    uint64
	block   Block
	batch   *BatchEvent
}

func (ev streamEvent) topic() string {
	if ev.kind == topicRollupBlocks {
		return TopicRollupBlocks
	}
	return TopicBatches
}

func (ev streamEvent) value() any {
	if ev.kind == topicRollupBlocks {
		return BlockEvent{Block: ev.block, Cursor: hexutil.Uint64(ev.slot)}
	}
	b := *ev.batch
	b.Cursor = hexutil.Uint64(ev.slot)
	return b
}

type subscription struct {
	topic   string
	chainID uint64
	out     chan any
	once    sync.Once
}

// ErrTopic is wrapped for an unknown topic or chain id.
var ErrTopic = errors.New("no such stream")

// Subscribe streams topic (rollupBlocks or batches) of rollup chainID. With after set it
// first replays, from the store, every item of a slot after *after, then goes on live with
// no gap and no duplicate; the cursor of an item is its slot. A subscriber that falls buf
// items behind is dropped (its channel is closed). cancel ends the stream.
func (s *Sequencer) Subscribe(topic string, chainID *big.Int, after *uint64, buf int) (<-chan any, func(), error) {
	if topic != TopicRollupBlocks && topic != TopicBatches {
		return nil, nil, fmt.Errorf("%w: topic %q", ErrTopic, topic)
	}
	if chainID == nil || !chainID.IsUint64() || s.lanes[chainID.Uint64()] == nil {
		return nil, nil, fmt.Errorf("%w: rollup %v is not sequenced here", ErrTopic, chainID)
	}
	id := chainID.Uint64()
	sub := &subscription{topic: topic, chainID: id, out: make(chan any, buf)}
	cancel := func() { s.drop(sub) }
	if after == nil {
		s.mu.Lock()
		s.subs[sub] = struct{}{}
		s.mu.Unlock()
		return sub.out, cancel, nil
	}
	// Live items wait in a side buffer while the store is replayed.
	live := &subscription{topic: topic, chainID: id, out: make(chan any, buf)}
	s.mu.Lock()
	s.subs[live] = struct{}{}
	s.mu.Unlock()
	var replay []any
	last := *after
	seen := map[string]bool{}
	err := s.st.each(*after+1, func(r *Record) error {
		for _, ev := range recordEvents(r, topic, id) {
			replay = append(replay, ev.value())
			seen[eventKey(ev)] = true
			last = max(last, ev.slot)
		}
		return nil
	})
	if err == nil && len(replay) > buf {
		err = fmt.Errorf("%w: %d items to replay after slot %d, at most %d per subscription (resume from a later cursor)", ErrTopic, len(replay), *after, buf)
	}
	if err != nil {
		s.drop(live)
		return nil, nil, err
	}
	for _, v := range replay {
		sub.out <- v
	}
	go func() {
		defer s.drop(sub)
		for v := range live.out {
			ok := true
			switch e := v.(type) {
			case BlockEvent:
				ok = uint64(e.Cursor) > last
			case BatchEvent:
				ok = !seen[fmt.Sprintf("%s/%d", e.Kind, e.Cursor)]
			}
			if !ok {
				continue
			}
			select {
			case sub.out <- v:
			default:
				s.drop(live)
				return
			}
		}
	}()
	return sub.out, func() { s.drop(live) }, nil // the forwarder closes sub.out as it ends
}

func eventKey(ev streamEvent) string {
	if ev.kind == topicRollupBlocks {
		return fmt.Sprintf("block/%d", ev.slot)
	}
	return fmt.Sprintf("%s/%d", ev.kind, ev.slot)
}

// recordEvents are the items of a stored record for topic and rollup id.
func recordEvents(r *Record, topic string, id uint64) []streamEvent {
	b := r.block(id)
	if b == nil {
		return nil
	}
	slot := uint64(r.Slot)
	if topic == TopicRollupBlocks {
		return []streamEvent{{kind: topicRollupBlocks, chainID: id, slot: slot, block: *b}}
	}
	var kind string
	switch r.Status {
	case Landed:
		kind = topicLanded
	case Missed:
		kind = topicMissed
	default:
		return nil
	}
	return []streamEvent{{kind: kind, chainID: id, slot: slot, batch: &BatchEvent{Kind: kind, Slot: r.Slot, ChainID: b.ChainID, TxHash: r.TxHash, L1Block: r.L1Block, L1Hash: r.L1Hash}}}
}

func (s *Sequencer) publish(ev streamEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for sub := range s.subs {
		if sub.topic != ev.topic() || sub.chainID != ev.chainID {
			continue
		}
		select {
		case sub.out <- ev.value():
		default:
			delete(s.subs, sub)
			sub.once.Do(func() { close(sub.out) })
		}
	}
}

func (s *Sequencer) drop(sub *subscription) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.subs, sub)
	sub.once.Do(func() { close(sub.out) })
}
