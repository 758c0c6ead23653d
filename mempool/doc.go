// Package mempool holds the rollups' transaction pools, builds each rollup's block at the
// slot's deadline and packs the blocks of all rollups into the shared batch of docs/BATCH.md.
//
// It depends on go-ethereum's types only; the sidecar wires it to the chain and the
// network.
package mempool
