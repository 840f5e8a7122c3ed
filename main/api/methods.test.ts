/**
 * EventProp against DCLS through the contract: one job trains both on the same SHD-like data and
 * network size, and reports each epoch's wall time, memory and accuracy; the two runs are ordinary
 * runs (metrics, checkpoints, integer-delay test accuracy). Bad requests are refused up front.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { JobInfo, MethodComparison, RunDetail } from '../../preload/api'
import { WORKER_FILE, tempHome } from '../testing/tmp'
import { createApi } from './index'

describe('methods.compare', () => {
  const api = createApi({ home: tempHome(), workerFile: WORKER_FILE })
  const cli = { shell: 'cli' as const }
  afterAll(() => api.close())

  it('trains EventProp and DCLS on one dataset and reports time, memory and accuracy per epoch', async () => {
    await api.call('datasets.generateShdLike', { seed: 4, sizes: { train: 48, validation: 0, test: 16 }, spikesPerSample: 1200 }, cli)
    await api.jobs.idle()
    const d = api.store.datasets.list().find((x) => x.kind === 'shd-like')!
    const small = { 'network.hidden.0.size': 16, 'network.hidden.1.size': 16, batchSize: 16, 'network.steps': 300, 'network.maxDelay': 100 }
    const { job, runIds } = (await api.call('methods.compare', { datasetId: d.id, epochs: 2, overrides: small }, cli)) as { job: JobInfo; runIds: [number, number] }
    await api.jobs.idle()
    const done = api.store.jobs.get(job.id)
    expect(done.error).toBeNull()
    const r = done.result as MethodComparison
    expect(r.methods.map((m) => m.method)).toEqual(['eventprop', 'dcls'])
    expect(r.methods.map((m) => m.runId)).toEqual(runIds)
    for (const m of r.methods) {
      expect(m.epochs.map((e) => e.epoch)).toEqual([1, 2])
      for (const e of m.epochs) {
        expect(e.seconds).toBeGreaterThan(0)
        expect(e.rssMb).toBeGreaterThan(10)
        expect(e.activationsMb).toBeGreaterThan(0)
      }
      expect(m.testAccuracy).not.toBeNull()
      const run = (await api.call('runs.get', { id: m.runId }, cli)) as RunDetail
      expect(run.state).toBe('done')
      expect(run.settings.method).toBe(m.method)
      expect(run.delayHistograms.length).toBe(2)
    }
    const dcls = (await api.call('runs.get', { id: runIds[1] }, cli)) as RunDetail
    // the same network: 700 inputs (no pooling here), 16 → 16 → 20
    expect(dcls.settings.dcls.channelPool).toBe(1)
    expect(r.ratios.epochSeconds).toBeCloseTo(r.methods[1]!.meanEpochSeconds / r.methods[0]!.meanEpochSeconds, 10)
    // a DCLS run is refused by the areas that read EventProp networks, by name
    await expect(api.call('ei.analyse', { runId: runIds[1] }, cli)).rejects.toThrow(/was trained with DCLS/)
    await expect(api.call('runs.raster', { id: runIds[1], split: 'test', index: 0 }, cli)).rejects.toThrow(/was trained with DCLS/)
  }, 180_000)

  it('refuses a dataset without an equal-size pair, and presets of the wrong method', async () => {
    await api.call('datasets.generateYinYang', { seed: 2, sizes: { train: 20, validation: 0, test: 10 } }, cli)
    await api.jobs.idle()
    const yy = api.store.datasets.list().find((x) => x.kind === 'yinyang')!
    const before = api.store.runs.list().length
    await expect(api.call('methods.compare', { datasetId: yy.id }, cli)).rejects.toThrow(/name the presets/)
    const d = api.store.datasets.list().find((x) => x.kind === 'shd-like')!
    await expect(api.call('methods.compare', { datasetId: d.id, dcls: 'shd-eventprop-dcls-size' }, cli)).rejects.toThrow(/does not train with DCLS/)
    await expect(api.call('methods.compare', { datasetId: d.id, overrides: { 'network.hidden.0.size': 0 } }, cli)).rejects.toThrow(/invalid settings/)
    expect(api.store.runs.list().length).toBe(before)
  })
})
