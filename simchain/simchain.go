// Package simchain waits on go-ethereum's simulated backend the way tests need to.
//
// The simulated backend admits a sent transaction to its pool and indexes a sealed
// block's transactions asynchronously: a block sealed right after a send may miss the
// transaction, and a receipt read right after a seal may fail with "transaction
// indexing is in progress". The helpers here poll, within a deadline, instead.
package simchain

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Deadline bounds every wait in this package.
const Deadline = 10 * time.Second

// ReceiptReader reads a transaction's receipt.
type ReceiptReader interface {
	TransactionReceipt(ctx context.Context, h common.Hash) (*types.Receipt, error)
}

// Sealer seals one block from the pool.
type Sealer interface {
	Commit() common.Hash
}

// Receipt returns the receipt of a transaction already sealed, once it is indexed.
func Receipt(ctx context.Context, c ReceiptReader, h common.Hash) (*types.Receipt, error) {
	return poll(ctx, c, h, nil)
}

// Mine seals blocks until tx h has a receipt and returns it.
func Mine(ctx context.Context, be Sealer, c ReceiptReader, h common.Hash) (*types.Receipt, error) {
	return poll(ctx, c, h, be)
}

func poll(ctx context.Context, c ReceiptReader, h common.Hash, be Sealer) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, Deadline)
	defer cancel()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if be != nil {
			be.Commit()
		}
		r, err := c.TransactionReceipt(ctx, h)
		if err == nil {
			return r, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("receipt of %s within %v: %w (last: %v)", h, Deadline, ctx.Err(), err)
		case <-tick.C:
		}
	}
}
