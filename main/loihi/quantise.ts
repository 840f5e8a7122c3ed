/**
 * A trained network made into Loihi 2 integers the way both papers did (research/loihi.md §1.5):
 * mlGeNN → ml_genn_netx → netx. Per target layer, every incoming weight is pre-scaled by the
 * discretisation it had in training, W' = W·(1 − α)·(τs/dt)(1 − β) (ours is GeNN's: V ← αV +
 * (1 − α)·iScale·I), all of them share one power-of-two scale (the P99 of |W'| at 64…128 of
 * 127), Wq = clip(round(W'/scale), −128, 127); netx then doubles them with weight_exp −1 (exact).
 * iDecay = round(4096(1 − β)) (Lava du = iDecay − 1), vDecay = dv = round(4096(1 − α)),
 * vThMant = round(ϑ/scale) (17 bits); LI outputs never fire (vThMant 2^16). Delays are the
 * forward pass's integer steps, which Loihi holds up to 62. No I/O.
 */
import { type Plan, delaySteps, projectionDelays } from '../snn/model'
import { loihiWeights, optimizeWeightBits } from './dense'
import { type LifParams, checkLif } from './lif'

export interface QuantiseOptions {
  /** Percentile of |W'| that sets each layer's scale (ml_genn_netx: 99). */
  percentile: number
  /** Delays over 62 steps: refuse the network, or clamp them to 62. */
  delays: 'refuse' | 'clamp'
  /** Refuse a layer when more than this fraction of its weights saturates the 8-bit range. */
  maxClipped: number
}

export const DEFAULT_QUANTISE: QuantiseOptions = { percentile: 99, delays: 'refuse', maxClipped: 0.05 }

/** Loihi 2's delay field (6 bits; netx and ml_genn_netx clamp to 62). */
export const MAX_DELAY_STEPS = 62

export interface LoihiLayer {
  /** Population index in the plan (1… : hidden layers, then the output). */
  population: number
  name: string
  size: number
  kind: 'lif' | 'li'
  lif: LifParams
  /** Float value of one integer weight unit (v/64 · scale ≈ V). */
  scale: number
  iDecay: number
  vDecay: number
}

export interface LoihiProjection {
  pre: number
  post: number
  nPre: number
  nPost: number
  /** ml_genn_netx's int8 weights [pre][post]. */
  int8: Int32Array
  /** What Lava's DelayDense holds: netx's shifted weights, clipped and truncated, and their exponent. */
  weights: Int32Array
  weightExp: number
  /** Integer delays in steps [pre][post]. */
  delays: Int32Array
  maxDelay: number
  /** Quantisation error: RMS of (W' − Wq·scale) over RMS of W', saturated weights, weights rounded to 0. */
  error: { relativeRms: number; clipped: number; zeroed: number; delaysClamped: number }
  name: string
}

export interface LoihiNetwork {
  inputs: number
  steps: number
  dt: number
  readout: Plan['spec']['readout']
  outputLayer: number
  layers: LoihiLayer[]
  projections: LoihiProjection[]
  notes: string[]
}

const popName = (plan: Plan, p: number): string => (p === 0 ? 'input' : p === plan.outputPop ? 'output' : `hidden ${p}`)

export function quantise(plan: Plan, params: Float64Array, opts: QuantiseOptions = DEFAULT_QUANTISE): LoihiNetwork {
  const { dt } = plan.spec
  const notes: string[] = []
  const layers: LoihiLayer[] = []
  const projections: LoihiProjection[] = []
  for (let q = 1; q < plan.populations.length; q++) {
    const pop = plan.populations[q]!
    const name = popName(plan, q)
    const incoming = plan.projections.filter((x) => x.post === q)
    const ws = (1 - pop.alpha) * pop.iScale
    const scaled = incoming.map((x) => Float64Array.from(params.subarray(x.wOffset, x.wOffset + x.nPre * x.nPost), (w) => w * ws))
    const all = scaled.flatMap((s) => Array.from(s))
    const pos = percentile(all.filter((w) => w > 0), opts.percentile), neg = percentile(all.filter((w) => w <= 0).map((w) => -w), opts.percentile)
    const maxVal = Math.max(pos, neg)
    if (!(maxVal > 0)) throw new Error(`${name}: every incoming weight is zero; there is nothing to quantise`)
    const scale = 2 ** (Math.floor(Math.log2(maxVal)) - 6)
    const iDecay = Math.round(4096 * (1 - pop.beta)), vDecay = Math.round(4096 * (1 - pop.alpha))
    const lif: LifParams = { du: Math.max(0, iDecay - 1), dv: vDecay, vth: pop.kind === 'li' ? 2 ** 16 : Math.round(pop.threshold / scale) }
    if (pop.kind !== 'li' && lif.vth > 131071)
      throw new Error(`${name}: its threshold is ${lif.vth} weight units (ϑ ${pop.threshold} over the scale 2^${Math.log2(scale)} of its largest weights), beyond Loihi's 17-bit threshold (131071): its weights are too small for its threshold`)
    checkLif(lif, name)
    layers.push({ population: q, name, size: pop.size, kind: pop.kind === 'li' ? 'li' : 'lif', lif, scale, iDecay, vDecay })

    const int8s = scaled.map((s) => {
      let clipped = 0, zeroed = 0, err = 0, ref = 0
      const q8 = Int32Array.from(s, (w) => {
        const r = Math.round(w / scale)
        const c = Math.min(127, Math.max(-128, r))
        if (c !== r) clipped++
        if (c === 0 && w !== 0) zeroed++
        err += (w - c * scale) ** 2
        ref += w * w
        return c
      })
      return { q8, clipped, zeroed, relativeRms: ref > 0 ? Math.sqrt(err / ref) : 0 }
    })
    const total = int8s.reduce((s, x) => s + x.q8.length, 0), clipped = int8s.reduce((s, x) => s + x.clipped, 0)
    if (clipped / total > opts.maxClipped)
      throw new Error(`${name}: ${(100 * clipped / total).toFixed(1)} % of its incoming weights overflow the 8-bit range after scaling (at most ${(100 * opts.maxClipped).toFixed(1)} % allowed); raise the percentile`)
    // netx: one exponent for all of a layer's incoming weights (feed-forward and recurrent)
    const shared = optimizeWeightBits(int8s.flatMap((x) => Array.from(x.q8)))
    let at = 0
    incoming.forEach((x, k) => {
      const n = x.nPre * x.nPost
      const weights = loihiWeights(shared.weights.subarray(at, at + n))
      at += n
      const steps = delaySteps(plan, projectionDelays(plan, x, params))
      let maxDelay = 0, delaysClamped = 0
      for (let s = 0; s < steps.length; s++) {
        if (steps[s]! > MAX_DELAY_STEPS) {
          if (opts.delays === 'refuse')
            throw new Error(`${popName(plan, x.pre)} → ${name}: a delay of ${steps[s]} steps (${(steps[s]! * dt).toPrecision(4)} ms at dt ${dt} ms); Loihi 2 holds 0–${MAX_DELAY_STEPS} steps (clamp them with delays = clamp, or train with maxDelay ≤ ${MAX_DELAY_STEPS * dt} ms)`)
          steps[s] = MAX_DELAY_STEPS
          delaysClamped++
        }
        maxDelay = Math.max(maxDelay, steps[s]!)
      }
      if (delaysClamped) notes.push(`${popName(plan, x.pre)} → ${name}: ${delaysClamped} delays clamped to ${MAX_DELAY_STEPS} steps`)
      const e = int8s[k]!
      projections.push({
        pre: x.pre, post: x.post, nPre: x.nPre, nPost: x.nPost, int8: e.q8, weights, weightExp: shared.weightExp, delays: steps, maxDelay,
        error: { relativeRms: e.relativeRms, clipped: e.clipped, zeroed: e.zeroed, delaysClamped }, name: `${popName(plan, x.pre)} → ${name}`
      })
    })
  }
  return { inputs: plan.spec.inputs, steps: plan.spec.steps, dt, readout: plan.spec.readout, outputLayer: layers.length - 1, layers, projections, notes }
}

/** numpy's default percentile: linear between the two nearest ranks. 0 for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0
  const s = Float64Array.from(values).sort()
  const r = (p / 100) * (s.length - 1), lo = Math.floor(r), hi = Math.ceil(r)
  return s[lo]! + (s[hi]! - s[lo]!) * (r - lo)
}
