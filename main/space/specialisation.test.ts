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
    const want = oracle<number[]>('ridge_r2.py', { x: Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * p, (i + 1) * p))), y: Array.from({ length: n }, (_, i) => [y[2 * i], y[2 * i + 1]]), alpha: 1 })
    const got = ridgeR2(x, n, p, y, 2)
    got.perAxis.forEach((r, d) => expect(r).toBeCloseTo(want[d]!, 9))
    expect(got.mean).toBeCloseTo((want[0]! + want[1]!) / 2, 9)
  })
})
