/**
 * Models the attacks share (attacks.ts): a loss with its gradient in the analog input x and a
 * prediction. A spiking network reaches x through its dataset's latency encoder (t = f(x), so
 * ∂L/∂x = Σ ∂L/∂t·f′(x) over the spikes x makes, from EventProp's exact input-time gradients);
 * the sparse coder through its solution; the linear classifier directly. No I/O.
 */
import { type YinYangParams } from '../../preload/api'
import { encodeYinYang } from '../data/yinyang'
import { type LatencyCode, latencyEncode } from '../data/mnist'
import { type SyntheticParams, encodeSynthetic } from '../data/synthetic'
import { CpuNetwork, type SpikeSample } from '../snn/cpu/network'
import type { Plan } from '../snn/model'
import { Rng } from '../util/rng'
import { type Dictionary, type FistaOptions, crossEntropy, fista, groupNorms, inputGradient, lipschitz } from './sparse'

export interface RobustModel {
  name: string
  lossGrad(x: Float64Array, label: number): { loss: number; grad: Float64Array; prediction: number }
  predict(x: Float64Array): number
}

/** An analog input as spikes, with each spike's source feature and ∂t/∂x (0: none). */
export interface Encoder {
  encode(x: Float64Array): { sample: Omit<SpikeSample, 'label'>; source: Int32Array; dtdx: Float64Array }
  lo: number
  hi: number
}

export function yinYangEncoder(encoding: YinYangParams['encoding'], rBig = 0.5): Encoder {
  const span = encoding.late - encoding.early, k = span / (2 * rBig)
  return {
    lo: 0, hi: 2 * rBig,
    encode(x) {
      const s = encodeYinYang(x[0]!, x[1]!, rBig, encoding)
      // channels: u = x/(2r), v = y/(2r), 1 − u, 1 − v (and a bias spike)
      const source = Int32Array.from(s.units, (c) => (c === 0 || c === 2 ? 0 : c === 1 || c === 3 ? 1 : -1))
      const dtdx = Float64Array.from(s.units, (c) => (c === 0 || c === 1 ? k : c === 2 || c === 3 ? -k : 0))
      return { sample: s, source, dtdx }
    }
  }
}

export function syntheticEncoder(p: SyntheticParams): Encoder {
  return {
    lo: -1, hi: 1,
    encode(y) {
      const s = encodeSynthetic(y, p)
      // channel i for y_i > 0, dims + i for y_i < 0, at t = tMax·(1 − |y_i|)
      const source = Int32Array.from(s.units, (c) => c % p.dims)
      const dtdx = Float64Array.from(s.units, (c) => (c < p.dims ? -p.tMax : p.tMax))
      return { sample: s, source, dtdx }
    }
  }
}

/** MNIST's latency code (t = tMax·(1 − p) for p ≥ threshold) on pixels p in [0, 1]. */
export function mnistEncoder(code: LatencyCode): Encoder {
  return {
    lo: 0, hi: 1,
    encode(x) {
      const s = latencyEncode(Uint8Array.from(x, (p) => Math.round(255 * Math.min(1, Math.max(0, p)))), code)
      return { sample: s, source: Int32Array.from(s.units), dtdx: new Float64Array(s.units.length).fill(-code.tMax) }
    }
  }
}

/** The pixels a latency-coded image came from (p = 1 − t/tMax where a pixel fired, 0 where it did not). */
export function mnistPixels(times: ArrayLike<number>, units: ArrayLike<number>, code: LatencyCode, pixels = 784): Float64Array {
  const x = new Float64Array(pixels)
  for (let k = 0; k < times.length; k++) x[units[k]!] = Math.round(255 * (1 - times[k]! / code.tMax)) / 255
  return x
}

export function snnModel(name: string, plan: Plan, params: Float64Array, encoder: Encoder): RobustModel {
  const net = new CpuNetwork(plan)
  net.setParams(params)
  const grad = new Float64Array(plan.paramCount)
  return {
    name,
    lossGrad(x, label) {
      const e = encoder.encode(x)
      const fwd = net.forward({ ...e.sample, label })
      const inputGrads = new Float64Array(e.source.length)
      net.clearDelayGrads()
      net.backward(fwd, grad, { scale: 1, inputGrads })
      const g = new Float64Array(x.length)
      for (let k = 0; k < e.source.length; k++) if (e.source[k]! >= 0) g[e.source[k]!]! += inputGrads[k]! * e.dtdx[k]!
      return { loss: fwd.loss, grad: g, prediction: fwd.prediction }
    },
    predict: (x) => net.forward({ ...encoder.encode(x).sample, label: 0 }).prediction
  }
}

/** Multinomial logistic regression on x (the undefended baseline), trained by full-batch gradient descent. */
export function linearModel(train: { x: Float64Array; label: number }[], classes: number, seed = 1, epochs = 300, lr = 0.5, l2 = 1e-4): RobustModel {
  const dims = train[0]!.x.length
  const rng = new Rng(seed)
  const W = Float64Array.from({ length: classes * dims }, () => rng.normal(0, 0.01)), b = new Float64Array(classes)
  const scores = (x: Float64Array): Float64Array => Float64Array.from({ length: classes }, (_, c) => { let s = b[c]!; for (let i = 0; i < dims; i++) s += W[c * dims + i]! * x[i]!; return s })
  for (let e = 0; e < epochs; e++) {
    const gW = new Float64Array(W.length), gb = new Float64Array(classes)
    for (const s of train) {
      const { grad } = crossEntropy(scores(s.x), s.label)
      for (let c = 0; c < classes; c++) { gb[c]! += grad[c]!; for (let i = 0; i < dims; i++) gW[c * dims + i]! += grad[c]! * s.x[i]! }
    }
    for (let k = 0; k < W.length; k++) W[k]! -= lr * (gW[k]! / train.length + l2 * W[k]!)
    for (let c = 0; c < classes; c++) b[c]! -= (lr * gb[c]!) / train.length
  }
  return {
    name: 'linear (undefended)',
    lossGrad(x, label) {
      const r = crossEntropy(scores(x), label)
      const g = new Float64Array(dims)
      for (let c = 0; c < classes; c++) for (let i = 0; i < dims; i++) g[i]! += r.grad[c]! * W[c * dims + i]!
      return { loss: r.loss, grad: g, prediction: r.prediction }
    },
    predict: (x) => crossEntropy(scores(x), 0).prediction
  }
}

/**
 * A dictionary learned from a training split: for each class, its `atoms` leading principal
 * directions (power iteration with deflation on the class's uncentred second moment), one group a class.
 */
export function learnedDictionary(train: { x: Float64Array; label: number }[], classes: number, atoms: number, seed = 1): Float64Array[] {
  const dims = train[0]!.x.length, rng = new Rng(seed)
  const out: Float64Array[] = []
  for (let c = 0; c < classes; c++) {
    const xs = train.filter((t) => t.label === c).map((t) => t.x)
    const found: Float64Array[] = []
    for (let a = 0; a < atoms; a++) {
      let v = Float64Array.from({ length: dims }, () => rng.normal())
      for (let it = 0; it < 60; it++) {
        const w = new Float64Array(dims)
        for (const x of xs) {
          let dot = 0
          for (let i = 0; i < dims; i++) dot += x[i]! * v[i]!
          for (let i = 0; i < dims; i++) w[i]! += dot * x[i]!
        }
        for (const f of found) { let d = 0; for (let i = 0; i < dims; i++) d += w[i]! * f[i]!; for (let i = 0; i < dims; i++) w[i]! -= d * f[i]! }
        const n = Math.hypot(...w)
        if (!(n > 0)) break
        v = w.map((x) => x / n)
      }
      found.push(v)
    }
    out.push(...found)
  }
  return out
}

/** A linear readout on the sparse codes (logistic regression trained on the training split's codes). */
export function sparseLinearModel(d: Dictionary, o: FistaOptions, train: { x: Float64Array; label: number }[], classes: number, seed = 1): RobustModel {
  const L = lipschitz(d)
  const codes = train.map((t) => ({ x: fista(d, t.x, o, L).z, label: t.label }))
  const head = linearModel(codes, classes, seed)
  return {
    name: 'sparse codes + linear readout',
    lossGrad(x, label) {
      const { z } = fista(d, x, o, L)
      const r = head.lossGrad(z, label)
      return { loss: r.loss, grad: inputGradient(d, z, r.grad, o), prediction: r.prediction }
    },
    predict: (x) => head.predict(fista(d, x, o, L).z)
  }
}

/** The group-ℓ2 sparse coder: class = the group with the largest code norm (softmax of scale·norms for the loss). */
export function sparseModel(d: Dictionary, o: FistaOptions, scale = 10): RobustModel {
  const L = lipschitz(d)
  return {
    name: 'group-ℓ2 sparse coder',
    lossGrad(x, label) {
      const { z } = fista(d, x, o, L)
      const norms = groupNorms(d, z)
      const r = crossEntropy(norms.map((n) => scale * n), label)
      const dLdz = z.map((v, k) => {
        const n = norms[d.group[k]!]!
        return n > 0 ? (scale * r.grad[d.group[k]!]! * v) / n : 0
      })
      return { loss: r.loss, grad: inputGradient(d, z, dLdz, o), prediction: r.prediction }
    },
    predict(x) {
      const norms = groupNorms(d, fista(d, x, o, L).z)
      let best = 0
      norms.forEach((n, g) => { if (n > norms[best]!) best = g })
      return best
    }
  }
}

/** A one-hidden-layer tanh network on x (the undefended baseline that can learn curved boundaries), trained by mini-batch SGD with momentum. */
export function mlpModel(train: { x: Float64Array; label: number }[], classes: number, hidden = 64, seed = 1, epochs = 200, lr = 0.05): RobustModel {
  const dims = train[0]!.x.length, rng = new Rng(seed)
  const W1 = Float64Array.from({ length: hidden * dims }, () => rng.normal(0, 1 / Math.sqrt(dims))), b1 = new Float64Array(hidden)
  const W2 = Float64Array.from({ length: classes * hidden }, () => rng.normal(0, 1 / Math.sqrt(hidden))), b2 = new Float64Array(classes)
  const params = [W1, b1, W2, b2], vel = params.map((a) => new Float64Array(a.length))
  const forward = (x: Float64Array) => {
    const h = Float64Array.from({ length: hidden }, (_, j) => { let s = b1[j]!; for (let i = 0; i < dims; i++) s += W1[j * dims + i]! * x[i]!; return Math.tanh(s) })
    const s = Float64Array.from({ length: classes }, (_, c) => { let v = b2[c]!; for (let j = 0; j < hidden; j++) v += W2[c * hidden + j]! * h[j]!; return v })
    return { h, s }
  }
  const backward = (x: Float64Array, label: number, grads?: Float64Array[]) => {
    const { h, s } = forward(x)
    const r = crossEntropy(s, label)
    const dh = new Float64Array(hidden)
    for (let c = 0; c < classes; c++) for (let j = 0; j < hidden; j++) dh[j]! += r.grad[c]! * W2[c * hidden + j]!
    const da = dh.map((v, j) => v * (1 - h[j]! ** 2))
    const dx = new Float64Array(dims)
    for (let j = 0; j < hidden; j++) for (let i = 0; i < dims; i++) dx[i]! += da[j]! * W1[j * dims + i]!
    if (grads) {
      for (let j = 0; j < hidden; j++) { grads[1]![j]! += da[j]!; for (let i = 0; i < dims; i++) grads[0]![j * dims + i]! += da[j]! * x[i]! }
      for (let c = 0; c < classes; c++) { grads[3]![c]! += r.grad[c]!; for (let j = 0; j < hidden; j++) grads[2]![c * hidden + j]! += r.grad[c]! * h[j]! }
    }
    return { loss: r.loss, grad: dx, prediction: r.prediction }
  }
  const order = [...train.keys()]
  for (let e = 0; e < epochs; e++) {
    for (let k = order.length - 1; k > 0; k--) { const r = rng.int(k + 1); [order[k], order[r]] = [order[r]!, order[k]!] }
    for (let b = 0; b < order.length; b += 32) {
      const grads = params.map((a) => new Float64Array(a.length)), batch = order.slice(b, b + 32)
      for (const k of batch) backward(train[k]!.x, train[k]!.label, grads)
      params.forEach((a, q) => { for (let k = 0; k < a.length; k++) { vel[q]![k] = 0.9 * vel[q]![k]! - (lr * grads[q]![k]!) / batch.length; a[k]! += vel[q]![k]! } })
    }
  }
  return { name: 'MLP (undefended)', lossGrad: (x, label) => backward(x, label), predict: (x) => crossEntropy(forward(x).s, 0).prediction }
}
