/** Temporary data directories for tests; removed when the test file ends. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll } from 'vitest'

export function tempHome(prefix = 'axonal-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** The built worker and entries (vitest's global setup runs `electron-vite build`). */
export const OUT_MAIN = resolve(import.meta.dirname, '..', '..', 'out', 'main')
export const WORKER_FILE = join(OUT_MAIN, 'job-worker.js')
export const CLI_FILE = join(OUT_MAIN, 'cli.js')
