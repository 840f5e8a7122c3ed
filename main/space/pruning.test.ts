import { describe, expect, it } from 'vitest'
import { compile } from '../snn/model'
import { classClustering, preferredClasses, pruned } from './pruning'

const plan = compile({
  dt: 1, steps: 10, inputs: 2, maxDelay: 10, readout: 'avg',
  hidden: [{ size: 3, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'none', recurrentDelay: 'position', positions: { dims: 1, scale: 1 } }],
  output: { size: 2, tauM: 20, tauS: 5 }
})
const rec = plan.projections.find((x) => x.pre === 1 && x.post === 1)!
const pos = plan.populations[1]!.posOffset

describe('pruning', () => {
  const params = new Float64Array(plan.paramCount)
  params.set([0, 1, 5], pos) // neurons at 0, 1 and 5 on a line
  params.set([0.1, -0.9, 0.2, 0.3, 0.05, -0.7, 0.6, 0.4, 0.01], rec.wOffset)
  const recurrent = (p: Float64Array) => Array.from(p.subarray(rec.wOffset, rec.wOffset + 9))

  it('keeps the largest |w|', () => {
    expect(recurrent(pruned(plan, params, 'magnitude', 3 / 9))).toEqual([0, -0.9, 0, 0, 0, -0.7, 0.6, 0, 0])
  })

  it('keeps the shortest connections (self-connections first, then 0–1)', () => {
    expect(recurrent(pruned(plan, params, 'length', 5 / 9))).toEqual([0.1, -0.9, 0, 0.3, 0.05, 0, 0, 0, 0.01])
  })

  it('leaves everything else alone and keeps all at 100 %', () => {
    const p = pruned(plan, params, 'magnitude', 1)
    expect(p).toEqual(params)
    expect(pruned(plan, params, 'length', 0.2).subarray(0, rec.wOffset)).toEqual(params.subarray(0, rec.wOffset))
  })
})

describe('preferred classes', () => {
  it('is the class with most spikes per sample, −1 when silent, and tells clustered from mixed', () => {
    const counts = [Float64Array.of(5, 0, 0, 1), Float64Array.of(3, 0, 0, 1), Float64Array.of(0, 4, 0, 0)]
    const pref = preferredClasses(counts, [0, 0, 1], 2, 4)
    expect(Array.from(pref)).toEqual([0, 1, -1, 0])
    // neurons 0 and 3 (class 0) side by side, 1 far away: together
    expect(classClustering([0, 10, 50, 1], 1, pref)).toBeLessThan(0.2)
    expect(classClustering([0, 1, 50, 10], 1, pref)).toBeGreaterThan(1)
  })
})
