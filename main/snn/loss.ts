/**
 * Readouts of the output voltage and the softmax cross-entropy on them (§A.3 step 6, §B.4).
 * `readoutWeight` is ∂r/∂V(n): how much the voltage at the end of step n enters the readout.
 */
import type { FirstSpikeLoss, Readout } from './model'

export function readoutWeight(readout: Readout, n: number, steps: number, dt: number): number {
  switch (readout) {
    case 'avg-exp':
      return Math.exp(-(n * dt) / (steps * dt)) / steps
    case 'avg':
      return 1 / steps
    case 'sum':
      return dt
    case 'max':
      return 1 // applied only at the arg-max step
    case 'first-spike':
      return 0 // reads spike times, not voltages (see firstSpikeLoss)
  }
}

export function softmax(x: ArrayLike<number>, out = new Float64Array(x.length)): Float64Array {
  let m = -Infinity
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]!)
  let s = 0
  for (let i = 0; i < x.length; i++) s += out[i] = Math.exp(x[i]! - m)
  for (let i = 0; i < x.length; i++) out[i]! /= s
  return out
}

/** Cross-entropy of softmax(r) against `label`, and ∂L/∂r = softmax − onehot. */
export function crossEntropy(r: ArrayLike<number>, label: number): { loss: number; grad: Float64Array; prediction: number } {
  const p = softmax(r)
  let prediction = 0
  for (let k = 1; k < p.length; k++) if (r[k]! > r[prediction]!) prediction = k
  const grad = Float64Array.from(p)
  grad[label]! -= 1
  return { loss: -Math.log(Math.max(p[label]!, 1e-300)), grad, prediction }
}

/**
 * The first-spike loss (model.ts FirstSpikeLoss) from each output's first spike time (NaN when
 * silent, then T counts), the output voltages at the end and the label. The prediction is the
 * earliest output, or −1 when none spiked (a silent network is never right by a tie).
 */
export function firstSpikeLoss(times: Float64Array, vEnd: Float64Array, label: number, T: number, f: FirstSpikeLoss) {
  const n = times.length
  const t = Float64Array.from(times, (x) => (Number.isNaN(x) ? T : x))
  const readout = Float64Array.from(t, (x) => -x / f.tau)
  const ce = crossEntropy(readout, label)
  const dLdt = Float64Array.from(ce.grad, (g, k) => (Number.isNaN(times[k]!) ? 0 : -g / f.tau))
  const dLdVEnd = new Float64Array(n)
  const fst = 1.01 * T - t[label]!
  let loss = ce.loss + f.alpha / fst
  if (Number.isNaN(times[label]!)) {
    loss -= f.phantom * vEnd[label]!
    dLdVEnd[label] = -f.phantom
  } else dLdt[label]! += f.alpha / (fst * fst)
  let prediction = -1
  for (let k = 0; k < n; k++) if (!Number.isNaN(times[k]!) && (prediction < 0 || times[k]! < times[prediction]!)) prediction = k
  return { loss, readout, dLdr: ce.grad, dLdt, dLdVEnd, prediction }
}
