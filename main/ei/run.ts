/**
 * The E/I analysis of a run: which projection it reads (inputs → first hidden layer), the per-epoch
 * snapshot the training job stores of it, and the run-level answer with the rewiring history.
 * No I/O: main/api/ei.ts reads the store.
 */
import type { EiAnalysis, EiMaps } from '../../preload/api'
import { type Plan, projectionDelays } from '../snn/model'
import { type EiResult, analyseEi } from './analysis'

/** The projection into the first hidden layer (from the inputs), or null for a network without hidden layers. */
export function eiProjection(plan: Plan): number {
  return plan.populations.length > 2 ? plan.projections.findIndex((p) => p.pre === 0 && p.post === 1) : -1
}

/** Weights and delays (ms) of that projection, float32, [input][neuron]: stored each epoch for constrained runs. */
export function eiSnapshot(plan: Plan, params: Float64Array): { weights: Float32Array; delays: Float32Array } | null {
  const x = eiProjection(plan)
  if (x < 0 || !plan.constrained) return null
  const prj = plan.projections[x]!
  return {
    weights: Float32Array.from(params.subarray(prj.wOffset, prj.wOffset + prj.nPre * prj.nPost)),
    delays: Float32Array.from(projectionDelays(plan, prj, params))
  }
}

export interface RewireEpoch { epoch: number; removed: number; regrown: number; clipped: number; disconnected: number }

export function eiOfRun(
  plan: Plan, source: { weights: ArrayLike<number>; delays: ArrayLike<number>; signs: ArrayLike<number> | null },
  meta: { runId: number; epoch: number; at: EiAnalysis['at'] }, opts: { delayBins: number; channelBands: number; keep: number; fields: boolean },
  rewiring: RewireEpoch[]
): EiAnalysis {
  const x = eiProjection(plan)
  if (x < 0) throw new Error(`run ${meta.runId} has no hidden layer: E/I maps read the projection from the inputs into the first hidden layer`)
  const prj = plan.projections[x]!
  const r = analyseEi(
    { weights: Float64Array.from(source.weights), delays: Float64Array.from(source.delays), inputs: prj.nPre, neurons: prj.nPost, maxDelay: plan.spec.maxDelay },
    { delayBins: opts.delayBins, channelBands: opts.channelBands, keep: opts.keep, seed: 1 }
  )
  const maps = (m: EiResult): EiMaps => ({ ...m, fields: opts.fields ? m.fields : new Float32Array(0) })
  const notes: string[] = []
  if (!prj.dale) notes.push('Dale\'s principle is off on this projection: a synapse counts as excitatory or inhibitory by its own weight\'s sign.')
  if (prj.delayMode === 'none') notes.push('This projection has no delays: every synapse falls in the first delay bin.')
  if (r.disconnected.length) notes.push(`${r.disconnected.length} hidden neuron${r.disconnected.length === 1 ? ' has' : 's have'} lost every input connection (${r.disconnected.slice(0, 12).join(', ')}${r.disconnected.length > 12 ? ', …' : ''}).`)
  const lost = rewiring.filter((e) => e.disconnected > 0)
  if (lost.length) notes.push(`Rewiring left neurons without input in ${lost.length} epoch${lost.length === 1 ? '' : 's'} (first: epoch ${lost[0]!.epoch}, ${lost[0]!.disconnected} neuron${lost[0]!.disconnected === 1 ? '' : 's'}).`)
  let excitatoryInputs: number | null = null
  if (source.signs) {
    let e = 0
    for (let i = 0; i < prj.nPre; i++) if (source.signs[i]! > 0) e++
    excitatoryInputs = e / prj.nPre
  }
  return {
    ...maps(r), runId: meta.runId, epoch: meta.epoch, at: meta.at, inputs: prj.nPre, neurons: prj.nPost,
    projection: { dale: prj.dale, density: prj.density, excitatoryInputs, delayMode: prj.delayMode },
    pruned: r.pruned ? { ...maps(r.pruned), keep: r.pruned.keep, survival: r.pruned.survival } : null,
    rewiring, notes
  }
}
