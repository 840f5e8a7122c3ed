/**
 * Run bundles end to end: a run cancelled mid-training is bundled, imported into a fresh data
 * directory (with its dataset, or matching one there), has the same metrics and checkpoints, and
 * resumes training; a truncated bundle, one from a newer schema and one whose dataset differs are
 * refused, naming the problem, and import nothing.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JobInfo, RunDetail } from '../../preload/api'
import { type Api, createApi } from '../api/index'
import { WORKER_FILE, tempHome } from '../testing/tmp'
import { openDb } from './db'

const cli = { shell: 'cli' as const }
const call = <T>(api: Api, name: string, input: unknown): Promise<T> => api.call(name, input, cli) as Promise<T>

async function notebook(seed: number): Promise<{ api: Api; home: string; datasetId: number }> {
  const home = tempHome()
  const api = createApi({ home, workerFile: WORKER_FILE })
  const job = await call<JobInfo>(api, 'datasets.generateYinYang', { seed, sizes: { train: 600, validation: 60, test: 100 } })
  await api.jobs.idle()
  return { api, home, datasetId: (api.store.jobs.get(job.id).result as { datasetId: number }).datasetId }
}

describe('run bundles', () => {
  it('carry a stopped run to a fresh notebook, where it has the same metrics and resumes', async () => {
    const a = await notebook(4)
    const started = await call<{ run: { id: number }; job: JobInfo }>(a.api, 'runs.start', { preset: 'yinyang', datasetId: a.datasetId, overrides: { epochs: 6 } })
    // stop it after its second epoch
    await new Promise<void>((resolve) => {
      const off = a.api.bus.subscribe((name, p) => {
        const m = p as { runId: number; epoch: number; split: string }
        if (name === 'run.metrics' && m.runId === started.run.id && m.epoch === 2 && m.split === 'validation') { off(); a.api.jobs.cancel(started.job.id); resolve() }
      })
    })
    await a.api.jobs.idle()
    const before = await call<RunDetail>(a.api, 'runs.get', { id: started.run.id })
    expect(before.state).toBe('cancelled')
    expect(before.epochsDone).toBeGreaterThanOrEqual(2)
    expect(before.epochsDone).toBeLessThan(6)

    const ex = await call<{ fileName: string; bytes: Uint8Array }>(a.api, 'bundles.export', { runIds: [started.run.id], withDataset: true })
    const file = join(tempHome(), ex.fileName)
    writeFileSync(file, ex.bytes)

    const b = createApi({ home: tempHome(), workerFile: WORKER_FILE })
    const imported = await call<{ runs: { id: number }[]; datasets: { id: number; created: boolean }[] }>(b, 'bundles.import', { path: file })
    expect(imported.datasets).toEqual([{ id: 1, created: true }])
    const after = await call<RunDetail>(b, 'runs.get', { id: imported.runs[0]!.id })
    expect(after.metrics).toEqual(before.metrics)
    expect(after.settings).toEqual(before.settings)
    expect(b.store.runs.checkpoint(after.id, 'latest')!.params).toEqual(a.api.store.runs.checkpoint(before.id, 'latest')!.params)
    expect(b.store.datasets.get(1).splits).toEqual(a.api.store.datasets.get(a.datasetId).splits)
    // it continues from its last epoch to the end
    await call(b, 'runs.resume', { id: after.id })
    await b.jobs.idle()
    const resumed = await call<RunDetail>(b, 'runs.get', { id: after.id })
    expect(resumed.state).toBe('done')
    expect(resumed.epochsDone).toBe(6)
    expect(resumed.metrics.filter((m) => m.split === 'train' && Number.isInteger(m.epoch)).map((m) => m.epoch)).toEqual([1, 2, 3, 4, 5, 6])

    // imported again: a second copy of the run, the dataset matched (same content), not added again
    const again = await call<{ datasets: { id: number; created: boolean }[] }>(b, 'bundles.import', { path: file })
    expect(again.datasets).toEqual([{ id: 1, created: false }])
    await a.api.close()
    await b.close()
  }, 120_000)

  it('refuses a truncated bundle, one from a newer Axonal, and one whose dataset is not here, importing nothing', async () => {
    const a = await notebook(5)
    await call(a.api, 'runs.start', { preset: 'yinyang', datasetId: a.datasetId, overrides: { epochs: 1 } })
    await a.api.jobs.idle()
    const byRef = await call<{ bytes: Uint8Array }>(a.api, 'bundles.export', { runIds: [1], withDataset: false })
    const full = await call<{ bytes: Uint8Array }>(a.api, 'bundles.export', { runIds: [1], withDataset: true })
    const dir = tempHome()
    const b = createApi({ home: tempHome(), workerFile: WORKER_FILE })
    const nothing = (): void => {
      expect(b.store.runs.list()).toEqual([])
      expect(b.store.datasets.list()).toEqual([])
    }

    const truncated = join(dir, 'truncated.axonal')
    writeFileSync(truncated, full.bytes)
    truncateSync(truncated, Math.floor(full.bytes.length / 2))
    await expect(call(b, 'bundles.import', { path: truncated })).rejects.toThrow(/truncated\.axonal: (the bundle is damaged or truncated|not a run bundle)/)
    nothing()

    const newer = join(dir, 'newer.axonal')
    writeFileSync(newer, full.bytes)
    const db = openDb(newer, { readonly: false })
    db.pragma('user_version = 99')
    db.close()
    await expect(call(b, 'bundles.import', { path: newer })).rejects.toThrow(/newer\.axonal: .*newer Axonal \(schema 99/)
    nothing()

    const ref = join(dir, 'ref.axonal')
    writeFileSync(ref, byRef.bytes)
    await expect(call(b, 'bundles.import', { path: ref })).rejects.toThrow(/ref\.axonal: the runs need dataset "Yin-Yang seed 5" \(yinyang\), which the bundle does not carry, and no dataset here has its kind and parameters/)
    nothing()
    // the same generator parameters but other samples here: a digest mismatch, named
    await call(b, 'datasets.generateYinYang', { seed: 5, sizes: { train: 600, validation: 60, test: 100 } })
    await b.jobs.idle()
    const d = b.store.datasets.list()[0]!
    b.store.db.prepare('UPDATE samples SET label = (label + 1) % 3 WHERE dataset_id = ? AND idx = 0').run(d.id)
    await expect(call(b, 'bundles.import', { path: ref })).rejects.toThrow(/has the same kind and parameters but other samples \(digest mismatch\)/)
    expect(b.store.runs.list()).toEqual([])
    expect(readFileSync(ref).length).toBe(byRef.bytes.length)
    await a.api.close()
    await b.close()
  }, 120_000)
})
