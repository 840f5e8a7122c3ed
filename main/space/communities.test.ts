import { describe, expect, it } from 'vitest'
import { Rng } from '../util/rng'
import { louvainCommunities } from './communities'
import { type Graph, modularity } from './measures'

/** 4 planted modules of 12: dense strong links inside, sparse weak ones between. */
function planted(seed: number): { g: Graph; truth: number[] } {
  const rng = new Rng(seed), n = 48, w = new Float64Array(n * n)
  const truth = Array.from({ length: n }, (_, i) => Math.floor(i / 12))
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue
      const same = truth[i] === truth[j]
      if (rng.uniform() < (same ? 0.6 : 0.04)) w[i * n + j] = same ? 0.5 + rng.uniform() : 0.2 * rng.uniform()
    }
  return { g: { n, w }, truth }
}

/** Same partition, whatever the numbering. */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const ab = new Map<number, number>(), ba = new Map<number, number>()
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!
    if ((ab.has(x) && ab.get(x) !== y) || (ba.has(y) && ba.get(y) !== x)) return false
    ab.set(x, y)
    ba.set(y, x)
  }
  return true
}

describe('Louvain communities', () => {
  it.each([1, 2, 3])('recover a planted 4-module partition (seed %i)', (seed) => {
    const { g, truth } = planted(seed)
    const found = louvainCommunities(g, seed)
    expect(samePartition(found, truth)).toBe(true)
    expect(modularity(g, found)).toBeGreaterThan(0.6)
  })

  it('give the same partition for the same seed, and one community per neuron without edges', () => {
    const { g } = planted(4)
    expect(louvainCommunities(g, 9)).toEqual(louvainCommunities(g, 9))
    expect(Array.from(louvainCommunities({ n: 3, w: new Float64Array(9) }, 1))).toEqual([0, 1, 2])
  })
})
