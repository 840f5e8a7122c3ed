/**
 * Excitatory/inhibitory spatio-temporal structure (research/algorithms.md §D.4): every hidden
 * neuron's receptive field as a signed image over input channel × delay, from the weights and
 * delays of the projection into the first hidden layer (sign: its presynaptic neuron's under Dale,
 * else the weight's own).
 *
 * - Fields: Σ of the signed weights falling in each (channel band, delay bin) cell.
 * - Order: neurons sorted by average-linkage agglomerative clustering of their fields under cosine
 *   distance (leaf order of the dendrogram), so similar receptive fields sit together.
 * - Population: excitatory and inhibitory weight (Σ|w|) per delay bin and per channel band, their
 *   balance (E − I)/(E + I), and each neuron's share of excitatory input.
 * - Grouping: how much E and I cluster in channel × delay. Per neuron, the fraction of adjacent
 *   non-empty cells (neighbours in channel or delay) of the same sign, against the same fraction
 *   when the neuron's cells are shuffled (the null): above the null, E and I group together.
 * - Pruning: the same after keeping the largest k % of synapses by |w|, and how well the
 *   population maps of the pruned network correlate with the full one's (does the pattern survive?).
 * No I/O.
 */
import type { EiMaps } from '../../preload/api'
import { Rng } from '../util/rng'

export interface EiInput {
  /** [input][neuron], signed; 0 = absent. */
  weights: Float32Array | Float64Array
  /** [input][neuron], ms. */
  delays: Float32Array | Float64Array
  inputs: number
  neurons: number
  maxDelay: number
}

export interface EiOptions {
  /** Delay bins over [0, maxDelay]. */
  delayBins: number
  /** Channel bands (inputs are grouped into this many contiguous bands, at most one per input). */
  channelBands: number
  /** Fraction of synapses kept by |w| for the pruned view (1: none pruned). */
  keep: number
  seed: number
}

export const DEFAULT_EI: EiOptions = { delayBins: 12, channelBands: 40, keep: 1, seed: 1 }

/** E and I by delay and band, balance, E share per neuron, grouping against its null (the contract's type). */
export type EiPopulation = EiMaps['population']

/** Maps of one network: fields, order, population summaries, synapse counts (the contract's EiMaps). */
export type EiResult = EiMaps

export function analyseEi(input: EiInput, opts: EiOptions = DEFAULT_EI): EiResult & { pruned?: EiResult & { keep: number; survival: { byDelay: number; byChannel: number; fields: number } } } {
  const full = analyseOnce(input, opts)
  if (!(opts.keep < 1)) return full
  const pruned = analyseOnce(prune(input, opts.keep), opts)
  return {
    ...full,
    pruned: {
      ...pruned, keep: opts.keep,
      survival: {
        byDelay: correlation(full.population.balanceByDelay, pruned.population.balanceByDelay),
        byChannel: correlation(full.population.balanceByChannel, pruned.population.balanceByChannel),
        fields: correlation(Array.from(full.fields), Array.from(pruned.fields))
      }
    }
  }
}

/** The input with only the largest `keep` fraction of present synapses by |w|. */
export function prune(input: EiInput, keep: number): EiInput {
  const w = input.weights
  const present: number[] = []
  for (let k = 0; k < w.length; k++) if (w[k] !== 0) present.push(k)
  const n = Math.max(1, Math.round(keep * present.length))
  present.sort((a, b) => Math.abs(w[b]!) - Math.abs(w[a]!) || a - b)
  const out = new Float64Array(w.length)
  for (let c = 0; c < n && c < present.length; c++) out[present[c]!] = w[present[c]!]!
  return { ...input, weights: out }
}

function analyseOnce(input: EiInput, opts: EiOptions): EiResult {
  const { inputs, neurons, weights, delays, maxDelay } = input
  const B = Math.max(1, Math.min(opts.channelBands, inputs)), D = Math.max(1, opts.delayBins)
  const bandEdges = Array.from({ length: B + 1 }, (_, b) => Math.round((b * inputs) / B))
  const bandOf = new Int32Array(inputs)
  for (let b = 0; b < B; b++) for (let i = bandEdges[b]!; i < bandEdges[b + 1]!; i++) bandOf[i] = b
  const span = maxDelay > 0 ? maxDelay : 1
  const delayEdges = Array.from({ length: D + 1 }, (_, d) => (d * span) / D)
  const binOf = (ms: number): number => Math.min(D - 1, Math.max(0, Math.floor((ms / span) * D)))
  const fields = new Float32Array(neurons * B * D)
  const eD = new Float64Array(D), iD = new Float64Array(D), eB = new Float64Array(B), iB = new Float64Array(B)
  const eN = new Float64Array(neurons), iN = new Float64Array(neurons)
  let present = 0, exc = 0, inh = 0
  for (let i = 0; i < inputs; i++)
    for (let j = 0; j < neurons; j++) {
      const k = i * neurons + j, w = weights[k]!
      if (w === 0) continue
      present++
      const d = binOf(delays[k]!), b = bandOf[i]!
      fields[(j * B + b) * D + d]! += w
      if (w > 0) { exc++; eD[d]! += w; eB[b]! += w; eN[j]! += w } else { inh++; iD[d]! -= w; iB[b]! -= w; iN[j]! -= w }
    }
  const balance = (e: Float64Array, i: Float64Array): number[] => Array.from(e, (x, k) => (x + i[k]! > 0 ? (x - i[k]!) / (x + i[k]!) : 0))
  const rng = new Rng(opts.seed)
  let g = 0, gNull = 0, counted = 0
  const cell = new Float64Array(B * D)
  for (let j = 0; j < neurons; j++) {
    for (let c = 0; c < B * D; c++) cell[c] = fields[j * B * D + c]!
    const own = sameSignAdjacency(cell, B, D)
    if (Number.isNaN(own)) continue
    // shuffles that leave no adjacent pair say nothing: averaged over those that do
    let nul = 0, used = 0
    const SHUFFLES = 5
    for (let s = 0; s < SHUFFLES; s++) {
      const perm = cell.slice()
      for (let c = perm.length - 1; c > 0; c--) {
        const r = rng.int(c + 1), t = perm[c]!
        perm[c] = perm[r]!
        perm[r] = t
      }
      const x = sameSignAdjacency(perm, B, D)
      if (Number.isNaN(x)) continue
      nul += x
      used++
    }
    if (!used) continue
    g += own
    gNull += nul / used
    counted++
  }
  const disconnected: number[] = []
  for (let j = 0; j < neurons; j++) if (eN[j]! + iN[j]! === 0) disconnected.push(j)
  return {
    delayBins: D, channelBands: B, delayEdges, bandEdges, fields,
    order: clusterOrder(fields, neurons, B * D),
    population: {
      excitatoryByDelay: Array.from(eD), inhibitoryByDelay: Array.from(iD), excitatoryByChannel: Array.from(eB), inhibitoryByChannel: Array.from(iB),
      balanceByDelay: balance(eD, iD), balanceByChannel: balance(eB, iB),
      excitatoryShare: Array.from(eN, (e, j) => (e + iN[j]! > 0 ? e / (e + iN[j]!) : NaN)),
      grouping: counted ? g / counted : NaN, groupingNull: counted ? gNull / counted : NaN
    },
    synapses: { present, excitatory: exc, inhibitory: inh, total: inputs * neurons },
    disconnected
  }
}

/** Among pairs of adjacent non-empty cells (channel ±1 or delay ±1), the fraction with the same sign; NaN with no pair. */
export function sameSignAdjacency(cell: Float64Array, B: number, D: number): number {
  let same = 0, pairs = 0
  for (let b = 0; b < B; b++)
    for (let d = 0; d < D; d++) {
      const v = cell[b * D + d]!
      if (v === 0) continue
      if (d + 1 < D && cell[b * D + d + 1] !== 0) { pairs++; if (v > 0 === cell[b * D + d + 1]! > 0) same++ }
      if (b + 1 < B && cell[(b + 1) * D + d] !== 0) { pairs++; if (v > 0 === cell[(b + 1) * D + d]! > 0) same++ }
    }
  return pairs ? same / pairs : NaN
}

/**
 * Leaf order of average-linkage agglomerative clustering under cosine distance (1 − cos), by the
 * Lance–Williams update; O(n³), 0.1 s for 256 neurons. Ties merge the lowest indices first.
 */
export function clusterOrder(fields: Float32Array | Float64Array, n: number, dim: number): number[] {
  if (n <= 2) return Array.from({ length: n }, (_, j) => j)
  const norm = new Float64Array(n)
  for (let j = 0; j < n; j++) {
    let s = 0
    for (let c = 0; c < dim; c++) s += fields[j * dim + c]! ** 2
    norm[j] = Math.sqrt(s)
  }
  const dist = new Float64Array(n * n)
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      let dot = 0
      for (let c = 0; c < dim; c++) dot += fields[a * dim + c]! * fields[b * dim + c]!
      const d = norm[a]! > 0 && norm[b]! > 0 ? 1 - dot / (norm[a]! * norm[b]!) : 1
      dist[a * n + b] = dist[b * n + a] = d
    }
  const members: (number[] | null)[] = Array.from({ length: n }, (_, j) => [j])
  for (let merges = 0; merges < n - 1; merges++) {
    let best = Infinity, ba = -1, bb = -1
    for (let a = 0; a < n; a++) {
      if (!members[a]) continue
      for (let b = a + 1; b < n; b++) {
        if (!members[b]) continue
        const d = dist[a * n + b]!
        if (d < best) { best = d; ba = a; bb = b }
      }
    }
    const sa = members[ba]!.length, sb = members[bb]!.length
    for (let c = 0; c < n; c++) {
      if (!members[c] || c === ba || c === bb) continue
      const d = (sa * dist[ba * n + c]! + sb * dist[bb * n + c]!) / (sa + sb)
      dist[ba * n + c] = dist[c * n + ba] = d
    }
    members[ba] = [...members[ba]!, ...members[bb]!]
    members[bb] = null
  }
  return members.find((m) => m)!
}

/** Pearson correlation (NaN when either side is constant). */
export function correlation(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length)
  let ma = 0, mb = 0
  for (let k = 0; k < n; k++) { ma += a[k]!; mb += b[k]! }
  ma /= n; mb /= n
  let sab = 0, saa = 0, sbb = 0
  for (let k = 0; k < n; k++) {
    const x = a[k]! - ma, y = b[k]! - mb
    sab += x * y; saa += x * x; sbb += y * y
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN
}
