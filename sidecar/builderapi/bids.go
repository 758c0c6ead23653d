package builderapi

import (
	"context"
	"errors"
	"math/big"
	"sync"

	"github.com/basedsidecar/based/sidecar/relay"
)

// Candidate is one bid that getHeader may serve: a relay's or our own block's.
type Candidate struct {
	// Source names where the bid comes from: "local" or the relay's URL.
	Source string
	// Value is what the proposer's fee recipient receives, in wei.
	Value *big.Int
	// Body is the JSON answer served to the beacon node as is
	// ({"version":…,"data":SignedBuilderBid}).
	Body []byte
	// Local is true for our own block.
	Local bool
	// relay is the relay a relay bid came from.
	relay Relay
}

// BidChecker decides whether a relay's bid (resp.Body, with resp.Proofs
// when the relay served inclusion proofs) may be served for a request: it
// returns the bid's value, or an error saying why the bid is refused.
type BidChecker interface {
	CheckBid(ctx context.Context, req HeaderRequest, rl Relay, resp *relay.Response) (*big.Int, error)
}

// refusalCounter is a BidChecker that also counts relays that gave no bid
// to check (no answer, no proofs).
type refusalCounter interface {
	Refused(rl Relay, err error)
}

// ValueOnly is the BidChecker that reads a relay bid's value and checks
// nothing else.
type ValueOnly struct{}

// CheckBid returns data.message.value of the bid.
func (ValueOnly) CheckBid(_ context.Context, _ HeaderRequest, _ Relay, resp *relay.Response) (*big.Int, error) {
	return bidValue(resp.Body)
}

// ErrNotOurs is wrapped by LocalBlock.Unblind when a signed blinded block
// does not name a header we bid, so it belongs to a relay.
var ErrNotOurs = errors.New("builderapi: blinded block is not for our bid")

// LocalBlock is the sidecar's own block, offered next to the relays' bids.
type LocalBlock interface {
	// Bid returns our bid for the request, or nil when we have none.
	Bid(ctx context.Context, req HeaderRequest) (*Candidate, error)
	// Unblind takes a signed blinded block (body in contentType) of the
	// given API version ("v1" or "v2"): v1 returns the JSON of the full
	// payload and blobs bundle, v2 publishes the full block and returns nil.
	// A block for a header we did not bid gives ErrNotOurs.
	Unblind(ctx context.Context, version string, body []byte, contentType string) ([]byte, error)
	// Ready says why no bid of ours could be made now, nil when one can.
	Ready() error
}

// Choose returns the candidate to serve: the highest value, our own block on
// a tie; nil when there is none.
func Choose(cands []*Candidate) *Candidate {
	var best *Candidate
	for _, c := range cands {
		if c == nil || c.Value == nil {
			continue
		}
		if best == nil {
			best = c
			continue
		}
		switch d := c.Value.Cmp(best.Value); {
		case d > 0, d == 0 && c.Local && !best.Local:
			best = c
		}
	}
	return best
}

// candidates collects the bids of one getHeader call from concurrent sources.
type candidates struct {
	mu   sync.Mutex
	list []*Candidate
}

func (c *candidates) add(x *Candidate) {
	c.mu.Lock()
	c.list = append(c.list, x)
	c.mu.Unlock()
}
