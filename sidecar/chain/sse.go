package chain

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/ethereum/go-ethereum/common"
)

// ErrEvent is wrapped by every malformed beacon event.
var ErrEvent = errors.New("malformed beacon event")

// maxEventSize bounds one server-sent event (all its lines together).
const maxEventSize = 1 << 20

// RawEvent is one server-sent event: its name and its data lines joined by "\n".
type RawEvent struct {
	Name string
	Data []byte
}

// EventReader reads server-sent events (the text/event-stream format) from a stream.
type EventReader struct {
	r *bufio.Reader
}

// NewEventReader reads events from r.
func NewEventReader(r io.Reader) *EventReader {
	return &EventReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next event with data; io.EOF when the stream ends between
// events, io.ErrUnexpectedEOF when it ends inside one.
func (e *EventReader) Next() (RawEvent, error) {
	var (
		ev      RawEvent
		size    int
		started bool
		hasData bool
	)
	for {
		line, err := e.readLine(maxEventSize - size)
		if err != nil {
			if errors.Is(err, io.EOF) && started {
				return RawEvent{}, io.ErrUnexpectedEOF
			}
			return RawEvent{}, err
		}
		size += len(line) + 1
		if len(line) == 0 {
			if hasData {
				return ev, nil
			}
			ev, started = RawEvent{}, false
			continue
		}
		started = true
		if line[0] == ':' {
			continue // comment, e.g. a keep-alive
		}
		field, value, found := bytes.Cut(line, []byte{':'})
		if found && len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
		switch string(field) {
		case "event":
			ev.Name = string(value)
		case "data":
			if hasData {
				ev.Data = append(ev.Data, '\n')
			}
			ev.Data = append(ev.Data, value...)
			hasData = true
		}
	}
}

// readLine returns one line without its ending (LF, CRLF or CR), refusing lines longer than limit.
func (e *EventReader) readLine(limit int) ([]byte, error) {
	var line []byte
	for {
		b, err := e.r.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) && len(line) > 0 {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		switch b {
		case '\n':
			return line, nil
		case '\r':
			if next, err := e.r.Peek(1); err == nil && next[0] == '\n' {
				_, _ = e.r.ReadByte()
			}
			return line, nil
		}
		if len(line) >= limit {
			return nil, fmt.Errorf("%w: event longer than %d bytes", ErrEvent, maxEventSize)
		}
		line = append(line, b)
	}
}

// HeadEvent is the beacon node's `head` event.
type HeadEvent struct {
	Slot                      uint64
	Block                     common.Hash
	State                     common.Hash
	EpochTransition           bool
	PreviousDutyDependentRoot common.Hash
	CurrentDutyDependentRoot  common.Hash
	ExecutionOptimistic       bool
}

// ReorgEvent is the beacon node's `chain_reorg` event.
type ReorgEvent struct {
	Slot         uint64
	Depth        uint64
	OldHeadBlock common.Hash
	NewHeadBlock common.Hash
	Epoch        uint64
}

// Withdrawal is one withdrawal of the payload attributes.
type Withdrawal struct {
	Index          uint64
	ValidatorIndex uint64
	Address        common.Address
	Amount         uint64
}

// PayloadAttributesEvent is the beacon node's `payload_attributes` event: what
// the execution payload of ProposalSlot will be built on.
type PayloadAttributesEvent struct {
	Version               string
	ProposalSlot          uint64
	ProposerIndex         uint64
	ParentBlockRoot       common.Hash
	ParentBlockNumber     uint64
	ParentBlockHash       common.Hash
	Timestamp             uint64
	PrevRandao            common.Hash
	FeeRecipient          common.Address
	Withdrawals           []Withdrawal
	ParentBeaconBlockRoot common.Hash
}

// quint is a decimal integer sent as a JSON string, as the Beacon API does.
type quint struct {
	v   uint64
	set bool
}

func (q *quint) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("want a quoted decimal integer")
	}
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return fmt.Errorf("want a decimal integer, got %q", s)
	}
	q.v, q.set = v, true
	return nil
}

// fixedHex is 0x-prefixed hex of an exact byte length.
type fixedHex struct {
	b   []byte
	set bool
}

func (h *fixedHex) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("want a quoted hex string")
	}
	if len(s) < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return fmt.Errorf("want 0x-prefixed hex, got %q", s)
	}
	v, err := hex.DecodeString(s[2:])
	if err != nil {
		return fmt.Errorf("bad hex %q", s)
	}
	h.b, h.set = v, true
	return nil
}

// fields checks decoded fields in order, naming the first one that is missing or of the wrong size.
type fields struct {
	topic string
	err   error
}

func (f *fields) uint(name string, q quint) uint64 {
	if f.err == nil && !q.set {
		f.err = fmt.Errorf("%w: %s: field %s missing", ErrEvent, f.topic, name)
	}
	return q.v
}

func (f *fields) bytes(name string, h fixedHex, size int) []byte {
	if f.err == nil && !h.set {
		f.err = fmt.Errorf("%w: %s: field %s missing", ErrEvent, f.topic, name)
	}
	if f.err == nil && len(h.b) != size {
		f.err = fmt.Errorf("%w: %s: field %s has %d bytes, want %d", ErrEvent, f.topic, name, len(h.b), size)
	}
	return h.b
}

func (f *fields) hash(name string, h fixedHex) common.Hash {
	return common.BytesToHash(f.bytes(name, h, common.HashLength))
}

func (f *fields) address(name string, h fixedHex) common.Address {
	return common.BytesToAddress(f.bytes(name, h, common.AddressLength))
}

func decodeJSON(topic string, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrEvent, topic, err)
	}
	return nil
}

// ParseHead decodes the data of a `head` event.
func ParseHead(data []byte) (HeadEvent, error) {
	var j struct {
		Slot                      quint    `json:"slot"`
		Block                     fixedHex `json:"block"`
		State                     fixedHex `json:"state"`
		EpochTransition           bool     `json:"epoch_transition"`
		PreviousDutyDependentRoot fixedHex `json:"previous_duty_dependent_root"`
		CurrentDutyDependentRoot  fixedHex `json:"current_duty_dependent_root"`
		ExecutionOptimistic       bool     `json:"execution_optimistic"`
	}
	if err := decodeJSON("head", data, &j); err != nil {
		return HeadEvent{}, err
	}
	f := fields{topic: "head"}
	ev := HeadEvent{
		Slot:                      f.uint("slot", j.Slot),
		Block:                     f.hash("block", j.Block),
		State:                     f.hash("state", j.State),
		EpochTransition:           j.EpochTransition,
		PreviousDutyDependentRoot: f.hash("previous_duty_dependent_root", j.PreviousDutyDependentRoot),
		CurrentDutyDependentRoot:  f.hash("current_duty_dependent_root", j.CurrentDutyDependentRoot),
		ExecutionOptimistic:       j.ExecutionOptimistic,
	}
	return ev, f.err
}

// ParseReorg decodes the data of a `chain_reorg` event.
func ParseReorg(data []byte) (ReorgEvent, error) {
	var j struct {
		Slot         quint    `json:"slot"`
		Depth        quint    `json:"depth"`
		OldHeadBlock fixedHex `json:"old_head_block"`
		NewHeadBlock fixedHex `json:"new_head_block"`
		Epoch        quint    `json:"epoch"`
	}
	if err := decodeJSON("chain_reorg", data, &j); err != nil {
		return ReorgEvent{}, err
	}
	f := fields{topic: "chain_reorg"}
	ev := ReorgEvent{
		Slot:         f.uint("slot", j.Slot),
		Depth:        f.uint("depth", j.Depth),
		OldHeadBlock: f.hash("old_head_block", j.OldHeadBlock),
		NewHeadBlock: f.hash("new_head_block", j.NewHeadBlock),
		Epoch:        f.uint("epoch", j.Epoch),
	}
	return ev, f.err
}

// ParsePayloadAttributes decodes the data of a `payload_attributes` event of
// any fork from Capella on; fields a fork adds later are read when present.
func ParsePayloadAttributes(data []byte) (PayloadAttributesEvent, error) {
	var j struct {
		Version string `json:"version"`
		Data    *struct {
			ProposerIndex     quint    `json:"proposer_index"`
			ProposalSlot      quint    `json:"proposal_slot"`
			ParentBlockNumber quint    `json:"parent_block_number"`
			ParentBlockRoot   fixedHex `json:"parent_block_root"`
			ParentBlockHash   fixedHex `json:"parent_block_hash"`
			Attributes        *struct {
				Timestamp             quint    `json:"timestamp"`
				PrevRandao            fixedHex `json:"prev_randao"`
				FeeRecipient          fixedHex `json:"suggested_fee_recipient"`
				ParentBeaconBlockRoot fixedHex `json:"parent_beacon_block_root"`
				Withdrawals           []struct {
					Index          quint    `json:"index"`
					ValidatorIndex quint    `json:"validator_index"`
					Address        fixedHex `json:"address"`
					Amount         quint    `json:"amount"`
				} `json:"withdrawals"`
			} `json:"payload_attributes"`
		} `json:"data"`
	}
	const topic = "payload_attributes"
	if err := decodeJSON(topic, data, &j); err != nil {
		return PayloadAttributesEvent{}, err
	}
	switch {
	case j.Version == "":
		return PayloadAttributesEvent{}, fmt.Errorf("%w: %s: field version missing", ErrEvent, topic)
	case j.Data == nil:
		return PayloadAttributesEvent{}, fmt.Errorf("%w: %s: field data missing", ErrEvent, topic)
	case j.Data.Attributes == nil:
		return PayloadAttributesEvent{}, fmt.Errorf("%w: %s: field data.payload_attributes missing", ErrEvent, topic)
	}
	d, a := j.Data, j.Data.Attributes
	f := fields{topic: topic}
	ev := PayloadAttributesEvent{
		Version:           j.Version,
		ProposalSlot:      f.uint("data.proposal_slot", d.ProposalSlot),
		ProposerIndex:     f.uint("data.proposer_index", d.ProposerIndex),
		ParentBlockRoot:   f.hash("data.parent_block_root", d.ParentBlockRoot),
		ParentBlockNumber: f.uint("data.parent_block_number", d.ParentBlockNumber),
		ParentBlockHash:   f.hash("data.parent_block_hash", d.ParentBlockHash),
		Timestamp:         f.uint("data.payload_attributes.timestamp", a.Timestamp),
		PrevRandao:        f.hash("data.payload_attributes.prev_randao", a.PrevRandao),
		FeeRecipient:      f.address("data.payload_attributes.suggested_fee_recipient", a.FeeRecipient),
	}
	if a.ParentBeaconBlockRoot.set { // Deneb on
		ev.ParentBeaconBlockRoot = f.hash("data.payload_attributes.parent_beacon_block_root", a.ParentBeaconBlockRoot)
	}
	for i, w := range a.Withdrawals {
		name := fmt.Sprintf("data.payload_attributes.withdrawals[%d].", i)
		ev.Withdrawals = append(ev.Withdrawals, Withdrawal{
			Index:          f.uint(name+"index", w.Index),
			ValidatorIndex: f.uint(name+"validator_index", w.ValidatorIndex),
			Address:        f.address(name+"address", w.Address),
			Amount:         f.uint(name+"amount", w.Amount),
		})
	}
	return ev, f.err
}
