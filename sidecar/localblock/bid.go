package localblock

import (
	"encoding/json"
	"fmt"

	builderapiv1 "github.com/attestantio/go-builder-client/api"
	builderelectra "github.com/attestantio/go-builder-client/api/electra"
	"github.com/attestantio/go-eth2-client/spec"
	"github.com/attestantio/go-eth2-client/spec/bellatrix"
	"github.com/attestantio/go-eth2-client/spec/capella"
	"github.com/attestantio/go-eth2-client/spec/deneb"
	"github.com/attestantio/go-eth2-client/spec/electra"
	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/flashbots/go-boost-utils/bls"
	"github.com/flashbots/go-boost-utils/ssz"
	"github.com/flashbots/go-boost-utils/utils"
	"github.com/holiman/uint256"

	"github.com/basedsidecar/based/preconf"
)

// domainTypeBuilder is DOMAIN_APPLICATION_BUILDER of the builder specs.
var domainTypeBuilder = phase0.DomainType{0x00, 0x00, 0x00, 0x01}

// Bidder signs bids for our blocks with the sidecar's builder BLS key.
type Bidder struct {
	sk     *bls.SecretKey
	pubkey phase0.BLSPubKey
	domain phase0.Domain
}

// NewBidder returns a bidder signing with sk under the builder domain of
// the chain's genesis fork version.
func NewBidder(sk *bls.SecretKey, genesisForkVersion [4]byte) (*Bidder, error) {
	pk, err := bls.PublicKeyFromSecretKey(sk)
	if err != nil {
		return nil, fmt.Errorf("localblock: builder key: %w", err)
	}
	b := &Bidder{sk: sk, domain: ssz.ComputeDomain(domainTypeBuilder, genesisForkVersion, phase0.Root{})}
	copy(b.pubkey[:], bls.PublicKeyToBytes(pk))
	return b, nil
}

// Pubkey is the builder public key bids carry.
func (b *Bidder) Pubkey() phase0.BLSPubKey { return b.pubkey }

// Domain is the signing domain of bids.
func (b *Bidder) Domain() phase0.Domain { return b.domain }

// Bid is a signed bid for one of our blocks.
type Bid struct {
	Signed  *builderelectra.SignedBuilderBid
	Payload *deneb.ExecutionPayload
	// JSON is the getHeader answer: {"version":"fulu","data":SignedBuilderBid}.
	JSON []byte
}

// Sign makes the signed bid for blk.
func (b *Bidder) Sign(blk *Block, _ preconf.Duty) (*Bid, error) {
	payload, err := ToDeneb(blk)
	if err != nil {
		return nil, err
	}
	vh, err := utils.PayloadToPayloadHeader(&builderapiv1.VersionedExecutionPayload{Version: spec.DataVersionFulu, Fulu: payload})
	if err != nil {
		return nil, fmt.Errorf("localblock: payload header: %w", err)
	}
	reqs, err := ExecutionRequests(blk.Requests)
	if err != nil {
		return nil, err
	}
	value, overflow := uint256.FromBig(blk.Value)
	if overflow {
		return nil, fmt.Errorf("localblock: value %s does not fit 256 bits", blk.Value)
	}
	msg := &builderelectra.BuilderBid{Header: vh.Fulu, BlobKZGCommitments: commitments(blk), ExecutionRequests: reqs, Value: value, Pubkey: b.pubkey}
	sig, err := ssz.SignMessage(msg, b.domain, b.sk)
	if err != nil {
		return nil, fmt.Errorf("localblock: sign bid: %w", err)
	}
	signed := &builderelectra.SignedBuilderBid{Message: msg, Signature: sig}
	data, err := json.Marshal(signed)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(struct {
		Version string          `json:"version"`
		Data    json.RawMessage `json:"data"`
	}{"fulu", data})
	if err != nil {
		return nil, err
	}
	return &Bid{Signed: signed, Payload: payload, JSON: body}, nil
}

func commitments(blk *Block) []deneb.KZGCommitment {
	out := []deneb.KZGCommitment{}
	if blk.Blobs == nil {
		return out
	}
	for _, c := range blk.Blobs.Commitments {
		var k deneb.KZGCommitment
		copy(k[:], c)
		out = append(out, k)
	}
	return out
}

// ToDeneb converts our payload to the consensus layer's form (Deneb to Fulu share it).
func ToDeneb(blk *Block) (*deneb.ExecutionPayload, error) {
	p := blk.Payload
	fee, overflow := uint256.FromBig(p.BaseFeePerGas)
	if overflow {
		return nil, fmt.Errorf("localblock: base fee overflows")
	}
	out := &deneb.ExecutionPayload{
		ParentHash: phase0.Hash32(p.ParentHash), FeeRecipient: bellatrix.ExecutionAddress(p.FeeRecipient),
		StateRoot: phase0.Root(p.StateRoot), ReceiptsRoot: phase0.Root(p.ReceiptsRoot), PrevRandao: p.Random,
		BlockNumber: p.Number, GasLimit: p.GasLimit, GasUsed: p.GasUsed, Timestamp: p.Timestamp,
		ExtraData: p.ExtraData, BaseFeePerGas: fee, BlockHash: phase0.Hash32(p.BlockHash),
		Transactions: make([]bellatrix.Transaction, len(p.Transactions)), Withdrawals: make([]*capella.Withdrawal, len(p.Withdrawals)),
	}
	copy(out.LogsBloom[:], p.LogsBloom)
	if out.ExtraData == nil {
		out.ExtraData = []byte{}
	}
	for i, tx := range p.Transactions {
		out.Transactions[i] = tx
	}
	for i, w := range p.Withdrawals {
		out.Withdrawals[i] = &capella.Withdrawal{Index: capella.WithdrawalIndex(w.Index), ValidatorIndex: phase0.ValidatorIndex(w.Validator),
			Address: bellatrix.ExecutionAddress(w.Address), Amount: phase0.Gwei(w.Amount)}
	}
	if p.BlobGasUsed != nil {
		out.BlobGasUsed = *p.BlobGasUsed
	}
	if p.ExcessBlobGas != nil {
		out.ExcessBlobGas = *p.ExcessBlobGas
	}
	return out, nil
}

// ExecutionRequests decodes the Engine API's requests (type byte + SSZ of
// the type's elements) into the consensus layer's form.
func ExecutionRequests(reqs [][]byte) (*electra.ExecutionRequests, error) {
	out := &electra.ExecutionRequests{Deposits: []*electra.DepositRequest{}, Withdrawals: []*electra.WithdrawalRequest{}, Consolidations: []*electra.ConsolidationRequest{}}
	for _, r := range reqs {
		if len(r) == 0 {
			return nil, fmt.Errorf("localblock: empty execution request")
		}
		typ, data := r[0], r[1:]
		var size int
		switch typ {
		case 0:
			size = 192
		case 1:
			size = 76
		case 2:
			size = 116
		default:
			return nil, fmt.Errorf("localblock: execution request type %d", typ)
		}
		if len(data)%size != 0 {
			return nil, fmt.Errorf("localblock: execution requests of type %d: %d bytes", typ, len(data))
		}
		for ; len(data) > 0; data = data[size:] {
			var err error
			switch typ {
			case 0:
				d := new(electra.DepositRequest)
				err = d.UnmarshalSSZ(data[:size])
				out.Deposits = append(out.Deposits, d)
			case 1:
				w := new(electra.WithdrawalRequest)
				err = w.UnmarshalSSZ(data[:size])
				out.Withdrawals = append(out.Withdrawals, w)
			case 2:
				c := new(electra.ConsolidationRequest)
				err = c.UnmarshalSSZ(data[:size])
				out.Consolidations = append(out.Consolidations, c)
			}
			if err != nil {
				return nil, fmt.Errorf("localblock: execution request type %d: %w", typ, err)
			}
		}
	}
	return out, nil
}
