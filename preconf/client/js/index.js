// based-preconf-client: ask a based sidecar for an inclusion promise, verify
// it as EIP-712 typed data with viem against the domain the wallet trusts,
// and follow the transaction to the block of the promised slot.
//
// Every integer of the sidecar's JSON is a 0x quantity, so a promise read
// with JSON.parse keeps its exact penalty; this module turns quantities into
// bigints where it compares or hashes them.

import {
  createPublicClient,
  getAddress,
  hashTypedData,
  http,
  isAddress,
  isHex,
  keccak256,
  parseTransaction,
  recoverTransactionAddress,
  recoverTypedDataAddress,
} from 'viem'

/** The EIP-712 domain name and version of every promise. */
export const DOMAIN_NAME = 'based'
export const DOMAIN_VERSION = '1'

/** The EIP-712 struct types of a promise (what the PreconfSlasher hashes). */
export const promiseTypes = Object.freeze({
  EIP712Domain: Object.freeze([
    { name: 'name', type: 'string' },
    { name: 'version', type: 'string' },
    { name: 'chainId', type: 'uint256' },
    { name: 'verifyingContract', type: 'address' },
  ]),
  InclusionCommitment: Object.freeze([
    { name: 'slot', type: 'uint64' },
    { name: 'chainId', type: 'uint256' },
    { name: 'txHash', type: 'bytes32' },
    { name: 'sender', type: 'address' },
    { name: 'nonce', type: 'uint64' },
    { name: 'committer', type: 'address' },
    { name: 'seq', type: 'uint64' },
    { name: 'penalty', type: 'uint256' },
  ]),
})

const quantityFields = ['slot', 'chainId', 'nonce', 'seq', 'penalty']
const addressFields = ['sender', 'committer']

/** The sidecar refused a request; code is its JSON-RPC error code. */
export class PromiseRefused extends Error {
  /**
   * @param {string} message
   * @param {number} code
   * @param {unknown} [data]
   */
  constructor(message, code, data) {
    super(message)
    this.name = 'PromiseRefused'
    this.code = code
    this.data = data
  }
}

/** A promise does not hold what the wallet asked for; reason says why. */
export class PromiseInvalid extends Error {
  /** @param {string} reason */
  constructor(reason) {
    super(`promise invalid: ${reason}`)
    this.name = 'PromiseInvalid'
    this.reason = reason
  }
}

/** The promised slot's block does not carry the transaction; reason says what happened. */
export class PromiseBroken extends Error {
  /**
   * @param {string} reason
   * @param {object} [receipt] the receipt when the tx landed in another slot
   */
  constructor(reason, receipt) {
    super(`promise broken: ${reason}`)
    this.name = 'PromiseBroken'
    this.reason = reason
    this.receipt = receipt
  }
}

/**
 * Encodes a non-negative integer as a 0x quantity.
 * @param {number|bigint|string} x
 * @returns {string}
 */
export function toQuantity(x) {
  const v = BigInt(x)
  if (v < 0n) throw new RangeError(`negative quantity ${x}`)
  return '0x' + v.toString(16)
}

/**
 * Reads a 0x quantity (or a decimal string) as a bigint.
 * @param {unknown} x
 * @param {string} field
 * @returns {bigint}
 */
function quantity(x, field) {
  if (typeof x === 'bigint') return x
  if (typeof x !== 'string' || !/^(0x(0|[1-9a-f][0-9a-f]*)|[0-9]+)$/i.test(x)) {
    throw new PromiseInvalid(`${field}: want a 0x quantity, got ${JSON.stringify(x)}`)
  }
  return BigInt(x)
}

let nextId = 1

/**
 * Calls a JSON-RPC method; an error answer becomes PromiseRefused.
 * @param {string} url
 * @param {string} method
 * @param {unknown[]} params
 * @param {{fetch?: typeof fetch, signal?: AbortSignal}} [opts]
 */
export async function call(url, method, params, opts = {}) {
  const f = opts.fetch ?? fetch
  const res = await f(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
    signal: opts.signal,
  })
  const text = await res.text()
  let body
  try {
    body = JSON.parse(text)
  } catch {
    throw new PromiseRefused(`HTTP ${res.status}: not JSON: ${text.slice(0, 200)}`, -32700)
  }
  if (body && body.error) {
    throw new PromiseRefused(body.error.message, body.error.code, body.error.data)
  }
  if (!res.ok || !body || !('result' in body)) {
    // A REST-style refusal (rate limit, body size): {code, message, field}.
    throw new PromiseRefused(body?.message ?? `HTTP ${res.status}`, body?.code ?? -32603, body?.field ? { field: body.field } : undefined)
  }
  return body.result
}

/**
 * Asks for a promise that the signed transaction tx lands in slot.
 * @param {string} url the sidecar's JSON-RPC URL
 * @param {{tx: `0x${string}`, slot: number|bigint, chainId?: number|bigint}} req chainId: the target chain, L1 when absent
 * @param {{fetch?: typeof fetch, signal?: AbortSignal}} [opts]
 */
export async function requestInclusion(url, req, opts) {
  if (!isHex(req.tx)) throw new TypeError('tx: want the signed transaction as 0x hex')
  const p = { slot: toQuantity(req.slot), tx: req.tx }
  if (req.chainId !== undefined) p.chainId = toQuantity(req.chainId)
  return call(url, 'preconf_requestInclusion', [p], opts)
}

/**
 * Fetches the promise for txHash with its current void state.
 * @param {string} url
 * @param {`0x${string}`} txHash
 * @param {{fetch?: typeof fetch, signal?: AbortSignal}} [opts]
 */
export async function getCommitment(url, txHash, opts) {
  return call(url, 'preconf_getCommitment', [txHash], opts)
}

/**
 * Lists the proposer duties the sidecar knows, slots as bigints. It is the
 * sidecar's word: check a committer against the Registry where it matters.
 * @param {string} url
 * @param {{fetch?: typeof fetch, signal?: AbortSignal}} [opts]
 */
export async function getLookahead(url, opts) {
  const entries = await call(url, 'preconf_lookahead', [], opts)
  return entries.map((e) => ({ ...e, slot: quantity(e.slot, 'slot'), validatorIndex: quantity(e.validatorIndex, 'validatorIndex'), deadline: new Date(e.deadline) }))
}

/**
 * The promise's message with bigints and checksummed addresses.
 * @param {object} commitment a promise's commitment (0x quantities)
 */
export function promiseMessage(commitment) {
  if (!commitment || typeof commitment !== 'object') throw new PromiseInvalid('no commitment')
  const m = {}
  for (const { name } of promiseTypes.InclusionCommitment) {
    const v = commitment[name]
    if (quantityFields.includes(name)) m[name] = quantity(v, name)
    else if (addressFields.includes(name)) {
      if (!isAddress(v, { strict: false })) throw new PromiseInvalid(`${name}: not an address`)
      m[name] = getAddress(v)
    } else {
      if (!isHex(v) || v.length !== 66) throw new PromiseInvalid(`${name}: want 32 bytes of hex`)
      m[name] = v.toLowerCase()
    }
  }
  return m
}

/**
 * The eth_signTypedData_v4 document of a promise under the domain the wallet
 * trusts (never the server's): chainId is the L1 chain id, slasher the
 * PreconfSlasher address.
 * @param {object} promise
 * @param {{chainId: number|bigint, slasher: `0x${string}`}} domain
 */
export function promiseTypedData(promise, { chainId, slasher }) {
  if (!isAddress(slasher, { strict: false })) throw new TypeError('slasher: not an address')
  return {
    types: promiseTypes,
    primaryType: 'InclusionCommitment',
    domain: { name: DOMAIN_NAME, version: DOMAIN_VERSION, chainId: BigInt(chainId), verifyingContract: getAddress(slasher) },
    message: promiseMessage(promise?.commitment),
  }
}

/**
 * Verifies a promise against what the wallet asked for. The domain comes
 * from the caller's chain id and slasher; the promise must be signed by its
 * committer (and by expected.committer when given), name the tx (its hash,
 * and with tx its sender and nonce), the slot and the target chain asked
 * for, and not be void. A typedData the server added must say the same.
 * Throws PromiseInvalid; returns the checked message.
 * @param {object} promise as requestInclusion or getCommitment returned it
 * @param {{chainId: number|bigint, slasher: `0x${string}`, slot: number|bigint,
 *   tx?: `0x${string}`, txHash?: `0x${string}`, targetChainId?: number|bigint,
 *   committer?: `0x${string}`}} expected
 */
export async function verifyPromise(promise, expected) {
  if (!promise || typeof promise !== 'object') throw new PromiseInvalid('not a promise')
  if (expected.tx === undefined && expected.txHash === undefined) throw new TypeError('verifyPromise: give tx or txHash')
  const td = promiseTypedData(promise, expected)
  const m = td.message
  const txHash = (expected.tx !== undefined ? keccak256(expected.tx) : expected.txHash).toLowerCase()
  if (m.txHash !== txHash) throw new PromiseInvalid(`promise is for tx ${m.txHash}, not ${txHash}`)
  if (m.slot !== BigInt(expected.slot)) throw new PromiseInvalid(`promise is for slot ${m.slot}, not ${expected.slot}`)
  const target = BigInt(expected.targetChainId ?? expected.chainId)
  if (m.chainId !== target) throw new PromiseInvalid(`promise is for chain ${m.chainId}, not ${target}`)
  if (expected.tx !== undefined) {
    const sender = await recoverTransactionAddress({ serializedTransaction: expected.tx })
    if (getAddress(sender) !== m.sender) throw new PromiseInvalid(`promise names sender ${m.sender}, the tx is from ${sender}`)
    const nonce = BigInt(parseTransaction(expected.tx).nonce ?? 0)
    if (nonce !== m.nonce) throw new PromiseInvalid(`promise names nonce ${m.nonce}, the tx has ${nonce}`)
  }
  if (typeof promise.signature !== 'string' || !isHex(promise.signature) || promise.signature.length !== 132) {
    throw new PromiseInvalid('signature: want 65 bytes of hex')
  }
  const digest = hashTypedData(td)
  if (promise.digest !== undefined && String(promise.digest).toLowerCase() !== digest) {
    throw new PromiseInvalid(`digest ${promise.digest} is not the promise's EIP-712 digest ${digest} under the expected domain`)
  }
  let signer
  try {
    signer = await recoverTypedDataAddress({ ...td, signature: promise.signature })
  } catch (e) {
    throw new PromiseInvalid(`signature does not recover: ${e.shortMessage ?? e.message}`)
  }
  if (signer !== m.committer) throw new PromiseInvalid(`signed by ${signer}, not by the committer ${m.committer} it names`)
  if (expected.committer !== undefined && getAddress(expected.committer) !== signer) {
    throw new PromiseInvalid(`signed by ${signer}, not by the expected committer ${getAddress(expected.committer)}`)
  }
  if (promise.void) throw new PromiseInvalid(`void: ${promise.void}`)
  if (promise.typedData !== undefined) checkServedTypedData(promise.typedData, td)
  return { ...m, digest, signer }
}

/** checkServedTypedData refuses a server's typedData that says something else than the promise under our domain. */
function checkServedTypedData(served, ours) {
  if (!served || typeof served !== 'object') throw new PromiseInvalid('typedData: not an object')
  if (served.primaryType !== ours.primaryType) throw new PromiseInvalid(`typedData: primaryType ${served.primaryType}`)
  for (const [name, fields] of Object.entries(ours.types)) {
    const got = served.types?.[name]
    if (!Array.isArray(got) || got.length !== fields.length || got.some((f, i) => f?.name !== fields[i].name || f?.type !== fields[i].type)) {
      throw new PromiseInvalid(`typedData: type ${name} is not ours`)
    }
  }
  if (Object.keys(served.types).length !== Object.keys(ours.types).length) throw new PromiseInvalid('typedData: extra types')
  const d = served.domain ?? {}
  let sameDomain = d.name === ours.domain.name && d.version === ours.domain.version && isAddress(d.verifyingContract ?? '', { strict: false })
  try {
    sameDomain &&= BigInt(d.chainId) === ours.domain.chainId && getAddress(d.verifyingContract) === ours.domain.verifyingContract
  } catch {
    sameDomain = false
  }
  if (!sameDomain) {
    throw new PromiseInvalid(`typedData: domain (chain ${d.chainId}, slasher ${d.verifyingContract}) is not the expected one (chain ${ours.domain.chainId}, slasher ${ours.domain.verifyingContract})`)
  }
  let msg
  try {
    msg = promiseMessage(served.message)
  } catch (e) {
    throw new PromiseInvalid(`typedData: message: ${e.reason ?? e.message}`)
  }
  for (const k of Object.keys(ours.message)) {
    if (msg[k] !== ours.message[k]) throw new PromiseInvalid(`typedData: message ${k} ${msg[k]} differs from the commitment's ${ours.message[k]}`)
  }
}

/**
 * Waits until the promised slot's block exists and returns the tx's receipt
 * from it. Throws PromiseBroken when that block (or, for a missed slot, the
 * first block after it) is there without the tx. Slot times come from the
 * beacon chain's genesis time and slot length, which the caller knows for
 * its chain; blocks come from any execution JSON-RPC.
 * @param {object} promise
 * @param {{rpcUrl?: string, client?: import('viem').PublicClient, genesisTime: number|bigint,
 *   secondsPerSlot?: number|bigint, timeoutMs?: number, pollMs?: number}} opts
 */
export async function waitForInclusion(promise, opts) {
  const client = opts.client ?? createPublicClient({ transport: http(opts.rpcUrl) })
  const m = promiseMessage(promise?.commitment)
  const genesis = BigInt(opts.genesisTime)
  const sps = BigInt(opts.secondsPerSlot ?? 12)
  const slotOf = (ts) => (BigInt(ts) - genesis) / sps
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000)
  const pollMs = opts.pollMs ?? 1000
  for (;;) {
    const head = await client.getBlock({ blockTag: 'latest' })
    if (slotOf(head.timestamp) >= m.slot) {
      let receipt
      try {
        receipt = await client.getTransactionReceipt({ hash: m.txHash })
      } catch {
        receipt = undefined
      }
      if (receipt) {
        const b = await client.getBlock({ blockNumber: receipt.blockNumber })
        if (slotOf(b.timestamp) === m.slot) return receipt
        throw new PromiseBroken(`the tx is in block ${b.number} of slot ${slotOf(b.timestamp)}, not in slot ${m.slot}`, receipt)
      }
      // No receipt (yet): find the first block at or after the promised slot.
      let b = head
      while (b.number > 0n) {
        const parent = await client.getBlock({ blockNumber: b.number - 1n })
        if (slotOf(parent.timestamp) < m.slot) break
        b = parent
      }
      if (slotOf(b.timestamp) === m.slot && b.transactions.some((h) => String(h).toLowerCase() === m.txHash)) {
        return client.waitForTransactionReceipt({ hash: m.txHash, timeout: Math.max(1000, deadline - Date.now()) })
      }
      throw new PromiseBroken(slotOf(b.timestamp) === m.slot
        ? `the block of slot ${m.slot} (${b.number}) does not carry the tx`
        : `slot ${m.slot} has no block and the next one (${b.number}, slot ${slotOf(b.timestamp)}) does not carry the tx`)
    }
    if (Date.now() > deadline) {
      throw new Error(`waitForInclusion: the chain did not reach slot ${m.slot} in time (head ${head.number} is of slot ${slotOf(head.timestamp)})`)
    }
    await new Promise((r) => setTimeout(r, pollMs))
  }
}
