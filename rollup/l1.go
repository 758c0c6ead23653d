package rollup

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/mempool"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// ErrData is wrapped when a batch's data cannot be fetched or does not match its data hash
// (docs/BATCH.md §6.1: the batch is void).
var ErrData = errors.New("batch data")

// L1 is what the node reads from the L1 execution client (ethclient.Client has it).
type L1 interface {
	ethereum.LogFilterer
	ethereum.TransactionReader
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Blobs fetches the blobs of an L1 beacon block (by slot) whose versioned hashes are
// given, in that order.
type Blobs interface {
	Blobs(ctx context.Context, slot uint64, versioned []common.Hash) ([]kzg4844.Blob, error)
}

// Posting is one proposeBatch call that holds a block of our rollup: the inbox's headers
// of the whole batch (every rollup's), in order, and where it is on L1.
type Posting struct {
	L1Number uint64
	L1Hash   common.Hash
	L1Time   uint64
	TxIndex  uint
	TxHash   common.Hash
	Slot     uint64
	Poster   common.Address
	DataHash common.Hash
	Headers  []mempool.Header
	Numbers  []uint64 // the inbox's posting count of each header's rollup
}

// Inbox reads a RollupInbox's postings from L1.
type Inbox struct {
	l1      L1
	addr    common.Address
	chainID *big.Int
	abi     *abi.ABI
	filter  *bindings.RollupInboxFilterer
	blobs   Blobs

	rollupBlockID, batchProposedID common.Hash
}

// NewInbox reads the RollupInbox at addr for the rollup chainID; blobs may be nil when no
// batch of the chain carries blobs (derivation stops at a batch in blobs, with ErrBeacon).
func NewInbox(l1 L1, addr common.Address, chainID uint64, blobs Blobs) (*Inbox, error) {
	a, err := bindings.RollupInboxMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	f, err := bindings.NewRollupInboxFilterer(addr, l1)
	if err != nil {
		return nil, err
	}
	return &Inbox{
		l1: l1, addr: addr, chainID: new(big.Int).SetUint64(chainID), abi: a, filter: f, blobs: blobs,
		rollupBlockID: a.Events["RollupBlock"].ID, batchProposedID: a.Events["BatchProposed"].ID,
	}, nil
}

// Postings returns the postings with a block of our rollup in L1 blocks from..to, in L1
// order (block, then transaction index, then call within the transaction).
func (in *Inbox) Postings(ctx context.Context, from, to uint64) ([]Posting, error) {
	logs, err := in.l1.FilterLogs(ctx, ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to),
		Addresses: []common.Address{in.addr},
		Topics:    [][]common.Hash{{in.rollupBlockID}, {common.BigToHash(in.chainID)}},
	})
	if err != nil {
		return nil, fmt.Errorf("inbox logs %d..%d: %w", from, to, err)
	}
	slices.SortStableFunc(logs, func(a, b types.Log) int {
		if a.BlockNumber != b.BlockNumber {
			return int(a.BlockNumber) - int(b.BlockNumber)
		}
		return int(a.TxIndex) - int(b.TxIndex)
	})
	var out []Posting
	var last common.Hash
	for _, l := range logs {
		if l.TxHash == last || l.Removed {
			continue
		}
		last = l.TxHash
		ps, err := in.postingsOfTx(ctx, l)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// postingsOfTx groups the inbox's logs of one transaction into its proposeBatch calls: the
// RollupBlock events of a call come before its BatchProposed.
func (in *Inbox) postingsOfTx(ctx context.Context, l types.Log) ([]Posting, error) {
	r, err := in.l1.TransactionReceipt(ctx, l.TxHash)
	if err != nil {
		return nil, fmt.Errorf("receipt of %s: %w", l.TxHash, err)
	}
	if r.BlockHash != l.BlockHash {
		return nil, fmt.Errorf("receipt of %s is in block %s, its log in %s: L1 moved", l.TxHash, r.BlockHash, l.BlockHash)
	}
	hdr, err := in.l1.HeaderByNumber(ctx, new(big.Int).SetUint64(l.BlockNumber))
	if err != nil {
		return nil, fmt.Errorf("L1 header %d: %w", l.BlockNumber, err)
	}
	if hdr.Hash() != l.BlockHash {
		return nil, fmt.Errorf("L1 block %d is %s, the log's is %s: L1 moved", l.BlockNumber, hdr.Hash(), l.BlockHash)
	}
	var (
		out []Posting
		cur Posting
	)
	for _, lg := range r.Logs {
		if lg.Address != in.addr || len(lg.Topics) == 0 {
			continue
		}
		switch lg.Topics[0] {
		case in.rollupBlockID:
			ev, err := in.filter.ParseRollupBlock(*lg)
			if err != nil {
				return nil, fmt.Errorf("RollupBlock in %s: %w", l.TxHash, err)
			}
			cur.Headers = append(cur.Headers, mempool.Header{ChainID: ev.ChainId, TxRoot: ev.TxRoot, TxCount: ev.TxCount, ParentHash: ev.ParentHash})
			cur.Numbers = append(cur.Numbers, ev.Number)
		case in.batchProposedID:
			ev, err := in.filter.ParseBatchProposed(*lg)
			if err != nil {
				return nil, fmt.Errorf("BatchProposed in %s: %w", l.TxHash, err)
			}
			cur.L1Number, cur.L1Hash, cur.L1Time, cur.TxIndex, cur.TxHash = l.BlockNumber, l.BlockHash, hdr.Time, r.TransactionIndex, l.TxHash
			cur.Slot, cur.Poster, cur.DataHash = ev.Slot, ev.Poster, ev.DataHash
			for _, h := range cur.Headers {
				if h.ChainID.Cmp(in.chainID) == 0 {
					out = append(out, cur)
					break
				}
			}
			cur = Posting{}
		}
	}
	return out, nil
}

// Envelope fetches the batch envelope of a posting and checks it against the posting's data
// hash: from the transaction's blobs (through the Beacon API) when it carries blobs, else
// from its calldata, which must then be a direct call of proposeBatch on the inbox.
func (in *Inbox) Envelope(ctx context.Context, p Posting, slotOf func(l1Time uint64) uint64) ([]byte, error) {
	tx, _, err := in.l1.TransactionByHash(ctx, p.TxHash)
	if err != nil {
		return nil, fmt.Errorf("transaction %s: %w", p.TxHash, err)
	}
	if vh := tx.BlobHashes(); len(vh) > 0 {
		if got := mempool.BlobDataHash(vh); got != p.DataHash {
			return nil, fmt.Errorf("%w: versioned hashes hash to %s, the inbox says %s", ErrData, got, p.DataHash)
		}
		if in.blobs == nil { // not the batch's fault (docs/BATCH.md §6.1): retried
			return nil, fmt.Errorf("%w: the batch is in blobs and no beacon node is configured (--l1.beacon-url)", ErrBeacon)
		}
		blobs, err := in.blobs.Blobs(ctx, slotOf(p.L1Time), vh)
		if err != nil {
			return nil, err
		}
		return mempool.EnvelopeFromBlobs(blobs)
	}
	if tx.To() == nil || *tx.To() != in.addr || len(tx.Data()) < 4 {
		return nil, fmt.Errorf("%w: calldata batch not sent to the inbox directly", ErrData)
	}
	m, err := in.abi.MethodById(tx.Data()[:4])
	if err != nil || m.Name != "proposeBatch" {
		return nil, fmt.Errorf("%w: calldata is not a proposeBatch call", ErrData)
	}
	args, err := m.Inputs.Unpack(tx.Data()[4:])
	if err != nil || len(args) != 2 {
		return nil, fmt.Errorf("%w: proposeBatch arguments: %v", ErrData, err)
	}
	data, ok := args[1].([]byte)
	if !ok {
		return nil, fmt.Errorf("%w: proposeBatch data is not bytes", ErrData)
	}
	if got := crypto.Keccak256Hash(data); got != p.DataHash {
		return nil, fmt.Errorf("%w: calldata hashes to %s, the inbox says %s", ErrData, got, p.DataHash)
	}
	return data, nil
}

// ErrBeacon is wrapped by failures to fetch blobs from the beacon node (retried: they are
// not a property of the batch).
var ErrBeacon = errors.New("beacon node")

// BeaconBlobs fetches blobs from a Beacon API: /eth/v1/beacon/blobs/{slot} (Fulu), else
// /eth/v1/beacon/blob_sidecars/{slot}. Every blob is checked against its versioned hash
// by computing its KZG commitment, so the beacon node is not trusted.
type BeaconBlobs struct {
	URL    string
	Client *http.Client
}

// Blobs implements Blobs.
func (b *BeaconBlobs) Blobs(ctx context.Context, slot uint64, versioned []common.Hash) ([]kzg4844.Blob, error) {
	hc := b.Client
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	get := func(path string, v any) (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(b.URL, "/")+path, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return 0, fmt.Errorf("%w: %w", ErrBeacon, err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		if err != nil {
			return 0, fmt.Errorf("%w: %w", ErrBeacon, err)
		}
		if resp.StatusCode != http.StatusOK {
			return resp.StatusCode, fmt.Errorf("%w: GET %s: %s", ErrBeacon, path, resp.Status)
		}
		return resp.StatusCode, json.Unmarshal(body, v)
	}
	var raw []hexutil.Bytes
	var blobsResp struct {
		Data []hexutil.Bytes `json:"data"`
	}
	s := strconv.FormatUint(slot, 10)
	code, err := get("/eth/v1/beacon/blobs/"+s, &blobsResp)
	switch {
	case err == nil:
		raw = blobsResp.Data
	case code == http.StatusNotFound || code == http.StatusBadRequest:
		var sc struct {
			Data []struct {
				Blob hexutil.Bytes `json:"blob"`
			} `json:"data"`
		}
		if _, err := get("/eth/v1/beacon/blob_sidecars/"+s, &sc); err != nil {
			return nil, err
		}
		for _, d := range sc.Data {
			raw = append(raw, d.Blob)
		}
	default:
		return nil, err
	}
	return MatchBlobs(raw, versioned)
}

// MatchBlobs picks, for each versioned hash in order, the blob among raw whose KZG
// commitment has that hash. A missing blob is the beacon node's fault (L1 includes a blob
// transaction only with its blobs available), so it wraps ErrBeacon.
func MatchBlobs(raw []hexutil.Bytes, versioned []common.Hash) ([]kzg4844.Blob, error) {
	byHash := map[common.Hash]*kzg4844.Blob{}
	for _, r := range raw {
		if len(r) != len(kzg4844.Blob{}) {
			continue
		}
		blob := new(kzg4844.Blob)
		copy(blob[:], r)
		c, err := kzg4844.BlobToCommitment(blob)
		if err != nil {
			continue
		}
		byHash[kzg4844.CalcBlobHashV1(sha256.New(), &c)] = blob
	}
	out := make([]kzg4844.Blob, len(versioned))
	for i, h := range versioned {
		b, ok := byHash[h]
		if !ok {
			return nil, fmt.Errorf("%w: no blob of the slot has versioned hash %s (an included blob is always available on L1, so this is retried, never voided)", ErrBeacon, h)
		}
		out[i] = *b
	}
	return out, nil
}
