import { describe, expect, it } from 'vitest'
import { Rng } from '../util/rng'
import { analyseEi, clusterOrder, prune, sameSignAdjacency } from './analysis'

/** [input][neuron] matrices from per-neuron lists of (input, delay, weight). */
function build(inputs: number, neurons: number, list: [number, number, number, number][]) {
  const weights = new Float64Array(inputs * neurons), delays = new Float64Array(inputs * neurons)
  for (const [i, j, d, w] of list) {
    weights[i * neurons + j] = w
    delays[i * neurons + j] = d
  }
  return { weights, delays, inputs, neurons, maxDelay: 10 }
}

describe('E/I receptive fields', () => {
  it('sums signed weights into (band, delay bin) cells and splits E and I by delay and band', () => {
    // 4 inputs in 2 bands, 2 delay bins of 5 ms
    const r = analyseEi(build(4, 2, [[0, 0, 1, 0.5], [1, 0, 2, 0.25], [2, 0, 7, -0.3], [3, 1, 9, 0.2], [0, 1, 6, -0.1]]), { delayBins: 2, channelBands: 2, keep: 1, seed: 1 })
    expect(r.bandEdges).toEqual([0, 2, 4])
    expect(r.delayEdges).toEqual([0, 5, 10])
    // neuron 0: band 0 delay bin 0 = 0.75; band 1 bin 1 = −0.3. neuron 1: band 1 bin 1 = 0.2, band 0 bin 1 = −0.1
    expect(Array.from(r.fields)).toEqual([0.75, 0, 0, -0.3, 0, -0.1, 0, 0.2].map(Math.fround))
    expect(r.population.excitatoryByDelay).toEqual([0.75, 0.2])
    expect(r.population.inhibitoryByDelay.map((x) => +x.toFixed(12))).toEqual([0, 0.4])
    expect(r.population.balanceByDelay[0]).toBe(1)
    expect(r.population.excitatoryShare[0]).toBeCloseTo(0.75 / 1.05, 12)
    expect(r.synapses).toEqual({ present: 5, excitatory: 3, inhibitory: 2, total: 8 })
  })

  it('grouping: the same-sign share of adjacent cells, high for E and I in blocks, 0 for a checkerboard', () => {
    const blocks = Float64Array.from({ length: 36 }, (_, c) => (Math.floor(c / 6) < 3 ? 1 : -1))
    // 60 adjacent pairs on a 6 × 6 grid; only the 6 across the E/I boundary differ
    expect(sameSignAdjacency(blocks, 6, 6)).toBeCloseTo(54 / 60, 12)
    const checker = Float64Array.from({ length: 36 }, (_, c) => ((Math.floor(c / 6) + (c % 6)) % 2 ? 1 : -1))
    expect(sameSignAdjacency(checker, 6, 6)).toBe(0)
  })

  it('finds a neuron population whose E and I group in channel and delay above the shuffled null', () => {
    const rng = new Rng(3)
    const list: [number, number, number, number][] = []
    for (let j = 0; j < 8; j++)
      for (let i = 0; i < 20; i++) {
        const d = rng.uniform() * 10
        // E at early delays on low channels, I late on high channels (shifted per neuron)
        const e = (i + 2 * j) % 20 < 10
        list.push([i, j, e ? d / 2 : 5 + d / 2, e ? 0.1 + rng.uniform() : -(0.1 + rng.uniform())])
      }
    const r = analyseEi(build(20, 8, list), { delayBins: 4, channelBands: 10, keep: 0.5, seed: 1 })
    expect(r.population.grouping).toBeGreaterThan(r.population.groupingNull + 0.2)
    expect(r.pruned!.synapses.present).toBe(80)
    expect(r.pruned!.survival.byDelay).toBeGreaterThan(0.9)
  })
})

describe('neuron order and pruning', () => {
  it('puts two families of receptive fields in two contiguous runs', () => {
    const rng = new Rng(7)
    const n = 10, dim = 12
    const fam = Array.from({ length: n }, (_, j) => (j * 7) % 2)
    const f = new Float64Array(n * dim)
    for (let j = 0; j < n; j++) for (let c = 0; c < dim; c++) f[j * dim + c] = (fam[j] ? (c < 6 ? 1 : 0) : c >= 6 ? 1 : 0) + 0.05 * rng.normal()
    const order = clusterOrder(f, n, dim)
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, j) => j))
    const labels = order.map((j) => fam[j])
    const changes = labels.slice(1).filter((l, k) => l !== labels[k]).length
    expect(changes).toBe(1)
  })

  it('keeps the largest k % by |w|', () => {
    const p = prune(build(2, 2, [[0, 0, 0, 0.1], [0, 1, 0, -0.9], [1, 0, 0, 0.5], [1, 1, 0, -0.2]]), 0.5)
    expect(Array.from(p.weights)).toEqual([0, -0.9, 0.5, 0])
  })
})
