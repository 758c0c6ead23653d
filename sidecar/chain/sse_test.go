package chain

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestEventReader(t *testing.T) {
	stream := ": keep-alive\n\n" +
		"event: head\ndata: {\"a\":1}\n\n" +
		"event:chain_reorg\r\ndata:x\r\ndata: y\r\n\r\n" +
		"id: 7\nretry: 100\n\n" + // no data: skipped
		"event: payload_attributes\ndata: z\n\n"
	r := NewEventReader(strings.NewReader(stream))
	want := []RawEvent{{"head", []byte(`{"a":1}`)}, {"chain_reorg", []byte("x\ny")}, {"payload_attributes", []byte("z")}}
	for i, w := range want {
		ev, err := r.Next()
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if ev.Name != w.Name || string(ev.Data) != string(w.Data) {
			t.Fatalf("event %d = %q %q, want %q %q", i, ev.Name, ev.Data, w.Name, w.Data)
		}
	}
	if _, err := r.Next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after last event: %v, want EOF", err)
	}
}

func TestEventReaderTruncated(t *testing.T) {
	for name, s := range map[string]string{
		"inside a line":  "event: head\ndata: {\"sl",
		"before the end": "event: head\ndata: {}\n",
	} {
		_, err := NewEventReader(strings.NewReader(s)).Next()
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s: err = %v, want ErrUnexpectedEOF", name, err)
		}
	}
	long := "data: " + strings.Repeat("x", maxEventSize) + "\n\n"
	if _, err := NewEventReader(strings.NewReader(long)).Next(); !errors.Is(err, ErrEvent) {
		t.Errorf("oversized event: err = %v, want ErrEvent", err)
	}
}

const (
	root1 = "0x9a2fefd2fdb57f74993c7780ea5b9030d2897b615b89f808011ca5aebed54eaf"
	root2 = "0x2b0ad57e0e4f0b4e9a4b5d0cd63c2fa5d4fde34bc3e65b4e59e3e1a8c4c35b22"
)

func TestParseHead(t *testing.T) {
	good := `{"slot":"10","block":"` + root1 + `","state":"` + root2 + `","epoch_transition":false,"previous_duty_dependent_root":"` + root1 + `","current_duty_dependent_root":"` + root2 + `","execution_optimistic":false}`
	h, err := ParseHead([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if h.Slot != 10 || h.Block.Hex() != root1 || h.CurrentDutyDependentRoot.Hex() != root2 {
		t.Fatalf("decoded %+v", h)
	}
	bad := map[string]string{
		"slot":                        strings.Replace(good, `"slot":"10",`, "", 1),
		"block has 4 bytes":           strings.Replace(good, `"block":"`+root1, `"block":"0x01020304`, 1),
		"unquoted slot":               strings.Replace(good, `"slot":"10"`, `"slot":10`, 1),
		"current_duty_dependent_root": strings.Replace(good, `"current_duty_dependent_root":"`+root2+`",`, "", 1),
		"not json":                    `{"slot":`,
	}
	for name, in := range bad {
		if _, err := ParseHead([]byte(in)); !errors.Is(err, ErrEvent) {
			t.Errorf("%s: err = %v, want ErrEvent", name, err)
		} else if !strings.Contains(err.Error(), "head") {
			t.Errorf("%s: error %q does not name the topic", name, err)
		}
	}
}

func TestParseReorg(t *testing.T) {
	good := `{"slot":"200","depth":"2","old_head_block":"` + root1 + `","new_head_block":"` + root2 + `","old_head_state":"` + root1 + `","new_head_state":"` + root2 + `","epoch":"6","execution_optimistic":false}`
	r, err := ParseReorg([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if r.Slot != 200 || r.Depth != 2 || r.Epoch != 6 || r.NewHeadBlock.Hex() != root2 {
		t.Fatalf("decoded %+v", r)
	}
	if _, err := ParseReorg([]byte(strings.Replace(good, `"depth":"2",`, "", 1))); err == nil || !strings.Contains(err.Error(), "depth") {
		t.Fatalf("missing depth: err = %v, want one naming depth", err)
	}
}

func TestParsePayloadAttributes(t *testing.T) {
	good := `{"version":"fulu","data":{"proposer_index":"5","proposal_slot":"11","parent_block_number":"9","parent_block_root":"` + root1 + `","parent_block_hash":"` + root2 + `","payload_attributes":{"timestamp":"1700000132","prev_randao":"` + root1 + `","suggested_fee_recipient":"0x8943545177806ed17b9f23f0a21ee5948ecaa776","withdrawals":[{"index":"1","validator_index":"2","address":"0x8943545177806ed17b9f23f0a21ee5948ecaa776","amount":"3"}],"parent_beacon_block_root":"` + root1 + `"}}}`
	pa, err := ParsePayloadAttributes([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if pa.Version != "fulu" || pa.ProposalSlot != 11 || pa.ProposerIndex != 5 || pa.Timestamp != 1700000132 ||
		len(pa.Withdrawals) != 1 || pa.Withdrawals[0].Amount != 3 || pa.ParentBeaconBlockRoot.Hex() != root1 {
		t.Fatalf("decoded %+v", pa)
	}
	bad := map[string]string{
		"data.payload_attributes.timestamp":    strings.Replace(good, `"timestamp":"1700000132",`, "", 1),
		"withdrawals[0].amount":                strings.Replace(good, `,"amount":"3"`, "", 1),
		"data.payload_attributes ":             `{"version":"fulu","data":{"proposal_slot":"1"}}`,
		"version":                              `{"data":{}}`,
		"suggested_fee_recipient has 32 bytes": strings.Replace(good, `"suggested_fee_recipient":"0x8943545177806ed17b9f23f0a21ee5948ecaa776"`, `"suggested_fee_recipient":"`+root1+`"`, 1),
	}
	for field, in := range bad {
		_, err := ParsePayloadAttributes([]byte(in))
		if !errors.Is(err, ErrEvent) {
			t.Errorf("%s: err = %v, want ErrEvent", field, err)
			continue
		}
		if name := strings.Fields(field)[0]; !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
}

// FuzzEvents feeds arbitrary bytes through the event reader and every topic's
// decoder: any input gives events or errors, never a panic.
func FuzzEvents(f *testing.F) {
	f.Add([]byte("event: head\ndata: {\"slot\":\"1\"}\n\n"))
	f.Add([]byte("event: payload_attributes\ndata: {\"version\":\"fulu\",\"data\":{\"payload_attributes\":{\"withdrawals\":[{}]}}}\n\n"))
	f.Add([]byte("event: chain_reorg\r\ndata: {\"depth\":\"x\"}\r\n\r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewEventReader(strings.NewReader(string(in)))
		for range 64 {
			ev, err := r.Next()
			if err != nil {
				return
			}
			_, _ = ParseHead(ev.Data)
			_, _ = ParseReorg(ev.Data)
			_, _ = ParsePayloadAttributes(ev.Data)
		}
	})
}
