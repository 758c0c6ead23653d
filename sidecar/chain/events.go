package chain

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// eventTopics are the beacon events the view follows.
const eventTopics = "head,chain_reorg,payload_attributes"

// followEvents reads the active beacon node's event stream, reconnecting
// (to whichever node is active) until ctx ends.
func (v *View) followEvents(ctx context.Context) {
	wait := 250 * time.Millisecond
	for ctx.Err() == nil {
		url := v.beacons.activeURL()
		start := time.Now()
		err := v.readEvents(ctx, url)
		if ctx.Err() != nil {
			return
		}
		if time.Since(start) > 10*time.Second {
			wait = 250 * time.Millisecond
		}
		v.log.Warn("beacon event stream ended; reconnecting", "beacon", url, "err", err, "retry_in", wait)
		v.wake()
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// readEvents reads one connection's events until it ends.
func (v *View) readEvents(ctx context.Context, url string) error {
	// The stream moves when the polled calls fail over to another node.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if v.beacons.activeURL() != url {
					cancel()
					return
				}
			}
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/eth/v1/events?topics="+eventTopics, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := v.stream.Do(req)
	if err != nil {
		v.streamState(false)
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		v.streamState(false)
		return fmt.Errorf("event stream: HTTP %d", resp.StatusCode)
	}
	v.streamState(true)
	r := NewEventReader(resp.Body)
	for {
		ev, err := r.Next()
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, ErrEvent) {
				v.badEvent("", err)
			}
			return err
		}
		v.handleEvent(ev)
	}
}

// handleEvent applies one beacon event to the view.
func (v *View) handleEvent(ev RawEvent) {
	switch ev.Name {
	case "head":
		h, err := ParseHead(ev.Data)
		if err != nil {
			v.badEvent(ev.Name, err)
			return
		}
		v.mu.Lock()
		roots := [2]common.Hash{h.PreviousDutyDependentRoot, h.CurrentDutyDependentRoot}
		changed := v.depRoots != roots && v.depRoots != ([2]common.Hash{})
		v.depRoots = roots
		if h.Slot > v.headSlot || changed {
			v.headSlot = h.Slot
		}
		if changed {
			v.staleGen++
		}
		v.mu.Unlock()
		v.m.headSlot.Set(float64(h.Slot))
		v.wake()
	case "chain_reorg":
		r, err := ParseReorg(ev.Data)
		if err != nil {
			v.badEvent(ev.Name, err)
			return
		}
		v.m.reorgs.Inc()
		v.log.Warn("chain reorg", "slot", r.Slot, "depth", r.Depth, "old_head", r.OldHeadBlock, "new_head", r.NewHeadBlock)
		v.mu.Lock()
		v.staleGen++
		v.headSlot = r.Slot
		v.mu.Unlock()
		if v.exec != nil {
			v.exec.invalidate()
		}
		v.wake()
	case "payload_attributes":
		pa, err := ParsePayloadAttributes(ev.Data)
		if err != nil {
			v.badEvent(ev.Name, err)
			return
		}
		v.mu.Lock()
		v.attrs[pa.ProposalSlot] = pa
		v.mu.Unlock()
	}
}

// badEvent records an event that could not be read: the view stops offering
// promises until the next refresh has re-read duties and sync state.
func (v *View) badEvent(topic string, err error) {
	v.m.badEvents.Inc()
	v.log.Warn("bad beacon event", "topic", topic, "err", err)
	v.mu.Lock()
	v.eventErr = err
	v.staleGen++
	v.mu.Unlock()
	v.wake()
}
