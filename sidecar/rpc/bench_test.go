package rpc

import (
	"bytes"
	"crypto/ecdsa"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
)

// BenchmarkHTTPRequestInclusion is preconf_requestInclusion over loopback
// HTTP with 32 concurrent clients: JSON-RPC decoding, every rule, the
// signature and the synced log write.
func BenchmarkHTTPRequestInclusion(b *testing.B) {
	env := start(b, func(c *Config) { c.IPRate = 0 })
	const senders = 1024
	bodies := make([][]byte, b.N)
	sk := make([]*ecdsa.PrivateKey, senders)
	for i := range sk {
		sk[i] = newKey(b)
	}
	for i := range bodies {
		raw := signedTx(b, sk[i%senders], uint64(i/senders))
		bodies[i] = []byte(fmt.Sprintf(`{"jsonrpc":"2.0","id":1,"method":"preconf_requestInclusion","params":[{"slot":110,"tx":"%s"}]}`, hexutil.Encode(raw)))
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	hc := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	var next atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := next.Add(1) - 1
			resp, err := hc.Post(env.url, "application/json", bytes.NewReader(bodies[i]))
			if err != nil {
				b.Error(err)
				return
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if bytes.Contains(out, []byte(`"error"`)) {
				b.Errorf("%s", out)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "promises/s")
}
