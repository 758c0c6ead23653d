// Compiled by types.test.js with tsc --noEmit: the declarations in index.d.ts
// describe the module as a TypeScript wallet uses it.
import {
  PromiseInvalid, PromiseRefused, getCommitment, promiseTypedData, requestInclusion, verifyPromise, waitForInclusion,
  type SignedPromise,
} from 'based-preconf-client'

export async function wallet(rpcUrl: string, signedTx: `0x${string}`, slot: bigint): Promise<bigint> {
  try {
    const p: SignedPromise = await requestInclusion(rpcUrl, { tx: signedTx, slot })
    const ok = await verifyPromise(p, { chainId: 1n, slasher: '0x5FbDB2315678afecb367f032d93F642f64180aa3', tx: signedTx, slot })
    const td = promiseTypedData(p, { chainId: 1, slasher: ok.signer })
    const again = await getCommitment(rpcUrl, ok.txHash)
    const receipt = await waitForInclusion(again, { rpcUrl, genesisTime: 1606824023 })
    return receipt.blockNumber + ok.penalty + td.domain.chainId
  } catch (e) {
    if (e instanceof PromiseRefused) return BigInt(e.code)
    if (e instanceof PromiseInvalid) throw new Error(e.reason)
    throw e
  }
}
