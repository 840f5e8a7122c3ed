/**
 * The Space analysis of one checkpoint of a position-learning run: the recurrent layer's neurons
 * at their positions, its |W| and delays, and the measures of measures.ts against null models
 * (arXiv 2511.01632 §C.4): clustering and efficiency over graphs with the same weights shuffled
 * (so a user can tell structure from "any graph with these weights"), wiring over the same graph
 * with positions permuted (so "spatial" can be told from "any sparse graph"). No I/O.
 *
 * A recurrent layer without positions (freely learned or fixed delays: the paper's non-spatial
 * control) gets the graph measures too, so the conditions compare side by side; the measures that
 * need positions (wiring, specialisation) are null, and connection lengths are its delays.
 */
import type { SpaceAnalysis } from '../../preload/api'
import { type Plan, projectionDelays } from '../snn/model'
import { Rng } from '../util/rng'
import { louvainCommunities } from './communities'
import { type Graph, clustering, globalEfficiency, mean, modularity, wiringCost, wiringEfficiency } from './measures'
import { ridgeR2 } from './specialisation'

export interface SpaceOptions {
  /** Shuffled-weight nulls for clustering (the paper: 50) and efficiency (the paper: 5). */
  clusteringNulls: number
  efficiencyNulls: number
  /** Position-permutation nulls for the wiring measures. */
  spatialNulls: number
  resolution: number
  seed: number
}

export const DEFAULT_SPACE: SpaceOptions = { clusteringNulls: 50, efficiencyNulls: 5, spatialNulls: 50, resolution: 1, seed: 1 }

/** The positioned layer's positions and recurrent weights (float32), kept per epoch; null without positions. */
export function spaceSnapshot(plan: Plan, params: Float64Array): { positions: Float32Array; weights: Float32Array } | null {
  if (spaceProblem(plan)) return null
  const p = spaceLayer(plan)
  const pop = plan.populations[p]!, rec = plan.projections.find((x) => x.pre === p && x.post === p)!
  if (!isSpatial(plan, p)) return null
  return {
    positions: Float32Array.from(params.subarray(pop.posOffset, pop.posOffset + pop.size * pop.posDims)),
    weights: Float32Array.from(params.subarray(rec.wOffset, rec.wOffset + pop.size * pop.size))
  }
}

/**
 * The layer measured: the one whose recurrent delays come from its positions, else the first with
 * recurrent connections (−1: none). Positions that make no delay are not a layout.
 */
export function spaceLayer(plan: Plan): number {
  const recurrent = (q: number): boolean => plan.projections.some((x) => x.pre === q && x.post === q)
  const spatial = plan.populations.findIndex((_, q) => isSpatial(plan, q))
  if (spatial >= 0) return spatial
  const positioned = plan.populations.findIndex((p, q) => p.posOffset >= 0 && recurrent(q))
  return positioned >= 0 ? positioned : plan.populations.findIndex((_, q) => recurrent(q))
}

/** Whether layer q's recurrent delays are its neurons' distances. */
export function isSpatial(plan: Plan, q: number): boolean {
  return plan.populations[q]!.posOffset >= 0 && plan.projections.some((x) => x.pre === q && x.post === q && x.delayMode === 'position')
}

/** Why a run cannot be analysed, or null. */
export function spaceProblem(plan: Plan): string | null {
  const positioned = plan.populations.findIndex((p) => p.posOffset >= 0)
  if (positioned >= 0 && !plan.projections.some((x) => x.pre === x.post)) return `hidden layer ${positioned} has positions but no recurrent connections to measure`
  if (spaceLayer(plan) < 0) return 'the network has no recurrent hidden layer: the Space analysis measures the graph of recurrent connections (train a recurrent or position-learning preset)'
  return null
}

export function analyseSpace(plan: Plan, params: Float64Array, opts: SpaceOptions = DEFAULT_SPACE): Omit<SpaceAnalysis, 'runId' | 'epoch'> {
  const problem = spaceProblem(plan)
  if (problem) throw new Error(problem)
  const p = spaceLayer(plan)
  const n = plan.populations[p]!.size
  if (!isSpatial(plan, p)) return analyseGraph(plan, params, opts)
  const snap = spaceSnapshot(plan, params)!
  const inputs = plan.projections.find((x) => x.post === p && x.pre !== p)!
  // each neuron's receptive field: its column of input weights
  const fields = new Float64Array(n * inputs.nPre)
  for (let i = 0; i < inputs.nPre; i++) for (let j = 0; j < n; j++) fields[j * inputs.nPre + i] = params[inputs.wOffset + i * n + j]!
  return analyseSnapshot(plan, snap, opts, { features: inputs.nPre, fields })
}

/**
 * The measures of a snapshot (positions and recurrent weights of one epoch); specialisation
 * needs the input weights, which only checkpoints keep (`fields`: [neuron][input channel]).
 */
export function analyseSnapshot(plan: Plan, snap: { positions: Float32Array; weights: Float32Array }, opts: SpaceOptions = DEFAULT_SPACE, fields?: { features: number; fields: Float64Array }): Omit<SpaceAnalysis, 'runId' | 'epoch'> {
  const problem = spaceProblem(plan)
  if (problem) throw new Error(problem)
  const p = spaceLayer(plan)
  const pop = plan.populations[p]!
  if (!isSpatial(plan, p)) throw new Error(`hidden layer ${p} has no positions that make its delays: only its checkpoints can be measured`)
  const n = pop.size, dims = pop.posDims
  const positions = Float64Array.from(snap.positions), weights = Float64Array.from(snap.weights)
  // geometric lengths between neurons, and the delays they make (scale·length, clamped)
  const lengths = distances(positions, n, dims)
  const delays = lengths.map((l) => Math.min(plan.spec.maxDelay, pop.posScale * l))
  const g: Graph = { n, w: Float64Array.from(weights, Math.abs) }
  const rng = new Rng(opts.seed)
  const notes: string[] = []
  if (!g.w.some((x) => x > 0)) notes.push('every recurrent weight is zero: there is no graph to measure')

  const communities = louvainCommunities(g, opts.seed, opts.resolution)
  const q = modularity(g, communities, opts.resolution)
  const c = mean(clustering(g)), e = globalEfficiency(g)
  const cNull = meanOver(opts.clusteringNulls, () => mean(clustering(shuffled(g, rng))))
  const eNull = meanOver(opts.efficiencyNulls, () => globalEfficiency(shuffled(g, rng)))
  const cost = wiringCost(g, lengths), eff = wiringEfficiency(g, lengths)
  const costNull = meanOver(opts.spatialNulls, () => wiringCost(g, distances(permuted(positions, n, dims, rng), n, dims)))
  const r2 = fields ? ridgeR2(fields.fields, n, fields.features, positions, dims) : null
  return {
    layer: p, n, dims, positioned: true, positions: Float32Array.from(positions), weights: Float32Array.from(weights), delays: Float32Array.from(delays),
    communities,
    measures: {
      wiringCost: cost, wiringCostSpatialNull: costNull, wiringCostRatio: ratio(cost, costNull), wiringEfficiency: eff,
      modularity: q, communities: new Set(communities).size,
      clustering: c, clusteringNull: cNull, clusteringRatio: ratio(c, cNull),
      efficiency: e, efficiencyNull: eNull, efficiencyRatio: ratio(e, eNull),
      specialisationR2: r2?.mean ?? null, specialisationR2PerAxis: r2?.perAxis ?? [], specialisationR2HeldOut: r2?.heldOut ?? null
    },
    lengthHistogram: { of: 'distance', ...histogram(lengths, g.w, 20) },
    nulls: { clustering: opts.clusteringNulls, efficiency: opts.efficiencyNulls, spatial: opts.spatialNulls },
    notes
  }
}

/**
 * A recurrent layer without positions: the graph measures against shuffled-weight nulls; wiring,
 * the spatial null and specialisation need positions and are null; lengths are the delays (ms).
 */
function analyseGraph(plan: Plan, params: Float64Array, opts: SpaceOptions): Omit<SpaceAnalysis, 'runId' | 'epoch'> {
  const p = spaceLayer(plan)
  const n = plan.populations[p]!.size
  const rec = plan.projections.find((x) => x.pre === p && x.post === p)!
  const weights = params.subarray(rec.wOffset, rec.wOffset + n * n)
  const delays = projectionDelays(plan, rec, params)
  const g: Graph = { n, w: Float64Array.from(weights, Math.abs) }
  const rng = new Rng(opts.seed)
  const kind = rec.delayMode === 'learn' ? 'freely learned' : rec.delayMode === 'fixed' ? 'fixed' : 'no'
  const notes = [`hidden layer ${p} has no positions that make its delays (${kind} recurrent delays): neurons are drawn on a circle by community; wiring and specialisation need positions, and connection lengths are the delays`]
  if (!g.w.some((x) => x > 0)) notes.push('every recurrent weight is zero: there is no graph to measure')
  const communities = louvainCommunities(g, opts.seed, opts.resolution)
  const c = mean(clustering(g)), e = globalEfficiency(g)
  const cNull = meanOver(opts.clusteringNulls, () => mean(clustering(shuffled(g, rng))))
  const eNull = meanOver(opts.efficiencyNulls, () => globalEfficiency(shuffled(g, rng)))
  return {
    layer: p, n, dims: 0, positioned: false, positions: new Float32Array(0), weights: Float32Array.from(weights), delays: Float32Array.from(delays),
    communities,
    measures: {
      wiringCost: null, wiringCostSpatialNull: null, wiringCostRatio: null, wiringEfficiency: null,
      modularity: modularity(g, communities, opts.resolution), communities: new Set(communities).size,
      clustering: c, clusteringNull: cNull, clusteringRatio: ratio(c, cNull),
      efficiency: e, efficiencyNull: eNull, efficiencyRatio: ratio(e, eNull),
      specialisationR2: null, specialisationR2PerAxis: [], specialisationR2HeldOut: null
    },
    lengthHistogram: { of: 'delay', ...histogram(Float64Array.from(delays), g.w, 20) },
    nulls: { clustering: opts.clusteringNulls, efficiency: opts.efficiencyNulls, spatial: 0 },
    notes
  }
}

const ratio = (a: number, b: number): number | null => (b > 0 && Number.isFinite(a) ? a / b : null)

function distances(pos: Float64Array, n: number, dims: number): Float64Array {
  const d = new Float64Array(n * n)
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let k = 0; k < dims; k++) s += (pos[i * dims + k]! - pos[j * dims + k]!) ** 2
      d[i * n + j] = Math.sqrt(s)
    }
  return d
}

/** The same weights on the same edges of a graph, each moved to a random place (the paper's null). */
function shuffled(g: Graph, rng: Rng): Graph {
  const w = Float64Array.from(g.w)
  for (let k = w.length - 1; k > 0; k--) {
    const r = rng.int(k + 1)
    const t = w[k]!
    w[k] = w[r]!
    w[r] = t
  }
  return { n: g.n, w }
}

function permuted(pos: Float64Array, n: number, dims: number, rng: Rng): Float64Array {
  const order = Array.from({ length: n }, (_, i) => i)
  for (let k = n - 1; k > 0; k--) {
    const r = rng.int(k + 1)
    ;[order[k], order[r]] = [order[r]!, order[k]!]
  }
  const out = new Float64Array(n * dims)
  order.forEach((from, i) => out.set(pos.subarray(from * dims, (from + 1) * dims), i * dims))
  return out
}

function meanOver(k: number, f: () => number): number {
  let s = 0
  for (let i = 0; i < k; i++) s += f()
  return k > 0 ? s / k : NaN
}

/** Connection lengths: the number of synapses and their summed |w| per bin, from 0 to the longest. */
function histogram(lengths: Float64Array, w: Float64Array, bins: number): { edges: number[]; synapses: number[]; weight: number[] } {
  let top = 0
  for (const x of lengths) if (x > top) top = x
  const edges = Array.from({ length: bins + 1 }, (_, b) => (top * b) / bins)
  const synapses = new Array<number>(bins).fill(0), weight = new Array<number>(bins).fill(0)
  for (let k = 0; k < lengths.length; k++) {
    if (!(w[k]! > 0)) continue
    const b = top > 0 ? Math.min(bins - 1, Math.floor((lengths[k]! / top) * bins)) : 0
    synapses[b]!++
    weight[b]! += w[k]!
  }
  return { edges, synapses, weight }
}
