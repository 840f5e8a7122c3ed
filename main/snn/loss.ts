/**
 * Readouts of the output voltage and the softmax cross-entropy on them (§A.3 step 6, §B.4).
 * `readoutWeight` is ∂r/∂V(n): how much the voltage at the end of step n enters the readout.
 */
import type { Readout } from './model'

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
