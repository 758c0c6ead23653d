package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/preconf/client"
	"github.com/basedsidecar/based/sidecar/rpc"
)

func benchCommand() *cli.Command {
	return &cli.Command{
		Name:  "bench",
		Usage: "load-test a sidecar's preconf_requestInclusion (loopback only)",
		Description: "Signs transactions of many fresh senders (consecutive nonces each) before the clock starts,\n" +
			"then sends them to our next slot whose deadline is after the run, at a fixed rate or as fast\n" +
			"as possible, and prints p50/p99/max latency, throughput and errors. Fresh senders are only\n" +
			"funded on a sidecar started with --preconf.synthetic-chain.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "rpc", Value: "http://127.0.0.1:8645", Usage: "the sidecar's JSON-RPC URL (must be loopback)"},
			&cli.IntFlag{Name: "rate", Usage: "requests per second; 0: as fast as possible"},
			&cli.DurationFlag{Name: "duration", Value: 10 * time.Second, Usage: "how long to send"},
			&cli.IntFlag{Name: "senders", Value: 256, Usage: "distinct senders"},
			&cli.IntFlag{Name: "concurrency", Value: 64, Usage: "requests in flight at most"},
			&cli.IntFlag{Name: "max-requests", Value: 200_000, Usage: "transactions to pre-sign (bounds the run)"},
			&cli.IntFlag{Name: "batch", Value: 1, Usage: "inclusion requests per HTTP request (a JSON-RPC batch when over 1; at most 100)"},
		},
		Action: func(c *cli.Context) error {
			u, err := url.Parse(c.String("rpc"))
			if err != nil {
				return cli.Exit(fmt.Sprintf("--rpc: %v", err), 2)
			}
			if !loopback(u.Hostname()) {
				return cli.Exit(fmt.Sprintf("--rpc %s: bench only talks to loopback addresses", u.Host), 2)
			}
			return runBench(c.Context, c, u.String())
		},
	}
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

type benchResult struct {
	lat time.Duration
	err string
}

func runBench(ctx context.Context, c *cli.Context, rpcURL string) error {
	out := c.App.Writer
	rate, dur, nSenders, conc, batch := c.Int("rate"), c.Duration("duration"), c.Int("senders"), c.Int("concurrency"), c.Int("batch")
	if nSenders < 1 || conc < 1 {
		return cli.Exit("--senders and --concurrency must be positive", 2)
	}
	if batch < 1 || batch > rpc.MaxBatch {
		return cli.Exit(fmt.Sprintf("--batch must be within 1..%d", rpc.MaxBatch), 2)
	}
	cl, err := client.Dial(ctx, rpcURL)
	if err != nil {
		return err
	}
	defer cl.Close()
	domain, err := cl.Domain(ctx)
	if err != nil {
		return err
	}
	total := c.Int("max-requests")
	if rate > 0 {
		total = min(total, int(float64(rate)*dur.Seconds())+1)
	}
	fmt.Fprintf(out, "signing %d transactions of %d senders…\n", total, nSenders)
	txs := presign(domain.ChainID, nSenders, total)
	// The slot is picked once the signing is done, so its deadline is after the run.
	look, err := cl.Lookahead(ctx)
	if err != nil {
		return err
	}
	slot, err := pickSlot("next", look, time.Now().Add(dur+2*time.Second))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "sending to slot %d\n", slot)
	bodies := make([][]byte, len(txs))
	for i, tx := range txs {
		bodies[i] = fmt.Appendf(nil, `{"jsonrpc":"2.0","id":%d,"method":"preconf_requestInclusion","params":[{"slot":%d,"tx":"%s"}]}`, i, slot, tx)
	}

	// Each sender's requests go in nonce order through one worker, batch
	// calls per HTTP request.
	calls := make([][][]byte, conc)
	for i, b := range bodies {
		w := (i % nSenders) % conc
		calls[w] = append(calls[w], b)
	}
	queues := make([][][]byte, conc)
	for w, cs := range calls {
		for len(cs) > 0 {
			n := min(batch, len(cs))
			queues[w] = append(queues[w], joinBatch(cs[:n]))
			cs = cs[n:]
		}
	}
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc, IdleConnTimeout: time.Minute}
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	defer tr.CloseIdleConnections()

	var tokens chan struct{}
	runCtx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	if rate > 0 {
		tokens = make(chan struct{}, conc)
		go pace(runCtx, max(1, rate/batch), tokens)
	}
	results := make([][]benchResult, conc)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range conc {
		wg.Go(func() {
			for _, body := range queues[w] {
				if tokens != nil {
					select {
					case <-tokens:
					case <-runCtx.Done():
						return
					}
				} else if runCtx.Err() != nil {
					return
				}
				t0 := time.Now()
				errMsgs, ctxDone := post1(runCtx, hc, rpcURL, body)
				if ctxDone {
					return
				}
				lat := time.Since(t0)
				for _, e := range errMsgs {
					results[w] = append(results[w], benchResult{lat: lat, err: e})
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	report(c, slices.Concat(results...), elapsed, rate, batch)
	return nil
}

// pace releases rate tokens per second until ctx ends.
func pace(ctx context.Context, rate int, tokens chan<- struct{}) {
	interval := time.Second / time.Duration(rate)
	start := time.Now()
	for n := 0; ; n++ {
		next := start.Add(time.Duration(n) * interval)
		if d := time.Until(next); d > 0 {
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return
			}
		}
		select {
		case tokens <- struct{}{}:
		case <-ctx.Done():
			return
		}
	}
}

// presign signs total transactions round-robin over nSenders fresh keys,
// consecutive nonces per sender, and returns them hex-encoded.
func presign(chainID *big.Int, nSenders, total int) []string {
	keys := make([]*ecdsa.PrivateKey, nSenders)
	for i := range keys {
		keys[i], _ = crypto.GenerateKey()
	}
	signer := types.LatestSignerForChainID(chainID)
	to := common.Address{0xbe}
	txs := make([]string, total)
	var wg sync.WaitGroup
	workers := 2
	for w := range workers {
		wg.Go(func() {
			for i := w; i < total; i += workers {
				k := keys[i%nSenders]
				tx, _ := types.SignNewTx(k, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: uint64(i / nSenders),
					GasTipCap: big.NewInt(5e9), GasFeeCap: big.NewInt(100e9), Gas: 21000, To: &to, Value: big.NewInt(1)})
				raw, _ := tx.MarshalBinary()
				txs[i] = hexutil.Encode(raw)
			}
		})
	}
	wg.Wait()
	return txs
}

// joinBatch makes one JSON-RPC body of calls: the call itself, or a batch.
func joinBatch(calls [][]byte) []byte {
	if len(calls) == 1 {
		return calls[0]
	}
	return slices.Concat([]byte("["), bytes.Join(calls, []byte(",")), []byte("]"))
}

// post1 sends one HTTP request and returns an outcome per call in it: ""
// for a promise, the error otherwise. ctxDone reports the run's end.
func post1(ctx context.Context, hc *http.Client, u string, body []byte) (errs []string, ctxDone bool) {
	n := 1
	if body[0] == '[' {
		n = bytes.Count(body, []byte(`"method"`))
	}
	all := func(msg string) []string {
		errs := make([]string, n)
		for i := range errs {
			errs[i] = msg
		}
		return errs
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, true
		}
		return all(err.Error()), false
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return all(err.Error()), false
	}
	if resp.StatusCode != http.StatusOK {
		return all(fmt.Sprintf("HTTP %d", resp.StatusCode)), false
	}
	type answer struct {
		Error *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	var answers []answer
	if n == 1 {
		answers = make([]answer, 1)
		err = json.Unmarshal(b, &answers[0])
	} else {
		err = json.Unmarshal(b, &answers)
	}
	if err != nil || len(answers) != n {
		return all("bad JSON answer"), false
	}
	errs = make([]string, n)
	for i, a := range answers {
		if a.Error != nil {
			errs[i] = a.Error.Message
		}
	}
	return errs, false
}

func report(c *cli.Context, rs []benchResult, elapsed time.Duration, rate, batch int) {
	out := c.App.Writer
	var lats []time.Duration
	errs := map[string]int{}
	ok := 0
	for _, r := range rs {
		lats = append(lats, r.lat)
		if r.err == "" {
			ok++
		} else {
			errs[r.err]++
		}
	}
	if len(lats) == 0 {
		fmt.Fprintln(out, "no requests completed")
		return
	}
	slices.Sort(lats)
	q := func(p float64) time.Duration { return lats[min(len(lats)-1, int(p*float64(len(lats))))] }
	mode := "as fast as possible"
	if rate > 0 {
		mode = fmt.Sprintf("target %d req/s", rate)
	}
	if batch > 1 {
		mode += fmt.Sprintf(", batches of %d", batch)
	}
	fmt.Fprintf(out, "mode: %s, %d requests in %s\n", mode, len(rs), elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "throughput: %.0f req/s, %.0f promises/s\n", float64(len(rs))/elapsed.Seconds(), float64(ok)/elapsed.Seconds())
	fmt.Fprintf(out, "latency: p50 %s  p99 %s  max %s\n", q(0.50), q(0.99), lats[len(lats)-1])
	fmt.Fprintf(out, "errors: %d\n", len(rs)-ok)
	type kv struct {
		k string
		v int
	}
	var es []kv
	for k, v := range errs {
		es = append(es, kv{k, v})
	}
	sort.Slice(es, func(i, j int) bool { return es[i].v > es[j].v })
	for i, e := range es {
		if i == 5 {
			break
		}
		fmt.Fprintf(out, "  %6d  %.120s\n", e.v, e.k)
	}
}
