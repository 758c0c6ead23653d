package localblock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// ErrStaleSnapshot is wrapped when a pool read ahead of the build still holds
// a transaction of the parent block: the execution client had not reset its
// pool for that head yet.
var ErrStaleSnapshot = errors.New("localblock: pool read before the execution client's reset to the parent")

// maxDelta bounds the transactions a build fetches one by one on top of a
// snapshot; with more, reading the whole pool again is cheaper.
const maxDelta = 512

// snapshot is the execution client's pending pool read ahead of the build of
// one parent, with the pending-transaction filter installed just before the
// read: the build adds only what became pending since.
type snapshot struct {
	parent common.Hash
	filter string
	pool   map[common.Address][]*types.Transaction
}

// snapshots holds at most one snapshot, taken by the first build on its parent.
type snapshots struct {
	mu   sync.Mutex
	snap *snapshot
}

// Prefetch reads the execution client's pool ahead of a build on parent, so
// that the build reads only the transactions that became pending since.
// parent must be the execution head.
func (b *Builder) Prefetch(ctx context.Context, parent common.Hash) error {
	if err := b.isHead(ctx, parent); err != nil {
		return err
	}
	var filter string
	if err := b.eth.CallContext(ctx, &filter, "eth_newPendingTransactionFilter"); err != nil {
		return fmt.Errorf("localblock: eth_newPendingTransactionFilter: %w", err)
	}
	pool, err := b.content(ctx)
	if err == nil {
		err = b.postReset(ctx, parent, pool)
	}
	if err != nil {
		b.uninstall(ctx, filter)
		return err
	}
	b.snaps.mu.Lock()
	old := b.snaps.snap
	b.snaps.snap = &snapshot{parent: parent, filter: filter, pool: pool}
	b.snaps.mu.Unlock()
	if old != nil {
		b.uninstall(ctx, old.filter)
	}
	return nil
}

// postReset checks that pool holds no transaction of the parent block.
func (b *Builder) postReset(ctx context.Context, parent common.Hash, pool map[common.Address][]*types.Transaction) error {
	var blk struct {
		Transactions []common.Hash `json:"transactions"`
	}
	if err := b.eth.CallContext(ctx, &blk, "eth_getBlockByHash", parent, false); err != nil {
		return fmt.Errorf("localblock: parent block: %w", err)
	}
	if len(blk.Transactions) == 0 {
		return nil
	}
	in := make(map[common.Hash]bool, len(blk.Transactions))
	for _, h := range blk.Transactions {
		in[h] = true
	}
	for _, txs := range pool {
		for _, tx := range txs {
			if in[tx.Hash()] {
				return fmt.Errorf("%w: %s", ErrStaleSnapshot, tx.Hash())
			}
		}
	}
	return nil
}

// fromSnapshot returns the pool for a build on parent from the snapshot and
// the transactions that became pending since; nil when no snapshot fits.
func (b *Builder) fromSnapshot(ctx context.Context, parent common.Hash) map[common.Address][]*types.Transaction {
	b.snaps.mu.Lock()
	s := b.snaps.snap
	b.snaps.snap = nil
	b.snaps.mu.Unlock()
	if s == nil {
		return nil
	}
	defer b.uninstall(ctx, s.filter)
	if s.parent != parent {
		return nil
	}
	var hashes []common.Hash
	if err := b.eth.CallContext(ctx, &hashes, "eth_getFilterChanges", s.filter); err != nil {
		b.log.Warn("pool snapshot dropped: filter changes", "err", err)
		return nil
	}
	if len(hashes) > maxDelta {
		return nil
	}
	delta, err := b.pendingByHash(ctx, hashes)
	if err != nil {
		b.log.Warn("pool snapshot dropped: new transactions", "err", err)
		return nil
	}
	return merge(s.pool, delta)
}

// pooledTx is a pool transaction with its sender.
type pooledTx struct {
	from common.Address
	tx   *types.Transaction
}

// pendingByHash reads the transactions of hashes that are still pending.
func (b *Builder) pendingByHash(ctx context.Context, hashes []common.Hash) ([]pooledTx, error) {
	if len(hashes) == 0 {
		return nil, nil
	}
	res := make([]json.RawMessage, len(hashes))
	batch := make([]rpc.BatchElem, len(hashes))
	for i, h := range hashes {
		batch[i] = rpc.BatchElem{Method: "eth_getTransactionByHash", Args: []any{h}, Result: &res[i]}
	}
	if err := b.eth.BatchCallContext(ctx, batch); err != nil {
		return nil, err
	}
	out := make([]pooledTx, 0, len(hashes))
	for i, el := range batch {
		if el.Error != nil {
			return nil, fmt.Errorf("eth_getTransactionByHash %s: %w", hashes[i], el.Error)
		}
		if len(res[i]) == 0 || string(res[i]) == "null" {
			continue // gone from the pool since
		}
		var meta struct {
			From      common.Address `json:"from"`
			BlockHash *common.Hash   `json:"blockHash"`
		}
		var tx types.Transaction
		if err := json.Unmarshal(res[i], &meta); err != nil {
			return nil, fmt.Errorf("transaction %s: %w", hashes[i], err)
		}
		if err := json.Unmarshal(res[i], &tx); err != nil {
			return nil, fmt.Errorf("transaction %s: %w", hashes[i], err)
		}
		if meta.BlockHash != nil && *meta.BlockHash != (common.Hash{}) {
			continue // included since
		}
		out = append(out, pooledTx{from: meta.From, tx: &tx})
	}
	return out, nil
}

// merge returns pool with delta added, a delta transaction replacing the
// pool's at the same sender and nonce; blob transactions are left to
// pendingBlobTxs, which reads them with their sidecars. pool is not changed.
func merge(pool map[common.Address][]*types.Transaction, delta []pooledTx) map[common.Address][]*types.Transaction {
	out := make(map[common.Address][]*types.Transaction, len(pool))
	for from, txs := range pool {
		out[from] = txs
	}
	for _, d := range delta {
		if d.tx.Type() == types.BlobTxType {
			continue
		}
		txs := out[d.from]
		replaced := false
		for i, tx := range txs {
			if tx.Nonce() == d.tx.Nonce() {
				txs = append(txs[:i:i], append([]*types.Transaction{d.tx}, txs[i+1:]...)...)
				replaced = true
				break
			}
		}
		if !replaced {
			txs = append(txs[:len(txs):len(txs)], d.tx)
		}
		out[d.from] = txs
	}
	return out
}

// uninstall removes a pending-transaction filter, best effort: the execution
// client drops an unused filter by itself after a few minutes.
func (b *Builder) uninstall(ctx context.Context, filter string) {
	var ok bool
	if err := b.eth.CallContext(ctx, &ok, "eth_uninstallFilter", filter); err != nil {
		b.log.Debug("pending-transaction filter not removed", "filter", filter, "err", err)
	}
}
