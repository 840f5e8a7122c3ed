/**
 * The emulator against an independent integer re-implementation (loihi.md §7 check (ii)): dense
 * loops over every synapse and Lava's own buffer discipline (send column 0, zero it, roll, add
 * the shifted per-delay sums), on random networks with delays 0–62, recurrence and graded input.
 * Spike for spike and v for v.
 */
import { describe, expect, it } from 'vitest'
import type { SpikeSample } from '../snn/cpu/network'
import { emissionStep } from '../snn/model'
import { Rng } from '../util/rng'
import { loihiWeights, optimizeWeightBits, shiftSum } from './dense'
import { LoihiEmulator } from './emulator'
import { lifStep } from './lif'
import type { LoihiNetwork, LoihiProjection } from './quantise'

function randomNet(rng: Rng, sizes: number[], recurrent: boolean[], steps: number): LoihiNetwork {
  const layers = sizes.slice(1).map((size, i) => ({
    population: i + 1, name: `layer ${i + 1}`, size, kind: (i === sizes.length - 2 ? 'li' : 'lif') as 'lif' | 'li',
    lif: { du: rng.int(4096), dv: rng.int(4096), vth: i === sizes.length - 2 ? 65536 : 20 + rng.int(200) }, scale: 1, iDecay: 0, vDecay: 0
  }))
  const projections: LoihiProjection[] = []
  const project = (pre: number, post: number): void => {
    const nPre = sizes[pre]!, nPost = sizes[post]!
    const int8 = Int32Array.from({ length: nPre * nPost }, () => (rng.uniform() < 0.3 ? 0 : rng.int(256) - 128))
    const o = optimizeWeightBits(int8)
    const delays = Int32Array.from({ length: nPre * nPost }, () => (rng.uniform() < 0.3 ? 0 : rng.int(63)))
    projections.push({ pre, post, nPre, nPost, int8, weights: loihiWeights(o.weights), weightExp: o.weightExp, delays, maxDelay: Math.max(...delays), error: { relativeRms: 0, clipped: 0, zeroed: 0, delaysClamped: 0 }, name: `${pre}→${post}` })
  }
  for (let p = 1; p < sizes.length; p++) {
    project(p - 1, p)
    if (recurrent[p - 1]) project(p, p)
  }
  return { inputs: sizes[0]!, steps, dt: 1, readout: 'avg-exp', outputLayer: layers.length - 1, layers, projections, notes: [] }
}

/** Lava's way, densely: buffers [post][D + 1] per projection, rolled each step. */
function lavaStyle(net: LoihiNetwork, sample: SpikeSample): { counts: number[][]; v: number[] } {
  const D = 63
  const bufs = net.projections.map((p) => Array.from({ length: p.nPost }, () => new Array<number>(D + 1).fill(0)))
  const u = net.layers.map((l) => new Int32Array(l.size)), v = net.layers.map((l) => new Int32Array(l.size))
  const counts = net.layers.map((l) => new Array<number>(l.size).fill(0))
  const inputs = new Map<number, number[]>()
  for (let k = 0; k < sample.times.length; k++) {
    const n = emissionStep(sample.times[k]!, net.dt)
    const row = inputs.get(n) ?? new Array<number>(net.inputs).fill(0)
    row[sample.units[k]!]!++
    inputs.set(n, row)
  }
  const vOut: number[] = []
  const propagate = (spiked: number[][]): void => {
    net.projections.forEach((p, x) => {
      const s = spiked[p.pre]!
      for (let j = 0; j < p.nPost; j++) {
        const acc = new Array<number>(D + 1).fill(0)
        for (let i = 0; i < p.nPre; i++) if (s[i]) acc[p.delays[i * p.nPost + j]!]! += p.weights[i * p.nPost + j]! * s[i]!
        const b = bufs[x]![j]!
        b[0] = 0
        b.push(b.shift()!) // np.roll(−1): the zeroed column 0 wraps to the end
        for (let d = 0; d <= D; d++) b[d]! += shiftSum(acc[d]!, p.weightExp)
      }
    })
  }
  const firstInputs = inputs.get(-1)?.map((c) => Math.min(127, c)) ?? new Array<number>(net.inputs).fill(0)
  propagate([firstInputs, ...net.layers.map((l) => new Array<number>(l.size).fill(0))])
  for (let n = 0; n < net.steps; n++) {
    const spiked: number[][] = [(inputs.get(n) ?? new Array<number>(net.inputs).fill(0)).map((c) => (n + 1 < net.steps ? Math.min(127, c) : 0))]
    net.layers.forEach((l, L) => {
      const a = new Array<number>(l.size).fill(0)
      net.projections.forEach((p, x) => { if (p.post === l.population) for (let j = 0; j < l.size; j++) a[j]! += bufs[x]![j]![0]! })
      const s: number[] = []
      lifStep(u[L]!, v[L]!, a, l.lif, s)
      const row = new Array<number>(l.size).fill(0)
      for (const j of s) { row[j] = 1; counts[L]![j]!++ }
      spiked.push(n + 1 < net.steps ? row : row.map(() => 0))
    })
    vOut.push(...v[net.outputLayer]!)
    propagate(spiked)
  }
  return { counts, v: vOut }
}

describe('the emulator', () => {
  it.each([1, 2, 3])('matches a dense Lava-style re-implementation spike for spike (random network %i)', (seed) => {
    const rng = new Rng(seed)
    const net = randomNet(rng, [12, 9, 7, 3], [true, false, false], 90)
    const emu = new LoihiEmulator(net)
    for (let s = 0; s < 4; s++) {
      const k = 60 + rng.int(60)
      const sample: SpikeSample = { times: Float32Array.from({ length: k }, () => Math.floor(rng.uniform() * 85)), units: Uint16Array.from({ length: k }, () => rng.int(12)), label: 0 }
      const got = emu.run(sample, { record: true }), want = lavaStyle(net, sample)
      expect(got.counts.slice(1).map((c) => Array.from(c))).toEqual(want.counts)
      expect(Array.from(got.outputV!)).toEqual(want.v)
      expect(want.counts.flat().reduce((a, b) => a + b, 0)).toBeGreaterThan(0)
    }
  })
})
