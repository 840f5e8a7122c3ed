import { describe, expect, it } from 'vitest'
import { sweepSpec } from '../../preload/api'
import { expandGrid, overridesOf } from './grid'

const spec = (x: unknown) => sweepSpec.parse(x)

describe('sweep grid', () => {
  it('is every combination, first key slowest, once per seed', () => {
    const { points, keys } = expandGrid(spec({ preset: 'yinyang', grid: { 'lr.weight': [0.001, 0.003], 'network.hidden.0.size': [10, 20] }, seeds: [1, 2] }))
    expect(keys).toEqual(['lr.weight', 'network.hidden.0.size'])
    expect(points.map((p) => p.label)).toEqual([
      'lr.weight=0.001 network.hidden.0.size=10 seed=1', 'lr.weight=0.001 network.hidden.0.size=10 seed=2',
      'lr.weight=0.001 network.hidden.0.size=20 seed=1', 'lr.weight=0.001 network.hidden.0.size=20 seed=2',
      'lr.weight=0.003 network.hidden.0.size=10 seed=1', 'lr.weight=0.003 network.hidden.0.size=10 seed=2',
      'lr.weight=0.003 network.hidden.0.size=20 seed=1', 'lr.weight=0.003 network.hidden.0.size=20 seed=2'
    ])
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it('leaves out the points skip names, and trains with one thread unless the base says otherwise', () => {
    const s = spec({ preset: 'yinyang', grid: { 'cost.l1': [0, 0.001], 'cost.gamma': [0, 2] }, skip: [{ 'cost.l1': 0, 'cost.gamma': 2 }] })
    expect(expandGrid(s).points.map((p) => p.label)).toEqual(['cost.l1=0 cost.gamma=0 seed=1', 'cost.l1=0.001 cost.gamma=0 seed=1', 'cost.l1=0.001 cost.gamma=2 seed=1'])
    expect(overridesOf(s, { seed: 3 })).toEqual({ threads: 1, seed: 3 })
    expect(overridesOf(spec({ preset: 'yinyang', base: { threads: 2, epochs: 3 } }), { seed: 3 })).toEqual({ threads: 2, epochs: 3, seed: 3 })
  })

  it('says what is wrong with a bad spec, naming it', () => {
    expect(() => expandGrid(spec({ preset: 'yinyang', grid: { 'lr.wieght': [1, 2] } }))).toThrow(/lr\.wieght: no such setting/)
    expect(() => expandGrid(spec({ preset: 'yinyang', grid: { 'network.hidden.0.size': [10, -1] } }))).toThrow(/network\.hidden\.0\.size=-1/)
    expect(() => expandGrid(spec({ preset: 'yinyang' }))).toThrow(/the grid is empty/)
    expect(() => expandGrid(spec({ preset: 'no-such', grid: { epochs: [1, 2] } }))).toThrow(/no-such/)
    expect(() => expandGrid(spec({ preset: 'yinyang', grid: { epochs: [1, 2] }, skip: [{ epochs: 1 }, { epochs: 2 }] }))).toThrow(/every grid point is skipped/)
    expect(() => expandGrid(spec({ preset: 'yinyang', grid: { epochs: [1, 2] }, skip: [{ seed: 1 }] }))).toThrow(/skip names seed/)
    expect(() => sweepSpec.parse({ preset: 'yinyang', grid: { epochs: [] } })).toThrow(/at least one value/)
  })
})
