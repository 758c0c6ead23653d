// Package relay is a client of an MEV-Boost relay's Builder API.
package relay

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/flashbots/go-boost-utils/bls"
)

// maxBody bounds every response read from a relay.
const maxBody = 16 << 20

// ErrURL is wrapped when a relay URL cannot be used.
var ErrURL = errors.New("relay: invalid URL")

// ErrStatus is wrapped when a relay answers with an unexpected status.
var ErrStatus = errors.New("relay: unexpected status")

// Client talks to one relay.
type Client struct {
	base      *url.URL
	pubkey    phase0.BLSPubKey
	http      *http.Client
	proofsFor func(slot uint64) bool
}

// Option configures a Client.
type Option func(*Client)

// WithProofsFor makes GetHeader ask for a header with inclusion proofs
// (header_with_proofs) for every slot f reports true (slots with constraints).
func WithProofsFor(f func(slot uint64) bool) Option { return func(c *Client) { c.proofsFor = f } }

// ParseURL checks a relay URL in the mev-boost form http(s)://0xPUBKEY@host[:port]
// and returns it without the key, and the relay's BLS public key.
func ParseURL(rawURL string) (*url.URL, phase0.BLSPubKey, error) {
	var pk phase0.BLSPubKey
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, pk, fmt.Errorf("%w: %q: %v", ErrURL, rawURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return nil, pk, fmt.Errorf("%w: %q: want http(s)://0xPUBKEY@host[:port]", ErrURL, rawURL)
	}
	if u.User == nil || u.User.Username() == "" {
		return nil, pk, fmt.Errorf("%w: %q: no relay public key: want http(s)://0xPUBKEY@host[:port] (the relay's BLS key its bids are signed with)", ErrURL, u.Redacted())
	}
	if _, set := u.User.Password(); set {
		return nil, pk, fmt.Errorf("%w: %q: a password is not a relay public key", ErrURL, u.Redacted())
	}
	raw := strings.ToLower(u.User.Username())
	b, err := hex.DecodeString(strings.TrimPrefix(raw, "0x"))
	if err != nil || !strings.HasPrefix(raw, "0x") || len(b) != len(pk) {
		return nil, pk, fmt.Errorf("%w: %q: relay public key %q: want 0x and 48 bytes of hex", ErrURL, u.Host, u.User.Username())
	}
	if _, err := bls.PublicKeyFromBytes(b); err != nil {
		return nil, pk, fmt.Errorf("%w: %q: relay public key %s is not a BLS12-381 G1 point: %v", ErrURL, u.Host, raw, err)
	}
	copy(pk[:], b)
	u.User = nil
	u.Path = strings.TrimRight(u.Path, "/")
	return u, pk, nil
}

// New returns a client for the relay at rawURL, which must name the relay's
// public key (see ParseURL).
func New(rawURL string, hc *http.Client, opts ...Option) (*Client, error) {
	u, pk, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	c := &Client{base: u, pubkey: pk, http: hc}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// String is the relay's URL without its public key.
func (c *Client) String() string { return c.base.String() }

// Pubkey is the relay's BLS public key from its URL.
func (c *Client) Pubkey() phase0.BLSPubKey { return c.pubkey }

// Response is a relay's raw answer.
type Response struct {
	Status      int
	ContentType string
	Body        []byte
	// Proofs holds the inclusion proofs of a header_with_proofs answer
	// (Body is then the plain bid, without them); nil otherwise.
	Proofs json.RawMessage
	// ProofsAsked is true when GetHeader asked for a header with proofs.
	ProofsAsked bool
}

// Do sends one request to the relay and returns its answer whatever the status.
func (c *Client) Do(ctx context.Context, method, path string, body []byte, header http.Header) (*Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.String()+path, rd)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("relay %s: %w", c.base.Host, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("relay %s: read %s: %w", c.base.Host, path, err)
	}
	return &Response{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: b}, nil
}

// Status checks GET /eth/v1/builder/status.
func (c *Client) Status(ctx context.Context) error {
	r, err := c.Do(ctx, http.MethodGet, "/eth/v1/builder/status", nil, nil)
	if err != nil {
		return err
	}
	if r.Status != http.StatusOK {
		return fmt.Errorf("%w: status: %d", ErrStatus, r.Status)
	}
	return nil
}

// RegisterValidators posts signed validator registrations, encoded as
// contentType (JSON or SSZ), to POST /eth/v1/builder/validators.
func (c *Client) RegisterValidators(ctx context.Context, body []byte, contentType string) error {
	r, err := c.Do(ctx, http.MethodPost, "/eth/v1/builder/validators", body, http.Header{"Content-Type": {contentType}})
	if err != nil {
		return err
	}
	if r.Status != http.StatusOK {
		return fmt.Errorf("%w: validators: %d: %s", ErrStatus, r.Status, bytes.TrimSpace(r.Body))
	}
	return nil
}

// GetHeader asks for the relay's best bid; it returns nil, nil on 204 (no bid).
// The bid is requested and returned as JSON. For a slot WithProofsFor names,
// it asks for the header with inclusion proofs (Bolt's dialect) and splits
// the answer into the plain bid (Body) and its proofs (Proofs); a relay
// that does not serve that path gives ErrNoProofs.
func (c *Client) GetHeader(ctx context.Context, slot uint64, parentHash, pubkey string) (*Response, error) {
	withProofs := c.proofsFor != nil && c.proofsFor(slot)
	kind := "header"
	if withProofs {
		kind = "header_with_proofs"
	}
	path := fmt.Sprintf("/eth/v1/builder/%s/%d/%s/%s", kind, slot, parentHash, pubkey)
	r, err := c.Do(ctx, http.MethodGet, path, nil, http.Header{"Accept": {"application/json"}})
	if err != nil {
		return nil, err
	}
	switch {
	case r.Status == http.StatusNoContent:
		return nil, nil
	case r.Status == http.StatusOK && withProofs:
		bid, proofs, err := SplitProofs(r.Body)
		if err != nil {
			return nil, err
		}
		r.Body, r.Proofs, r.ProofsAsked = bid, proofs, true
		return r, nil
	case r.Status == http.StatusOK:
		return r, nil
	case withProofs && (r.Status == http.StatusNotFound || r.Status == http.StatusMethodNotAllowed):
		return nil, fmt.Errorf("%w: %s answers %d to header_with_proofs", ErrNoProofs, c.base.Host, r.Status)
	default:
		return nil, fmt.Errorf("%w: %s: %d: %s", ErrStatus, kind, r.Status, bytes.TrimSpace(r.Body))
	}
}
