package localblock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	builderfulu "github.com/attestantio/go-builder-client/api/fulu"
	apielectra "github.com/attestantio/go-eth2-client/api/v1/electra"
	apifulu "github.com/attestantio/go-eth2-client/api/v1/fulu"
	"github.com/attestantio/go-eth2-client/spec/deneb"
	"github.com/attestantio/go-eth2-client/spec/electra"
	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/flashbots/go-boost-utils/ssz"

	"github.com/basedsidecar/based/sidecar/builderapi"
)

// domainTypeProposer is DOMAIN_BEACON_PROPOSER.
var domainTypeProposer = phase0.DomainType{0x00, 0x00, 0x00, 0x00}

// Publisher publishes full signed blocks through the beacon node's Beacon API.
type Publisher struct {
	url  string
	http *http.Client

	mu      sync.Mutex
	fork    phase0.Version
	gvr     phase0.Root
	hasFork bool
}

// NewPublisher returns a publisher to the beacon node at url.
func NewPublisher(url string, hc *http.Client) *Publisher {
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return &Publisher{url: strings.TrimRight(url, "/"), http: hc}
}

// ErrBeacon is wrapped when the beacon node refuses or cannot be reached.
var ErrBeacon = errors.New("localblock: beacon node")

// proposerDomain is the domain proposers sign blocks under at the head's fork.
func (p *Publisher) proposerDomain(ctx context.Context) (phase0.Domain, error) {
	p.mu.Lock()
	if p.hasFork {
		d := ssz.ComputeDomain(domainTypeProposer, p.fork, p.gvr)
		p.mu.Unlock()
		return d, nil
	}
	p.mu.Unlock()
	var fork struct {
		Data struct {
			Current string `json:"current_version"`
		} `json:"data"`
	}
	var gen struct {
		Data struct {
			Root string `json:"genesis_validators_root"`
		} `json:"data"`
	}
	if err := p.get(ctx, "/eth/v1/beacon/states/head/fork", &fork); err != nil {
		return phase0.Domain{}, err
	}
	if err := p.get(ctx, "/eth/v1/beacon/genesis", &gen); err != nil {
		return phase0.Domain{}, err
	}
	v, err1 := decodeHex(fork.Data.Current, 4)
	r, err2 := decodeHex(gen.Data.Root, 32)
	if err := errors.Join(err1, err2); err != nil {
		return phase0.Domain{}, fmt.Errorf("%w: fork or genesis: %w", ErrBeacon, err)
	}
	p.mu.Lock()
	copy(p.fork[:], v)
	copy(p.gvr[:], r)
	p.hasFork = true
	d := ssz.ComputeDomain(domainTypeProposer, p.fork, p.gvr)
	p.mu.Unlock()
	return d, nil
}

func decodeHex(s string, n int) ([]byte, error) {
	b := common.FromHex(s)
	if len(b) != n || !strings.HasPrefix(s, "0x") {
		return nil, fmt.Errorf("%q: want 0x and %d bytes", s, n)
	}
	return b, nil
}

func (p *Publisher) get(ctx context.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url+path, nil)
	if err != nil {
		return err
	}
	resp, err := p.http.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrBeacon, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%w: %s: status %d", ErrBeacon, path, resp.StatusCode)
	}
	return json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(out)
}

// Publish posts a full signed Fulu block with its blobs and cell proofs to
// POST /eth/v2/beacon/blocks with broadcast validation consensus_and_equivocation.
func (p *Publisher) Publish(ctx context.Context, c *apifulu.SignedBlockContents) error {
	body, err := json.Marshal(c)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url+"/eth/v2/beacon/blocks?broadcast_validation=consensus_and_equivocation", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Eth-Consensus-Version", "fulu")
	resp, err := p.http.Do(req)
	if err != nil {
		return fmt.Errorf("%w: publish: %w", ErrBeacon, err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("%w: publish: status %d: %s", ErrBeacon, resp.StatusCode, bytes.TrimSpace(msg))
	}
	return nil
}

// DecodeBlinded reads a signed blinded Fulu block in JSON or SSZ.
func DecodeBlinded(body []byte, contentType string) (*apielectra.SignedBlindedBeaconBlock, error) {
	b := new(apielectra.SignedBlindedBeaconBlock)
	var err error
	if contentType == "application/octet-stream" {
		err = b.UnmarshalSSZ(body)
	} else {
		err = json.Unmarshal(body, b)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: signed blinded block: %v", builderapi.ErrBadRequest, err)
	}
	if b.Message == nil || b.Message.Body == nil || b.Message.Body.ExecutionPayloadHeader == nil {
		return nil, fmt.Errorf("%w: signed blinded block: message.body.execution_payload_header missing", builderapi.ErrBadRequest)
	}
	return b, nil
}

// Unblind serves a signed blinded block for our bid: it checks that the
// header, blob commitments and execution requests are exactly those we bid
// and that the slot's proposer signed it, and never releases two different
// payloads for one slot. v1 returns the payload and blobs bundle; v2
// publishes the full block through the beacon node.
func (s *Service) Unblind(ctx context.Context, version string, body []byte, contentType string) ([]byte, error) {
	sb, err := DecodeBlinded(body, contentType)
	if err != nil {
		return nil, err
	}
	msg := sb.Message
	slot := uint64(msg.Slot)
	bb := s.lookup(slot, common.Hash(msg.Body.ExecutionPayloadHeader.BlockHash))
	if bb == nil {
		return nil, builderapi.ErrNotOurs
	}
	refuse := func(reason, format string, args ...any) ([]byte, error) {
		s.m.refused.WithLabelValues(reason).Inc()
		return nil, fmt.Errorf("%w: "+format, append([]any{builderapi.ErrBadRequest}, args...)...)
	}
	if err := sameBid(bb.bid, msg.Body); err != nil {
		return refuse("header", "%v", err)
	}
	d, ok := s.duty(slot)
	if !ok || uint64(msg.ProposerIndex) != d.ValidatorIndex {
		return refuse("proposer", "proposer index %d is not the proposer of slot %d", msg.ProposerIndex, slot)
	}
	domain, err := s.pub.proposerDomain(ctx)
	if err != nil {
		return nil, err
	}
	if ok, err := ssz.VerifySignature(msg, domain, d.Pubkey[:], sb.Signature[:]); err != nil || !ok {
		return refuse("signature", "proposer signature does not verify")
	}
	h := bb.blk.Payload.BlockHash
	s.mu.Lock()
	if prev, done := s.published[slot]; done && prev != h {
		s.mu.Unlock()
		return refuse("second_payload", "slot %d already has our payload %s", slot, prev)
	}
	s.published[slot] = h
	s.mu.Unlock()

	blobs, proofs := blobsOf(bb.blk)
	switch version {
	case "v1":
		out := &builderfulu.ExecutionPayloadAndBlobsBundle{ExecutionPayload: bb.bid.Payload,
			BlobsBundle: &builderfulu.BlobsBundle{Commitments: bb.bid.Signed.Message.BlobKZGCommitments, Proofs: proofs, Blobs: blobs}}
		data, err := json.Marshal(out)
		if err != nil {
			return nil, err
		}
		s.m.published.WithLabelValues("v1").Inc()
		s.log.Info("our payload returned to the beacon node", "slot", slot, "block", h)
		return json.Marshal(struct {
			Version string          `json:"version"`
			Data    json.RawMessage `json:"data"`
		}{"fulu", data})
	default:
		full := &electra.SignedBeaconBlock{Signature: sb.Signature, Message: &electra.BeaconBlock{
			Slot: msg.Slot, ProposerIndex: msg.ProposerIndex, ParentRoot: msg.ParentRoot, StateRoot: msg.StateRoot,
			Body: &electra.BeaconBlockBody{
				RANDAOReveal: msg.Body.RANDAOReveal, ETH1Data: msg.Body.ETH1Data, Graffiti: msg.Body.Graffiti,
				ProposerSlashings: msg.Body.ProposerSlashings, AttesterSlashings: msg.Body.AttesterSlashings,
				Attestations: msg.Body.Attestations, Deposits: msg.Body.Deposits, VoluntaryExits: msg.Body.VoluntaryExits,
				SyncAggregate: msg.Body.SyncAggregate, ExecutionPayload: bb.bid.Payload,
				BLSToExecutionChanges: msg.Body.BLSToExecutionChanges, BlobKZGCommitments: msg.Body.BlobKZGCommitments,
				ExecutionRequests: msg.Body.ExecutionRequests,
			},
		}}
		if err := s.pub.Publish(ctx, &apifulu.SignedBlockContents{SignedBlock: full, KZGProofs: proofs, Blobs: blobs}); err != nil {
			return nil, err
		}
		s.m.published.WithLabelValues("v2").Inc()
		s.log.Info("our block published", "slot", slot, "block", h)
		return nil, nil
	}
}

// sameBid checks that a blinded body carries exactly the header, blob
// commitments and execution requests of our bid.
func sameBid(bid *Bid, body *apielectra.BlindedBeaconBlockBody) error {
	m := bid.Signed.Message
	want, err := m.Header.HashTreeRoot()
	if err != nil {
		return err
	}
	got, err := body.ExecutionPayloadHeader.HashTreeRoot()
	if err != nil || got != want {
		return errors.New("execution payload header is not the one we bid")
	}
	if len(body.BlobKZGCommitments) != len(m.BlobKZGCommitments) {
		return errors.New("blob commitments are not the ones we bid")
	}
	for i := range m.BlobKZGCommitments {
		if body.BlobKZGCommitments[i] != m.BlobKZGCommitments[i] {
			return errors.New("blob commitments are not the ones we bid")
		}
	}
	if body.ExecutionRequests == nil {
		return errors.New("execution requests missing")
	}
	wr, err1 := m.ExecutionRequests.HashTreeRoot()
	gr, err2 := body.ExecutionRequests.HashTreeRoot()
	if err1 != nil || err2 != nil || wr != gr {
		return errors.New("execution requests are not the ones we bid")
	}
	return nil
}

// blobsOf returns the blobs and cell proofs of blk in the consensus layer's form.
func blobsOf(blk *Block) ([]deneb.Blob, []deneb.KZGProof) {
	blobs, proofs := []deneb.Blob{}, []deneb.KZGProof{}
	if blk.Blobs == nil {
		return blobs, proofs
	}
	for _, b := range blk.Blobs.Blobs {
		var x deneb.Blob
		copy(x[:], b)
		blobs = append(blobs, x)
	}
	for _, p := range blk.Blobs.Proofs {
		var x deneb.KZGProof
		copy(x[:], p)
		proofs = append(proofs, x)
	}
	return blobs, proofs
}
