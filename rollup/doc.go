// Package rollup is the based rollup node: it derives a rollup's chain from the shared
// batches of the RollupInbox on L1 (docs/BATCH.md) and drives a stock execution client
// through the Engine API, so that every node that reads the same L1 gets the same L2
// block hashes.
package rollup
