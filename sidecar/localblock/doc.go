// Package localblock builds the sidecar's own block for each of its
// validators' slots: the slot's constraints (the promised transactions, in
// promise order) at the top, then the execution client's public mempool.
//
// The method, on any execution client that serves eth_simulateV1 and on
// geth's testing_buildBlockV1 for the build itself:
//
//  1. Constraints are decoded from their network form (blob transactions keep
//     their blobs, commitments and cell proofs; a version-0 sidecar gets its
//     cell proofs computed). A void promise is left out with its reason.
//  2. The mempool (txpool_content, pending) is ordered by effective tip at the
//     block's base fee, nonce order per sender; a sender's transactions at or
//     below the nonce of one of its constraints, blob transactions (the pool
//     does not give their blobs) and those under the base fee are dropped;
//     the list is cut where the sum of gas limits would pass the gas limit.
//     The pool may be read ahead (Prefetch, once the parent is head, with a
//     pending-transaction filter installed first): the build then fetches
//     only the transactions that became pending since.
//  3. The whole list is built with testing_buildBlockV1 on the parent (which
//     must be the execution client's head). If the build fails, the list is
//     simulated with eth_simulateV1 (validation on) to find the transactions
//     that would fail: a JSON-RPC error of the simulation means some
//     transaction of the list is invalid, so the longest valid prefix is
//     found by bisection and the transaction after it left out, until the
//     simulation passes; then the build is retried once. Error messages are
//     never read, only whether a call failed and its JSON-RPC code (kept as
//     the reason).
//  4. The payload must be VALID by engine_newPayloadV4 (versioned hashes,
//     parent beacon block root, execution requests) before it can be served.
package localblock
