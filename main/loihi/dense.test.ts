/** Dense synapses with delays and weight exponents: loihi.md §7 TV8, TV8b, TV10, and §7 check (i). */
import { describe, expect, it } from 'vitest'
import { Rng } from '../util/rng'
import { DelayLine, loihiWeights, optimizeWeightBits } from './dense'
import { lifStep } from './lif'

/** Lava lays weights out [post][pre]; ours are [pre][post]. */
const transpose = (m: number[][]): number[] => m[0]!.flatMap((_, i) => m.map((row) => row[i]!))

/** Per step, the input each post neuron receives, for graded input rows (one per step). */
function deliver(w: number[][], d: number[][], exp: number, inputs: number[][], steps: number, lava = true): number[][] {
  const nPost = w.length, nPre = w[0]!.length
  const weights = lava ? loihiWeights(transpose(w)) : Int32Array.from(transpose(w))
  const line = new DelayLine(nPre, nPost, weights, Int32Array.from(transpose(d)), exp, Math.max(...d.flat()))
  const out: number[][] = []
  for (let n = 0; n < steps; n++) {
    const into = new Float64Array(nPost)
    line.take(n, into)
    out.push(Array.from(into))
    const row = inputs[n] ?? []
    const pre = row.flatMap((c, i) => (c ? [i] : [])), payload = pre.map((i) => row[i]!)
    line.emit(n, pre, payload)
  }
  return out
}

describe('Loihi 2 delayed dense synapses (loihi.md §7)', () => {
  it('TV8: per-delay sums shift separately, one step of latency plus the delay', () => {
    const a = deliver([[100, -37, 6]], [[0, 2, 2]], -1, [[1, 1, 0], [0, 0, 1], [1, 0, 1]], 7)
    expect(a.map((x) => x[0])).toEqual([0, 50, 0, 31, 3, 3, 0])
  })
  it('TV8b: two outputs with their own delays', () => {
    const a = deliver([[100, -37, 6], [-20, 50, 8]], [[0, 2, 2], [1, 0, 3]], -1, [[1, 1, 0], [0, 0, 1], [1, 0, 1]], 8)
    expect(a).toEqual([[0, 0], [50, 25], [0, -10], [31, 0], [3, -10], [3, 4], [0, 4], [0, 0]])
  })
  it('TV10: netx doubles int8 weights with weight_exp −1, and the graded sums come out exact', () => {
    const wq = [[127, -128, 5], [-3, 64, -77]]
    const o = optimizeWeightBits(wq.flat())
    expect([o.weightExp, o.bits]).toEqual([-1, 8])
    expect(Array.from(o.weights)).toEqual([254, -256, 10, -6, 128, -154])
    expect(Array.from(loihiWeights(o.weights))).toEqual(Array.from(o.weights))
    const doubled = [Array.from(o.weights.subarray(0, 3)), Array.from(o.weights.subarray(3))]
    const a = deliver(doubled, [[0, 0, 0], [0, 0, 0]], o.weightExp, [[2, 1, 0], [0, 3, 1], [1, 0, 0]], 5)
    expect(a.slice(0, 4)).toEqual([[0, 0], [126, 58], [-379, 115], [127, -3]])
    // neuron 0 into a LIF (du 741, dv 200, vth 100)
    const u = new Int32Array(1), v = new Int32Array(1), trace: number[][] = []
    for (const row of a) {
      const s: number[] = []
      lifStep(u, v, [row[0]!], { du: 741, dv: 200, vth: 100 }, s)
      trace.push([u[0]!, v[0]!, s.length])
    }
    expect(trace.slice(1)).toEqual([[8064, 0, 1], [-17653, -17653, 0], [-6327, -23118, 0], [-5180, -27169, 0]])
  })
  it('gives weight_exp −1 whenever int8 weights reach both −128 and 127 (check (i))', () => {
    const rng = new Rng(9)
    for (let t = 0; t < 50; t++) {
      const w = Array.from({ length: 40 }, () => rng.int(256) - 128)
      w[rng.int(40)] = -128
      w[rng.int(40)] = 127
      if (!w.includes(-128)) w[0] = -128
      if (!w.includes(127)) w[1] = 127
      const o = optimizeWeightBits(w)
      expect(o.weightExp).toBe(-1)
      expect(Array.from(loihiWeights(o.weights))).toEqual(w.map((x) => 2 * x))
    }
  })
  it('delay 0 delivers at the next step and delay 62 at 63 steps later', () => {
    const line = new DelayLine(2, 1, Int32Array.of(4, 6), Int32Array.of(0, 62), 0, 62)
    line.emit(0, [0, 1], null)
    const at = (n: number): number => { const x = new Float64Array(1); line.take(n, x); return x[0]! }
    expect([at(0), at(1), at(2), at(62), at(63), at(64)]).toEqual([0, 4, 0, 0, 6, 0])
  })
})
