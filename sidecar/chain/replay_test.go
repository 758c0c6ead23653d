package chain

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/preconf"
)

// prysmDir holds Beacon API answers recorded from the devnet's Prysm beacon
// node (see its README); the replay server below serves them as recorded.
const prysmDir = "testdata/prysm"

// replay is a Beacon API server that answers with recorded Prysm responses.
// Tests may take it down, replace single answers, and push events to its
// event stream.
type replay struct {
	t   testing.TB
	srv *httptest.Server

	mu        sync.Mutex
	down      bool
	overrides map[string][]byte
	hits      map[string]int
	streams   []chan string
}

func newReplay(t testing.TB) *replay {
	t.Helper()
	if _, err := os.Stat(filepath.Join(prysmDir, "beacon_genesis.json")); err != nil {
		t.Fatalf("recorded Prysm answers missing: %v", err)
	}
	r := &replay{t: t, overrides: map[string][]byte{}, hits: map[string]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(func() {
		r.setDown(true)
		r.srv.Close()
	})
	return r
}

var recordedFiles = map[string]string{
	"/eth/v1/beacon/genesis":      "beacon_genesis.json",
	"/eth/v1/config/spec":         "config_spec.json",
	"/eth/v1/node/syncing":        "node_syncing.json",
	"/eth/v1/beacon/headers/head": "beacon_headers_head.json",
	"/eth/v1/node/version":        "node_version.json",
}

func (r *replay) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.hits[req.URL.Path]++
	down := r.down
	body, overridden := r.overrides[req.URL.Path]
	r.mu.Unlock()
	if down {
		http.Error(w, `{"code":503,"message":"down"}`, http.StatusServiceUnavailable)
		return
	}
	if req.URL.Path == "/eth/v1/events" {
		r.stream(w, req)
		return
	}
	if !overridden {
		name, ok := recordedFiles[req.URL.Path]
		if e, found := strings.CutPrefix(req.URL.Path, "/eth/v1/validator/duties/proposer/"); found {
			name, ok = "duties_proposer_"+e+".json", true
		}
		if !ok {
			http.Error(w, `{"code":404,"message":"not recorded"}`, http.StatusNotFound)
			return
		}
		b, err := os.ReadFile(filepath.Join(prysmDir, name))
		if err != nil {
			http.Error(w, `{"code":400,"message":"not recorded"}`, http.StatusBadRequest)
			return
		}
		body = b
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// stream serves the event stream: whatever push sends, until the server goes down.
func (r *replay) stream(w http.ResponseWriter, req *http.Request) {
	ch := make(chan string, 16)
	r.mu.Lock()
	r.streams = append(r.streams, ch)
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		for i, c := range r.streams {
			if c == ch {
				r.streams = append(r.streams[:i], r.streams[i+1:]...)
				break
			}
		}
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	w.(http.Flusher).Flush()
	for {
		select {
		case <-req.Context().Done():
			return
		case s, ok := <-ch:
			if !ok {
				return
			}
			_, _ = w.Write([]byte(s))
			w.(http.Flusher).Flush()
		}
	}
}

// push sends raw event-stream text to every open stream.
func (r *replay) push(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ch := range r.streams {
		ch <- s
	}
}

// streamsOpen is the number of event streams being served.
func (r *replay) streamsOpen() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.streams)
}

func (r *replay) setDown(down bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.down = down
	if down {
		for _, ch := range r.streams {
			close(ch)
		}
		r.streams = nil
	}
}

func (r *replay) override(path string, body []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.overrides[path] = body
}

func (r *replay) hitCount(path string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hits[path]
}

// recorded is what the tests read from the recordings themselves.
type recorded struct {
	genesis       time.Time
	slot          time.Duration
	slotsPerEpoch uint64
	chainID       uint64
	// epochs lists the epochs with recorded duties, ascending.
	epochs []uint64
}

func readRecorded(t testing.TB) recorded {
	t.Helper()
	var g struct {
		Data struct {
			GenesisTime string `json:"genesis_time"`
		} `json:"data"`
	}
	var spec struct {
		Data map[string]any `json:"data"`
	}
	readJSON(t, "beacon_genesis.json", &g)
	readJSON(t, "config_spec.json", &spec)
	gt, _ := strconv.ParseInt(g.Data.GenesisTime, 10, 64)
	sps, _ := strconv.ParseInt(spec.Data["SECONDS_PER_SLOT"].(string), 10, 64)
	spe, _ := strconv.ParseUint(spec.Data["SLOTS_PER_EPOCH"].(string), 10, 64)
	cid, _ := strconv.ParseUint(spec.Data["DEPOSIT_CHAIN_ID"].(string), 10, 64)
	rec := recorded{genesis: time.Unix(gt, 0), slot: time.Duration(sps) * time.Second, slotsPerEpoch: spe, chainID: cid}
	if ms, ok := spec.Data["SLOT_DURATION_MS"].(string); ok {
		v, _ := strconv.ParseInt(ms, 10, 64)
		rec.slot = time.Duration(v) * time.Millisecond
	}
	for e := uint64(0); ; e++ {
		if _, err := os.Stat(filepath.Join(prysmDir, fmt.Sprintf("duties_proposer_%d.json", e))); err != nil {
			break
		}
		rec.epochs = append(rec.epochs, e)
	}
	if len(rec.epochs) < 4 {
		t.Fatalf("recordings hold duties of %d epochs, the tests need 4", len(rec.epochs))
	}
	return rec
}

func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(prysmDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// recordedDuty is one entry of a recorded proposer duties answer.
type recordedDuty struct {
	Pubkey         string `json:"pubkey"`
	ValidatorIndex string `json:"validator_index"`
	Slot           string `json:"slot"`
}

type recordedDuties struct {
	DependentRoot       string         `json:"dependent_root"`
	ExecutionOptimistic bool           `json:"execution_optimistic"`
	Data                []recordedDuty `json:"data"`
}

func readDuties(t *testing.T, epoch uint64) recordedDuties {
	t.Helper()
	var d recordedDuties
	readJSON(t, fmt.Sprintf("duties_proposer_%d.json", epoch), &d)
	return d
}

// fakeNow is a wall clock the test sets.
type fakeNow struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeNow) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeNow) set(t time.Time) {
	f.mu.Lock()
	f.t = t
	f.mu.Unlock()
}

// testLog collects log lines so tests can check what an operator would read.
type testLog struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *testLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *testLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *testLog) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// dutiesEqual checks the view's duties against a recorded answer.
func dutiesEqual(t *testing.T, got []preconf.Duty, want recordedDuties) {
	t.Helper()
	bySlot := map[uint64]preconf.Duty{}
	for _, d := range got {
		bySlot[d.Slot] = d
	}
	for _, w := range want.Data {
		s, _ := strconv.ParseUint(w.Slot, 10, 64)
		idx, _ := strconv.ParseUint(w.ValidatorIndex, 10, 64)
		d, ok := bySlot[s]
		if !ok {
			t.Fatalf("slot %s missing from the view", w.Slot)
		}
		if d.ValidatorIndex != idx || fmt.Sprintf("0x%x", d.Pubkey[:]) != w.Pubkey {
			t.Fatalf("slot %d: view has validator %d %x, beacon node says %s %s", s, d.ValidatorIndex, d.Pubkey, w.ValidatorIndex, w.Pubkey)
		}
	}
}

func mustPubkey(t *testing.T, s string) preconf.BLSPubkey {
	t.Helper()
	var pk preconf.BLSPubkey
	b := common.FromHex(s)
	if len(b) != len(pk) {
		t.Fatalf("pubkey %q: want 48 bytes", s)
	}
	copy(pk[:], b)
	return pk
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
