import { describe, expect, it } from 'vitest'
import { Rng, deriveSeed } from './rng'

describe('Rng', () => {
  it('repeats a stream for a seed and differs between seeds', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43)
    const xs = Array.from({ length: 100 }, () => a.nextU32())
    expect(Array.from({ length: 100 }, () => b.nextU32())).toEqual(xs)
    expect(Array.from({ length: 100 }, () => c.nextU32())).not.toEqual(xs)
  })

  it('gives uniform doubles in [0,1) with the right mean and variance', () => {
    const r = new Rng(1)
    const n = 200_000
    let sum = 0, sq = 0, min = 1, max = 0
    for (let i = 0; i < n; i++) {
      const u = r.uniform()
      sum += u; sq += u * u
      min = Math.min(min, u); max = Math.max(max, u)
    }
    const mean = sum / n
    expect(min).toBeGreaterThanOrEqual(0)
    expect(max).toBeLessThan(1)
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n))
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(0.002)
  })

  it('draws unbiased integers', () => {
    const r = new Rng(7)
    const counts = [0, 0, 0]
    for (let i = 0; i < 30_000; i++) counts[r.int(3)]!++
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(5 * Math.sqrt(30_000 * (1 / 3) * (2 / 3)))
    expect(() => r.int(0)).toThrow(RangeError)
  })

  it('resumes from a saved state', () => {
    const r = new Rng(9)
    r.nextU32()
    const saved = r.getState()
    const next = [r.nextU32(), r.nextU32()]
    const resumed = Rng.fromState(saved)
    expect([resumed.nextU32(), resumed.nextU32()]).toEqual(next)
  })

  it('derives distinct sub-stream seeds', () => {
    const seeds = new Set([0, 1, 2, 3].map((s) => deriveSeed(42, s)))
    expect(seeds.size).toBe(4)
    expect(deriveSeed(42, 1)).toBe(deriveSeed(42, 1))
  })
})
