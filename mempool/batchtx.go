package mempool

import (
	"crypto/ecdsa"
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/holiman/uint256"
)

// proposeBatchSelector is the 4-byte selector of RollupInbox.proposeBatch.
var proposeBatchSelector = crypto.Keccak256([]byte("proposeBatch((uint256,bytes32,uint32,bytes32)[],bytes)"))[:4]

// ProposeBatchCalldata returns the input of a call of RollupInbox.proposeBatch(headers, data).
func ProposeBatchCalldata(headers []Header, data []byte) []byte {
	enc := EncodeHeaders(headers) // 0x20 ‖ n ‖ structs: the offset word is replaced below
	tailHeaders := enc[32:]
	padded := (len(data) + 31) / 32 * 32
	out := make([]byte, 0, 4+64+len(tailHeaders)+32+padded)
	out = append(out, proposeBatchSelector...)
	out = append(out, word(0x40)...)
	out = append(out, word(uint64(0x40+len(tailHeaders)))...)
	out = append(out, tailHeaders...)
	out = append(out, word(uint64(len(data)))...)
	out = append(out, data...)
	return append(out, make([]byte, padded-len(data))...)
}

func word(n uint64) []byte {
	w := make([]byte, 32)
	binary.BigEndian.PutUint64(w[24:], n)
	return w
}

// BatchTxParams says how the batch's L1 transaction is made.
type BatchTxParams struct {
	ChainID *big.Int       // L1
	Nonce   uint64         // of the committer, who must send it (defendL2 reads its batch)
	Inbox   common.Address // the RollupInbox
	Fees    L1Fees         // fee caps are twice the base fees plus the tip
	// Gas is the gas limit; 0: the carrier model's estimate plus a quarter (an
	// eth_estimateGas answer is better on chains with other storage pricing).
	Gas uint64
}

// Transaction returns the signed L1 transaction of the batch: a blob transaction with the
// version-1 sidecar (cell proofs) or a calldata call, whichever ChooseCarrier picks.
func (s *Sealed) Transaction(key *ecdsa.PrivateKey, p BatchTxParams) (*types.Transaction, Carrier, error) {
	carrier, ok := ChooseCarrier(len(s.Headers), s.Envelope, p.Fees)
	if !ok {
		return nil, carrier, fmt.Errorf("%w: a %d-byte envelope fits neither calldata nor %d blobs", ErrTooLarge, len(s.Envelope), MaxBatchBlobs)
	}
	feeCap := new(big.Int).Mul(p.Fees.BaseFee, big.NewInt(2))
	feeCap.Add(feeCap, p.Fees.Tip)
	signer := types.LatestSignerForChainID(p.ChainID)
	if carrier == Calldata {
		gas := p.Gas
		if gas == 0 {
			gas = CalldataGas(len(s.Headers), s.Envelope) * 5 / 4
		}
		tx, err := types.SignNewTx(key, signer, &types.DynamicFeeTx{ChainID: p.ChainID, Nonce: p.Nonce, GasTipCap: p.Fees.Tip, GasFeeCap: feeCap,
			Gas: gas, To: &p.Inbox, Data: ProposeBatchCalldata(s.Headers, s.Envelope)})
		return tx, carrier, err
	}
	blobs, err := BlobsFromEnvelope(s.Envelope)
	if err != nil {
		return nil, carrier, err
	}
	sc, err := BlobSidecar(blobs)
	if err != nil {
		return nil, carrier, err
	}
	gas := p.Gas
	if gas == 0 {
		gas = CalldataGas(len(s.Headers), nil) * 5 / 4
	}
	blobCap := new(big.Int).Mul(p.Fees.BlobBaseFee, big.NewInt(2))
	tx, err := types.SignNewTx(key, signer, &types.BlobTx{
		ChainID: uint256.MustFromBig(p.ChainID), Nonce: p.Nonce, GasTipCap: uint256.MustFromBig(p.Fees.Tip), GasFeeCap: uint256.MustFromBig(feeCap),
		Gas: gas, To: p.Inbox, Data: ProposeBatchCalldata(s.Headers, nil), BlobFeeCap: uint256.MustFromBig(blobCap),
		BlobHashes: sc.BlobHashes(), Sidecar: sc,
	})
	return tx, carrier, err
}
