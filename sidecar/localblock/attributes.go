package localblock

import (
	"context"
	"fmt"
	"strconv"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/sidecar/chain"
)

// headAttributes derives the payload attributes of slot on the beacon
// node's head when it announced none for it (the head came late, or after a
// restart): parent beacon block root and execution hash of the head, the
// head state's RANDAO mix and expected withdrawals, and the timestamp and
// fee recipient of tmpl (the same slot's announced attributes).
func (p *Publisher) headAttributes(ctx context.Context, slot uint64, parent common.Hash, tmpl chain.PayloadAttributesEvent) (chain.PayloadAttributesEvent, error) {
	var head struct {
		Data struct {
			Root string `json:"root"`
		} `json:"data"`
	}
	if err := p.get(ctx, "/eth/v1/beacon/headers/head", &head); err != nil {
		return tmpl, err
	}
	var blk struct {
		Data struct {
			Message struct {
				Body struct {
					Header struct {
						BlockHash string `json:"block_hash"`
					} `json:"execution_payload_header"`
				} `json:"body"`
			} `json:"message"`
		} `json:"data"`
	}
	if err := p.get(ctx, "/eth/v1/beacon/blinded_blocks/"+head.Data.Root, &blk); err != nil {
		return tmpl, err
	}
	if common.HexToHash(blk.Data.Message.Body.Header.BlockHash) != parent {
		return tmpl, fmt.Errorf("%w: slot %d: the beacon head's payload is %s, not the parent %s asked for", ErrNoAttributes, slot, blk.Data.Message.Body.Header.BlockHash, parent)
	}
	var randao struct {
		Data struct {
			Randao string `json:"randao"`
		} `json:"data"`
	}
	if err := p.get(ctx, "/eth/v1/beacon/states/head/randao", &randao); err != nil {
		return tmpl, err
	}
	var ws struct {
		Data []struct {
			Index          string `json:"index"`
			ValidatorIndex string `json:"validator_index"`
			Address        string `json:"address"`
			Amount         string `json:"amount"`
		} `json:"data"`
	}
	withdrawals := tmpl.Withdrawals
	if err := p.get(ctx, "/eth/v1/builder/states/head/expected_withdrawals?proposal_slot="+strconv.FormatUint(slot, 10), &ws); err == nil {
		withdrawals = nil
		for _, w := range ws.Data {
			idx, err1 := strconv.ParseUint(w.Index, 10, 64)
			vi, err2 := strconv.ParseUint(w.ValidatorIndex, 10, 64)
			amt, err3 := strconv.ParseUint(w.Amount, 10, 64)
			if err1 != nil || err2 != nil || err3 != nil {
				return tmpl, fmt.Errorf("%w: expected withdrawals: bad number", ErrBeacon)
			}
			withdrawals = append(withdrawals, chain.Withdrawal{Index: idx, ValidatorIndex: vi, Address: common.HexToAddress(w.Address), Amount: amt})
		}
	} // else (a beacon node without the endpoint): the announced slot's withdrawals; newPayload says whether they hold
	out := tmpl
	out.ProposalSlot = slot
	out.ParentBlockHash = parent
	out.ParentBeaconBlockRoot = common.HexToHash(head.Data.Root)
	out.ParentBlockRoot = out.ParentBeaconBlockRoot
	out.PrevRandao = common.HexToHash(randao.Data.Randao)
	out.Withdrawals = withdrawals
	return out, nil
}
