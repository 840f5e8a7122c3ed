/**
 * Pruning curves of a recurrent run (main/space/pruning.ts): accuracy on a split after keeping the
 * k % largest recurrent |w| and the k % shortest recurrent connections (or delays), for each k of
 * a grid; with the unpruned network's per-neuron preferred class and how those classes cluster in
 * space. A job: every point evaluates the whole split.
 */
import { z } from 'zod'
import { SPLITS } from '../../../preload/api'
import { CpuNetwork } from '../../snn/cpu/network'
import { classClustering, preferredClasses, pruned } from '../../space/pruning'
import type { JobDefinition } from './types'
import { isSpatial, spaceLayer } from '../../space/analysis'
import { spacePlan } from './space-plan'
import { runData } from './train-data'

export const spacePruneParams = z
  .object({
    runId: z.number().int().positive(),
    checkpoint: z.enum(['best', 'latest']).default('best'),
    split: z.enum(SPLITS).default('test'),
    /** Percentages of the recurrent synapses to keep. */
    keep: z.array(z.number().min(0).max(100)).min(1).max(40).default([100, 50, 20, 10, 5, 2, 1])
  })
  .strict()
type Params = z.output<typeof spacePruneParams>

function classNames(ctx: Parameters<JobDefinition<Params>['run']>[1], runId: number, k: number): string[] {
  const d = ctx.store.runs.get(runId).datasetId
  return d === null ? Array.from({ length: k }, (_, i) => `class ${i}`) : ctx.store.datasets.get(d).classNames
}

export const spacePrune: JobDefinition<Params> = {
  parse: (p) => spacePruneParams.parse(p),
  title: (p) => `Pruning curves of run ${p.runId}`,
  run(p, ctx) {
    const plan = spacePlan(ctx.store, p.runId)
    const ckpt = ctx.store.runs.checkpoint(p.runId, p.checkpoint)
    if (!ckpt) throw new Error(`run ${p.runId} has no ${p.checkpoint} checkpoint yet`)
    const src = runData(ctx.store, p.runId)[p.split]
    if (src.size === 0) throw new Error(`run ${p.runId}: its dataset has no ${p.split} samples`)
    const samples = src.range(0, src.size)
    const layer = spaceLayer(plan)
    const net = new CpuNetwork(plan)
    const total = 2 * p.keep.length + 1
    let done = 0
    const accuracy = (params: Float64Array, counts?: Float64Array[]): number => {
      ctx.cancel.throwIfCancelled()
      net.setParams(params)
      let correct = 0
      for (const s of samples) {
        const f = net.forward(s)
        if (f.prediction === f.label) correct++
        counts?.push(Float64Array.from(f.counts[layer]!))
      }
      ctx.progress(++done / total, `evaluated ${done} of ${total} networks on ${samples.length} ${p.split} samples`)
      return correct / samples.length
    }
    const counts: Float64Array[] = []
    const full = accuracy(ckpt.params, counts)
    const pop = plan.populations[layer]!, n = pop.size, dims = pop.posDims
    const preferred = preferredClasses(counts, src.labels, plan.populations[plan.outputPop]!.size, n)
    const positions = isSpatial(plan, layer) ? ckpt.params.subarray(pop.posOffset, pop.posOffset + n * dims) : null
    const curve = (mode: 'magnitude' | 'length'): number[] => p.keep.map((k) => (k >= 100 ? full : accuracy(pruned(plan, ckpt.params, mode, k / 100))))
    const magnitude = curve('magnitude'), length = curve('length')
    return {
      runId: p.runId, epoch: ckpt.epoch + 1, split: p.split, samples: samples.length, keep: p.keep, accuracy: full,
      magnitude, length, preferredClass: Array.from(preferred), classClustering: positions ? classClustering(positions, dims, preferred) : null,
      rates: Array.from({ length: n }, (_, j) => counts.reduce((s, c) => s + c[j]!, 0) / samples.length),
      classNames: classNames(ctx, p.runId, plan.populations[plan.outputPop]!.size)
    }
  }
}
