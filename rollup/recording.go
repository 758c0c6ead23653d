package rollup

import (
	"encoding/json"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
)

// Recording is what a rollup node read from a live L1 to derive its chain up to one L1
// block, with the L2 block hashes it derived: the fixture that derivation tests replay
// (rollup/testdata/l1, written by the devnet's rollup test with BASED_RECORD_L1 set).
type Recording struct {
	ChainID        hexutil.Uint64  `json:"chainId"`
	GasLimit       hexutil.Uint64  `json:"gasLimit"`
	GenesisTime    hexutil.Uint64  `json:"genesisTime"`    // RollupInbox.genesisTime
	SecondsPerSlot hexutil.Uint64  `json:"secondsPerSlot"` // RollupInbox.secondsPerSlot
	Inbox          common.Address  `json:"inbox"`
	Anchor         hexutil.Uint64  `json:"anchor"`  // the L1 block before the first one read
	Genesis        json.RawMessage `json:"genesis"` // the rollup's genesis file
	// Headers are the L1 headers derivation asks for: those of the blocks with postings,
	// and the last one (L1's head as the recording serves it).
	Headers []*types.Header `json:"headers"`
	// Receipts and Transactions are those of every L1 transaction with a RollupBlock
	// event of the chain (transactions in their binary encoding, without blob sidecars).
	Receipts     []*types.Receipt `json:"receipts"`
	Transactions []hexutil.Bytes  `json:"transactions"`
	// Beacon holds the Beacon API answers (path and body) with the blobs of those
	// transactions that carry blobs.
	Beacon []BeaconAnswer `json:"beacon"`
	// L2 are the blocks the node derived, from block 1 on, in order.
	L2 []RecordedBlock `json:"l2"`
}

// BeaconAnswer is one recorded Beacon API answer.
type BeaconAnswer struct {
	Path string          `json:"path"`
	Body json.RawMessage `json:"body"`
}

// RecordedBlock is one derived L2 block: its number, hash and the L1 transaction it came
// from.
type RecordedBlock struct {
	Number hexutil.Uint64 `json:"number"`
	Hash   common.Hash    `json:"hash"`
	L1Tx   common.Hash    `json:"l1Tx"`
}
