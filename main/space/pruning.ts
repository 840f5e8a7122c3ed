/**
 * Pruning by magnitude and by length (arXiv 2511.01632 §C.3): keep the k % of a positioned
 * layer's recurrent synapses with the largest |w|, or the k % shortest, set the rest to zero, and
 * see what the network still does. Also each neuron's preferred class (the class that makes it
 * spike most per sample) and whether neurons preferring the same class sit together. No I/O.
 */
import { type Plan, projectionDelays } from '../snn/model'
import { isSpatial, spaceLayer } from './analysis'

/**
 * A copy of `params` keeping only the `keep` fraction of the recurrent synapses by the given order;
 * without positions "shortest" means the shortest delays.
 */
export function pruned(plan: Plan, params: Float64Array, mode: 'magnitude' | 'length', keep: number): Float64Array {
  const p = spaceLayer(plan)
  const pop = plan.populations[p]!, rec = plan.projections.find((x) => x.pre === p && x.post === p)!
  const n = pop.size, dims = pop.posDims, m = n * n
  const out = params.slice()
  const score = new Float64Array(m)
  const delays = !isSpatial(plan, p) && mode === 'length' ? projectionDelays(plan, rec, params) : null
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (mode === 'magnitude') score[i * n + j] = Math.abs(params[rec.wOffset + i * n + j]!)
      else if (delays) score[i * n + j] = -delays[i * n + j]!
      else {
        let s = 0
        for (let k = 0; k < dims; k++) s += (params[pop.posOffset + i * dims + k]! - params[pop.posOffset + j * dims + k]!) ** 2
        // shortest first: the negated length ranks them
        score[i * n + j] = -Math.sqrt(s)
      }
    }
  const kept = Math.round(Math.min(1, Math.max(0, keep)) * m)
  const order = Array.from(score.keys()).sort((a, b) => score[b]! - score[a]! || a - b)
  for (let r = kept; r < m; r++) out[rec.wOffset + order[r]!] = 0
  return out
}

/**
 * Each neuron's preferred class: the class with the most spikes per sample of that class (−1 for
 * a neuron that never spiked); `counts` is [sample][neuron] spike counts of the positioned layer.
 */
export function preferredClasses(counts: Float64Array[], labels: ArrayLike<number>, classes: number, n: number): Int32Array {
  const sums = new Float64Array(classes * n), per = new Float64Array(classes)
  counts.forEach((c, s) => {
    const y = labels[s]!
    per[y]!++
    for (let j = 0; j < n; j++) sums[y * n + j]! += c[j]!
  })
  const out = new Int32Array(n).fill(-1)
  for (let j = 0; j < n; j++) {
    let best = 0
    for (let y = 0; y < classes; y++) {
      const r = per[y]! > 0 ? sums[y * n + j]! / per[y]! : 0
      if (r > best) { best = r; out[j] = y }
    }
  }
  return out
}

/**
 * How much neurons preferring the same class sit together: the mean distance between such pairs
 * over the mean distance between all pairs of responsive neurons (< 1: together; 1: no relation).
 */
export function classClustering(positions: ArrayLike<number>, dims: number, preferred: Int32Array): number | null {
  let same = 0, nSame = 0, all = 0, nAll = 0
  for (let i = 0; i < preferred.length; i++)
    for (let j = i + 1; j < preferred.length; j++) {
      if (preferred[i]! < 0 || preferred[j]! < 0) continue
      let s = 0
      for (let k = 0; k < dims; k++) s += (positions[i * dims + k]! - positions[j * dims + k]!) ** 2
      const d = Math.sqrt(s)
      all += d
      nAll++
      if (preferred[i] === preferred[j]) { same += d; nSame++ }
    }
  return nSame && nAll && all > 0 ? same / nSame / (all / nAll) : null
}
