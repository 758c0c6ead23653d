// Runs every ```js snippet of docs/WALLETS.md, in order, against a real
// `based run` on a synthetic chain (and, for waitForInclusion, a small
// execution JSON-RPC server whose block of the slot carries the tx).

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { keccak256 } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

import { getLookahead } from '../index.js'
import { chainId, repoRoot, slasher, startSidecar } from './sidecar.js'

const run = promisify(execFile)
const doc = readFileSync(join(repoRoot, 'docs/WALLETS.md'), 'utf8')
const snippets = [...doc.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1])
const dir = join(repoRoot, 'preconf/client/js/test/.snippets')

let node, el, input
before(async () => {
  node = await startSidecar()
  const look = await getLookahead(node.url)
  const slot = look.find((e) => e.ours && e.deadline.getTime() > Date.now() + 3000).slot
  const account = privateKeyToAccount(generatePrivateKey())
  const signedTx = await account.signTransaction({
    type: 'eip1559', chainId: Number(chainId), nonce: 0, to: '0x00000000000000000000000000000000000000aa', value: 1n,
    gas: 200_001n, maxPriorityFeePerGas: 10_000_000_001n, maxFeePerGas: 100_000_000_000n,
  })
  el = await execution(keccak256(signedTx), Number(slot))
  input = { rpcUrl: node.url, signedTx, slot: slot.toString(), chainId: chainId.toString(), slasher, executionUrl: el.url, genesisTime: 1000 }
  mkdirSync(dir, { recursive: true })
})
after(async () => {
  rmSync(dir, { recursive: true, force: true })
  await el?.close()
  await node?.stop()
})

test('docs/WALLETS.md has the viem, ethers and client snippets', () => {
  assert.ok(snippets.length >= 4, `${snippets.length} js snippets`)
  assert.ok(snippets.some((s) => s.includes("from 'viem'") && s.includes('recoverTypedDataAddress')))
  assert.ok(snippets.some((s) => s.includes("from 'ethers'") && s.includes('verifyTypedData')))
  assert.ok(snippets.some((s) => s.includes('waitForInclusion(')))
})

// The wallet's own values, as the snippets name them.
const prelude = `const __in = JSON.parse(process.env.SNIPPET_INPUT)
const { rpcUrl, signedTx, slasher, executionUrl, genesisTime } = __in
const slot = BigInt(__in.slot), chainId = BigInt(__in.chainId)
`

snippets.forEach((code, i) => {
  test(`snippet ${i + 1}: ${code.split('\n')[0]}`, async () => {
    const file = join(dir, `snippet-${i + 1}.mjs`)
    writeFileSync(file, prelude + code)
    const { stdout, stderr } = await run(process.execPath, [file], { env: { ...process.env, SNIPPET_INPUT: JSON.stringify(input) }, timeout: 60_000 })
      .catch((e) => assert.fail(`snippet ${i + 1} failed: ${e.stderr || e.message}\n${code}`))
    assert.equal(stderr, '')
    assert.match(stdout, /promised: slot \d+, penalty|included in block 2 of slot/)
  })
})

/** An execution JSON-RPC whose chain has the tx in the block of slot (genesis time 1000, 12 s slots). */
async function execution(txHash, slot) {
  const blocks = [0, 1, 2, 3].map((n) => ({ number: n, slot: slot - 2 + n, txs: n === 2 ? [txHash] : [] }))
  const hex = (n) => '0x' + BigInt(n).toString(16)
  const block = (b) => b && { number: hex(b.number), hash: keccak256(hex(b.number + 1)), parentHash: keccak256(hex(b.number)), timestamp: hex(1000 + 12 * b.slot), transactions: b.txs, gasLimit: '0x1c9c380', gasUsed: '0x0', logsBloom: '0x' + '00'.repeat(256), extraData: '0x', miner: '0x' + '00'.repeat(20) }
  const server = createServer(async (req, res) => {
    let body = ''
    for await (const c of req) body += c
    const { id, method, params } = JSON.parse(body)
    let result = null
    if (method === 'eth_getBlockByNumber') result = block(params[0] === 'latest' ? blocks[3] : blocks[Number(BigInt(params[0]))])
    else if (method === 'eth_blockNumber') result = '0x3'
    else if (method === 'eth_getTransactionReceipt' && params[0] === txHash) {
      result = { transactionHash: txHash, blockNumber: '0x2', blockHash: keccak256('0x03'), status: '0x1', transactionIndex: '0x0', from: '0x' + '11'.repeat(20), to: '0x' + '22'.repeat(20), cumulativeGasUsed: '0x5208', gasUsed: '0x5208', effectiveGasPrice: '0x1', logs: [], logsBloom: '0x' + '00'.repeat(256), type: '0x2', contractAddress: null }
    }
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ jsonrpc: '2.0', id, result }))
  })
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) }
}
