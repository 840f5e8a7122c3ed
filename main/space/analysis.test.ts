import { describe, expect, it } from 'vitest'
import { type NetworkSpec, compile } from '../snn/model'
import { Rng } from '../util/rng'
import { analyseSpace, spaceProblem } from './analysis'
import { clustering, mean, modularity } from './measures'
import { pruned } from './pruning'

const spec = (recurrentDelay: 'learn' | 'position' | 'none', recurrent = true): NetworkSpec => ({
  dt: 1, steps: 10, inputs: 4, maxDelay: 20, readout: 'avg-exp',
  hidden: [{ size: 12, tauM: 20, tauS: 5, threshold: 1, recurrent, inputDelay: 'none', recurrentDelay, ...(recurrentDelay === 'position' ? { positions: { dims: 2, scale: 1 } } : {}) }],
  output: { size: 2, tauM: 20, tauS: 5 }
})
const opts = { clusteringNulls: 3, efficiencyNulls: 2, spatialNulls: 3, resolution: 1, seed: 2 }

function random(plan: ReturnType<typeof compile>, seed: number): Float64Array {
  const rng = new Rng(seed)
  return Float64Array.from({ length: plan.paramCount }, () => rng.uniform() * 10 - 5)
}

describe('Space analysis of a recurrent layer without positions (the non-spatial control)', () => {
  const plan = compile(spec('learn'))
  const params = random(plan, 1)
  const rec = plan.projections.find((x) => x.pre === 1 && x.post === 1)!
  const w = params.subarray(rec.wOffset, rec.wOffset + 144)

  it('gives the graph measures of |W|, no wiring or specialisation, and the delays as lengths', () => {
    expect(spaceProblem(plan)).toBeNull()
    const a = analyseSpace(plan, params, opts)
    expect(a.positioned).toBe(false)
    expect(a.dims).toBe(0)
    expect(a.measures.wiringCost).toBeNull()
    expect(a.measures.wiringEfficiency).toBeNull()
    expect(a.measures.specialisationR2).toBeNull()
    const g = { n: 12, w: Float64Array.from(w, Math.abs) }
    expect(a.measures.clustering).toBeCloseTo(mean(clustering(g)), 12)
    expect(a.measures.modularity).toBeCloseTo(modularity(g, a.communities), 12)
    expect(a.lengthHistogram.of).toBe('delay')
    expect(a.lengthHistogram.synapses.reduce((s, x) => s + x, 0)).toBe(w.filter((x) => x !== 0).length)
    // the delays are the learned ones, clamped to [0, maxDelay]
    expect(Array.from(a.delays)).toEqual(Array.from(params.subarray(rec.dOffset, rec.dOffset + 144), (d) => Math.fround(Math.min(20, Math.max(0, d)))))
    expect(a.notes.join()).toMatch(/no positions that make its delays \(freely learned recurrent delays\)/)
  })

  it('prunes "shortest" by delay', () => {
    const d = params.subarray(rec.dOffset, rec.dOffset + 144).map((x) => Math.min(20, Math.max(0, x)))
    const kept = pruned(plan, params, 'length', 0.25).subarray(rec.wOffset, rec.wOffset + 144)
    const cut = [...d].sort((x, y) => x - y)[35]!
    kept.forEach((x, k) => expect(x === 0 ? true : d[k]! <= cut).toBe(true))
    expect(kept.filter((x) => x !== 0).length).toBe(36)
  })

  it('refuses a network without a recurrent layer, naming the reason', () => {
    expect(spaceProblem(compile(spec('none', false)))).toMatch(/no recurrent hidden layer/)
    expect(() => analyseSpace(compile(spec('none', false)), new Float64Array(1000), opts)).toThrow(/no recurrent hidden layer/)
  })

  it('a positioned layer still gets every measure', () => {
    const p = compile(spec('position'))
    const a = analyseSpace(p, random(p, 3), opts)
    expect(a.positioned).toBe(true)
    expect(a.measures.wiringCost).toBeGreaterThan(0)
    expect(a.lengthHistogram.of).toBe('distance')
  })
})
