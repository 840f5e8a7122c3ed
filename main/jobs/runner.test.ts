import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JobInfo } from '../../preload/api'
import { Store } from '../store/index'
import { WORKER_FILE, tempHome } from '../testing/tmp'
import { JobRunner } from './runner'

const fixture = (name: string): string => join(import.meta.dirname, 'fixtures', name)

function setup(workerFile = WORKER_FILE, extra: Partial<ConstructorParameters<typeof JobRunner>[0]> = {}) {
  const store = Store.openHome(tempHome())
  const runner = new JobRunner({ store, workerFile, ...extra })
  const updates: JobInfo[] = []
  runner.on({ update: (j) => updates.push(j) })
  return { store, runner, updates }
}

const small = { seed: 11, sizes: { train: 300, validation: 60, test: 60 } }

describe('job runner', () => {
  it('runs a generation job in a worker and stores the dataset', async () => {
    const { store, runner, updates } = setup()
    const job = runner.submit('generate-yinyang', small)
    expect(job.state).toBe('queued')
    await runner.idle()
    const done = store.jobs.get(job.id)
    expect(done.state).toBe('done')
    expect(done.progress).toBe(1)
    const { datasetId } = done.result as { datasetId: number }
    expect(store.datasets.get(datasetId).splits).toEqual({ train: 300, validation: 60, test: 60 })
    expect(updates.map((u) => u.state)).toContain('running')
    expect(updates.at(-1)!.state).toBe('done')
    store.close()
  })

  it('writes byte-identical samples for the same seed', async () => {
    const { store, runner } = setup()
    const a = runner.submit('generate-yinyang', small)
    const b = runner.submit('generate-yinyang', small)
    await runner.idle()
    const ids = [a, b].map((j) => (store.jobs.get(j.id).result as { datasetId: number }).datasetId)
    const rows = ids.map((id) =>
      store.db.prepare('SELECT split, idx, label, times, units, spikes, features FROM samples WHERE dataset_id = ? ORDER BY split, idx').all(id)
    )
    expect(rows[0]!.length).toBe(420)
    expect(rows[1]).toEqual(rows[0])
    store.close()
  })

  it('cancels a running job and keeps no partial dataset', async () => {
    const { store, runner, updates } = setup()
    const job = runner.submit('generate-yinyang', { seed: 1, sizes: { train: 2_000_000, validation: 0, test: 0 } })
    await new Promise<void>((resolve) => {
      const off = runner.on({ update: (j) => { if (j.id === job.id && j.progress > 0.15) { off(); resolve() } } })
    })
    runner.cancel(job.id)
    await runner.idle()
    expect(store.jobs.get(job.id).state).toBe('cancelled')
    expect(store.datasets.list()).toEqual([])
    const n = store.db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }
    expect(n.n).toBe(0)
    expect(updates.some((u) => u.id === job.id && u.state === 'running' && u.progress > 0 && u.progress < 1)).toBe(true)
    store.close()
  })

  it('cancels a queued job before it starts', async () => {
    const { store, runner } = setup()
    const first = runner.submit('generate-yinyang', small)
    const second = runner.submit('generate-yinyang', small)
    expect(runner.cancel(second.id).state).toBe('cancelled')
    await runner.idle()
    expect(store.jobs.get(first.id).state).toBe('done')
    expect(store.jobs.get(second.id).state).toBe('cancelled')
    expect(store.datasets.list().length).toBe(1)
    store.close()
  })

  it('rejects bad parameters before queueing anything', () => {
    const { store, runner } = setup()
    expect(() => runner.submit('generate-yinyang', { seed: -1 })).toThrow()
    expect(store.jobs.list()).toEqual([])
    store.close()
  })

  it.each([
    ['exit-worker.mjs', /exited with code 3/],
    ['throw-worker.mjs', /boom in worker/]
  ])('marks a job failed when its worker dies (%s) and runs the next one', async (file, message) => {
    const { store, runner } = setup(fixture(file))
    const job = runner.submit('generate-yinyang', small)
    await runner.idle()
    const failed = store.jobs.get(job.id)
    expect(failed.state).toBe('failed')
    expect(failed.error).toMatch(message)
    store.close()
  })

  it('terminates a worker that ignores cancellation after the grace time', async () => {
    const { store, runner } = setup(fixture('ignores-cancel-worker.mjs'), { cancelGraceMs: 200 })
    const job = runner.submit('generate-yinyang', small)
    await new Promise((r) => setTimeout(r, 100))
    runner.cancel(job.id)
    await runner.idle()
    expect(store.jobs.get(job.id).state).toBe('cancelled')
    store.close()
  })
})
