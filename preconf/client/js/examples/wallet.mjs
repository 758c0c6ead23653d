// A wallet in a few lines: sign a transfer, ask the sidecar for a promise for
// our next slot, verify it under the domain we trust, and (with WAIT=1) find
// its receipt in the promised slot's block. Prints one JSON line.
//
//   PRECONF_RPC=http://127.0.0.1:8645 EXECUTION_RPC=http://127.0.0.1:8545 BEACON_API=http://127.0.0.1:3500 \
//   CHAIN_ID=3151908 SLASHER=0x… COMMITTER=0x… WALLET_KEY=0x… WAIT=1 node examples/wallet.mjs
//
// CHAIN_ID, SLASHER and COMMITTER are what the wallet trusts (its chain, the
// deployment, the Registry), never what the sidecar says.

import { createPublicClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

import { getLookahead, requestInclusion, verifyPromise, waitForInclusion } from 'based-preconf-client'

const env = (k) => {
  const v = process.env[k]
  if (!v) throw new Error(`${k} is not set`)
  return v
}
const rpc = env('PRECONF_RPC')
const chainId = BigInt(env('CHAIN_ID'))
const slasher = env('SLASHER')
const committer = env('COMMITTER')
const account = privateKeyToAccount(env('WALLET_KEY'))
const el = createPublicClient({ transport: http(env('EXECUTION_RPC')) })
const beacon = env('BEACON_API')

const get = async (path) => (await (await fetch(beacon + path)).json()).data
const genesisTime = BigInt((await get('/eth/v1/beacon/genesis')).genesis_time)
const secondsPerSlot = BigInt((await get('/eth/v1/config/spec')).SECONDS_PER_SLOT)

// Our next slot whose deadline leaves a second for the round trip.
const look = await getLookahead(rpc)
const next = look.find((e) => e.ours && e.deadline.getTime() > Date.now() + 1000)
if (!next) throw new Error('no slot of ours ahead in the lookahead')
const slot = next.slot

const block = await el.getBlock({ blockTag: 'latest' })
const tx = await account.signTransaction({
  type: 'eip1559', chainId: Number(chainId), nonce: await el.getTransactionCount({ address: account.address, blockTag: 'pending' }),
  to: '0x00000000000000000000000000000000000000be', value: 1n, gas: 21_000n,
  maxPriorityFeePerGas: 3_000_000_000n, maxFeePerGas: 2n * block.baseFeePerGas + 3_000_000_000n,
})

const promise = await requestInclusion(rpc, { tx, slot })
const ok = await verifyPromise(promise, { chainId, slasher, committer, tx, slot })
const out = { txHash: ok.txHash, slot: String(ok.slot), penalty: String(ok.penalty), signer: ok.signer }
if (process.env.WAIT === '1') {
  const receipt = await waitForInclusion(promise, { client: el, genesisTime, secondsPerSlot, timeoutMs: 120_000 })
  out.blockNumber = String(receipt.blockNumber)
  out.status = receipt.status
}
console.log(JSON.stringify(out))
