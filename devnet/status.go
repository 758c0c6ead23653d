package devnet

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// waitHTTP polls url until it answers 2xx or timeout passes.
func waitHTTP(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last error
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				return nil
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not ready after %s: %v", url, timeout, last)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// waitTCP waits until addr accepts connections or timeout passes.
func waitTCP(ctx context.Context, addr string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			c.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s not accepting after %s: %v", addr, timeout, err)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// getJSON GETs url and decodes a 200 JSON answer into v.
func getJSON(ctx context.Context, url string, v any) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d: %s", url, resp.StatusCode, bytes.TrimSpace(b))
	}
	return json.Unmarshal(b, v)
}

// genesisValidatorsRoot asks the beacon node for its genesis validators root.
func genesisValidatorsRoot(ctx context.Context, beacon string) (string, error) {
	var g struct {
		Data struct {
			Root string `json:"genesis_validators_root"`
		} `json:"data"`
	}
	if err := getJSON(ctx, beacon+"/eth/v1/beacon/genesis", &g); err != nil {
		return "", fmt.Errorf("genesis validators root: %w", err)
	}
	return g.Data.Root, nil
}

// Head is the chain's progress as the beacon node and geth see it.
type Head struct {
	Slot           uint64 `json:"head_slot"`
	FinalizedEpoch uint64 `json:"finalized_epoch"`
	BlockNumber    uint64 `json:"block_number"`
	BlockHash      string `json:"block_hash"`
	BlockTime      int64  `json:"block_time"`
	BlockTxs       int    `json:"block_txs"`
}

// ChainHead reads the head slot and finalized epoch from the beacon API and
// the latest block from the execution JSON-RPC endpoint.
func ChainHead(ctx context.Context, ep Endpoints) (Head, error) {
	var h Head
	var hdr struct {
		Data struct {
			Header struct {
				Message struct {
					Slot string `json:"slot"`
				} `json:"message"`
			} `json:"header"`
		} `json:"data"`
	}
	if err := getJSON(ctx, ep.BeaconAPI+"/eth/v1/beacon/headers/head", &hdr); err != nil {
		return h, err
	}
	h.Slot, _ = strconv.ParseUint(hdr.Data.Header.Message.Slot, 10, 64)
	var fin struct {
		Data struct {
			Finalized struct {
				Epoch string `json:"epoch"`
			} `json:"finalized"`
		} `json:"data"`
	}
	if err := getJSON(ctx, ep.BeaconAPI+"/eth/v1/beacon/states/head/finality_checkpoints", &fin); err != nil {
		return h, err
	}
	h.FinalizedEpoch, _ = strconv.ParseUint(fin.Data.Finalized.Epoch, 10, 64)
	blk, err := latestBlock(ctx, ep.ExecutionHTTP)
	if err != nil {
		return h, err
	}
	h.BlockNumber, _ = strconv.ParseUint(trim0x(blk.Number), 16, 64)
	h.BlockHash = blk.Hash
	h.BlockTime, _ = strconv.ParseInt(trim0x(blk.Timestamp), 16, 64)
	h.BlockTxs = len(blk.Transactions)
	return h, nil
}

func trim0x(s string) string {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return s[2:]
	}
	return s
}

type rpcBlock struct {
	Number       string            `json:"number"`
	Hash         string            `json:"hash"`
	Timestamp    string            `json:"timestamp"`
	Transactions []json.RawMessage `json:"transactions"`
}

// latestBlock calls eth_getBlockByNumber("latest", false).
func latestBlock(ctx context.Context, url string) (rpcBlock, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	body := []byte(`{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":["latest",false]}`)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return rpcBlock{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return rpcBlock{}, err
	}
	defer resp.Body.Close()
	var out struct {
		Result *rpcBlock `json:"result"`
		Error  *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return rpcBlock{}, fmt.Errorf("eth_getBlockByNumber: %w", err)
	}
	if out.Error != nil || out.Result == nil {
		return rpcBlock{}, fmt.Errorf("eth_getBlockByNumber: %v", out.Error)
	}
	return *out.Result, nil
}

// ErrNotRunning is returned when the data folder holds no running devnet.
var ErrNotRunning = errors.New("devnet: no devnet in this data folder")

// ReadState reads devnet.json from a data folder.
func ReadState(dataDir string) (*State, error) {
	b, err := os.ReadFile(filepath.Join(dataDir, StateFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotRunning, dataDir)
	}
	if err != nil {
		return nil, err
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", StateFile, err)
	}
	return &s, nil
}

// ProcStatus is one process as `based devnet status` shows it.
type ProcStatus struct {
	Name  string `json:"name"`
	PID   int    `json:"pid"`
	Alive bool   `json:"alive"`
	Log   string `json:"log"`
}

// Status is a running devnet as `based devnet status` shows it.
type Status struct {
	State     *State       `json:"-"`
	Processes []ProcStatus `json:"processes"`
	Head      *Head        `json:"head,omitempty"`
	HeadErr   string       `json:"head_error,omitempty"`
	Rollups   []RollupHead `json:"rollups,omitempty"`
}

// ReadStatus reports the processes of the devnet in dataDir, its head and its rollups' heads.
func ReadStatus(ctx context.Context, dataDir string) (*Status, error) {
	s, err := ReadState(dataDir)
	if err != nil {
		return nil, err
	}
	st := &Status{State: s}
	for _, p := range s.Processes {
		st.Processes = append(st.Processes, ProcStatus{Name: p.Name, PID: p.PID, Alive: alive(p.PID), Log: p.Log})
	}
	h, err := ChainHead(ctx, s.Endpoints)
	if err != nil {
		st.HeadErr = err.Error()
	} else {
		st.Head = &h
	}
	st.Rollups = rollupHeads(ctx, s.Rollups)
	return st, nil
}

// Down stops the devnet recorded in dataDir: first the supervising
// `based devnet up` (which stops its children), then any process still
// alive, by PID; then it removes the state file.
func Down(ctx context.Context, dataDir string) error {
	s, err := ReadState(dataDir)
	if err != nil {
		return err
	}
	if s.Supervisor > 0 && s.Supervisor != os.Getpid() && alive(s.Supervisor) {
		if p, err := os.FindProcess(s.Supervisor); err == nil {
			_ = p.Signal(os.Interrupt)
		}
		deadline := time.Now().Add(2 * stopGrace)
		for alive(s.Supervisor) && time.Now().Before(deadline) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	var errs []error
	for i := len(s.Processes) - 1; i >= 0; i-- {
		if p := s.Processes[i]; alive(p.PID) {
			if err := stopPID(ctx, p.PID); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", p.Name, err))
			}
		}
	}
	for _, d := range s.TempDirs {
		_ = os.RemoveAll(d)
	}
	if err := os.Remove(filepath.Join(dataDir, StateFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
