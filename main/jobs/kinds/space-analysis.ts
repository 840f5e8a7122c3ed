/**
 * The Space analysis of a checkpoint or an epoch's snapshot (main/space/analysis.ts) in a worker:
 * at 512 neurons with the paper's nulls it takes half a minute, which must not stall the shells.
 * The result travels as JSON (typed arrays as plain arrays).
 */
import { spaceParams } from '../../../preload/api'
import { analyseSnapshot, analyseSpace } from '../../space/analysis'
import { spacePlan } from './space-plan'
import type { JobDefinition } from './types'

type Params = ReturnType<typeof spaceParams.parse>

export const spaceAnalysis: JobDefinition<Params> = {
  parse: (p) => spaceParams.parse(p),
  title: (p) => `Space analysis of run ${p.runId}${p.epoch !== undefined ? `, epoch ${p.epoch}` : ''}`,
  run({ runId, checkpoint, epoch, clusteringNulls, efficiencyNulls, spatialNulls, resolution, seed }, ctx) {
    const { store } = ctx
    const run = store.runs.get(runId)
    const plan = spacePlan(store, runId)
    const opts = { clusteringNulls, efficiencyNulls, spatialNulls, resolution, seed }
    ctx.progress(0, 'measuring')
    const ckpt = store.runs.checkpoint(runId, checkpoint)
    let result
    // a checkpoint's epoch keeps every parameter (specialisation included); others, their snapshot
    if (epoch === undefined || (ckpt && ckpt.epoch + 1 === epoch)) {
      if (!ckpt) throw new Error(`run ${runId} (${run.state}) has no ${checkpoint} checkpoint yet: train at least one epoch`)
      result = { runId, epoch: ckpt.epoch + 1, ...analyseSpace(plan, ckpt.params, opts) }
    } else {
      const snap = store.runs.snapshot(runId, epoch)
      if (!snap) {
        const have = store.runs.snapshotEpochs(runId)
        throw new Error(`run ${runId} has no snapshot of epoch ${epoch}${have.length ? ` (epochs ${have[0]}–${have.at(-1)} have one)` : ' (trained before snapshots were kept, or not trained yet)'}`)
      }
      result = { runId, epoch, ...analyseSnapshot(plan, snap, opts) }
    }
    ctx.progress(1, `${result.n} neurons measured`)
    return { ...result, positions: Array.from(result.positions), weights: Array.from(result.weights), delays: Array.from(result.delays), communities: Array.from(result.communities) }
  }
}
