// Package preconf holds inclusion promises: their EIP-712 types and signing,
// the rules a request must pass, pricing, the durable commitment log and the
// per-slot manifest.
package preconf
