package preconf

import (
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// LookaheadEntry is one slot of preconf_lookahead.
type LookaheadEntry struct {
	Slot           uint64          `json:"slot"`
	ValidatorIndex uint64          `json:"validatorIndex"`
	Pubkey         hexutil.Bytes   `json:"pubkey"`
	Ours           bool            `json:"ours"`
	Committer      *common.Address `json:"committer,omitempty"`
	Deadline       time.Time       `json:"deadline"`
}

// NodeStatus is preconf_status and GET /status.
type NodeStatus struct {
	Chain  ChainStatus `json:"chain"`
	Engine Status      `json:"engine"`
}

// InclusionRequest is the parameter of preconf_requestInclusion.
type InclusionRequest struct {
	Slot Quantity `json:"slot"`
	// ChainID is the target chain; empty means L1.
	ChainID *hexutil.Big  `json:"chainId,omitempty"`
	Tx      hexutil.Bytes `json:"tx"`
}
