/**
 * A run emulated on Loihi 2 (main/loihi): quantised, mapped, and every sample of a split run
 * through the float model and the bit-accurate emulator, split over worker threads (chunks of
 * samples handed out as threads free up, results put back in order). The result is the Device
 * view's Loihi 2 report.
 */
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { loihiParams } from '../../../preload/api'
import { DEFAULT_COST } from '../../loihi/cost'
import { quantiseRun, summarise } from '../../loihi/report'
import { emulateSplit } from '../loihi-pool'
import type { JobDefinition } from './types'
import { runData } from './train-data'
import { loihiCheckpoint } from './loihi-run'

type Params = ReturnType<typeof loihiParams.parse>
const CHUNK = 64

export const loihiEmulate: JobDefinition<Params> = {
  parse: (p) => loihiParams.parse(p),
  title: (p) => `Loihi 2 emulation of run ${p.runId} (${p.split})`,
  async run(p, ctx) {
    const { plan, ckpt, classNames } = loihiCheckpoint(ctx.store, p.runId, p.checkpoint)
    const { net, description } = quantiseRun(plan, ckpt.params, { percentile: p.percentile, delays: p.delays, maxClipped: 0.05 })
    const src = runData(ctx.store, p.runId)[p.split]
    const count = Math.min(src.size, p.limit ?? src.size)
    if (count === 0) throw new Error(`run ${p.runId}: its dataset has no ${p.split} samples`)
    const threads = Math.max(1, Math.min(p.threads || availableParallelism(), Math.ceil(count / CHUNK)))
    const workerFile = ctx.batchWorkerFile ? join(dirname(ctx.batchWorkerFile), 'loihi-worker.js') : null
    const t0 = performance.now()
    const results = await emulateSplit({
      plan, params: ckpt.params, net, count, chunk: CHUNK, threads, workerFile, samples: (a, n) => src.range(a, n),
      progress: (done) => ctx.progress(done / count, `emulated ${done} of ${count} ${p.split} samples on ${threads} thread${threads === 1 ? '' : 's'}`),
      cancelled: () => ctx.cancel.cancelled
    })
    ctx.cancel.throwIfCancelled()
    const labels = Array.from(src.labels.subarray(0, count))
    const cost = { ...DEFAULT_COST }
    for (const [k, v] of Object.entries(p.cost)) cost[k as keyof typeof cost] = { ...cost[k as keyof typeof cost], value: v, source: 'set by the user' }
    const summary = summarise(net, description, labels, classNames, results.flatMap((r) => r.float), results.flatMap((r) => r.emulated), cost, (performance.now() - t0) / 1000)
    return { runId: p.runId, epoch: ckpt.epoch + 1, split: p.split, threads, ...summary }
  }
}
