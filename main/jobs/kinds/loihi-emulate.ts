/**
 * A run emulated on Loihi 2 (main/loihi): quantised, mapped, and every sample of a split run
 * through the float model and the bit-accurate emulator, in the job's worker. The result is the
 * Device view's Loihi 2 report.
 */
import { loihiParams } from '../../../preload/api'
import { DEFAULT_COST } from '../../loihi/cost'
import { emulateShare, quantiseRun, summarise } from '../../loihi/report'
import type { JobDefinition } from './types'
import { runData } from './train-data'
import { loihiCheckpoint } from './loihi-run'

type Params = ReturnType<typeof loihiParams.parse>

export const loihiEmulate: JobDefinition<Params> = {
  parse: (p) => loihiParams.parse(p),
  title: (p) => `Loihi 2 emulation of run ${p.runId} (${p.split})`,
  run(p, ctx) {
    const { plan, ckpt, classNames } = loihiCheckpoint(ctx.store, p.runId, p.checkpoint)
    const { net, description } = quantiseRun(plan, ckpt.params, { percentile: p.percentile, delays: p.delays, maxClipped: 0.05 })
    const src = runData(ctx.store, p.runId)[p.split]
    const count = Math.min(src.size, p.limit ?? src.size)
    if (count === 0) throw new Error(`run ${p.runId}: its dataset has no ${p.split} samples`)
    const t0 = performance.now()
    const float: ReturnType<typeof emulateShare>['float'] = [], emulated: ReturnType<typeof emulateShare>['emulated'] = [], labels: number[] = []
    for (let start = 0; start < count; start += 256) {
      ctx.cancel.throwIfCancelled()
      const samples = src.range(start, Math.min(256, count - start))
      const r = emulateShare(plan, ckpt.params, net, samples)
      float.push(...r.float)
      emulated.push(...r.emulated)
      labels.push(...samples.map((s) => s.label))
      ctx.progress(labels.length / count, `emulated ${labels.length} of ${count} ${p.split} samples`)
    }
    const cost = { ...DEFAULT_COST }
    for (const [k, v] of Object.entries(p.cost)) cost[k as keyof typeof cost] = { ...cost[k as keyof typeof cost], value: v, source: 'set by the user' }
    const report = summarise(net, description, labels, classNames, float, emulated, cost, (performance.now() - t0) / 1000)
    // the per-step arrays stay here: the report carries their sums
    return { runId: p.runId, epoch: ckpt.epoch + 1, split: p.split, ...report }
  }
}
