/**
 * The synthetic dataset of the sparse-coding robustness study (research/algorithms.md §E; the
 * paper does not define it, so this is our reconstruction, stated here): a dictionary D of
 * `groups × atomsPerGroup` random unit-norm atoms in R^dims; a sample of class g is
 * y = D_g·x_g + noise with x_g ~ N(0, 1), scaled to max |y_i| = 1. Spikes: a latency code on 2·dims
 * channels (y_i > 0 on channel i, y_i < 0 on dims + i), t = tMax·(1 − |y_i|) for |y_i| ≥ threshold.
 * y is kept as the sample's features (attacks perturb it).
 */
import { Rng, deriveSeed } from '../util/rng'

export interface SyntheticParams {
  seed: number
  dims: number
  groups: number
  atomsPerGroup: number
  noise: number
  tMax: number
  threshold: number
  sizes: { train: number; validation: number; test: number }
}

export function dictionary(p: SyntheticParams): Float64Array[] {
  const rng = new Rng(deriveSeed(p.seed, 0))
  return Array.from({ length: p.groups * p.atomsPerGroup }, () => {
    const a = Float64Array.from({ length: p.dims }, () => rng.normal())
    const n = Math.hypot(...a)
    return a.map((v) => v / n)
  })
}

export function syntheticSample(p: SyntheticParams, D: Float64Array[], rng: Rng): { label: number; y: Float64Array } {
  const label = rng.int(p.groups)
  const y = new Float64Array(p.dims)
  for (let k = 0; k < p.atomsPerGroup; k++) {
    const x = rng.normal(), atom = D[label * p.atomsPerGroup + k]!
    for (let i = 0; i < p.dims; i++) y[i]! += x * atom[i]!
  }
  for (let i = 0; i < p.dims; i++) y[i]! += p.noise * rng.normal()
  let m = 0
  for (const v of y) m = Math.max(m, Math.abs(v))
  if (m > 0) for (let i = 0; i < p.dims; i++) y[i]! /= m
  return { label, y }
}

export function encodeSynthetic(y: Float64Array, p: SyntheticParams): { times: Float32Array; units: Uint16Array } {
  const ev: [number, number][] = []
  y.forEach((v, i) => {
    if (Math.abs(v) >= p.threshold) ev.push([p.tMax * (1 - Math.abs(v)), v > 0 ? i : p.dims + i])
  })
  ev.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  return { times: Float32Array.from(ev, (e) => e[0]), units: Uint16Array.from(ev, (e) => e[1]) }
}
