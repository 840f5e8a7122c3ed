/**
 * Sweep throughput: a 16-run Yin-Yang sweep (the yinyang preset, 2 × 2 grid × 4 seeds, 5 epochs on
 * 1000 training samples) run locally by the job system with 1 and with 2 runs at once, each run on
 * one thread. Prints runs/s for each and the scaling; SWEEP_EPOCHS and SWEEP_TRAIN change the size.
 */
import { it } from 'vitest'
import type { SweepDetail } from '../preload/api'
import { createApi } from '../main/api/index'
import { WORKER_FILE, tempHome } from '../main/testing/tmp'
import { figure } from './report'

const EPOCHS = Number(process.env.SWEEP_EPOCHS ?? 5)
const TRAIN = Number(process.env.SWEEP_TRAIN ?? 1000)

async function sweepSeconds(concurrency: number): Promise<number> {
  const api = createApi({ home: tempHome('axonal-bench-sweep-'), workerFile: WORKER_FILE })
  const cli = { shell: 'cli' as const }
  const job = await api.call('datasets.generateYinYang', { seed: 3, sizes: { train: TRAIN, validation: 200, test: 200 } }, cli) as { id: number }
  await api.jobs.idle()
  const { datasetId } = api.store.jobs.get(job.id).result as { datasetId: number }
  const t0 = performance.now()
  const s = await api.call('sweeps.start', {
    spec: { preset: 'yinyang', datasetId, base: { epochs: EPOCHS }, grid: { 'lr.weight': [0.002, 0.005], 'network.hidden.0.size': [60, 120] }, seeds: [1, 2, 3, 4] },
    concurrency
  }, cli) as SweepDetail
  for (;;) {
    const d = await api.call('sweeps.get', { id: s.id }, cli) as SweepDetail
    if (d.state !== 'running') {
      if (d.counts.done !== 16) throw new Error(`sweep ended with ${JSON.stringify(d.counts)}`)
      break
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const seconds = (performance.now() - t0) / 1000
  await api.close()
  return seconds
}

it('a 16-run Yin-Yang sweep, 1 vs 2 runs at once', async () => {
  const one = await sweepSeconds(1)
  figure('1 run at once', 16 / one, 'runs/s')
  const two = await sweepSeconds(2)
  figure('2 runs at once', 16 / two, 'runs/s')
  figure('scaling (2 at once / 1)', one / two, '×')
})
