package builderapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"

	builderfulu "github.com/attestantio/go-builder-client/api/fulu"
	apiv1electra "github.com/attestantio/go-eth2-client/api/v1/electra"
	"github.com/attestantio/go-eth2-client/spec/deneb"
	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/basedsidecar/based/sidecar/relay"
)

// ErrPayload is wrapped when a relay's payload does not match the header
// the proposer signed.
var ErrPayload = errors.New("builderapi: relay payload does not match the signed header")

// blindedHeader is what a signed blinded block commits to about its payload.
type blindedHeader struct {
	Slot             uint64
	BlockHash        phase0.Hash32
	TransactionsRoot phase0.Root
	Commitments      []deneb.KZGCommitment
}

// decodeBlinded reads the payload header and blob commitments of a signed
// blinded block (Electra/Fulu form) in JSON or SSZ.
func decodeBlinded(body []byte, contentType string) (*blindedHeader, error) {
	var b apiv1electra.SignedBlindedBeaconBlock
	var err error
	if contentType == contentSSZ {
		err = b.UnmarshalSSZ(body)
	} else {
		err = json.Unmarshal(body, &b)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: signed blinded block: %v", ErrBadRequest, err)
	}
	if b.Message == nil || b.Message.Body == nil || b.Message.Body.ExecutionPayloadHeader == nil {
		return nil, fmt.Errorf("%w: signed blinded block: message.body.execution_payload_header missing", ErrBadRequest)
	}
	h := b.Message.Body.ExecutionPayloadHeader
	return &blindedHeader{Slot: uint64(b.Message.Slot), BlockHash: h.BlockHash, TransactionsRoot: h.TransactionsRoot,
		Commitments: b.Message.Body.BlobKZGCommitments}, nil
}

// checkPayload checks a v1 blinded_blocks answer (JSON or SSZ
// ExecutionPayloadAndBlobsBundle) against the signed header: block hash,
// transactions root, and the blobs bundle's commitments.
func checkPayload(resp *relay.Response, want *blindedHeader) error {
	var pb builderfulu.ExecutionPayloadAndBlobsBundle
	if mediaType(resp.ContentType) == contentSSZ {
		if err := pb.UnmarshalSSZ(resp.Body); err != nil {
			return fmt.Errorf("%w: %v", ErrPayload, err)
		}
	} else {
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(resp.Body, &env); err != nil {
			return fmt.Errorf("%w: %v", ErrPayload, err)
		}
		if err := json.Unmarshal(env.Data, &pb); err != nil {
			return fmt.Errorf("%w: data: %v", ErrPayload, err)
		}
	}
	p := pb.ExecutionPayload
	if p == nil || pb.BlobsBundle == nil {
		return fmt.Errorf("%w: execution_payload and blobs_bundle are required", ErrPayload)
	}
	if p.BlockHash != want.BlockHash {
		return fmt.Errorf("%w: block hash %x, signed %x", ErrPayload, p.BlockHash[:], want.BlockHash[:])
	}
	txs := make([][]byte, len(p.Transactions))
	for i, tx := range p.Transactions {
		txs[i] = tx
	}
	if root := relay.TransactionsRoot(txs); root != want.TransactionsRoot {
		return fmt.Errorf("%w: transactions root %x, signed %x", ErrPayload, root[:], want.TransactionsRoot[:])
	}
	got := pb.BlobsBundle.Commitments
	if len(got) != len(want.Commitments) {
		return fmt.Errorf("%w: %d blob commitments, signed %d", ErrPayload, len(got), len(want.Commitments))
	}
	for i := range got {
		if got[i] != want.Commitments[i] {
			return fmt.Errorf("%w: blob commitment %d differs from the signed one", ErrPayload, i)
		}
	}
	if len(pb.BlobsBundle.Blobs) != len(got) {
		return fmt.Errorf("%w: %d blobs for %d commitments", ErrPayload, len(pb.BlobsBundle.Blobs), len(got))
	}
	return nil
}

// servedBids remembers, per block hash, which relays offered the relay bid
// getHeader served, so its blinded block goes to them only.
type servedBids struct {
	mu    sync.Mutex
	order []phase0.Hash32
	m     map[phase0.Hash32][]Relay
}

// maxServed bounds the bids remembered (a few slots' worth).
const maxServed = 64

func (s *servedBids) put(h phase0.Hash32, relays []Relay) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[phase0.Hash32][]Relay{}
	}
	if _, ok := s.m[h]; !ok {
		s.order = append(s.order, h)
	}
	s.m[h] = relays
	for len(s.order) > maxServed {
		delete(s.m, s.order[0])
		s.order = s.order[1:]
	}
}

func (s *servedBids) get(h phase0.Hash32) ([]Relay, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.m[h]
	return r, ok
}

// bidBlockHash reads data.message.header.block_hash of a JSON bid.
func bidBlockHash(body []byte) (phase0.Hash32, bool) {
	var b struct {
		Data struct {
			Message struct {
				Header struct {
					BlockHash hexutil.Bytes `json:"block_hash"`
				} `json:"header"`
			} `json:"message"`
		} `json:"data"`
	}
	var h phase0.Hash32
	if err := json.Unmarshal(body, &b); err != nil || len(b.Data.Message.Header.BlockHash) != len(h) {
		return h, false
	}
	copy(h[:], b.Data.Message.Header.BlockHash)
	return h, true
}

// unblindAtRelays sends the blinded block to relays at once and returns the
// first answer that is valid: 2xx, and for v1 a payload matching want. The
// other calls are abandoned when it returns.
func (s *Server) unblindAtRelays(ctx context.Context, relays []Relay, version, call string, body []byte, h http.Header, want *blindedHeader) *relay.Response {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	path := "/eth/" + version + "/builder/blinded_blocks"
	answers := make(chan *relay.Response, len(relays))
	for _, rl := range relays {
		go func() {
			resp, err := rl.Do(ctx, http.MethodPost, path, body, h)
			if err == nil && resp.Status/100 != 2 {
				err = fmt.Errorf("status %d: %s", resp.Status, bytes.TrimSpace(resp.Body))
			}
			if err == nil && version == "v1" && want != nil {
				err = checkPayload(resp, want)
			}
			if err != nil {
				if ctx.Err() == nil {
					s.m.relayErrors.WithLabelValues(call).Inc()
					s.log.Warn("relay refused blinded block", "relay", rl.String(), "err", err)
				}
				answers <- nil
				return
			}
			answers <- resp
		}()
	}
	for range relays {
		if resp := <-answers; resp != nil {
			return resp
		}
	}
	return nil
}
