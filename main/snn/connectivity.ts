/**
 * Dale's principle and sparse masks on the parameter vector (research/algorithms.md §D.3).
 *
 * Weights are kept signed, as everywhere else in Axonal, with two constraints on a constrained
 * projection: under Dale every weight of presynaptic neuron i has the sign params[signOffset + i]
 * (or is 0), and on a sparse projection the synapses present are exactly those with a weight
 * ≠ 0. The papers store magnitudes m ≥ 0 with a fixed sign s, w = s·m; the two are the same
 * model: ∂L/∂m = s·∂L/∂w, and Adam, being per coordinate and odd in the gradient, moves s·m by s
 * times its move of m (rewire.test.ts checks it), so clipping w at 0 where it would change sign is
 * clipping m at 0. Keeping w signed lets every consumer (analyses, Loihi, NIR, reports) read the
 * weights as they act. No I/O.
 */
import type { Plan, ProjectionPlan } from './model'
import { Rng, deriveSeed } from '../util/rng'

/** Draws every Dale neuron's sign (+1 with probability `excitatory`) and applies signs and masks to the weights. */
export function initConnectivity(plan: Plan, params: Float64Array, seed: number): void {
  if (!plan.constrained) return
  const rng = new Rng(deriveSeed(seed, 0xda1e))
  const e = plan.spec.excitatory ?? 0.5
  for (const pop of plan.populations)
    if (pop.signOffset >= 0) for (let i = 0; i < pop.size; i++) params[pop.signOffset + i] = rng.uniform() < e ? 1 : -1
  for (const prj of plan.projections) {
    const n = prj.nPre * prj.nPost
    if (prj.dale)
      for (let i = 0; i < prj.nPre; i++) {
        const s = params[prj.signOffset + i]!
        for (let j = 0; j < prj.nPost; j++) {
          const k = prj.wOffset + i * prj.nPost + j
          params[k] = s * Math.abs(params[k]!)
        }
      }
    if (prj.density >= 1) continue
    // exactly round(density·n) synapses, drawn without replacement (a partial Fisher–Yates shuffle)
    const keep = budget(prj)
    const idx = Int32Array.from({ length: n }, (_, k) => k)
    for (let k = 0; k < keep; k++) {
      const r = k + Math.floor(rng.uniform() * (n - k))
      const t = idx[k]!
      idx[k] = idx[r]!
      idx[r] = t
    }
    const present = new Uint8Array(n)
    for (let k = 0; k < keep; k++) present[idx[k]!] = 1
    for (let k = 0; k < n; k++) {
      const at = prj.wOffset + k
      if (!present[k]) params[at] = 0
      // a present synapse must not sit at exactly 0, which means absent
      else if (params[at] === 0) params[at] = TINY * signOf(params, prj, Math.floor(k / prj.nPost))
    }
  }
}

/** The magnitude a regrown (or exactly-zero present) synapse starts at (§D.3: 1e-12). */
export const TINY = 1e-12

/** The number of synapses a sparse projection keeps: round(density · nPre · nPost), at least 1. */
export function budget(prj: ProjectionPlan): number {
  return prj.density >= 1 ? prj.nPre * prj.nPost : Math.max(1, Math.round(prj.density * prj.nPre * prj.nPost))
}

/** Presynaptic neuron i's sign in a Dale projection (+1 otherwise). */
export function signOf(params: Float64Array, prj: ProjectionPlan, i: number): number {
  return prj.dale ? params[prj.signOffset + i]! : 1
}

/** Synapses present (weight ≠ 0) in a projection. */
export function presentCount(params: Float64Array, prj: ProjectionPlan): number {
  let c = 0
  const end = prj.wOffset + prj.nPre * prj.nPost
  for (let k = prj.wOffset; k < end; k++) if (params[k] !== 0) c++
  return c
}

/** Postsynaptic neurons of a sparse projection with no incoming synapse left. */
export function disconnected(params: Float64Array, prj: ProjectionPlan): number[] {
  const has = new Uint8Array(prj.nPost)
  for (let i = 0; i < prj.nPre; i++) {
    const row = prj.wOffset + i * prj.nPost
    for (let j = 0; j < prj.nPost; j++) if (params[row + j] !== 0) has[j] = 1
  }
  const out: number[] = []
  has.forEach((h, j) => { if (!h) out.push(j) })
  return out
}
