package devnet

import (
	"context"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/holiman/uint256"

	"github.com/basedsidecar/based/preconf/client"
)

// slotBlock is the execution payload of the beacon block of one slot, read
// from the beacon node.
type slotBlock struct {
	missed    bool
	extra     string
	timestamp uint64
	txs       []common.Hash
}

// blockOfSlot reads the block of slot from the beacon node (missed: no block).
func blockOfSlot(ctx context.Context, t testing.TB, beacon string, slot uint64) slotBlock {
	t.Helper()
	var b struct {
		Data struct {
			Message struct {
				Body struct {
					Payload struct {
						ExtraData    string   `json:"extra_data"`
						Timestamp    string   `json:"timestamp"`
						Transactions []string `json:"transactions"`
					} `json:"execution_payload"`
				} `json:"body"`
			} `json:"message"`
		} `json:"data"`
	}
	if err := getJSON(ctx, fmt.Sprintf("%s/eth/v2/beacon/blocks/%d", beacon, slot), &b); err != nil {
		if strings.Contains(err.Error(), "status 404") {
			return slotBlock{missed: true}
		}
		t.Fatalf("block of slot %d: %v", slot, err)
	}
	p := b.Data.Message.Body.Payload
	ts, _ := strconv.ParseUint(p.Timestamp, 10, 64)
	out := slotBlock{extra: p.ExtraData, timestamp: ts}
	for _, raw := range p.Transactions {
		var tx types.Transaction
		if err := tx.UnmarshalBinary(common.FromHex(raw)); err != nil {
			t.Fatalf("slot %d: %v", slot, err)
		}
		out.txs = append(out.txs, tx.Hash())
	}
	return out
}

// promiseSlots gets promises for count consecutive slots from the clock's
// slot + lead on: in each slot wallet-3 and wallet-4 each with one transfer
// (consecutive nonces over the slots, kept in nonces across calls), and in the
// second slot an EIP-7702 transaction of the deployer (done deploying by
// then), and in the third a blob transaction of the operator (one blob, cell
// proofs). Every transaction is signed (the blob's cell proofs take seconds
// under -race) before the first slot is picked. It returns that slot and the
// promised hashes per slot in promise order.
func promiseSlots(ctx context.Context, t *testing.T, n *Net, el *ethclient.Client, c *client.Client, nonces map[common.Address]uint64, lead uint64, count int) (uint64, map[uint64][]common.Hash) {
	t.Helper()
	chainID := big.NewInt(ChainID)
	signer := types.LatestSignerForChainID(chainID)
	to := common.Address{0xbe}
	w1, _ := n.account("wallet-3")
	w2, _ := n.account("wallet-4")
	w3, _ := n.account("deployer")
	for _, w := range []Account{w1, w2, w3} {
		if _, ok := nonces[w.Address]; ok {
			continue
		}
		nonce, err := el.PendingNonceAt(ctx, w.Address)
		if err != nil {
			t.Fatal(err)
		}
		nonces[w.Address] = nonce
	}
	perSlot := make([][]*types.Transaction, count)
	for i := range count {
		var txs []*types.Transaction
		for _, w := range []Account{w1, w2} {
			tx, err := types.SignNewTx(w.Key(), signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonces[w.Address],
				GasTipCap: big.NewInt(3e9), GasFeeCap: big.NewInt(300e9), Gas: 21000, To: &to, Value: big.NewInt(int64(i + 1))})
			if err != nil {
				t.Fatal(err)
			}
			nonces[w.Address]++
			txs = append(txs, tx)
		}
		if i == 1 {
			nonce := nonces[w3.Address]
			auth, err := types.SignSetCode(w3.Key(), types.SetCodeAuthorization{ChainID: *uint256.MustFromBig(chainID), Address: common.Address{0x77, 0x02}, Nonce: nonce + 1})
			if err != nil {
				t.Fatal(err)
			}
			tx, err := types.SignNewTx(w3.Key(), signer, &types.SetCodeTx{ChainID: uint256.MustFromBig(chainID), Nonce: nonce,
				GasTipCap: uint256.NewInt(3e9), GasFeeCap: uint256.NewInt(300e9), Gas: 60000, To: to, Value: uint256.NewInt(1),
				AuthList: []types.SetCodeAuthorization{auth}})
			if err != nil {
				t.Fatal(err)
			}
			nonces[w3.Address] += 2
			txs = append(txs, tx)
		}
		if i == 2 {
			op, _ := n.account("operator")
			if _, ok := nonces[op.Address]; !ok {
				nonce, err := el.PendingNonceAt(ctx, op.Address)
				if err != nil {
					t.Fatal(err)
				}
				nonces[op.Address] = nonce
			}
			txs = append(txs, blobTx(t, op, chainID, nonces[op.Address], to))
			nonces[op.Address]++
		}
		perSlot[i] = txs
	}
	st, err := c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	first := st.Chain.ClockSlot + lead
	out := map[uint64][]common.Hash{}
	for i, txs := range perSlot {
		slot := first + uint64(i)
		for _, tx := range txs {
			raw, _ := tx.MarshalBinary()
			if _, err := c.RequestInclusion(ctx, slot, chainID, raw); err != nil {
				t.Fatalf("promise for slot %d (clock slot %d at the first): %v", slot, st.Chain.ClockSlot, err)
			}
			out[slot] = append(out[slot], tx.Hash())
		}
	}
	return first, out
}

// blobTx is a blob transaction of one blob with its cell proofs (Fulu form).
func blobTx(t *testing.T, from Account, chainID *big.Int, nonce uint64, to common.Address) *types.Transaction {
	t.Helper()
	var blob kzg4844.Blob
	for i := 0; i < len(blob); i += 32 {
		blob[i+1] = byte(i / 32) // every field element below the modulus
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
	tx, err := types.SignNewTx(from.Key(), types.LatestSignerForChainID(chainID), &types.BlobTx{
		ChainID: uint256.MustFromBig(chainID), Nonce: nonce, GasTipCap: uint256.NewInt(3e9), GasFeeCap: uint256.NewInt(300e9),
		Gas: 21000, To: to, Value: uint256.NewInt(1), BlobFeeCap: uint256.NewInt(100e9), BlobHashes: sc.BlobHashes(), Sidecar: sc,
	})
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

// checkLanded waits until slot has passed and checks, on the beacon node's
// block of the slot, that it is ours (extra data "based"), that its
// timestamp is the slot's, and that it opens with want in order.
func checkLanded(ctx context.Context, t *testing.T, n *Net, slot uint64, want []common.Hash) {
	t.Helper()
	end := n.State.GenesisTime.Add(time.Duration(slot+1) * time.Duration(n.State.SlotSeconds) * time.Second)
	waitUntil(ctx, t, n, end.Add(500*time.Millisecond), fmt.Sprintf("end of slot %d", slot))
	b := blockOfSlot(ctx, t, n.State.Endpoints.BeaconAPI, slot)
	if b.missed {
		t.Errorf("slot %d: no block", slot)
		return
	}
	if b.extra != hexutil.Encode([]byte("based")) {
		t.Errorf("slot %d: extra data %s: not our block", slot, b.extra)
	}
	if ts := uint64(n.State.GenesisTime.Unix()) + slot*uint64(n.State.SlotSeconds); b.timestamp != ts {
		t.Errorf("slot %d: timestamp %d, want %d", slot, b.timestamp, ts)
	}
	if len(b.txs) < len(want) {
		t.Errorf("slot %d: %d transactions, %d promised", slot, len(b.txs), len(want))
		return
	}
	for i, h := range want {
		if b.txs[i] != h {
			t.Errorf("slot %d: transaction %d is %s, promised %s", slot, i, b.txs[i], h)
		}
	}
}
