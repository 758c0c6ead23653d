package devnet

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestIntegrationDevnet brings up the whole devnet with 2 s slots and checks
// that blocks are produced for two epochs with finality advancing, that the
// beacon node's Builder API calls reach the sidecar, and that the
// registrations reach the real relay, and that the contracts deployed at start
// hold the operator's registration.
func TestIntegrationDevnet(t *testing.T) {
	if testing.Short() {
		t.Skip("devnet integration test skipped with -short")
	}
	began := time.Now()
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Minute)
	defer cancel()
	n, _ := startTestDevnet(ctx, t, true)
	ep := n.State.Endpoints
	t.Logf("devnet up after %s; genesis %s", time.Since(began).Round(time.Second), n.State.GenesisTime.Format(time.RFC3339))

	slot := 2 * time.Second
	epochEnd := func(e int) time.Time { return n.State.GenesisTime.Add(time.Duration(e*slotsPerEpoch) * slot) }

	// The sidecar is killed mid-epoch 0; the supervisor restarts it and the chain goes on.
	waitUntil(ctx, t, n, epochEnd(0).Add(16*slot), "mid epoch 0")
	old := n.Proc("sidecar")
	if err := syscall.Kill(old, syscall.SIGKILL); err != nil {
		t.Fatalf("kill sidecar: %v", err)
	}
	restartBy := time.Now().Add(30 * time.Second)
	for n.Proc("sidecar") == old || waitHTTP(ctx, ep.BuilderAPI+"/eth/v1/builder/status", time.Second) != nil {
		if time.Now().After(restartBy) {
			t.Fatal("sidecar not restarted within 30 s")
		}
		waitUntil(ctx, t, n, time.Now().Add(200*time.Millisecond), "sidecar restart")
	}

	// Mid-epoch 1: remember where the chain and the builder counters stand.
	waitUntil(ctx, t, n, epochEnd(1).Add(16*slot), "mid epoch 1")
	h1, err := ChainHead(ctx, ep)
	if err != nil {
		t.Fatal(err)
	}
	m1 := scrape(ctx, t, ep.SidecarMetric)

	// A builder's blocks through the real relay, unblinded by it and proposed.
	checkRelayBlocks(ctx, t, n)

	// Blocks for two more epochs and finality advancing: wait for finalized epoch >= 1.
	var h2 Head
	deadline := epochEnd(7)
	for {
		waitUntil(ctx, t, n, time.Now().Add(slot), "next slot")
		h2, err = ChainHead(ctx, ep)
		if err == nil && h2.FinalizedEpoch >= 1 && h2.Slot >= h1.Slot+2*slotsPerEpoch {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("by epoch 7: head %+v (err %v), want finalized epoch >= 1 and two epochs of blocks after slot %d", h2, err, h1.Slot)
		}
	}
	m2 := scrape(ctx, t, ep.SidecarMetric)
	blocks := h2.BlockNumber - h1.BlockNumber
	t.Logf("head slot %d, block %d, finalized epoch %d; %d blocks over %d slots", h2.Slot, h2.BlockNumber, h2.FinalizedEpoch, blocks, h2.Slot-h1.Slot)
	if blocks < uint64(2*slotsPerEpoch)*9/10 {
		t.Errorf("%d blocks over %d slots: too many missed", blocks, h2.Slot-h1.Slot)
	}

	// The beacon node called the sidecar: status, registrations, and a header request per proposal.
	headers := m2[`based_builder_calls_total{call="header",code="204"}`] + m2[`based_builder_calls_total{call="header",code="200"}`] -
		m1[`based_builder_calls_total{call="header",code="204"}`] - m1[`based_builder_calls_total{call="header",code="200"}`]
	if headers < float64(blocks) {
		t.Errorf("%v header requests for %d blocks; want one per proposal", headers, blocks)
	}
	if c := m2["based_builder_header_seconds_count"]; c > 0 {
		t.Logf("getHeader answered in %.1f ms on average over %v calls (sidecar + relay)", 1000*m2["based_builder_header_seconds_sum"]/c, c)
	}
	if m2[`based_builder_calls_total{call="status",code="200"}`] < 1 {
		t.Errorf("no status call reached the sidecar")
	}
	if got := m2["based_builder_registrations_total"]; got < NumValidators {
		t.Errorf("based_builder_registrations_total = %v, want >= %d", got, NumValidators)
	}
	if got := m2["based_builder_registrations_forwarded_total"]; got < NumValidators {
		t.Errorf("based_builder_registrations_forwarded_total = %v, want >= %d (the relay accepted them)", got, NumValidators)
	}

	// The real relay stored the registration of validator 0.
	pubkey := validatorPubkey(ctx, t, ep.BeaconAPI, 0)
	var reg struct {
		Message struct {
			Pubkey   string `json:"pubkey"`
			GasLimit string `json:"gas_limit"`
		} `json:"message"`
	}
	if err := getJSON(ctx, ep.Relay+"/relay/v1/data/validator_registration?pubkey="+pubkey, &reg); err != nil {
		t.Errorf("relay registration of validator 0: %v", err)
	} else if !strings.EqualFold(reg.Message.Pubkey, pubkey) {
		t.Errorf("relay registration pubkey %s, want %s", reg.Message.Pubkey, pubkey)
	}
	// The real relay answered every header request the sidecar forwarded (its URL
	// carries the relay's key; its bids are the test builder's, checked above).
	// The only refusals are its bids without proofs for the slot with a promise.
	if e := m2[`based_builder_relay_errors_total{call="header"}`]; e != proofsMissing(m2) {
		t.Errorf("based_builder_relay_errors_total{call=\"header\"} = %v, %v of them bids without proofs: the real relay refused header requests", e, proofsMissing(m2))
	}
	// Our getHeader for the head reaches the real relay, which has no bid: 204
	// (or our own block's bid when the sidecar builds one), never a relay error.
	head, err := ChainHead(ctx, ep)
	if err != nil {
		t.Fatal(err)
	}
	before := scrape(ctx, t, ep.SidecarMetric)[`based_builder_relay_errors_total{call="header"}`]
	code := httpStatus(ctx, t, http.MethodGet, fmt.Sprintf("%s/eth/v1/builder/header/%d/%s/%s", ep.BuilderAPI, head.Slot+1, head.BlockHash, pubkey), nil)
	if code != http.StatusNoContent && code != http.StatusOK {
		t.Errorf("getHeader through the sidecar: %d, want 204 or 200", code)
	}
	if after := scrape(ctx, t, ep.SidecarMetric)[`based_builder_relay_errors_total{call="header"}`]; after != before {
		t.Errorf("the real relay refused our header request (%v → %v relay errors)", before, after)
	}
	// A blinded block for a header no one served: the sidecar asks the real relay,
	// which refuses it, and answers 502 without a payload.
	blinded := []byte(`{"message":{"slot":"1","proposer_index":"0","parent_root":"0x` + strings.Repeat("00", 32) + `","state_root":"0x` + strings.Repeat("00", 32) + `","body":{}},"signature":"0x` + strings.Repeat("00", 96) + `"}`)
	ub := scrape(ctx, t, ep.SidecarMetric)[`based_builder_relay_errors_total{call="blinded_blocks_v1"}`]
	if code := httpStatus(ctx, t, http.MethodPost, ep.BuilderAPI+"/eth/v1/builder/blinded_blocks", blinded); code != http.StatusBadGateway && code != http.StatusBadRequest {
		t.Errorf("unknown blinded block through the sidecar: %d, want 502 (relay refused) or 400", code)
	} else if code == http.StatusBadGateway {
		if ua := scrape(ctx, t, ep.SidecarMetric)[`based_builder_relay_errors_total{call="blinded_blocks_v1"}`]; ua != ub+1 {
			t.Errorf("relay errors for blinded_blocks_v1 %v → %v, want the real relay's refusal counted once", ub, ua)
		}
	}
	// The contracts deployed at start: the operator's registration, its free collateral and
	// all 64 interop keys, each with a BLS proof of possession the Registry verified on chain.
	if err := CheckContracts(ctx, n.cfg.DataDir, n.State); err != nil {
		t.Error(err)
	}
	t.Logf("TestIntegrationDevnet took %s", time.Since(began).Round(time.Second))
}

// httpStatus sends one request and returns the answer's status code.
func httpStatus(ctx context.Context, t *testing.T, method, url string, body []byte) int {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitUntil blocks until at, failing on ctx end or a process failure.
func waitUntil(ctx context.Context, t testing.TB, n *Net, at time.Time, what string) {
	t.Helper()
	select {
	case <-ctx.Done():
		t.Fatalf("waiting for %s: %v", what, ctx.Err())
	case err := <-n.Failed():
		t.Fatalf("waiting for %s: %v", what, err)
	case <-time.After(time.Until(at)):
	}
}

// scrape reads the sidecar's metrics as name{labels} -> value.
func scrape(ctx context.Context, t testing.TB, url string) map[string]float64 {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err == nil {
			out[line[:i]] = v
		}
	}
	return out
}

// validatorPubkey asks the beacon node for a validator's public key.
func validatorPubkey(ctx context.Context, t *testing.T, beacon string, index int) string {
	t.Helper()
	var v struct {
		Data struct {
			Validator struct {
				Pubkey string `json:"pubkey"`
			} `json:"validator"`
		} `json:"data"`
	}
	if err := getJSON(ctx, fmt.Sprintf("%s/eth/v1/beacon/states/head/validators/%d", beacon, index), &v); err != nil {
		t.Fatal(err)
	}
	return v.Data.Validator.Pubkey
}

// startTestDevnet builds the clients (cached) and the sidecar, brings up a
// devnet with 2 s slots in a folder of the test's own (with the relay when
// relay is true), and stops it when the test ends. It returns the network and
// the sidecar binary it built.
func startTestDevnet(ctx context.Context, t *testing.T, relay bool) (*Net, string) {
	t.Helper()
	began := time.Now()
	repo, err := FindRepoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	var buildLog bytes.Buffer
	bins, err := Build(ctx, repo, filepath.Join(repo, "devnet", ".cache"), &buildLog)
	if err != nil {
		t.Fatalf("%v\n%s", err, buildLog.String())
	}
	based := filepath.Join(t.TempDir(), "based")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", based, "./cmd/based")
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build based: %v\n%s", err, out)
	}
	t.Logf("clients and sidecar ready after %s", time.Since(began).Round(time.Second))
	dir := t.TempDir()
	t.Cleanup(func() {
		if t.Failed() {
			dumpLogs(t, filepath.Join(dir, "logs"))
		}
	})
	n, err := Up(ctx, Config{DataDir: dir, Bins: bins, Sidecar: based, Slot: 2 * time.Second, GenesisDelay: 15 * time.Second, NoRelay: !relay})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(n.Close)
	return n, based
}

// dumpLogs logs the tail of every process log.
func dumpLogs(t testing.TB, dir string) {
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
		if len(lines) > 25 {
			lines = lines[len(lines)-25:]
		}
		t.Logf("--- %s (last %d lines)\n%s", e.Name(), len(lines), strings.Join(lines, "\n"))
	}
}
