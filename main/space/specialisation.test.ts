import { describe, expect, it } from 'vitest'
import { Rng } from '../util/rng'
import { oracle } from '../testing/oracle'
import { ridgeR2 } from './specialisation'

describe('ridge R² of positions from input weights', () => {
  it.each([[30, 12], [40, 100]])('matches the primal solution of numpy (%i neurons, %i channels)', (n, p) => {
    const rng = new Rng(n + p)
    const x = Float64Array.from({ length: n * p }, () => rng.normal())
    // positions that depend partly on the weights
    const y = Float64Array.from({ length: n * 2 }, (_, k) => x[Math.floor(k / 2) * p + (k % 2)]! * 2 + rng.normal(0, 0.5))
    const want = oracle<{ inSample: number[]; heldOut: number[] }>('ridge_r2.py', { x: Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * p, (i + 1) * p))), y: Array.from({ length: n }, (_, i) => [y[2 * i], y[2 * i + 1]]), alpha: 1 })
    const got = ridgeR2(x, n, p, y, 2)
    got.perAxis.forEach((r, d) => expect(r).toBeCloseTo(want.inSample[d]!, 9))
    expect(got.mean).toBeCloseTo((want.inSample[0]! + want.inSample[1]!) / 2, 9)
    // leave-one-out by the hat-matrix shortcut equals refitting n times
    got.heldOutPerAxis.forEach((r, d) => expect(r).toBeCloseTo(want.heldOut[d]!, 8))
    expect(got.heldOut).toBeLessThan(got.mean)
  })

  it('tells interpolation from prediction: large random weights fit any positions in-sample, not held out', () => {
    const n = 64, p = 700, rng = new Rng(3)
    const x = Float64Array.from({ length: n * p }, () => rng.normal(0, 0.6))
    const y = Float64Array.from({ length: n * 2 }, () => rng.uniform() * 2 - 1)
    const r = ridgeR2(x, n, p, y, 2)
    expect(r.mean).toBeGreaterThan(0.99)
    expect(r.heldOut).toBeLessThan(0.1)
  })
})
