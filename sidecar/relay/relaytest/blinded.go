package relaytest

import (
	"encoding/json"

	"github.com/OffchainLabs/go-bitfield"
	apiv1electra "github.com/attestantio/go-eth2-client/api/v1/electra"
	"github.com/attestantio/go-eth2-client/spec/altair"
	"github.com/attestantio/go-eth2-client/spec/capella"
	"github.com/attestantio/go-eth2-client/spec/electra"
	"github.com/attestantio/go-eth2-client/spec/phase0"
)

// SignedBlindedBlock is a signed blinded beacon block (Electra/Fulu form)
// for the block's header, as the beacon node posts to blinded_blocks; the
// signature is not a real one. SSZ when ssz is true, JSON otherwise.
func (b *Block) SignedBlindedBlock(ssz bool) ([]byte, error) {
	blk := &apiv1electra.SignedBlindedBeaconBlock{Message: &apiv1electra.BlindedBeaconBlock{
		Slot: phase0.Slot(b.Slot), ProposerIndex: 3,
		Body: &apiv1electra.BlindedBeaconBlockBody{
			ETH1Data:               &phase0.ETH1Data{DepositRoot: phase0.Root{}, BlockHash: make([]byte, 32)},
			ProposerSlashings:      []*phase0.ProposerSlashing{},
			AttesterSlashings:      []*electra.AttesterSlashing{},
			Attestations:           []*electra.Attestation{},
			Deposits:               []*phase0.Deposit{},
			VoluntaryExits:         []*phase0.SignedVoluntaryExit{},
			SyncAggregate:          &altair.SyncAggregate{SyncCommitteeBits: bitfield.NewBitvector512()},
			ExecutionPayloadHeader: b.Header,
			BLSToExecutionChanges:  []*capella.SignedBLSToExecutionChange{},
			BlobKZGCommitments:     b.Blobs.Commitments,
			ExecutionRequests: &electra.ExecutionRequests{Deposits: []*electra.DepositRequest{},
				Withdrawals: []*electra.WithdrawalRequest{}, Consolidations: []*electra.ConsolidationRequest{}},
		},
	}}
	if ssz {
		return blk.MarshalSSZ()
	}
	return json.Marshal(blk)
}
