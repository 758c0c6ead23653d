package challenge

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Beacon reads finality from a beacon node's API: the finalized checkpoint
// of the head state and SLOTS_PER_EPOCH of the spec.
type Beacon struct {
	URL    string
	Client *http.Client // nil: a client with a 10 s timeout

	slotsPerEpoch uint64
}

// FinalizedSlot returns the first slot of the finalized checkpoint's epoch:
// that slot and every one before it are final.
func (b *Beacon) FinalizedSlot(ctx context.Context) (uint64, error) {
	if b.slotsPerEpoch == 0 {
		var spec struct {
			Data struct {
				SlotsPerEpoch string `json:"SLOTS_PER_EPOCH"`
			} `json:"data"`
		}
		if err := b.get(ctx, "/eth/v1/config/spec", &spec); err != nil {
			return 0, err
		}
		n, err := strconv.ParseUint(spec.Data.SlotsPerEpoch, 10, 64)
		if err != nil || n == 0 {
			return 0, fmt.Errorf("beacon node %s: SLOTS_PER_EPOCH %q is not a positive integer", b.URL, spec.Data.SlotsPerEpoch)
		}
		b.slotsPerEpoch = n
	}
	var fc struct {
		Data struct {
			Finalized struct {
				Epoch string `json:"epoch"`
			} `json:"finalized"`
		} `json:"data"`
	}
	if err := b.get(ctx, "/eth/v1/beacon/states/head/finality_checkpoints", &fc); err != nil {
		return 0, err
	}
	e, err := strconv.ParseUint(fc.Data.Finalized.Epoch, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("beacon node %s: finalized epoch %q is not an integer", b.URL, fc.Data.Finalized.Epoch)
	}
	if e > (1<<63)/b.slotsPerEpoch {
		return 0, fmt.Errorf("beacon node %s: finalized epoch %d out of range", b.URL, e)
	}
	return e * b.slotsPerEpoch, nil
}

func (b *Beacon) get(ctx context.Context, path string, v any) error {
	hc := b.Client
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	url := strings.TrimSuffix(b.URL, "/") + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("beacon node: GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("beacon node: GET %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("beacon node: GET %s: status %d", url, resp.StatusCode)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("beacon node: GET %s: %w", url, err)
	}
	return nil
}
