package devnet

import (
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/rollup"
)

// RecordRollupL1 captures what rollup r's node reads from the devnet's L1 to derive its
// chain up to L1 block end (the inbox's postings of r, their transactions, L1 headers and
// blobs from the beacon node), with the L2 blocks 1..l2Head its geth at l2 holds: the
// fixture of the rollup package's replay tests.
func (n *Net) RecordRollupL1(ctx context.Context, r Rollup, el, l2 *ethclient.Client, end, l2Head uint64) (*rollup.Recording, error) {
	d, err := readDeployment(n.cfg.DataDir)
	if err != nil {
		return nil, err
	}
	caller, err := bindings.NewRollupInboxCaller(d.RollupInbox, el)
	if err != nil {
		return nil, err
	}
	filter, err := bindings.NewRollupInboxFilterer(d.RollupInbox, el)
	if err != nil {
		return nil, err
	}
	opts := &bind.CallOpts{Context: ctx}
	gt, err := caller.GenesisTime(opts)
	if err != nil {
		return nil, fmt.Errorf("record: genesisTime: %w", err)
	}
	sps, err := caller.SecondsPerSlot(opts)
	if err != nil {
		return nil, fmt.Errorf("record: secondsPerSlot: %w", err)
	}
	genesis, err := os.ReadFile(filepath.Join(r.dir, "genesis.json"))
	if err != nil {
		return nil, err
	}
	a, err := bindings.RollupInboxMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	rec := &rollup.Recording{
		ChainID: hexutil.Uint64(r.ChainID), GasLimit: hexutil.Uint64(r.GasLimit), GenesisTime: hexutil.Uint64(gt.Uint64()),
		SecondsPerSlot: hexutil.Uint64(sps.Uint64()), Inbox: d.RollupInbox, Anchor: 0, Genesis: json.RawMessage(genesis),
	}
	logs, err := el.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: big.NewInt(1), ToBlock: new(big.Int).SetUint64(end), Addresses: []common.Address{d.RollupInbox},
		Topics: [][]common.Hash{{a.Events["RollupBlock"].ID}, {common.BigToHash(new(big.Int).SetUint64(r.ChainID))}},
	})
	if err != nil {
		return nil, fmt.Errorf("record: inbox logs: %w", err)
	}
	headers := map[uint64]bool{}
	addHeader := func(number uint64) error {
		if headers[number] {
			return nil
		}
		h, err := el.HeaderByNumber(ctx, new(big.Int).SetUint64(number))
		if err != nil {
			return fmt.Errorf("record: L1 header %d: %w", number, err)
		}
		headers[number] = true
		rec.Headers = append(rec.Headers, h)
		return nil
	}
	seen := map[common.Hash]bool{}
	for _, l := range logs {
		if seen[l.TxHash] {
			continue
		}
		seen[l.TxHash] = true
		rc, err := el.TransactionReceipt(ctx, l.TxHash)
		if err != nil {
			return nil, fmt.Errorf("record: receipt %s: %w", l.TxHash, err)
		}
		tx, _, err := el.TransactionByHash(ctx, l.TxHash)
		if err != nil {
			return nil, fmt.Errorf("record: transaction %s: %w", l.TxHash, err)
		}
		raw, err := tx.WithoutBlobTxSidecar().MarshalBinary()
		if err != nil {
			return nil, err
		}
		rec.Receipts = append(rec.Receipts, rc)
		rec.Transactions = append(rec.Transactions, raw)
		if err := addHeader(l.BlockNumber); err != nil {
			return nil, err
		}
		if vh := tx.BlobHashes(); len(vh) > 0 {
			hdr := rec.Headers[len(rec.Headers)-1]
			ans, err := n.recordBlobs(ctx, (hdr.Time-gt.Uint64())/sps.Uint64(), vh)
			if err != nil {
				return nil, err
			}
			rec.Beacon = append(rec.Beacon, ans)
		}
	}
	if err := addHeader(end); err != nil {
		return nil, err
	}
	// Each L2 block's posting: the RollupBlock of r with its parent whose slot has its time.
	for i := uint64(1); i <= l2Head; i++ {
		h, err := l2.HeaderByNumber(ctx, new(big.Int).SetUint64(i))
		if err != nil {
			return nil, fmt.Errorf("record: L2 block %d: %w", i, err)
		}
		b := rollup.RecordedBlock{Number: hexutil.Uint64(i), Hash: h.Hash()}
		for _, l := range logs {
			ev, err := filter.ParseRollupBlock(l)
			if err == nil && ev.ParentHash == h.ParentHash && gt.Uint64()+ev.Slot*sps.Uint64() == h.Time {
				b.L1Tx = l.TxHash
			}
		}
		if b.L1Tx == (common.Hash{}) {
			return nil, fmt.Errorf("record: no posting of L2 block %d (%s) up to L1 block %d", i, h.Hash(), end)
		}
		rec.L2 = append(rec.L2, b)
	}
	return rec, nil
}

// recordBlobs records the beacon node's answer with the blobs of slot (the Fulu blobs
// endpoint, else blob_sidecars), after checking it holds the versioned hashes.
func (n *Net) recordBlobs(ctx context.Context, slot uint64, vh []common.Hash) (rollup.BeaconAnswer, error) {
	beacon := n.State.Endpoints.BeaconAPI
	if _, err := (&rollup.BeaconBlobs{URL: beacon, Client: &http.Client{Timeout: 30 * time.Second}}).Blobs(ctx, slot, vh); err != nil {
		return rollup.BeaconAnswer{}, fmt.Errorf("record: blobs of slot %d: %w", slot, err)
	}
	for _, path := range []string{"/eth/v1/beacon/blobs/", "/eth/v1/beacon/blob_sidecars/"} {
		path += strconv.FormatUint(slot, 10)
		var body json.RawMessage
		if err := getJSON(ctx, beacon+path, &body); err == nil {
			return rollup.BeaconAnswer{Path: path, Body: body}, nil
		}
	}
	return rollup.BeaconAnswer{}, fmt.Errorf("record: no beacon answer with the blobs of slot %d", slot)
}

// WriteRecording writes rec as JSON to path.
func WriteRecording(path string, rec *rollup.Recording) error {
	b, err := json.MarshalIndent(rec, "", " ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
