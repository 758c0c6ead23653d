package devnet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// RecordConfig says what Record captures from a running devnet.
type RecordConfig struct {
	State *State
	// OutDir receives one file per Beacon API path.
	OutDir string
	// SSE is how long the event stream is captured; it is timed to span an
	// epoch boundary.
	SSE time.Duration
	// UntilEpoch: proposer duties of epochs 0 to UntilEpoch are recorded,
	// once the chain has reached epoch UntilEpoch-1.
	UntilEpoch uint64
	// Progress receives progress lines; nil discards them.
	Progress io.Writer
}

// slotsPerEpoch is the mainnet preset the devnet uses.
const slotsPerEpoch = 32

// EventTopics are the SSE topics Record captures.
const EventTopics = "head,payload_attributes,chain_reorg,finalized_checkpoint"

// Record saves real Beacon API answers of the devnet's beacon node into
// OutDir (genesis, spec, syncing, head header, proposer duties of several
// epochs, a raw SSE capture) with a README saying how they were made.
func Record(ctx context.Context, rc RecordConfig) error {
	if rc.State == nil || rc.OutDir == "" {
		return fmt.Errorf("%w: record: State and OutDir are required", ErrConfig)
	}
	if rc.Progress == nil {
		rc.Progress = io.Discard
	}
	if rc.SSE <= 0 {
		rc.SSE = time.Minute
	}
	if err := os.MkdirAll(rc.OutDir, 0o755); err != nil {
		return err
	}
	s := rc.State
	slot := time.Duration(s.SlotSeconds) * time.Second
	beacon := s.Endpoints.BeaconAPI
	currentSlot := func() uint64 {
		d := time.Since(s.GenesisTime)
		if d < 0 {
			return 0
		}
		return uint64(d / slot)
	}
	waitSlot := func(target uint64) error {
		for currentSlot() < target {
			at := s.GenesisTime.Add(time.Duration(target) * slot)
			fmt.Fprintf(rc.Progress, "waiting for slot %d (%s)\n", target, time.Until(at).Round(time.Second))
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Until(at) + 100*time.Millisecond):
			}
		}
		return nil
	}

	// The SSE capture starts so that an epoch boundary falls in its middle.
	half := uint64(rc.SSE/slot) / 2
	startSlot := uint64(slotsPerEpoch)
	for startSlot-half < currentSlot() {
		startSlot += slotsPerEpoch
	}
	if err := waitSlot(startSlot - half); err != nil {
		return err
	}
	fmt.Fprintf(rc.Progress, "capturing %s of %s events\n", rc.SSE, EventTopics)
	if err := captureSSE(ctx, beacon+"/eth/v1/events?topics="+EventTopics, filepath.Join(rc.OutDir, "events.sse"), rc.SSE); err != nil {
		return err
	}

	if rc.UntilEpoch > 0 {
		if err := waitSlot((rc.UntilEpoch-1)*slotsPerEpoch + 2); err != nil {
			return err
		}
	}
	files := map[string]string{
		"/eth/v1/beacon/genesis":      "beacon_genesis.json",
		"/eth/v1/config/spec":         "config_spec.json",
		"/eth/v1/node/syncing":        "node_syncing.json",
		"/eth/v1/beacon/headers/head": "beacon_headers_head.json",
		"/eth/v1/node/version":        "node_version.json",
	}
	last := currentSlot()/slotsPerEpoch + 1
	for e := uint64(0); e <= last; e++ {
		files[fmt.Sprintf("/eth/v1/validator/duties/proposer/%d", e)] = fmt.Sprintf("duties_proposer_%d.json", e)
	}
	for path, name := range files {
		b, err := getRaw(ctx, beacon+path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(rc.OutDir, name), b, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(rc.Progress, "recorded %s -> %s\n", path, name)
	}
	genesisHash, err := blockHash(ctx, s.Endpoints.ExecutionHTTP, "0x0")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(rc.OutDir, "README.md"), []byte(recordReadme(s, genesisHash, last, rc.SSE)), 0o644)
}

func recordReadme(s *State, genesisHash string, lastEpoch uint64, sse time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Beacon API answers recorded from a devnet's Prysm %s\n\n", PrysmVersion)
	fmt.Fprintf(&b, "Recorded with `based devnet record` from a running `based devnet up` network\n"+
		"(geth %s, Prysm %s, Fulu at genesis, %d interop validators, %d s slots, 32 slots per epoch).\n"+
		"Re-record: `make devnet` in one terminal, then `go run ./cmd/based devnet record`.\n\n",
		GethVersion, PrysmVersion, NumValidators, s.SlotSeconds)
	fmt.Fprintf(&b, "- genesis time: %d (%s)\n", s.GenesisTime.Unix(), s.GenesisTime.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "- execution chain id: %d\n", s.ChainID)
	fmt.Fprintf(&b, "- execution genesis block hash: %s\n\n", genesisHash)
	b.WriteString("| file | request |\n|---|---|\n")
	b.WriteString("| beacon_genesis.json | GET /eth/v1/beacon/genesis |\n")
	b.WriteString("| config_spec.json | GET /eth/v1/config/spec |\n")
	b.WriteString("| node_syncing.json | GET /eth/v1/node/syncing |\n")
	b.WriteString("| node_version.json | GET /eth/v1/node/version |\n")
	b.WriteString("| beacon_headers_head.json | GET /eth/v1/beacon/headers/head (taken after the event capture) |\n")
	fmt.Fprintf(&b, "| duties_proposer_N.json | GET /eth/v1/validator/duties/proposer/N for N = 0 to %d (the last is the next epoch at recording time) |\n", lastEpoch)
	fmt.Fprintf(&b, "| events.sse | GET /eth/v1/events?topics=%s, raw stream for %s, across an epoch boundary |\n\n", EventTopics, sse)
	b.WriteString("Known quirks: Prysm's interop genesis leaves the Fulu proposer lookahead empty, so\n" +
		"validator 0 proposes every slot of epochs 0 and 1; `payload_attributes` fires twice per\n" +
		"proposal slot (once with the previous head as parent, once after the new block).\n")
	return b.String()
}

// getRaw GETs url and returns the body of a 200 answer as sent.
func getRaw(ctx context.Context, url string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: status %d: %s", url, resp.StatusCode, bytes.TrimSpace(b))
	}
	return b, nil
}

// captureSSE copies the event stream at url to path for d.
func captureSSE(ctx context.Context, url, path string, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("events: status %d", resp.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, resp.Body)
	if cerr := f.Close(); cerr != nil {
		return cerr
	}
	if err != nil && !errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		return fmt.Errorf("events: %w", err)
	}
	return nil
}

// blockHash returns the hash of the block with the given hex number.
func blockHash(ctx context.Context, url, number string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	body := fmt.Sprintf(`{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":[%q,false]}`, number)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Result *rpcBlock `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Result == nil {
		return "", fmt.Errorf("block %s: %v", number, err)
	}
	return out.Result.Hash, nil
}
