import { describe, expect, it } from 'vitest'
import type { LoihiNetwork, LoihiProjection } from './quantise'
import { mapNetwork } from './mapping'

/** A dense recurrent 700 → H → out network, delays or not (all weights 1). */
function net(hidden: number, out: number, delays: boolean, recurrent = true, inputs = 700): LoihiNetwork {
  const prj = (pre: number, post: number, nPre: number, nPost: number, d: boolean): LoihiProjection => ({
    pre, post, nPre, nPost, int8: new Int32Array(0), weights: new Int32Array(nPre * nPost).fill(2), weightExp: -1,
    delays: new Int32Array(nPre * nPost).fill(d ? 5 : 0), maxDelay: d ? 5 : 0, error: { relativeRms: 0, clipped: 0, zeroed: 0, delaysClamped: 0 }, name: ''
  })
  const lif = { du: 741, dv: 200, vth: 100 }
  return {
    inputs, steps: 10, dt: 1, readout: 'avg-exp', outputLayer: 1, notes: [],
    layers: [{ population: 1, name: 'hidden 1', size: hidden, kind: 'lif', lif, scale: 1, iDecay: 742, vDecay: 200 }, { population: 2, name: 'output', size: out, kind: 'li', lif, scale: 1, iDecay: 742, vDecay: 200 }],
    projections: [prj(0, 1, inputs, hidden, delays), ...(recurrent ? [prj(1, 1, hidden, hidden, delays)] : []), prj(1, 2, hidden, out, false)]
  }
}

describe('mapping onto Loihi 2 cores (loihi.md §3.4 worked examples)', () => {
  it.each([[256, false, 48, 6], [512, false, 36, 15], [1024, false, 24, 43], [512, true, 18, 29]])('SHD H=%i recurrent (delays %s): %i neurons a core, %i cores', (h, d, perCore, cores) => {
    const m = mapNetwork(net(h as number, 20, d as boolean))
    expect(m.layers[0]).toMatchObject({ perCore, cores })
    expect(m.layers[1]!.cores).toBe(1)
    expect(m.chips).toBe(1)
    expect(m.board).toBe('Oheo Gulch')
    for (const c of m.cores) expect(c.synMem).toBeLessThanOrEqual(12000)
  })

  it('puts a layer beyond one chip on a bigger board, and refuses a fan-in no core takes', () => {
    const big = mapNetwork(net(6000, 20, true, false))
    expect(big.chips).toBeGreaterThan(1)
    expect(big.board).toBe('Kapoho Point')
    expect(() => mapNetwork(net(100, 20, false, true, 15901))).toThrow(/hidden 1: a fan-in of 16001 input axons exceeds the 16000/)
    expect(() => mapNetwork(net(12000, 20, true, false, 11000))).toThrow(/needs \d+ cores on \d+ chips, more than the largest board \(Kapoho Point, 8 chips\)/)
  })
})
