// Starts a real `based run` on a synthetic chain for the tests: its own free
// port, data folder and committer key, torn down by stop().

import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')

/** The synthetic chain's L1 chain id and the slasher address the tests serve. */
export const chainId = 3151908n
export const slasher = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

/** based returns the binary to run: $BASED, or one built into dir. */
function based(dir) {
  if (process.env.BASED) return resolve(process.env.BASED)
  const out = join(dir, 'based')
  execFileSync('go', ['build', '-o', out, './cmd/based'], { cwd: repoRoot, stdio: 'inherit' })
  return out
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
  })
}

/**
 * Starts the sidecar and waits until it serves promises.
 * @returns {Promise<{url: string, committer: string, stop: () => Promise<void>, log: () => string}>}
 */
export async function startSidecar() {
  const dir = mkdtempSync(join(tmpdir(), 'based-js-'))
  const bin = based(dir)
  const key = generatePrivateKey()
  const keyFile = join(dir, 'committer.hex')
  writeFileSync(keyFile, key.slice(2), { mode: 0o600 })
  const port = await freePort()
  const args = ['--log.level', 'warn', 'run', '--datadir', join(dir, 'data'), '--metrics.addr', '', '--rpc.addr', `127.0.0.1:${port}`,
    '--preconf.synthetic-chain', '--preconf.keystore', keyFile, '--preconf.slasher', slasher,
    '--rpc.ip-rate', '0', '--preconf.sender-rate', '0']
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (b) => { output += b })
  child.stderr.on('data', (b) => { output += b })
  const exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(t)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) {
      await stop()
      throw new Error(`based run exited with ${child.exitCode}:\n${output}`)
    }
    try {
      const res = await fetch(`${url}/status`)
      if (res.ok && (await res.text()).includes('"synced":true')) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`based run did not serve ${url}/status in time:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url, committer: privateKeyToAccount(key).address, stop, log: () => output }
}
