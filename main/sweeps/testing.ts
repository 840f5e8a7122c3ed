/** Helpers of the sweep tests: a notebook with a small Yin-Yang dataset, and waiting on a sweep. */
import type { SweepDetail, SweepSpecInput } from '../../preload/api'
import { type Api, createApi } from '../api/index'
import { WORKER_FILE, tempHome } from '../testing/tmp'

/** 2 × 2 grid × 2 seeds of a tiny Yin-Yang network: eight runs of a second or so. */
export const TINY: SweepSpecInput = {
  name: 'tiny', preset: 'yinyang', base: { epochs: 3, 'network.hidden.0.size': 12 },
  grid: { 'lr.weight': [0.002, 0.005], 'network.hidden.0.tauM': [10, 20] }, seeds: [1, 2]
}

export async function notebook(): Promise<{ api: Api; home: string; datasetId: number }> {
  const home = tempHome('axonal-sweep-')
  const api = createApi({ home, workerFile: WORKER_FILE })
  const job = await api.call('datasets.generateYinYang', { seed: 4, sizes: { train: 300, validation: 60, test: 60 } }, { shell: 'cli' }) as { id: number }
  await api.jobs.idle()
  const { datasetId } = api.store.jobs.get(job.id).result as { datasetId: number }
  return { api, home, datasetId }
}

export async function until(api: Api, id: number, done: (s: SweepDetail) => boolean, timeoutMs = 120_000): Promise<SweepDetail> {
  const t0 = Date.now()
  for (;;) {
    const s = await api.call('sweeps.get', { id }, { shell: 'cli' }) as SweepDetail
    if (done(s)) return s
    if (Date.now() - t0 > timeoutMs) throw new Error(`sweep ${id} still ${JSON.stringify(s.counts)} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
