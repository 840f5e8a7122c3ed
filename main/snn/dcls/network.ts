/**
 * The DCLS network on the CPU: a batch's forward pass keeping everything backpropagation through
 * time needs (each layer's input, normalised currents, membrane before reset, spikes, dropout
 * masks, output voltages: B × T × neurons per layer, nothing recomputed), and the backward pass
 * with the ATan surrogate (model.ts has the model). Batch norm couples the samples of a batch, so
 * a batch is the unit of work. Inputs and hidden spikes are sparse: convolutions run over the
 * nonzero inputs (the same sums as a dense convolution, in another order). Activations are kept
 * in float32 by default (as a PyTorch model would), float64 for the tests. No I/O.
 */
import type { SpikeSample } from '../cpu/network'
import { emissionStep } from '../model'
import type { Rng } from '../../util/rng'
import { evalDelay, gaussKernelGrads, gaussKernels } from './kernel'
import type { DclsPlan } from './model'

/** A sample binned for DCLS: (step, channel, count) of its spikes, sorted by step then channel. */
export interface Binned {
  steps: Int32Array
  channels: Int32Array
  counts: Float64Array
  label: number
}

/**
 * Bins a sample's spikes into steps of dt and pools channels. A spike counts from the first step
 * boundary at or after it (step emissionStep + 1, model.ts), as in the EventProp engine, so the
 * two see an input at the same step; spikes past the last step are dropped.
 */
export function binSample(plan: DclsPlan, s: SpikeSample): Binned {
  const { dt } = plan.spec, pool = plan.opts.channelPool
  const map = new Map<number, number>()
  for (let k = 0; k < s.times.length; k++) {
    const t = emissionStep(s.times[k]!, dt) + 1
    if (t >= plan.steps || t < 0) continue
    const c = Math.floor(s.units[k]! / pool)
    if (c >= plan.inputs) throw new Error(`input spike on channel ${s.units[k]}, but the network has ${plan.spec.inputs} inputs`)
    const key = t * plan.inputs + c
    map.set(key, (map.get(key) ?? 0) + 1)
  }
  const keys = [...map.keys()].sort((a, b) => a - b)
  return {
    steps: Int32Array.from(keys, (k) => Math.floor(k / plan.inputs)), channels: Int32Array.from(keys, (k) => k % plan.inputs),
    counts: Float64Array.from(keys, (k) => map.get(k)!), label: s.label
  }
}

export interface DclsForward {
  /** Σ over the batch of each sample's loss; correct predictions; predictions; hidden spikes. */
  loss: number
  correct: number
  predictions: Int32Array
  hiddenSpikes: number
  /** Σ_t softmax(V_t) per sample and class (the loss's logits). */
  logits: Float64Array
}

export interface ForwardOptions {
  train: boolean
  /** σ's SIG this epoch (training kernels). */
  sig: number
  /** Dropout masks are drawn from it (training). */
  rng?: Rng
  /** Given dropout masks per hidden layer ([sample·neurons], 0 or 1/(1 − p)); tests and the PyTorch reference. */
  masks?: Float64Array[]
  /** Spikes S = g(H − ϑ) with g the surrogate's own primitive: the smooth objective whose exact gradient BPTT computes (tests). */
  smooth?: boolean
}

type Arr = Float32Array | Float64Array
type ArrCtor = Float32ArrayConstructor | Float64ArrayConstructor

interface LayerState {
  /** Dense input of hidden-fed layers [b][t][i] (layer 0 reads the binned events). */
  input: Arr | null
  z: Arr | null
  invStd: Float64Array | null
  h: Arr | null
  s: Arr | null
  mask: Float64Array | null
  /** Output voltages (the readout layer). */
  v: Arr | null
  kd: Float64Array
}

const BN_EPS = 1e-5, BN_MOMENTUM = 0.1

export class DclsNetwork {
  private state: LayerState[] = []
  private batch: Binned[] = []
  private params: Float64Array = new Float64Array(0)
  private sig = 0
  private smooth = false
  /** Bytes of activations the last training forward pass kept for the backward pass. */
  keptBytes = 0

  constructor(readonly plan: DclsPlan, private readonly Arr: ArrCtor = Float32Array) {}

  forward(params: Float64Array, batch: Binned[], opts: ForwardOptions): DclsForward {
    const { plan } = this
    const B = batch.length, K = plan.K, train = opts.train
    this.batch = batch
    this.params = params
    this.sig = opts.sig
    this.smooth = opts.smooth === true
    this.state = []
    this.keptBytes = 0
    let hiddenSpikes = 0
    let input: Arr | null = null
    const alpha = plan.opts.surrogateAlpha
    plan.layers.forEach((L, l) => {
      const O = L.nOut, Tin = L.tIn, Tout = L.tOut
      const kd = new Float64Array(L.nIn * K * O)
      if (train) gaussKernels(params, L.w, L.p, L.nIn, O, K, opts.sig, kd)
      else for (let o = 0; o < O; o++) for (let i = 0; i < L.nIn; i++) kd[(i * K + evalDelay(params[L.p + o * L.nIn + i]!, K)) * O + o] = params[L.w + o * L.nIn + i]!
      // convolution over the nonzero inputs: an input a at (b, s, i) adds kd[i][d][·]·a at step s + d
      const y = new Float64Array(B * Tout * O)
      const add = (b: number, s: number, i: number, a: number): void => {
        for (let d = 0; d < K; d++) {
          const t = s + d
          if (t >= Tout) break
          const row = (b * Tout + t) * O, kr = (i * K + d) * O
          for (let o = 0; o < O; o++) y[row + o]! += kd[kr + o]! * a
        }
      }
      if (l === 0) batch.forEach((x, b) => { for (let e = 0; e < x.steps.length; e++) add(b, x.steps[e]!, x.channels[e]!, x.counts[e]!) })
      else for (let b = 0; b < B; b++) for (let s = 0; s < Tin; s++) for (let i = 0; i < L.nIn; i++) { const a = input![(b * Tin + s) * L.nIn + i]!; if (a !== 0) add(b, s, i, a) }
      const st: LayerState = { input: l === 0 ? null : input, z: null, invStd: null, h: null, s: null, mask: null, v: null, kd }
      // batch norm over samples and steps, per neuron
      let u: Float64Array = y
      if (L.bn) {
        const N = B * Tout
        const z = new this.Arr(N * O), invStd = new Float64Array(O)
        u = new Float64Array(N * O)
        for (let o = 0; o < O; o++) {
          let mean = 0, varSum = 0
          if (train) {
            for (let r = 0; r < N; r++) mean += y[r * O + o]!
            mean /= N
            for (let r = 0; r < N; r++) varSum += (y[r * O + o]! - mean) ** 2
            const variance = varSum / N
            invStd[o] = 1 / Math.sqrt(variance + BN_EPS)
            params[L.mean + o] = (1 - BN_MOMENTUM) * params[L.mean + o]! + BN_MOMENTUM * mean
            params[L.variance + o] = (1 - BN_MOMENTUM) * params[L.variance + o]! + BN_MOMENTUM * (N > 1 ? varSum / (N - 1) : variance)
          } else {
            mean = params[L.mean + o]!
            invStd[o] = 1 / Math.sqrt(params[L.variance + o]! + BN_EPS)
          }
          const g = params[L.gamma + o]!, be = params[L.beta + o]!
          for (let r = 0; r < N; r++) {
            const zz = (y[r * O + o]! - mean) * invStd[o]!
            z[r * O + o] = zz
            u[r * O + o] = g * zz + be
          }
        }
        st.z = z
        st.invStd = invStd
      }
      if (L.spiking) {
        const h = new this.Arr(B * Tout * O), s = new this.Arr(B * Tout * O), out = new this.Arr(B * Tout * O)
        const p = plan.opts.dropout
        const mask = new Float64Array(B * O).fill(1)
        if (train && p > 0) {
          if (opts.masks) mask.set(opts.masks[l]!)
          else for (let k = 0; k < mask.length; k++) mask[k] = opts.rng!.uniform() < p ? 0 : 1 / (1 - p)
        }
        for (let b = 0; b < B; b++)
          for (let o = 0; o < O; o++) {
            let v = 0
            for (let t = 0; t < Tout; t++) {
              const at = (b * Tout + t) * O + o
              const hh = L.decay * v + u[at]!
              const sp = this.smooth ? surrogatePrimitive(hh - L.threshold, alpha) : hh - L.threshold >= 0 ? 1 : 0
              h[at] = hh
              s[at] = sp
              v = hh * (1 - sp)
              out[at] = sp * mask[b * O + o]!
              if (!this.smooth && sp) hiddenSpikes++
            }
          }
        st.h = h
        st.s = s
        st.mask = mask
        input = out
      } else {
        const v = new this.Arr(B * Tout * O)
        for (let b = 0; b < B; b++)
          for (let o = 0; o < O; o++) {
            let vv = 0
            for (let t = 0; t < Tout; t++) {
              const at = (b * Tout + t) * O + o
              vv = L.decay * vv + u[at]!
              v[at] = vv
            }
          }
        st.v = v
      }
      this.state.push(st)
      for (const a of [st.input, st.z, st.h, st.s, st.v]) if (a) this.keptBytes += a.byteLength
    })
    // loss: cross-entropy of m = Σ_t softmax(V_t)
    const last = plan.layers.at(-1)!, C = last.nOut, T = last.tOut
    const v = this.state.at(-1)!.v!
    const logits = new Float64Array(B * C), predictions = new Int32Array(B)
    let loss = 0, correct = 0
    const p = new Float64Array(C)
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        softmax(v, (b * T + t) * C, C, p)
        for (let c = 0; c < C; c++) logits[b * C + c]! += p[c]!
      }
      const m = logits.subarray(b * C, (b + 1) * C)
      let best = 0
      for (let c = 1; c < C; c++) if (m[c]! > m[best]!) best = c
      predictions[b] = best
      if (best === batch[b]!.label) correct++
      loss += logSumExp(m) - m[batch[b]!.label]!
    }
    return { loss, correct, predictions, hiddenSpikes, logits }
  }

  /** Spikes (or smooth spikes) of hidden layer l in the last forward pass, [sample][step][neuron]. */
  spikes(l: number): ArrayLike<number> {
    const s = this.state[l]?.s
    if (!s) throw new Error(`layer ${l} has no spikes`)
    return s
  }

  /** ∂(mean loss)/∂params of the last training forward pass, added into `grad`. */
  backward(grad: Float64Array, logits: Float64Array): void {
    const { plan, batch, params, state } = this
    const B = batch.length, K = plan.K, alpha = plan.opts.surrogateAlpha
    const last = plan.layers.at(-1)!, C = last.nOut
    // ∂L/∂V_t of the readout: through m = Σ_t softmax(V_t)
    let dOut = new Float64Array(B * last.tOut * C)
    {
      const T = last.tOut, v = state.at(-1)!.v!
      const gm = new Float64Array(C), p = new Float64Array(C)
      for (let b = 0; b < B; b++) {
        softmax(logits, b * C, C, gm)
        gm[batch[b]!.label]! -= 1
        for (let c = 0; c < C; c++) gm[c]! /= B
        for (let t = 0; t < T; t++) {
          softmax(v, (b * T + t) * C, C, p)
          let dot = 0
          for (let c = 0; c < C; c++) dot += p[c]! * gm[c]!
          for (let c = 0; c < C; c++) dOut[(b * T + t) * C + c] = p[c]! * (gm[c]! - dot)
        }
      }
    }
    for (let l = plan.layers.length - 1; l >= 0; l--) {
      const L = plan.layers[l]!, st = state[l]!, O = L.nOut, T = L.tOut, Tin = L.tIn
      const du = new Float64Array(B * T * O)
      if (!L.spiking) {
        // LI: V_t = decay·V_{t−1} + U_t
        for (let b = 0; b < B; b++)
          for (let o = 0; o < O; o++) {
            let lam = 0
            for (let t = T - 1; t >= 0; t--) {
              const at = (b * T + t) * O + o
              lam = dOut[at]! + L.decay * lam
              du[at] = lam
            }
          }
      } else {
        // LIF: H_t = decay·V_{t−1} + U_t, S_t = Θ(H_t − ϑ) (surrogate), V_t = H_t·(1 − S_t)
        const h = st.h!, s = st.s!, mask = st.mask!
        for (let b = 0; b < B; b++)
          for (let o = 0; o < O; o++) {
            let dv = 0
            const m = mask[b * O + o]!
            for (let t = T - 1; t >= 0; t--) {
              const at = (b * T + t) * O + o
              const x = h[at]! - L.threshold, sg = surrogate(x, alpha)
              const ds = dOut[at]! * m
              let dh = ds * sg + dv * (1 - s[at]!)
              if (!plan.opts.detachReset) dh -= dv * h[at]! * sg
              du[at] = dh
              dv = dh * L.decay
            }
          }
      }
      let dy = du
      if (L.bn) {
        const N = B * T, z = st.z!, invStd = st.invStd!
        dy = new Float64Array(N * O)
        for (let o = 0; o < O; o++) {
          const g = params[L.gamma + o]!
          let sumDu = 0, sumDuZ = 0
          for (let r = 0; r < N; r++) { sumDu += du[r * O + o]!; sumDuZ += du[r * O + o]! * z[r * O + o]! }
          grad[L.gamma + o]! += sumDuZ
          grad[L.beta + o]! += sumDu
          // dZ = γ·dU: dY = invStd/N·(N·dZ − ΣdZ − Z·Σ dZ·Z)
          const k = (g * invStd[o]!) / N
          for (let r = 0; r < N; r++) dy[r * O + o] = k * (N * du[r * O + o]! - sumDu - z[r * O + o]! * sumDuZ)
        }
      }
      // convolution: ∂L/∂kd over the nonzero inputs, and ∂L/∂input for the layer below
      const dkd = new Float64Array(L.nIn * K * O)
      const acc = (b: number, s: number, i: number, a: number): void => {
        for (let d = 0; d < K; d++) {
          const t = s + d
          if (t >= T) break
          const row = (b * T + t) * O, kr = (i * K + d) * O
          for (let o = 0; o < O; o++) dkd[kr + o]! += dy[row + o]! * a
        }
      }
      if (l === 0) batch.forEach((x, b) => { for (let e = 0; e < x.steps.length; e++) acc(b, x.steps[e]!, x.channels[e]!, x.counts[e]!) })
      else {
        const input = st.input!
        for (let b = 0; b < B; b++) for (let s = 0; s < Tin; s++) for (let i = 0; i < L.nIn; i++) { const a = input[(b * Tin + s) * L.nIn + i]!; if (a !== 0) acc(b, s, i, a) }
        const dIn = new Float64Array(B * Tin * L.nIn), kd = st.kd
        for (let b = 0; b < B; b++)
          for (let s = 0; s < Tin; s++)
            for (let i = 0; i < L.nIn; i++) {
              let sum = 0
              for (let d = 0; d < K; d++) {
                const t = s + d
                if (t >= T) break
                const row = (b * T + t) * O, kr = (i * K + d) * O
                for (let o = 0; o < O; o++) sum += kd[kr + o]! * dy[row + o]!
              }
              dIn[(b * Tin + s) * L.nIn + i] = sum
            }
        dOut = dIn
      }
      gaussKernelGrads(params, L.w, L.p, L.nIn, O, K, this.sig, dkd, grad)
    }
  }
}

/** The ATan surrogate's derivative α/2 / (1 + (π/2·α·x)²) (SpikingJelly's surrogate.ATan). */
export function surrogate(x: number, alpha: number): number {
  const u = (Math.PI / 2) * alpha * x
  return alpha / 2 / (1 + u * u)
}

/** Its primitive, arctan(π/2·α·x)/π + ½: the smooth spike of the tests' smooth objective. */
export function surrogatePrimitive(x: number, alpha: number): number {
  return Math.atan((Math.PI / 2) * alpha * x) / Math.PI + 0.5
}

function softmax(v: ArrayLike<number>, off: number, n: number, out: Float64Array): void {
  let max = -Infinity
  for (let c = 0; c < n; c++) max = Math.max(max, v[off + c]!)
  let sum = 0
  for (let c = 0; c < n; c++) { out[c] = Math.exp(v[off + c]! - max); sum += out[c]! }
  for (let c = 0; c < n; c++) out[c]! /= sum
}

function logSumExp(m: ArrayLike<number>): number {
  let max = -Infinity
  for (let c = 0; c < m.length; c++) max = Math.max(max, m[c]!)
  let s = 0
  for (let c = 0; c < m.length; c++) s += Math.exp(m[c]! - max)
  return max + Math.log(s)
}

