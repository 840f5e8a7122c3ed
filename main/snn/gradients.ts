/**
 * Turns the backend's raw gradients into the parameter gradient: adds the connection cost and
 * carries delay gradients onto learned delays or, through the distances, onto neuron positions
 * (research/algorithms.md §C.2): with d_ij = s·‖p_i − p_j‖,
 *   ∂L/∂p_i += G_ij · s·(p_i − p_j)/‖p_i − p_j‖,  ∂L/∂p_j −= the same.
 * Shared by the CPU and GPU backends (it runs once per batch, on the host).
 */
import { type Plan, projectionDelays } from './model'

/**
 * Distance-dependent connection cost (§C.3, form inferred from the authors' scripts):
 * L = l1 · Σ |w|·d^γ over projections with learned or positional delays (γ = 0: plain L1).
 * Without `pull` only the weights feel it (a length-weighted L1, as a regulariser in the weight
 * optimiser applies it); with `pull` its gradient also shortens delays, i.e. draws connected
 * neurons together, which in short runs collapses the positions instead of thinning long weights.
 */
export interface ConnectionCost {
  l1: number
  gamma: number
  pull?: boolean
}

/** Adds the cost's gradient to `grad` and `delayGrads`; returns the cost's value. */
export function addConnectionCost(plan: Plan, params: Float64Array, grad: Float64Array, delayGrads: Float64Array[], cost: ConnectionCost): number {
  if (cost.l1 === 0) return 0
  let value = 0
  plan.projections.forEach((prj, x) => {
    if (prj.delayMode !== 'learn' && prj.delayMode !== 'position') return
    const d = projectionDelays(plan, prj, params)
    const gd = delayGrads[x]!
    for (let k = 0; k < d.length; k++) {
      const w = params[prj.wOffset + k]!
      const dg = cost.gamma === 0 ? 1 : Math.pow(d[k]!, cost.gamma)
      value += cost.l1 * Math.abs(w) * dg
      grad[prj.wOffset + k]! += cost.l1 * Math.sign(w) * dg
      if (cost.gamma !== 0 && cost.pull) gd[k]! += cost.l1 * Math.abs(w) * cost.gamma * Math.pow(d[k]!, cost.gamma - 1)
    }
  })
  return value
}

/** Moves per-synapse delay gradients onto the parameters that make the delays. */
export function applyDelayGradients(plan: Plan, params: Float64Array, grad: Float64Array, delayGrads: Float64Array[]): void {
  const max = plan.spec.maxDelay
  plan.projections.forEach((prj, x) => {
    const gd = delayGrads[x]!
    if (prj.delayMode === 'learn') {
      for (let k = 0; k < gd.length; k++) grad[prj.dOffset + k]! += gd[k]!
    } else if (prj.delayMode === 'position') {
      const a = plan.populations[prj.pre]!, b = plan.populations[prj.post]!
      const dims = a.posDims, s = a.posScale
      for (let i = 0; i < prj.nPre; i++)
        for (let j = 0; j < prj.nPost; j++) {
          const g = gd[i * prj.nPost + j]!
          if (g === 0) continue
          let dist2 = 0
          for (let k = 0; k < dims; k++) {
            const diff = params[a.posOffset + i * dims + k]! - params[b.posOffset + j * dims + k]!
            dist2 += diff * diff
          }
          const dist = Math.sqrt(dist2)
          // no direction at zero distance; no gradient where the delay sits at its clamp
          if (dist < 1e-12 || s * dist >= max) continue
          for (let k = 0; k < dims; k++) {
            const diff = params[a.posOffset + i * dims + k]! - params[b.posOffset + j * dims + k]!
            const gk = (g * s * diff) / dist
            grad[a.posOffset + i * dims + k]! += gk
            grad[b.posOffset + j * dims + k]! -= gk
          }
        }
    }
  })
}
