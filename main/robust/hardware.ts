/**
 * Hardware-style perturbations of a trained network (what deployment does to it): delays jittered
 * by N(0, σ) ms (positional delays: positions moved by σ/scale per coordinate), delays rounded to a
 * coarser grid of g ms, and weights quantised to k bits per projection (symmetric, max |w| to the
 * largest level). Each returns perturbed parameters; seeded. No I/O.
 */
import type { Plan } from '../snn/model'
import { Rng } from '../util/rng'

export type HardwareKind = 'delay-jitter' | 'delay-round' | 'weight-bits'

export function perturbNetwork(plan: Plan, params: Float64Array, kind: HardwareKind, size: number, seed: number): Float64Array {
  const out = params.slice()
  const rng = new Rng(seed)
  if (kind === 'weight-bits') {
    if (!Number.isInteger(size) || size < 1) throw new Error(`weight-bits: ${size} is not a whole number of bits (1 or more)`)
    for (const prj of plan.projections) {
      const n = prj.nPre * prj.nPost
      let top = 0
      for (let k = 0; k < n; k++) top = Math.max(top, Math.abs(params[prj.wOffset + k]!))
      const levels = 2 ** (size - 1) - 1
      if (!(top > 0)) continue
      const step = levels > 0 ? top / levels : top
      for (let k = 0; k < n; k++) out[prj.wOffset + k] = levels > 0 ? Math.round(params[prj.wOffset + k]! / step) * step : Math.sign(params[prj.wOffset + k]!) * top
    }
    return out
  }
  if (size === 0) return out
  for (const prj of plan.projections) {
    if (prj.dOffset < 0) continue
    for (let k = 0; k < prj.nPre * prj.nPost; k++) {
      const d = params[prj.dOffset + k]!
      out[prj.dOffset + k] = kind === 'delay-jitter' ? Math.max(0, d + size * rng.normal()) : Math.round(d / size) * size
    }
  }
  if (kind === 'delay-jitter')
    for (const pop of plan.populations) {
      if (pop.posOffset < 0) continue
      for (let k = 0; k < pop.size * pop.posDims; k++) out[pop.posOffset + k]! += (size / pop.posScale / Math.SQRT2) * rng.normal()
    }
  return out
}
