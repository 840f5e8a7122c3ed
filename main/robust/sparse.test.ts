import { describe, expect, it } from 'vitest'
import { Rng } from '../util/rng'
import { DEFAULT_FISTA, dictionaryFrom, fista, groupNorms, inputGradient, optimality } from './sparse'

function random(seed: number, dims: number, groups: number, per: number) {
  const rng = new Rng(seed)
  const atoms = Array.from({ length: groups * per }, () => {
    const a = Float64Array.from({ length: dims }, () => rng.normal())
    const n = Math.hypot(...a)
    return a.map((v) => v / n)
  })
  return { d: dictionaryFrom(atoms, per), rng }
}

describe('group-sparse coding by FISTA', () => {
  it.each([1, 2, 3, 4, 5])('meets the group lasso optimality conditions on a random problem (%i)', (seed) => {
    const { d, rng } = random(seed, 20, 5, 4)
    const x = Float64Array.from({ length: 20 }, () => rng.normal())
    const o = { ...DEFAULT_FISTA, lambda: 1.2 + 0.6 * rng.uniform(), tol: 1e-12, maxIter: 20000 }
    const { z } = fista(d, x, o)
    expect(optimality(d, x, z, o)).toBeLessThan(1e-6)
    const active = groupNorms(d, z).filter((n) => n > 0).length
    expect(active).toBeGreaterThan(0)
    expect(active).toBeLessThan(5)
  })

  it('has an input gradient (implicit, through the solution) that matches central differences', () => {
    const { d, rng } = random(9, 16, 4, 3)
    const x = Float64Array.from({ length: 16 }, () => rng.normal())
    const o = { ...DEFAULT_FISTA, lambda: 0.4, tol: 1e-13, maxIter: 50000 }
    // a smooth function of the code: f = Σ_g c_g·‖z_g‖ + Σ_k e_k z_k
    const c = Float64Array.from({ length: 4 }, () => rng.normal()), e = Float64Array.from({ length: 12 }, () => rng.normal())
    const f = (z: Float64Array): number => groupNorms(d, z).reduce((s, n, g) => s + c[g]! * n, 0) + z.reduce((s, v, k) => s + e[k]! * v, 0)
    const { z } = fista(d, x, o)
    const norms = groupNorms(d, z)
    const dfdz = z.map((v, k) => (norms[d.group[k]!]! > 0 ? (c[d.group[k]!]! * v) / norms[d.group[k]!]! : 0) + e[k]!)
    const g = inputGradient(d, z, dfdz, o)
    const h = 1e-5
    for (let i = 0; i < 16; i++) {
      const up = Float64Array.from(x), down = Float64Array.from(x)
      up[i]! += h
      down[i]! -= h
      const fd = (f(fista(d, up, o, undefined, z).z) - f(fista(d, down, o, undefined, z).z)) / (2 * h)
      expect(Math.abs(g[i]! - fd), `input ${i}: ${g[i]} vs ${fd}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)))
    }
  })
})
