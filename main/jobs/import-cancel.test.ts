/** Cancelling an import while a large .gz decompresses: the job ends within a second, nothing is kept. */
import { readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, it } from 'vitest'
import { Store } from '../store/index'
import { WORKER_FILE, tempHome } from '../testing/tmp'
import { JobRunner } from './runner'

it('cancels an import during decompression within a second, leaving no temporary copy', async () => {
  const dir = tempHome()
  // 1 GiB of zeros as 1 MiB of gzip: seconds of decompressing, hashing and writing
  const gz = join(dir, 'shd_train.h5.gz')
  writeFileSync(gz, gzipSync(Buffer.alloc(1 << 30), { level: 1 }))
  const store = Store.openHome(tempHome())
  // a grace time far above a second: the worker must stop by itself, not be terminated
  const runner = new JobRunner({ store, workerFile: WORKER_FILE, cancelGraceMs: 30_000 })
  const job = runner.submit('import-dataset', { paths: [gz], format: 'auto' })
  await new Promise<void>((resolve) => runner.on({ update: (j) => { if (j.id === job.id && j.state === 'running') resolve() } }))
  await new Promise((r) => setTimeout(r, 300))
  const t0 = performance.now()
  runner.cancel(job.id)
  await runner.idle()
  const took = performance.now() - t0
  expect(store.jobs.get(job.id).state).toBe('cancelled')
  expect(took).toBeLessThan(1000)
  expect(store.datasets.list()).toHaveLength(0)
  expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`axonal-import-${process.pid}-`))).toEqual([])
  store.close()
}, 60_000)
