// Types of based-preconf-client (index.js).

import type { Address, Hex, PublicClient, TransactionReceipt } from 'viem'

/** A 0x quantity as the sidecar sends every integer. */
export type Quantity = `0x${string}`

/** The EIP-712 message of a promise, as served (0x quantities). */
export interface Commitment {
  slot: Quantity
  chainId: Quantity
  txHash: Hex
  sender: Address
  nonce: Quantity
  committer: Address
  seq: Quantity
  penalty: Quantity
}

/** The promise as an eth_signTypedData_v4 document. */
export interface PromiseTypedData<M = Commitment, Q = Quantity> {
  types: typeof promiseTypes
  primaryType: 'InclusionCommitment'
  domain: { name: 'based'; version: '1'; chainId: Q; verifyingContract: Address }
  message: M
}

/** A promise as requestInclusion and getCommitment return it (JSON.parse of the answer). */
export interface SignedPromise {
  commitment: Commitment
  digest: Hex
  signature: Hex
  /** Set once the promise no longer binds: why. */
  void?: string
  /** The server's document: compare its domain with the one you trust (verifyPromise does). */
  typedData?: PromiseTypedData
}

/** The checked message, integers as bigints, addresses checksummed. */
export interface PromiseMessage {
  slot: bigint
  chainId: bigint
  txHash: Hex
  sender: Address
  nonce: bigint
  committer: Address
  seq: bigint
  penalty: bigint
}

export interface Domain {
  /** The L1 chain id of the domain. */
  chainId: number | bigint
  /** The PreconfSlasher address. */
  slasher: Address
}

export interface Expected extends Domain {
  slot: number | bigint
  /** The signed transaction asked for (checks hash, sender and nonce), or only its hash. */
  tx?: Hex
  txHash?: Hex
  /** The chain the tx targets; the domain's chainId when absent. */
  targetChainId?: number | bigint
  /** The committer the wallet trusts (lookahead checked against the Registry). */
  committer?: Address
}

export interface CallOptions {
  fetch?: typeof fetch
  signal?: AbortSignal
}

export declare const DOMAIN_NAME: 'based'
export declare const DOMAIN_VERSION: '1'
export declare const promiseTypes: {
  readonly EIP712Domain: readonly { readonly name: string; readonly type: string }[]
  readonly InclusionCommitment: readonly { readonly name: string; readonly type: string }[]
}

/** The sidecar refused a request; code is its JSON-RPC error code (data.field names the field). */
export declare class PromiseRefused extends Error {
  name: 'PromiseRefused'
  code: number
  data?: { field?: string; [k: string]: unknown }
  constructor(message: string, code: number, data?: unknown)
}

/** A promise does not hold what the wallet asked for. */
export declare class PromiseInvalid extends Error {
  name: 'PromiseInvalid'
  reason: string
  constructor(reason: string)
}

/** The promised slot's block does not carry the transaction. */
export declare class PromiseBroken extends Error {
  name: 'PromiseBroken'
  reason: string
  /** The receipt when the tx landed in another slot. */
  receipt?: TransactionReceipt
  constructor(reason: string, receipt?: TransactionReceipt)
}

export declare function toQuantity(x: number | bigint | string): Quantity
export declare function call(url: string, method: string, params: unknown[], opts?: CallOptions): Promise<any>
export declare function requestInclusion(url: string, req: { tx: Hex; slot: number | bigint; chainId?: number | bigint }, opts?: CallOptions): Promise<SignedPromise>
export declare function getCommitment(url: string, txHash: Hex, opts?: CallOptions): Promise<SignedPromise>
export declare function getLookahead(url: string, opts?: CallOptions): Promise<{
  slot: bigint
  validatorIndex: bigint
  pubkey: Hex
  ours: boolean
  committer?: Address
  deadline: Date
}[]>
export declare function promiseMessage(commitment: Commitment): PromiseMessage
export declare function promiseTypedData(promise: SignedPromise, domain: Domain): PromiseTypedData<PromiseMessage, bigint>
export declare function verifyPromise(promise: SignedPromise, expected: Expected): Promise<PromiseMessage & { digest: Hex; signer: Address }>
export declare function waitForInclusion(promise: SignedPromise, opts: {
  rpcUrl?: string
  client?: PublicClient
  /** The beacon chain's genesis time, in seconds. */
  genesisTime: number | bigint
  secondsPerSlot?: number | bigint
  timeoutMs?: number
  pollMs?: number
}): Promise<TransactionReceipt>
