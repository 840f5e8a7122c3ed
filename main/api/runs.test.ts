/** Starting runs through the contract: presets name the data they accept; the generic one fits any spike dataset. */
import { afterAll, describe, expect, it } from 'vitest'
import type { JobInfo, RunDetail } from '../../preload/api'
import { WORKER_FILE, tempHome } from '../testing/tmp'
import { createApi } from './index'

describe('runs on any spike dataset', () => {
  const api = createApi({ home: tempHome(), workerFile: WORKER_FILE })
  const cli = { shell: 'cli' as const }
  afterAll(() => api.close())

  it('trains the generic preset on the synthetic robustness data, with dt and duration fitted to it', async () => {
    await api.call('datasets.generateSynthetic', { seed: 3, sizes: { train: 600, validation: 100, test: 200 } }, cli)
    await api.jobs.idle()
    const d = api.store.datasets.list().find((x) => x.kind === 'synthetic')!
    // the SHD presets do not take it; the generic one does
    await expect(api.call('runs.start', { preset: 'shd-recurrent-delays', datasetId: d.id, overrides: {} }, cli)).rejects.toThrow(/trains on shd or shd-like data, but dataset \d+ is synthetic/)
    const presets = (await api.call('presets.list', {}, cli)) as { id: string; accepts: string[] }[]
    expect(presets.find((p) => p.id === 'any-spikes')!.accepts).toContain('synthetic')
    const { run } = (await api.call('runs.start', { preset: 'any-spikes', datasetId: d.id, overrides: { epochs: 30 } }, cli)) as { run: { id: number }; job: JobInfo }
    await api.jobs.idle()
    const r = (await api.call('runs.get', { id: run.id }, cli)) as RunDetail
    expect(r.state).toBe('done')
    // latency codes within 19 ms: dt 0.1 ms over 1.1 × 19 ms, delays up to a fifth of it
    expect(r.settings.network).toMatchObject({ inputs: 64, dt: 0.1, steps: 209, maxDelay: 3.8 })
    expect(r.settings.network.output.size).toBe(5)
    console.log(`generic preset on synthetic data: test accuracy ${(100 * r.result!.testAccuracy!).toFixed(1)}% (chance 20%)`)
    expect(r.result!.testAccuracy!).toBeGreaterThan(0.4)
  }, 120_000)
})
