/**
 * The Yin-Yang dataset (Kriener, Göltz & Petrovici 2021, arXiv 2102.08211).
 *
 * Points are drawn uniformly in the square [0, 2·rBig]² and kept only inside the big circle of
 * radius rBig; each sample first picks a goal class uniformly and rejects points until one of that
 * class appears, so the classes are balanced in expectation. Classes follow the reference code:
 * 2 = dot (inside either small circle of radius rSmall), 1 = yin, 0 = yang, with the reference's
 * class names ['yin', 'yang', 'dot'] kept as they are indexed there.
 *
 * Inputs are (x, y, 1 − x, 1 − y) on the unit scale, optionally with a bias channel, encoded as one
 * spike per channel at t = early + (late − early)·value (time to first spike, ms).
 */
import type { Split, YinYangParams } from '../../preload/api'
import { Rng, deriveSeed } from '../util/rng'

export const YINYANG_CLASS_NAMES = ['yin', 'yang', 'dot'] as const
const SPLIT_STREAM: Record<Split, number> = { train: 0, validation: 1, test: 2 }

export interface YinYangPoints {
  /** Coordinates in [0, 2·rBig]. */
  x: Float64Array
  y: Float64Array
  labels: Uint8Array
}

export function yinYangClass(x: number, y: number, rSmall: number, rBig: number): number {
  const dRight = Math.hypot(x - 1.5 * rBig, y - rBig)
  const dLeft = Math.hypot(x - 0.5 * rBig, y - rBig)
  if (dRight < rSmall || dLeft < rSmall) return 2
  const isYin =
    dRight <= rSmall || (dLeft > rSmall && dLeft <= 0.5 * rBig) || (y > rBig && dRight > 0.5 * rBig)
  return isYin ? 1 : 0
}

export function insideYinYang(x: number, y: number, rBig: number): boolean {
  return Math.hypot(x - rBig, y - rBig) <= rBig
}

/** Draws one split. Deterministic for (seed, split, size, radii). */
export function generateYinYangSplit(
  params: Pick<YinYangParams, 'seed' | 'rSmall' | 'rBig'>,
  split: Split,
  size: number
): YinYangPoints {
  const rng = new Rng(deriveSeed(params.seed, SPLIT_STREAM[split]))
  const { rSmall, rBig } = params
  const x = new Float64Array(size)
  const y = new Float64Array(size)
  const labels = new Uint8Array(size)
  for (let i = 0; i < size; i++) {
    const goal = rng.int(3)
    for (;;) {
      const px = rng.uniform() * 2 * rBig
      const py = rng.uniform() * 2 * rBig
      if (!insideYinYang(px, py, rBig)) continue
      if (yinYangClass(px, py, rSmall, rBig) !== goal) continue
      x[i] = px
      y[i] = py
      labels[i] = goal
      break
    }
  }
  return { x, y, labels }
}

export interface SpikeSample {
  /** Spike times in ms, ascending. */
  times: Float32Array
  /** Channel of each spike. */
  units: Uint16Array
}

export function yinYangChannels(encoding: YinYangParams['encoding']): number {
  return encoding.bias ? 5 : 4
}

/** Time-to-first-spike encoding of one point given in [0, 2·rBig]. */
export function encodeYinYang(x: number, y: number, rBig: number, encoding: YinYangParams['encoding']): SpikeSample {
  const u = x / (2 * rBig)
  const v = y / (2 * rBig)
  const span = encoding.late - encoding.early
  const values = [u, v, 1 - u, 1 - v]
  const spikes = values.map((val, unit) => ({ t: Math.fround(encoding.early + span * val), unit }))
  if (encoding.bias) spikes.push({ t: Math.fround(encoding.biasTime), unit: 4 })
  spikes.sort((a, b) => a.t - b.t || a.unit - b.unit)
  return {
    times: Float32Array.from(spikes, (s) => s.t),
    units: Uint16Array.from(spikes, (s) => s.unit)
  }
}
