package builderapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/flashbots/go-boost-utils/bls"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/sidecar/relay"
)

const (
	testParent = "0x0000000000000000000000000000000000000000000000000000000000000000"
	testPubkey = "0x8a1d7b8dd64e0aafe7ea7b6c95065c9364cf99d38470c12ee807d55f7de1529ad29ce2c422e0b65e3d5a05c02caca249"
)

func registrationJSON(n int) string {
	one := `{"message":{"fee_recipient":"0x0000000000000000000000000000000000000001","gas_limit":"60000000","timestamp":"1","pubkey":"` + testPubkey + `"},"signature":"0x` + strings.Repeat("ab", 96) + `"}`
	parts := make([]string, n)
	for i := range parts {
		parts[i] = one
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// fakeRelay is a relay HTTP server with a fixed header answer.
type fakeRelay struct {
	header     string // body of getHeader; empty means 204
	regStatus  int
	regs       atomic.Int64
	lastCT     atomic.Value
	blindedV2  atomic.Int64
	headerHits atomic.Int64
	down       bool // answers its status with 503
}

func (f *fakeRelay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/eth/v1/builder/status":
		if f.down {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	case r.URL.Path == "/eth/v1/builder/validators":
		b, _ := io.ReadAll(r.Body)
		f.lastCT.Store(r.Header.Get("Content-Type"))
		if f.regStatus != 0 && f.regStatus != 200 {
			http.Error(w, "refused", f.regStatus)
			return
		}
		f.regs.Add(int64(bytes.Count(b, []byte(`"message"`))))
	case strings.HasPrefix(r.URL.Path, "/eth/v1/builder/header/"):
		f.headerHits.Add(1)
		if f.header == "" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, f.header)
	case r.URL.Path == "/eth/v2/builder/blinded_blocks":
		f.blindedV2.Add(1)
		w.WriteHeader(http.StatusAccepted)
	case r.URL.Path == "/eth/v1/builder/blinded_blocks":
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"version":"electra","data":{}}`)
	default:
		http.NotFound(w, r)
	}
}

// relayClients serves each fake relay and returns a client of each.
func relayClients(t *testing.T, fakes ...*fakeRelay) []Relay {
	t.Helper()
	var relays []Relay
	for _, f := range fakes {
		hs := httptest.NewServer(f)
		t.Cleanup(hs.Close)
		c, err := relay.New(keyedURL(t, hs.URL), hs.Client())
		if err != nil {
			t.Fatal(err)
		}
		relays = append(relays, c)
	}
	return relays
}

func newTestServer(t *testing.T, fakes ...*fakeRelay) (*httptest.Server, *prometheus.Registry) {
	t.Helper()
	relays := relayClients(t, fakes...)
	reg := prometheus.NewRegistry()
	s := New(relays, reg, slog.New(slog.DiscardHandler))
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return hs, reg
}

func do(t *testing.T, method, url, ct, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestStatus(t *testing.T) {
	notSynced := errors.New("the chain view has no clock yet")
	tests := []struct {
		name     string
		local    *fakeLocal
		relays   []*fakeRelay
		wantCode int
		wantMsg  string // in a 503's message
	}{
		{"nothing to bid with", nil, nil, 503, "relays: none of 0 answered 200"},
		{"our block ready, relays down", &fakeLocal{}, []*fakeRelay{{down: true}}, 200, ""},
		{"our block ready, no relay", &fakeLocal{}, nil, 200, ""},
		{"our block not ready, one relay up", &fakeLocal{notReady: notSynced}, []*fakeRelay{{down: true}, {}}, 200, ""},
		{"no block of ours, relay up", nil, []*fakeRelay{{}}, 200, ""},
		{"our block not ready, relays down", &fakeLocal{notReady: notSynced}, []*fakeRelay{{down: true}, {down: true}}, 503, "our block: the chain view has no clock yet; relays: none of 2 answered 200"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			relays := relayClients(t, tc.relays...)
			var opts []Option
			if tc.local != nil {
				opts = append(opts, WithLocalBlock(tc.local))
			}
			reg := prometheus.NewRegistry()
			hs := httptest.NewServer(New(relays, reg, slog.New(slog.DiscardHandler), opts...).Handler())
			t.Cleanup(hs.Close)
			resp, body := do(t, http.MethodGet, hs.URL+"/eth/v1/builder/status", "", "")
			if resp.StatusCode != tc.wantCode {
				t.Fatalf("status = %d (%s), want %d", resp.StatusCode, body, tc.wantCode)
			}
			if tc.wantCode != 200 {
				var e apiError
				if err := json.Unmarshal([]byte(body), &e); err != nil || e.Code != tc.wantCode || !strings.Contains(e.Message, tc.wantMsg) {
					t.Fatalf("body %q (%v), want code %d and a message with %q", body, err, tc.wantCode, tc.wantMsg)
				}
			}
			if got := counter(t, reg, "based_builder_calls_total", "call", "status", "code", strconv.Itoa(tc.wantCode)); got != 1 {
				t.Errorf("based_builder_calls_total{status,%d} = %v", tc.wantCode, got)
			}
		})
	}
}

// counter returns the value of the series name{labels} gathered from reg, 0 when absent.
func counter(t *testing.T, reg *prometheus.Registry, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	series:
		for _, m := range mf.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				found := false
				for _, l := range m.GetLabel() {
					if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
						found = true
					}
				}
				if !found {
					continue series
				}
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}

func TestValidators(t *testing.T) {
	tests := []struct {
		name       string
		ct, body   string
		relays     []*fakeRelay
		wantCode   int
		wantRegs   float64 // based_builder_registrations_total
		wantRelay0 int64   // registrations seen by the first relay
	}{
		{"json forwarded", "application/json", registrationJSON(3), []*fakeRelay{{}, {}}, 200, 3, 3},
		{"ssz forwarded", "application/octet-stream", strings.Repeat("x", 2*sszRegistrationSize), []*fakeRelay{{}}, 200, 2, 0},
		{"no relays", "", registrationJSON(1), nil, 200, 1, 0},
		{"one relay refuses", "application/json", registrationJSON(2), []*fakeRelay{{regStatus: 400}, {}}, 200, 2, 0},
		{"all refuse", "application/json", registrationJSON(2), []*fakeRelay{{regStatus: 400}}, 200, 2, 0},
		{"bad json", "application/json", `{"not":"a list"}`, []*fakeRelay{{}}, 400, 0, 0},
		{"bad pubkey", "application/json", strings.Replace(registrationJSON(1), testPubkey, "0x12", 1), []*fakeRelay{{}}, 400, 0, 0},
		{"bad ssz length", "application/octet-stream", "abc", []*fakeRelay{{}}, 400, 0, 0},
		{"unknown type", "text/plain", "[]", []*fakeRelay{{}}, 415, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs, reg := newTestServer(t, tt.relays...)
			resp, body := do(t, http.MethodPost, hs.URL+"/eth/v1/builder/validators", tt.ct, tt.body)
			if resp.StatusCode != tt.wantCode {
				t.Fatalf("code = %d (%s), want %d", resp.StatusCode, body, tt.wantCode)
			}
			if got := counter(t, reg, "based_builder_registrations_total"); got != tt.wantRegs {
				t.Errorf("registrations_total = %v, want %v", got, tt.wantRegs)
			}
			if len(tt.relays) > 0 && tt.relays[0].regs.Load() != tt.wantRelay0 {
				t.Errorf("relay 0 saw %d registrations, want %d", tt.relays[0].regs.Load(), tt.wantRelay0)
			}
			if tt.wantCode == 200 && len(tt.relays) > 0 && tt.relays[len(tt.relays)-1].lastCT.Load() != mediaType(tt.ct) && tt.relays[len(tt.relays)-1].regStatus == 0 {
				t.Errorf("relay got Content-Type %v, want %s", tt.relays[len(tt.relays)-1].lastCT.Load(), mediaType(tt.ct))
			}
		})
	}
}

func TestHeader(t *testing.T) {
	bid := func(v string) string { return `{"version":"fulu","data":{"message":{"value":"` + v + `"}}}` }
	tests := []struct {
		name     string
		path     string
		relays   []*fakeRelay
		wantCode int
		wantBody string
	}{
		{"no bids", "/1/" + testParent + "/" + testPubkey, []*fakeRelay{{}, {}}, 204, ""},
		{"no relays", "/1/" + testParent + "/" + testPubkey, nil, 204, ""},
		{"highest wins", "/9/" + testParent + "/" + testPubkey, []*fakeRelay{{header: bid("5")}, {header: bid("70")}, {}}, 200, bid("70")},
		{"unreadable bid ignored", "/9/" + testParent + "/" + testPubkey, []*fakeRelay{{header: `{"data":{"message":{"value":"-1"}}}`}}, 204, ""},
		{"bad slot", "/x/" + testParent + "/" + testPubkey, []*fakeRelay{{}}, 400, ""},
		{"bad parent", "/1/0x00/" + testPubkey, []*fakeRelay{{}}, 400, ""},
		{"bad pubkey", "/1/" + testParent + "/0x00", []*fakeRelay{{}}, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs, reg := newTestServer(t, tt.relays...)
			resp, body := do(t, http.MethodGet, hs.URL+"/eth/v1/builder/header"+tt.path, "", "")
			if resp.StatusCode != tt.wantCode {
				t.Fatalf("code = %d (%s), want %d", resp.StatusCode, body, tt.wantCode)
			}
			if tt.wantCode != 400 && body != tt.wantBody {
				t.Errorf("body = %q, want %q", body, tt.wantBody)
			}
			if got := counter(t, reg, "based_builder_calls_total", "call", "header", "code", strconv.Itoa(tt.wantCode)); got != 1 {
				t.Errorf("calls_total{header,%d} = %v", tt.wantCode, got)
			}
			if n := histogramCount(t, reg, "based_builder_header_seconds"); tt.wantCode != 400 && n != 1 {
				t.Errorf("based_builder_header_seconds count = %d, want 1", n)
			}
		})
	}
}

func TestBlindedBlocks(t *testing.T) {
	f := &fakeRelay{}
	hs, _ := newTestServer(t, f)
	resp, body := do(t, http.MethodPost, hs.URL+"/eth/v2/builder/blinded_blocks", "application/octet-stream", "ssz-bytes")
	if resp.StatusCode != http.StatusAccepted || body != "" || f.blindedV2.Load() != 1 {
		t.Errorf("v2: code %d body %q relay calls %d; want 202, empty, 1", resp.StatusCode, body, f.blindedV2.Load())
	}
	resp, body = do(t, http.MethodPost, hs.URL+"/eth/v1/builder/blinded_blocks", "application/json", "{}")
	if resp.StatusCode != 200 || !strings.Contains(body, "electra") {
		t.Errorf("v1: code %d body %q", resp.StatusCode, body)
	}
	resp, _ = do(t, http.MethodPost, hs.URL+"/eth/v2/builder/blinded_blocks", "application/json", "")
	if resp.StatusCode != 400 {
		t.Errorf("empty body: code %d, want 400", resp.StatusCode)
	}
	none, _ := newTestServer(t)
	resp, _ = do(t, http.MethodPost, none.URL+"/eth/v2/builder/blinded_blocks", "application/json", "{}")
	if resp.StatusCode != http.StatusBadGateway {
		t.Errorf("no relays: code %d, want 502", resp.StatusCode)
	}
}

func TestParseHeaderRequest(t *testing.T) {
	r, err := ParseHeaderRequest("12", "0x"+strings.Repeat("AB", 32), testPubkey)
	if err != nil || r.Slot != 12 || r.ParentHash != "0x"+strings.Repeat("ab", 32) {
		t.Fatalf("got %+v, %v", r, err)
	}
	for _, in := range [][3]string{{"-1", testParent, testPubkey}, {"1", testParent[:10], testPubkey}, {"1", testParent, testPubkey + "00"}, {"1", "1x" + testParent[2:], testPubkey}} {
		if _, err := ParseHeaderRequest(in[0], in[1], in[2]); !errors.Is(err, ErrBadRequest) {
			t.Errorf("ParseHeaderRequest(%q) = %v, want ErrBadRequest", in, err)
		}
	}
}

func FuzzCountRegistrations(f *testing.F) {
	f.Add([]byte(registrationJSON(2)), false)
	f.Add([]byte(strings.Repeat("x", sszRegistrationSize)), true)
	f.Add([]byte(`[{"message":null}]`), false)
	f.Fuzz(func(t *testing.T, body []byte, ssz bool) {
		ct := contentJSON
		if ssz {
			ct = contentSSZ
		}
		n, err := CountRegistrations(body, ct)
		if err != nil {
			if !errors.Is(err, ErrBadRequest) {
				t.Fatalf("error %v does not wrap ErrBadRequest", err)
			}
			return
		}
		if n < 0 || (ssz && n*sszRegistrationSize != len(body)) {
			t.Fatalf("count %d for %d bytes", n, len(body))
		}
	})
}

func FuzzParseHeaderRequest(f *testing.F) {
	f.Add("1", testParent, testPubkey)
	f.Add("18446744073709551616", testParent, testPubkey)
	f.Add("0", "0x", "")
	f.Fuzz(func(t *testing.T, slot, parent, pubkey string) {
		r, err := ParseHeaderRequest(slot, parent, pubkey)
		if err != nil {
			if !errors.Is(err, ErrBadRequest) {
				t.Fatalf("error %v does not wrap ErrBadRequest", err)
			}
			return
		}
		if len(r.ParentHash) != 66 || len(r.Pubkey) != 98 {
			t.Fatalf("accepted %+v", r)
		}
	})
}

func FuzzBidValue(f *testing.F) {
	f.Add([]byte(`{"version":"fulu","data":{"message":{"value":"1000"}}}`))
	f.Add([]byte(`{"data":{"message":{"value":"-5"}}}`))
	f.Add([]byte(`{"data":{"message":{"value":"0x10"}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := bidValue(body)
		if err == nil && v.Sign() < 0 {
			t.Fatalf("negative value %s accepted", v)
		}
	})
}

// histogramCount returns the sample count of an unlabelled histogram.
func histogramCount(t *testing.T, reg *prometheus.Registry, name string) uint64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name && len(mf.GetMetric()) == 1 {
			return mf.GetMetric()[0].GetHistogram().GetSampleCount()
		}
	}
	return 0
}

// keyedURL puts a fresh relay public key into a relay URL (mev-boost style).
func keyedURL(t testing.TB, u string) string {
	t.Helper()
	_, pk, err := bls.GenerateNewKeypair()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Replace(u, "://", "://"+hexutil.Encode(bls.PublicKeyToBytes(pk))+"@", 1)
}
