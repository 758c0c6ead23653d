// Package relay is a client of an MEV-Boost relay's Builder API.
package relay

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// maxBody bounds every response read from a relay.
const maxBody = 16 << 20

// ErrURL is wrapped when a relay URL cannot be used.
var ErrURL = errors.New("relay: invalid URL")

// ErrStatus is wrapped when a relay answers with an unexpected status.
var ErrStatus = errors.New("relay: unexpected status")

// Client talks to one relay.
type Client struct {
	base *url.URL
	http *http.Client
}

// New returns a client for the relay at rawURL (http or https, no query);
// a public key given as URL user (mev-boost style) is ignored here.
func New(rawURL string, hc *http.Client) (*Client, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrURL, rawURL, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return nil, fmt.Errorf("%w: %q: want http(s)://host[:port]", ErrURL, rawURL)
	}
	u.User = nil
	u.Path = strings.TrimRight(u.Path, "/")
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{base: u, http: hc}, nil
}

// String is the relay's URL.
func (c *Client) String() string { return c.base.String() }

// Response is a relay's raw answer.
type Response struct {
	Status      int
	ContentType string
	Body        []byte
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
// The bid is requested and returned as JSON.
func (c *Client) GetHeader(ctx context.Context, slot uint64, parentHash, pubkey string) (*Response, error) {
	path := fmt.Sprintf("/eth/v1/builder/header/%d/%s/%s", slot, parentHash, pubkey)
	r, err := c.Do(ctx, http.MethodGet, path, nil, http.Header{"Accept": {"application/json"}})
	if err != nil {
		return nil, err
	}
	switch r.Status {
	case http.StatusNoContent:
		return nil, nil
	case http.StatusOK:
		return r, nil
	default:
		return nil, fmt.Errorf("%w: header: %d: %s", ErrStatus, r.Status, bytes.TrimSpace(r.Body))
	}
}
