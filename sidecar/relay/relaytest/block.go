// Package relaytest is a relay double for tests: it bids with real
// execution payloads (blocks built by go-ethereum) and real SSZ inclusion
// proofs, and misbehaves on demand (forged or missing proofs, wrong
// signatures, parents, fee recipients, slots, withheld payloads).
package relaytest

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/attestantio/go-eth2-client/spec/bellatrix"
	"github.com/attestantio/go-eth2-client/spec/capella"
	"github.com/attestantio/go-eth2-client/spec/deneb"
	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/consensus/beacon"
	"github.com/ethereum/go-ethereum/consensus/ethash"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// SlotDuration is the slot length of the chain a Block belongs to.
const SlotDuration = 12 * time.Second

// Block is a real execution payload: block 1 of a go-ethereum chain, with
// the chain timing that puts it in Slot.
type Block struct {
	Slot uint64
	// Genesis is the beacon genesis time that makes the payload's timestamp the start of Slot.
	Genesis      time.Time
	ParentHash   common.Hash
	FeeRecipient common.Address
	GasLimit     uint64
	// Raw are the transactions in network form (a blob tx with its sidecar):
	// what a promise holds and the constraints list.
	Raw [][]byte
	// Txs are the transactions in payload form.
	Txs [][]byte
	// Payload is the full execution payload, Header its header.
	Payload *deneb.ExecutionPayload
	Header  *deneb.ExecutionPayloadHeader
	// Blobs is the blobs bundle of the payload's blob transactions.
	Blobs *BlobsBundle
	// Block is go-ethereum's block.
	Block *types.Block
}

// BlobsBundle is the Fulu blobs bundle: commitments, cell proofs, blobs.
type BlobsBundle struct {
	Commitments []deneb.KZGCommitment
	Proofs      []deneb.KZGProof
	Blobs       []deneb.Blob
}

// NewBlock builds a block of ntx transfers from two senders (consecutive
// nonces), plus one blob transaction at position blobAt (none when blobAt < 0).
func NewBlock(t testing.TB, slot uint64, ntx int, blobAt int) *Block {
	t.Helper()
	keys := []*ecdsa.PrivateKey{mustKey(t, 1), mustKey(t, 2)}
	coinbase := common.HexToAddress("0xfee0000000000000000000000000000000000001")
	cfg := params.MergedTestChainConfig
	alloc := core.SystemContractAllocs()
	for _, k := range keys {
		alloc[crypto.PubkeyToAddress(k.PublicKey)] = types.Account{Balance: new(big.Int).Lsh(big.NewInt(1), 100)}
	}
	const genesisTime = 1_800_000_000
	gen := &core.Genesis{Config: cfg, Alloc: alloc, GasLimit: 60_000_000, BaseFee: big.NewInt(params.InitialBaseFee),
		Timestamp: genesisTime, Difficulty: big.NewInt(0)}
	signer := types.LatestSigner(cfg)
	var raws [][]byte
	var sidecars []*types.BlobTxSidecar
	_, blocks, _ := core.GenerateChainWithGenesis(gen, beacon.New(ethash.NewFaker()), 1, func(_ int, b *core.BlockGen) {
		b.SetCoinbase(coinbase)
		nonces := make([]uint64, len(keys))
		for i := 0; i < ntx+boolInt(blobAt >= 0); i++ {
			k := i % len(keys)
			var inner types.TxData
			if i == blobAt {
				sc := blobSidecar(t, 1)
				sidecars = append(sidecars, sc)
				inner = &types.BlobTx{ChainID: uint256.MustFromBig(cfg.ChainID), Nonce: nonces[k], GasTipCap: uint256.NewInt(1e9),
					GasFeeCap: uint256.NewInt(100e9), Gas: 21_000, To: common.Address{0xb1}, Value: uint256.NewInt(1),
					BlobFeeCap: uint256.NewInt(100e9), BlobHashes: sc.BlobHashes(), Sidecar: sc}
			} else {
				inner = &types.DynamicFeeTx{ChainID: cfg.ChainID, Nonce: nonces[k], GasTipCap: big.NewInt(1e9),
					GasFeeCap: big.NewInt(100e9), Gas: 21_000, To: &common.Address{byte(i), 0xaa}, Value: big.NewInt(int64(i + 1))}
			}
			tx, err := types.SignNewTx(keys[k], signer, inner)
			if err != nil {
				t.Fatal(err)
			}
			nonces[k]++
			raw, err := tx.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			raws = append(raws, raw)
			b.AddTx(tx.WithoutBlobTxSidecar()) // a block holds a blob tx without its sidecar
		}
	})
	blk := blocks[0]
	env := engine.BlockToExecutableData(blk, big.NewInt(0), sidecars, nil)
	ed := env.ExecutionPayload
	p := &deneb.ExecutionPayload{
		ParentHash: phase0.Hash32(ed.ParentHash), FeeRecipient: bellatrix.ExecutionAddress(ed.FeeRecipient),
		StateRoot: phase0.Root(ed.StateRoot), ReceiptsRoot: phase0.Root(ed.ReceiptsRoot), PrevRandao: ed.Random,
		BlockNumber: ed.Number, GasLimit: ed.GasLimit, GasUsed: ed.GasUsed, Timestamp: ed.Timestamp, ExtraData: ed.ExtraData,
		BaseFeePerGas: uint256.MustFromBig(ed.BaseFeePerGas), BlockHash: phase0.Hash32(ed.BlockHash),
		Withdrawals: []*capella.Withdrawal{}, BlobGasUsed: *ed.BlobGasUsed, ExcessBlobGas: *ed.ExcessBlobGas,
	}
	copy(p.LogsBloom[:], ed.LogsBloom)
	for _, tx := range ed.Transactions {
		p.Transactions = append(p.Transactions, bellatrix.Transaction(tx))
	}
	tree, err := p.GetTree()
	if err != nil {
		t.Fatal(err)
	}
	txRoot, err := tree.Get(45) // 32 + field 13 (transactions)
	if err != nil {
		t.Fatal(err)
	}
	wdRoot, err := tree.Get(46)
	if err != nil {
		t.Fatal(err)
	}
	h := &deneb.ExecutionPayloadHeader{ParentHash: p.ParentHash, FeeRecipient: p.FeeRecipient, StateRoot: p.StateRoot,
		ReceiptsRoot: p.ReceiptsRoot, LogsBloom: p.LogsBloom, PrevRandao: p.PrevRandao, BlockNumber: p.BlockNumber,
		GasLimit: p.GasLimit, GasUsed: p.GasUsed, Timestamp: p.Timestamp, ExtraData: p.ExtraData, BaseFeePerGas: p.BaseFeePerGas,
		BlockHash: p.BlockHash, BlobGasUsed: p.BlobGasUsed, ExcessBlobGas: p.ExcessBlobGas}
	copy(h.TransactionsRoot[:], txRoot.Hash())
	copy(h.WithdrawalsRoot[:], wdRoot.Hash())
	b := &Block{Slot: slot, Genesis: time.Unix(int64(ed.Timestamp), 0).Add(-time.Duration(slot) * SlotDuration),
		ParentHash: ed.ParentHash, FeeRecipient: coinbase, GasLimit: ed.GasLimit, Raw: raws, Txs: ed.Transactions,
		Payload: p, Header: h, Block: blk,
		Blobs: &BlobsBundle{Commitments: []deneb.KZGCommitment{}, Proofs: []deneb.KZGProof{}, Blobs: []deneb.Blob{}}}
	if env.BlobsBundle != nil {
		for i := range env.BlobsBundle.Commitments {
			b.Blobs.Commitments = append(b.Blobs.Commitments, deneb.KZGCommitment(env.BlobsBundle.Commitments[i]))
			b.Blobs.Blobs = append(b.Blobs.Blobs, deneb.Blob(env.BlobsBundle.Blobs[i]))
		}
		for _, pr := range env.BlobsBundle.Proofs {
			b.Blobs.Proofs = append(b.Blobs.Proofs, deneb.KZGProof(pr))
		}
	}
	return b
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func mustKey(t testing.TB, n byte) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.ToECDSA(common.LeftPadBytes([]byte{n}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// sidecars caches blobSidecar by seed: cell proofs take a while.
var sidecars sync.Map

// blobSidecar is a version-1 (cell proofs) sidecar of one blob derived from seed.
func blobSidecar(t testing.TB, seed byte) *types.BlobTxSidecar {
	t.Helper()
	if sc, ok := sidecars.Load(seed); ok {
		return sc.(*types.BlobTxSidecar).Copy()
	}
	var blob kzg4844.Blob
	for i := 0; i < len(blob); i += 32 {
		h := sha256.Sum256([]byte{seed, byte(i >> 8), byte(i)})
		copy(blob[i+1:i+32], h[:31]) // first byte 0: below the field modulus
	}
	c, err := kzg4844.BlobToCommitment(&blob)
	if err != nil {
		t.Fatal(err)
	}
	proofs, err := kzg4844.ComputeCellProofs(&blob)
	if err != nil {
		t.Fatal(err)
	}
	sc := types.NewBlobTxSidecar(types.BlobSidecarVersion1, []kzg4844.Blob{blob}, []kzg4844.Commitment{c}, proofs)
	sidecars.Store(seed, sc)
	return sc.Copy()
}
