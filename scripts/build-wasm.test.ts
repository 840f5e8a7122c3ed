/** The committed WebAssembly kernels are what their AssemblyScript source builds to (rebuilt here). */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'

it('main/snn/cpu/wasm-binary.ts is kernels/wasm/eventprop.ts built by scripts/build-wasm.mjs', () => {
  const r = spawnSync(process.execPath, [resolve(import.meta.dirname, 'build-wasm.mjs'), '--check'], { encoding: 'utf8' })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
}, 120_000)
