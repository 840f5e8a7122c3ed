import { describe, expect, it } from 'vitest'
import type { SweepPoint } from '../../preload/api'
import { aggregate } from './aggregate'

const point = (lr: number, size: number, seed: number, acc: number | null): SweepPoint => ({
  index: 0, values: { lr, size, seed }, seed, label: '', runId: 1, state: acc === null ? 'running' : 'done',
  testAccuracy: acc, bestValidationAccuracy: null, trainAccuracy: null, epochsDone: 1, seconds: null
})

describe('sweep aggregate', () => {
  it('is mean ± sample sd over seeds, one line per condition, unfinished points left out', () => {
    const grid = [point(1, 10, 1, 0.5), point(1, 10, 2, 0.7), point(2, 10, 1, 0.9), point(2, 10, 2, null), point(1, 20, 1, 0.6), point(2, 20, 1, 0.8)]
    const s = aggregate(grid, ['lr', 'size'], 'lr', 'testAccuracy')
    expect(s.map((x) => x.condition)).toEqual(['size=10', 'size=20'])
    expect(s[0]!.points[0]!.x).toBe(1)
    expect(s[0]!.points[0]!.mean).toBeCloseTo(0.6, 12)
    expect(s[0]!.points[0]!.sd).toBeCloseTo(Math.sqrt(0.02), 12)
    expect(s[0]!.points[1]).toEqual({ x: 2, mean: 0.9, sd: 0, n: 1 })
    expect(aggregate(grid, ['lr', 'size'], 'size', 'testAccuracy').map((x) => x.condition)).toEqual(['lr=1', 'lr=2'])
    expect(() => aggregate(grid, ['lr', 'size'], 'seed', 'testAccuracy')).toThrow(/not a swept setting/)
  })
})
