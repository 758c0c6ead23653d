// Package challenge holds sidecars to their promises: it checks a signed
// inclusion promise against the chain alone (an execution client and a beacon
// node, never the sidecar that signed it), and when the promise was broken it
// opens a challenge on the PreconfSlasher, slashes it after the defence
// window and claims the payout.
//
// A promise is kept when its transaction is in the block of exactly its slot
// (L1: the block whose timestamp is the slot's time) or, for a rollup, listed
// in that rollup's block of the batch the committer posted to the RollupInbox
// in that slot. A slot without a block is missed (a liveness fault, priced
// lower by the slasher). A promise whose sender spent its nonce before the
// slot is void: the operator can defend it, so it is never challenged.
package challenge
