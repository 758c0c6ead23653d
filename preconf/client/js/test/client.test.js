// Tests of the client against a real `based run` on a synthetic chain, and
// of waitForInclusion against a small execution JSON-RPC server.

import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, describe, test } from 'node:test'
import { ethers } from 'ethers'
import { getAddress, hashTypedData, keccak256, recoverTypedDataAddress } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

import {
  PromiseBroken, PromiseInvalid, PromiseRefused, getCommitment, getLookahead, promiseTypedData,
  requestInclusion, verifyPromise, waitForInclusion,
} from '../index.js'
import { chainId, slasher, startSidecar } from './sidecar.js'

/** A signed EIP-1559 transfer; gas and tip chosen so that the penalty (10 × gas × tip) is no float64. */
async function transfer({ nonce = 0, gas = 200_001n, tip = 10_000_000_001n, key = generatePrivateKey() } = {}) {
  const account = privateKeyToAccount(key)
  const tx = await account.signTransaction({
    type: 'eip1559', chainId: Number(chainId), nonce, to: '0x00000000000000000000000000000000000000aa', value: 1n,
    gas, maxPriorityFeePerGas: tip, maxFeePerGas: 100_000_000_000n,
  })
  return { tx, from: account.address, hash: keccak256(tx) }
}

describe('against based run on a synthetic chain', () => {
  let node
  let domain
  before(async () => {
    node = await startSidecar()
    domain = { chainId, slasher }
  })
  after(async () => {
    await node?.stop()
  })

  /** nextSlot is our first slot whose deadline is a few seconds ahead. */
  async function nextSlot() {
    const look = await getLookahead(node.url)
    const e = look.find((e) => e.ours && e.deadline.getTime() > Date.now() + 3000)
    assert.ok(e, 'no slot of ours ahead in the lookahead')
    return e.slot
  }

  test('a penalty above 2^53 wei verifies in viem and in ethers v6 straight from JSON.parse', async () => {
    const { tx } = await transfer()
    const slot = await nextSlot()
    const res = await fetch(node.url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'preconf_requestInclusion', params: [{ slot: '0x' + slot.toString(16), tx }] }),
    })
    const { result, error } = JSON.parse(await res.text())
    assert.equal(error, undefined)
    const penalty = BigInt(result.commitment.penalty)
    assert.equal(penalty, 10n * 200_001n * 10_000_000_001n)
    assert.ok(penalty > 2n ** 53n)
    assert.notEqual(BigInt(Number(penalty)), penalty, 'the penalty must be one a float64 cannot hold')

    // viem, with the served document as it is.
    const { typedData, signature } = result
    assert.equal(await recoverTypedDataAddress({ ...typedData, signature }), node.committer)
    assert.equal(hashTypedData(typedData), result.digest)
    // ethers v6: the same document, without EIP712Domain among the types.
    const { EIP712Domain, ...types } = typedData.types
    assert.ok(EIP712Domain)
    assert.equal(ethers.verifyTypedData(typedData.domain, types, typedData.message, signature), node.committer)
    // The client: domain from our chain id and slasher, not the server's.
    const ok = await verifyPromise(result, { ...domain, tx, slot, committer: node.committer })
    assert.equal(ok.penalty, penalty)
    // What a bare JSON number gave a wallet: the float penalty hashes to another signer.
    const float = { ...typedData, message: { ...typedData.message, penalty: Number(penalty) } }
    assert.notEqual(await recoverTypedDataAddress({ ...float, signature }), node.committer)
  })

  test('requestInclusion and getCommitment return a promise that verifies', async () => {
    const { tx, hash, from } = await transfer()
    const slot = await nextSlot()
    const p = await requestInclusion(node.url, { tx, slot })
    const v = await verifyPromise(p, { ...domain, tx, slot, committer: node.committer })
    assert.equal(v.sender, getAddress(from))
    assert.equal(v.slot, slot)
    const again = await getCommitment(node.url, hash)
    assert.equal(again.digest, p.digest)
    await verifyPromise(again, { ...domain, txHash: hash, slot })
    // The same document for a hardware wallet, built from the trusted domain.
    const td = promiseTypedData(p, domain)
    assert.equal(hashTypedData(td), p.digest)
  })

  test('a promise for a swapped tx or another slot is refused', async () => {
    const asked = await transfer()
    const other = await transfer()
    const slot = await nextSlot()
    const p = await requestInclusion(node.url, { tx: other.tx, slot }) // the server promises another tx
    await assert.rejects(verifyPromise(p, { ...domain, tx: asked.tx, slot }), (e) => e instanceof PromiseInvalid && /promise is for tx/.test(e.reason))
    await assert.rejects(verifyPromise(p, { ...domain, tx: other.tx, slot: slot + 1n }), (e) => e instanceof PromiseInvalid && /slot/.test(e.reason))
    await assert.rejects(verifyPromise(p, { ...domain, tx: other.tx, slot, targetChainId: 167000 }), (e) => e instanceof PromiseInvalid && /chain/.test(e.reason))
  })

  test('a wrong signer is refused', async () => {
    const { tx } = await transfer()
    const slot = await nextSlot()
    const p = await requestInclusion(node.url, { tx, slot })
    // Signed by another key than the committer the promise names.
    const impostor = privateKeyToAccount(generatePrivateKey())
    const td = promiseTypedData(p, domain)
    const forged = { ...p, signature: await impostor.signTypedData(td) }
    delete forged.digest
    await assert.rejects(verifyPromise(forged, { ...domain, tx, slot }), (e) => e instanceof PromiseInvalid && /not by the committer/.test(e.reason))
    // Signed by the key it names, but that is not the committer the wallet expects.
    const self = {
      ...p, digest: undefined, typedData: undefined,
      commitment: { ...p.commitment, committer: impostor.address },
    }
    self.signature = await impostor.signTypedData(promiseTypedData(self, domain))
    await assert.rejects(verifyPromise(self, { ...domain, tx, slot, committer: node.committer }), (e) => e instanceof PromiseInvalid && /expected committer/.test(e.reason))
    // Verified under another domain than the one it was signed for.
    await assert.rejects(verifyPromise(p, { chainId: 1n, slasher, tx, slot }), (e) => e instanceof PromiseInvalid)
    // A served typedData naming another domain is refused even though the signature is right.
    const lying = { ...p, typedData: { ...p.typedData, domain: { ...p.typedData.domain, chainId: '0x1' } } }
    await assert.rejects(verifyPromise(lying, { ...domain, tx, slot }), (e) => e instanceof PromiseInvalid && /typedData: domain/.test(e.reason))
    const padded = { ...p, typedData: { ...p.typedData, message: { ...p.typedData.message, penalty: '0x1' } } }
    await assert.rejects(verifyPromise(padded, { ...domain, tx, slot }), (e) => e instanceof PromiseInvalid && /typedData: message penalty/.test(e.reason))
  })

  test('a refused request gives PromiseRefused with our JSON-RPC code', async () => {
    const gap = await transfer({ nonce: 5 })
    await assert.rejects(requestInclusion(node.url, { tx: gap.tx, slot: await nextSlot() }), (e) => e instanceof PromiseRefused && e.code === -32030 && e.data?.field === 'nonce')
    const { tx } = await transfer()
    await assert.rejects(requestInclusion(node.url, { tx, slot: (await nextSlot()) + 10_000n }), (e) => e instanceof PromiseRefused && e.code === -32011)
    await assert.rejects(requestInclusion(node.url, { tx: '0x02ff', slot: await nextSlot() }), (e) => e instanceof PromiseRefused && e.code === -32020)
    await assert.rejects(getCommitment(node.url, keccak256('0x01')), (e) => e instanceof PromiseRefused && e.code === -32044)
  })
})

/** A minimal execution JSON-RPC over blocks [{number, slot, txs}]; genesis time 1000, 12 s slots. */
async function fakeExecution(blocks) {
  const byNumber = new Map(blocks.map((b) => [b.number, b]))
  const hex = (n) => '0x' + BigInt(n).toString(16)
  const block = (b) => b && {
    number: hex(b.number), hash: keccak256(hex(b.number + 1)), parentHash: keccak256(hex(b.number)), timestamp: hex(1000 + 12 * b.slot),
    transactions: b.txs, gasLimit: '0x1c9c380', gasUsed: '0x0', baseFeePerGas: '0x7', difficulty: '0x0', logsBloom: '0x' + '00'.repeat(256),
    miner: '0x' + '00'.repeat(20), extraData: '0x', nonce: '0x0000000000000000', size: '0x100', uncles: [], mixHash: keccak256('0x00'),
    stateRoot: keccak256('0x01'), receiptsRoot: keccak256('0x02'), transactionsRoot: keccak256('0x03'), sha3Uncles: keccak256('0x04'),
  }
  const server = createServer(async (req, res) => {
    let body = ''
    for await (const c of req) body += c
    const { id, method, params } = JSON.parse(body)
    let result = null
    const head = blocks[blocks.length - 1]
    if (method === 'eth_getBlockByNumber') result = block(params[0] === 'latest' ? head : byNumber.get(Number(BigInt(params[0]))))
    else if (method === 'eth_blockNumber') result = hex(head.number)
    else if (method === 'eth_getTransactionReceipt') {
      const b = blocks.find((b) => b.txs.includes(params[0]))
      result = b && { transactionHash: params[0], blockNumber: hex(b.number), blockHash: keccak256(hex(b.number + 1)), status: '0x1',
        transactionIndex: '0x0', from: '0x' + '11'.repeat(20), to: '0x' + '22'.repeat(20), cumulativeGasUsed: '0x5208', gasUsed: '0x5208',
        effectiveGasPrice: '0x1', logs: [], logsBloom: '0x' + '00'.repeat(256), type: '0x2', contractAddress: null }
    }
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ jsonrpc: '2.0', id, result }))
  })
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) }
}

describe('waitForInclusion', () => {
  const txHash = keccak256('0xabcd')
  const promise = {
    commitment: {
      slot: '0x5', chainId: '0x301824', txHash, sender: '0x' + '11'.repeat(20), nonce: '0x0',
      committer: '0x' + '33'.repeat(20), seq: '0x0', penalty: '0x1',
    },
  }
  const chain = (txSlot, { missed = [], upTo = 7 } = {}) => {
    const blocks = []
    for (let s = 0; s <= upTo; s++) {
      if (!missed.includes(s)) blocks.push({ number: blocks.length, slot: s, txs: s === txSlot ? [txHash] : [] })
    }
    return blocks
  }
  const opts = { genesisTime: 1000, secondsPerSlot: 12, pollMs: 20, timeoutMs: 400 }

  for (const c of [
    { name: 'the receipt from the promised slot\'s block', blocks: chain(5), ok: true },
    { name: 'the tx in a later slot breaks the promise', blocks: chain(6), broken: /block 6 of slot 6, not in slot 5/ },
    { name: 'the slot\'s block without the tx breaks the promise', blocks: chain(-1), broken: /block of slot 5 \(5\) does not carry/ },
    { name: 'a missed slot and no tx after it breaks the promise', blocks: chain(-1, { missed: [5] }), broken: /slot 5 has no block/ },
    { name: 'a chain short of the slot times out', blocks: chain(-1, { upTo: 4 }), timeout: true },
  ]) {
    test(c.name, async () => {
      const el = await fakeExecution(c.blocks)
      try {
        const p = waitForInclusion(promise, { ...opts, rpcUrl: el.url })
        if (c.ok) {
          const r = await p
          assert.equal(r.blockNumber, 5n)
          assert.equal(r.transactionHash, txHash)
        } else if (c.broken) {
          await assert.rejects(p, (e) => e instanceof PromiseBroken && c.broken.test(e.reason))
        } else {
          await assert.rejects(p, (e) => !(e instanceof PromiseBroken) && /did not reach slot 5/.test(e.message))
        }
      } finally {
        await el.close()
      }
    })
  }
})
