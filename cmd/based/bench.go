package main

import (
	"bufio"
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
			if u.Scheme != "http" || u.Port() == "" {
				return cli.Exit(fmt.Sprintf("--rpc %s: want http://host:port[/path]", u), 2)
			}
			return runBench(c.Context, c, u)
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

func runBench(ctx context.Context, c *cli.Context, u *url.URL) error {
	rpcURL := u.String()
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
	domain, err := cl.ReportedDomain(ctx)
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
		bodies[i] = fmt.Appendf(nil, `{"jsonrpc":"2.0","id":%d,"method":"preconf_requestInclusion","params":[{"slot":"0x%x","tx":"%s"}]}`, i, slot, tx)
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

	runCtx, cancel := context.WithTimeout(ctx, dur)
	defer cancel()
	// At a fixed rate each worker keeps its own schedule (the k-th request of
	// worker w is due at start + (k·conc + w) / rate), so no request waits for
	// a hand-off between goroutines.
	var interval time.Duration
	if rate > 0 {
		interval = time.Second / time.Duration(max(1, rate/batch))
	}
	results := make([][]benchResult, conc)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range conc {
		wg.Go(func() {
			cn := &benchConn{addr: u.Host, path: u.RequestURI()}
			defer cn.close()
			timer := time.NewTimer(0)
			defer timer.Stop()
			for k, body := range queues[w] {
				t0, ok := due(runCtx, timer, interval, start.Add(time.Duration(k*conc+w)*interval))
				if !ok {
					return
				}
				errMsgs, ctxDone := cn.post(runCtx, body)
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

// due waits until a request planned for at is due and returns the time its
// latency counts from: the moment it was sent when on time, or at itself when
// the worker was still busy past it, so waiting for a busy worker counts as
// latency but the timer's own lateness does not. Without a rate (interval 0)
// every request is due at once. ok is false once ctx ends.
func due(ctx context.Context, timer *time.Timer, interval time.Duration, at time.Time) (t0 time.Time, ok bool) {
	if interval > 0 {
		if d := time.Until(at); d > 0 {
			timer.Reset(d)
			select {
			case <-timer.C:
			case <-ctx.Done():
				return time.Time{}, false
			}
		} else {
			return at, ctx.Err() == nil
		}
	}
	return time.Now(), ctx.Err() == nil
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

// benchConn is one keep-alive HTTP/1.1 connection of a load worker: the
// request is written and the answer read on the worker's own goroutine, so
// the load generator adds as little CPU and scheduling as it can to what it
// measures.
type benchConn struct {
	addr string // host:port
	path string
	c    net.Conn
	br   *bufio.Reader
	req  []byte
	stop func() bool // ends the watch that unblocks c when the run is cancelled
}

func (bc *benchConn) close() {
	if bc.c != nil {
		bc.stop()
		bc.c.Close()
		bc.c = nil
	}
}

// roundTrip sends one POST of body and returns the answer's status and body.
func (bc *benchConn) roundTrip(ctx context.Context, body []byte) (int, []byte, error) {
	if bc.c == nil {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", bc.addr)
		if err != nil {
			return 0, nil, err
		}
		bc.c, bc.br = c, bufio.NewReaderSize(c, 64<<10)
		bc.stop = context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Now()) })
	}
	deadline := time.Now().Add(10 * time.Second)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = bc.c.SetDeadline(deadline)
	bc.req = fmt.Appendf(bc.req[:0], "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", bc.path, bc.addr, len(body))
	bc.req = append(bc.req, body...)
	if _, err := bc.c.Write(bc.req); err != nil {
		bc.close()
		return 0, nil, err
	}
	resp, err := http.ReadResponse(bc.br, nil)
	if err != nil {
		bc.close()
		return 0, nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.Close {
		bc.close()
	}
	return resp.StatusCode, b, err
}

// post sends one HTTP request and returns an outcome per call in it: ""
// for a promise, the error otherwise. ctxDone reports the run's end.
func (bc *benchConn) post(ctx context.Context, body []byte) (errs []string, ctxDone bool) {
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
	status, b, err := bc.roundTrip(ctx, body)
	if err != nil {
		// The connection's deadline is the run's: it may fire just before ctx does.
		if d, ok := ctx.Deadline(); ctx.Err() != nil || ok && !time.Now().Before(d) {
			return nil, true
		}
		return all(err.Error()), false
	}
	if status != http.StatusOK {
		return all(fmt.Sprintf("HTTP %d", status)), false
	}
	if n == 1 && bytes.Contains(b, []byte(`"result":`)) && !bytes.Contains(b, []byte(`"error":`)) {
		return []string{""}, false // a promise: skip decoding it, the sidecar is what is measured
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
