/**
 * The plan flattened for the kernels (no I/O, no WebGPU): every population's neurons in one index
 * space, tables of populations and projections, the per-sample gradient layout, and the batch's
 * input spikes as deduplicated (sample, step, channel, count) events.
 *
 * Tapes are indexed by emission step + 1 (an input spike at t = 0 is emitted in step −1), so a
 * spike with delay D steps written at index e reaches its target in step e + D.
 */
import type { SpikeSample } from '../cpu/network'
import { DEFAULT_FIRST_SPIKE, type DelayMode, type Plan, type Readout, delaySteps, emissionStep, projectionDelays } from '../model'

export const KIND = { input: 0, lif: 1, li: 2 } as const
export const MODE: Record<DelayMode, number> = { none: 0, fixed: 1, learn: 2, position: 3 }
export const READOUT: Record<Readout, number> = { 'avg-exp': 0, avg: 1, sum: 2, max: 3, 'first-spike': 4 }
/** Floats per output neuron and sample in the `outs` buffer (see common.wgsl). */
export const OUT_STRIDE = 8
/** Bytes per entry of the per-step uniform (WebGPU's dynamic offset alignment). */
export const STEP_STRIDE = 256
/** Words per entry of the Pop and Prj structs of common.wgsl. */
const POP_WORDS = 16
const PRJ_WORDS = 12

export interface Layout {
  neurons: number
  /** First neuron of each population. */
  popOffset: number[]
  outOffset: number
  nOut: number
  ring: number
  /** Offset of each projection's ∂L/∂d in the per-sample gradient (−1: no delays); after the parameters. */
  delayGradOffset: number[]
  /** Parameters + delay gradients: the length of one sample's gradient. */
  gradSize: number
  /** Offset of each projection's integer delays in the delay-steps buffer. */
  delayOffset: number[]
  delayTotal: number
  pops: ArrayBuffer
  prjs: ArrayBuffer
}

export function layout(plan: Plan): Layout {
  const popOffset: number[] = []
  let neurons = 0
  for (const p of plan.populations) {
    popOffset.push(neurons)
    neurons += p.size
  }
  const pops = new ArrayBuffer(plan.populations.length * POP_WORDS * 4)
  plan.populations.forEach((p, i) => {
    const u = new Uint32Array(pops, i * POP_WORDS * 4, POP_WORDS), f = new Float32Array(pops, i * POP_WORDS * 4, POP_WORDS)
    u[0] = popOffset[i]!
    u[1] = p.size
    u[2] = KIND[p.kind]
    u[3] = Math.max(0, p.posOffset)
    u[11] = p.posDims
    f[10] = p.posScale
    // in float64 here, rounded once (see Pop in common.wgsl)
    f[4] = -Math.expm1(-plan.spec.dt / p.tauM)
    f[5] = -Math.expm1(-plan.spec.dt / p.tauS)
    f[6] = p.iScale
    f[12] = (p.tauM / (p.tauM - p.tauS)) * (p.alpha - p.beta)
    f[7] = Number.isFinite(p.threshold) ? p.threshold : 3.0e38
    f[8] = p.tauM
    f[9] = p.tauS
  })
  const delayGradOffset: number[] = [], delayOffset: number[] = []
  let gradSize = plan.paramCount, delayTotal = 0
  const prjs = new ArrayBuffer(plan.projections.length * PRJ_WORDS * 4)
  plan.projections.forEach((x, i) => {
    const n = x.nPre * x.nPost
    delayOffset.push(delayTotal)
    delayTotal += n
    delayGradOffset.push(x.delayMode === 'none' ? -1 : gradSize)
    if (x.delayMode !== 'none') gradSize += n
    const u = new Uint32Array(prjs, i * PRJ_WORDS * 4, PRJ_WORDS)
    u.set([x.pre, x.post, popOffset[x.pre]!, x.nPre, popOffset[x.post]!, x.nPost, x.wOffset, delayOffset[i]!, Math.max(0, delayGradOffset[i]!), x.delayMode === 'none' ? 0 : 1, MODE[x.delayMode], Math.max(0, x.dOffset)])
  })
  return {
    neurons, popOffset, outOffset: popOffset[plan.outputPop]!, nOut: plan.populations[plan.outputPop]!.size,
    ring: plan.maxDelaySteps + 2, delayGradOffset, gradSize, delayOffset, delayTotal, pops, prjs
  }
}

/** The `Sizes` uniform of common.wgsl: 20 words. */
export function sizes(plan: Plan, l: Layout, batch: number, scale: number, reg: { k: number; nu: number } | undefined): ArrayBuffer {
  const buf = new ArrayBuffer(80)
  const u = new Uint32Array(buf), f = new Float32Array(buf)
  const fs = plan.spec.firstSpike ?? DEFAULT_FIRST_SPIKE
  u.set([batch, l.neurons, plan.spec.steps, l.ring, plan.populations.length, plan.projections.length, l.outOffset, l.nOut, READOUT[plan.spec.readout], l.gradSize, plan.outputPop, reg && reg.k > 0 ? 1 : 0])
  f.set([plan.spec.dt, scale, reg?.k ?? 0, reg?.nu ?? 0, fs.tau, fs.alpha, fs.phantom, 0], 12)
  return buf
}

/** Integer delays of every projection, concatenated (zeros for projections without delays). */
export function allDelaySteps(plan: Plan, l: Layout, params: Float64Array): Uint32Array {
  const out = new Uint32Array(l.delayTotal)
  plan.projections.forEach((x, i) => out.set(delaySteps(plan, projectionDelays(plan, x, params)), l.delayOffset[i]!))
  return out
}

/**
 * Input spikes as (sample, tape index, channel, count) events, one per distinct (sample, step,
 * channel): the CPU's emission rule (step ceil(t/dt) − 1; spikes whose arrival would fall after
 * the last step are dropped).
 */
export function inputEvents(plan: Plan, samples: SpikeSample[]): Uint32Array {
  const { dt, steps } = plan.spec
  const inputs = plan.populations[0]!.size
  const keys: number[] = []
  samples.forEach((s, b) => {
    for (let k = 0; k < s.times.length; k++) {
      const unit = s.units[k]!
      if (unit >= inputs) throw new Error(`input spike on channel ${unit}, but the network has ${inputs} inputs`)
      const n = emissionStep(s.times[k]!, dt)
      if (n + 1 >= steps) continue
      keys.push((b * (steps + 1) + n + 1) * inputs + unit)
    }
  })
  keys.sort((a, b) => a - b)
  const out: number[] = []
  for (let k = 0; k < keys.length; ) {
    let c = 1
    while (k + c < keys.length && keys[k + c] === keys[k]) c++
    const key = keys[k]!
    const unit = key % inputs, rest = (key - unit) / inputs
    out.push(Math.floor(rest / (steps + 1)), rest % (steps + 1), unit, c)
    k += c
  }
  return Uint32Array.from(out)
}
