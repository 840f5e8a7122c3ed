/**
 * The graph measures against networkx (scripts/oracles/graph_measures.py, an independent
 * implementation) on fixed graphs: a ring lattice, a planted partition, a random sparse graph,
 * a dense random one and a graph with self-loops and one-way edges.
 */
import { describe, expect, it } from 'vitest'
import { shdLikeParams } from '../../preload/api'
import { shdLikeModel, shdLikeSample } from '../data/shd-like'
import { oracle, throughFile } from '../testing/oracle'
import { preset } from '../train/presets'
import { Trainer } from '../train/trainer'
import { Rng } from '../util/rng'
import { type Graph, clustering, globalEfficiency, modularity, wiringCost, wiringEfficiency } from './measures'

function networkx(g: Graph, communities: number[], resolution = 1): { modularity: number; clustering: number[]; efficiency: number } {
  return oracle('graph_measures.py', { n: g.n, w: Array.from(g.w), communities, resolution })
}

function make(n: number, f: (i: number, j: number) => number): Graph {
  const w = new Float64Array(n * n)
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) w[i * n + j] = Math.abs(f(i, j))
  return { n, w }
}

const rng = new Rng(17)
const cases: [string, Graph, number[]][] = [
  ['ring lattice (each neuron to its 3 next on both sides)', make(24, (i, j) => { const d = Math.min((i - j + 24) % 24, (j - i + 24) % 24); return d > 0 && d <= 3 ? 1 + 0.1 * d : 0 }), Array.from({ length: 24 }, (_, i) => Math.floor(i / 6))],
  ['planted partition (4 modules)', make(32, (i, j) => (Math.floor(i / 8) === Math.floor(j / 8) ? (rng.uniform() < 0.7 ? rng.uniform() : 0) : rng.uniform() < 0.05 ? rng.uniform() * 0.3 : 0)), Array.from({ length: 32 }, (_, i) => Math.floor(i / 8))],
  ['random sparse', make(30, () => (rng.uniform() < 0.15 ? rng.uniform() : 0)), Array.from({ length: 30 }, (_, i) => i % 3)],
  ['dense random weights (a trained recurrent matrix\'s shape)', make(20, () => rng.normal(0, 0.3)), Array.from({ length: 20 }, (_, i) => (i < 7 ? 0 : i < 14 ? 1 : 2))],
  ['self-loops and one-way edges', make(12, (i, j) => (i === j ? 2 : j === (i + 1) % 12 ? 1 : j === (i + 5) % 12 && i % 2 ? 0.5 : 0)), Array.from({ length: 12 }, (_, i) => i % 2)]
]

describe('graph measures against networkx', () => {
  it.each(cases)('%s', (_name, g, communities) => {
    const want = networkx(g, communities)
    expect(modularity(g, communities)).toBeCloseTo(want.modularity, 10)
    const c = clustering(g)
    want.clustering.forEach((x, i) => expect(c[i], `neuron ${i}`).toBeCloseTo(x, 10))
    expect(globalEfficiency(g)).toBeCloseTo(want.efficiency, 10)
  })

  it('a trained checkpoint\'s recurrent layer, exported to a file', () => {
    // one epoch of a small position-learning network on SHD-like data, its |W| written as JSON
    const spec = { ...preset('shd-like-position-small').settings, epochs: 1 }
    spec.network = { ...spec.network, inputs: 700, output: { ...spec.network.output, size: 20 }, hidden: [{ ...spec.network.hidden[0]!, size: 24 }], steps: 100 }
    const gen = shdLikeParams.parse({ sizes: { train: 32, validation: 0, test: 0 } })
    const m = shdLikeModel(gen), r = new Rng(3)
    const samples = Array.from({ length: 32 }, () => shdLikeSample(gen, m, r, false))
    const trainer = new Trainer(spec)
    return trainer.trainBatch(samples).then(() => {
      const plan = trainer.plan, rec = plan.projections.find((x) => x.pre === 1 && x.post === 1)!
      const exported = throughFile('checkpoint-recurrent.json', Array.from(trainer.params.subarray(rec.wOffset, rec.wOffset + 24 * 24)))
      const g: Graph = { n: 24, w: Float64Array.from(exported, Math.abs) }
      const c = Array.from({ length: 24 }, (_, i) => i % 4)
      const want = networkx(g, c)
      expect(modularity(g, c)).toBeCloseTo(want.modularity, 10)
      clustering(g).forEach((x, i) => expect(x).toBeCloseTo(want.clustering[i]!, 10))
      expect(globalEfficiency(g)).toBeCloseTo(want.efficiency, 10)
    })
  })

  it('modularity at another resolution', () => {
    const [, g, c] = cases[1]!
    expect(modularity(g, c, 0.5)).toBeCloseTo(networkx(g, c, 0.5).modularity, 10)
  })
})

describe('wiring', () => {
  const d = Float64Array.from({ length: 9 }, (_, k) => 1 + Math.abs(Math.floor(k / 3) - (k % 3)))
  const g = make(3, (i, j) => i + j)
  it('costs Σ|w|·d, and is 1 when the largest weights sit on the shortest lengths, 0 when on the longest', () => {
    expect(wiringCost(g, d)).toBe(Array.from(g.w).reduce((s, w, k) => s + w * d[k]!, 0))
    // the bounds of the rearrangement inequality
    expect(wiringEfficiency(make(3, (i, j) => 4 - Math.abs(i - j)), d)).toBeCloseTo(1, 12)
    expect(wiringEfficiency(make(3, (i, j) => 1 + Math.abs(i - j)), d)).toBeCloseTo(0, 12)
    expect(wiringEfficiency(make(3, () => 1), d)).toBe(1)
  })
})
