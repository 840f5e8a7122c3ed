/** Helpers for engine tests: build parameter vectors from matrices, run one sample's gradient. */
import { CpuNetwork, type ForwardResult, type SpikeSample } from './cpu/network'
import { applyDelayGradients } from './gradients'
import type { Plan } from './model'

/** Writes a [pre][post] matrix into a projection's weights ('w') or delays ('d'). */
export function setMatrix(plan: Plan, params: Float64Array, projection: number, what: 'w' | 'd', m: number[][]): void {
  const prj = plan.projections[projection]!
  const off = what === 'w' ? prj.wOffset : prj.dOffset
  if (off < 0) throw new Error(`projection ${projection} has no ${what} parameters`)
  m.forEach((row, i) => row.forEach((v, j) => (params[off + i * prj.nPost + j] = v)))
}

export function getMatrix(plan: Plan, v: Float64Array, projection: number, what: 'w' | 'd'): number[][] {
  const prj = plan.projections[projection]!
  const off = what === 'w' ? prj.wOffset : prj.dOffset
  return Array.from({ length: prj.nPre }, (_, i) => Array.from({ length: prj.nPost }, (_, j) => v[off + i * prj.nPost + j]!))
}

export function spikes(list: [time: number, channel: number][], label = 0): SpikeSample {
  return { times: Float64Array.from(list, (s) => s[0]), units: Int32Array.from(list, (s) => s[1]), label }
}

/**
 * Loss and EventProp gradient for one sample. With `dLdr`, the loss is the linear function
 * Σ dLdr_k · r_k of the readout instead of the cross-entropy.
 */
export function lossAndGradient(plan: Plan, params: Float64Array, sample: SpikeSample, dLdr?: number[], opts: { denseGrads?: boolean } = {}): { loss: number; grad: Float64Array; fwd: ForwardResult } {
  const net = new CpuNetwork(plan)
  net.setParams(params)
  const fwd = net.forward(sample)
  let loss = fwd.loss
  if (dLdr) {
    fwd.dLdr.set(dLdr)
    loss = dLdr.reduce((s, c, k) => s + c * fwd.readout[k]!, 0)
  }
  const grad = new Float64Array(plan.paramCount)
  net.clearDelayGrads()
  net.backward(fwd, grad, { scale: 1, denseGrads: opts.denseGrads === true })
  applyDelayGradients(plan, params, grad, net.delayGrads)
  return { loss, grad, fwd }
}

export function lossOnly(plan: Plan, params: Float64Array, sample: SpikeSample, dLdr?: number[]): { loss: number; hiddenSpikes: number } {
  const net = new CpuNetwork(plan)
  net.setParams(params)
  const fwd = net.forward(sample)
  const loss = dLdr ? dLdr.reduce((s, c, k) => s + c * fwd.readout[k]!, 0) : fwd.loss
  // LIF outputs (first-spike readout) count too: a spike that appears or goes makes the loss jump
  const hiddenSpikes = fwd.tapes.slice(1).reduce((s, t) => s + t.length, 0)
  return { loss, hiddenSpikes }
}

/**
 * ∂L/∂(parameter `at`) by central differences at h = 0.5 and 0.25, Richardson-extrapolated. For a
 * delay, shifts of whole steps (dt dividing 0.25 ms) move everything downstream rigidly, so the
 * simulated loss is smooth in them and only an O(h⁴) error remains: an oracle for gradients
 * through spikes without the staircase of ordinary finite differences.
 */
export function shiftedDelayFd(plan: Plan, params: Float64Array, sample: SpikeSample, at: number, dLdr?: number[]): number {
  const central = (h: number): number => {
    const up = params.slice(), down = params.slice()
    up[at]! += h
    down[at]! -= h
    return (lossOnly(plan, up, sample, dLdr).loss - lossOnly(plan, down, sample, dLdr).loss) / (2 * h)
  }
  return (4 * central(0.25) - central(0.5)) / 3
}
