import { describe, expect, it } from 'vitest'
import { SWEEP_EXAMPLES } from './examples'
import { expandGrid } from './grid'

describe('example sweeps', () => {
  it.each(Object.keys(SWEEP_EXAMPLES))('%s expands against its preset', (id) => {
    const { points } = expandGrid(SWEEP_EXAMPLES[id]!)
    expect(points.length).toBeGreaterThan(1)
  })
})
