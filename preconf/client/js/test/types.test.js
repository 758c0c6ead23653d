// index.d.ts compiles under tsc --strict together with a TypeScript wallet
// (test/types.ts) that uses every function and error of the module.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

test('index.d.ts type-checks a TypeScript wallet', async () => {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { cwd: root, timeout: 300_000 })
    .catch((e) => assert.fail(`tsc: ${e.stdout}${e.stderr}`))
  assert.equal(stdout + stderr, '')
})
