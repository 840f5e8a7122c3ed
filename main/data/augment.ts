/**
 * Spike-train augmentations of the EventProp SHD/SSC recipes (research/algorithms.md §B.7), seeded:
 * - shift: every spike's channel moves by one random integer in [−max, max); spikes pushed off
 *   the channel range are dropped;
 * - blend: two samples of one class each move halfway towards the other's mean channel and mean
 *   time, and each spike is kept with probability p; the result is their time-sorted union;
 * - dilate: times are scaled by one random factor in [1 − max, 1 + max] (a faster or slower
 *   utterance; our addition, not in the papers' recipes).
 */
import type { Rng } from '../util/rng'

export interface Spikes {
  times: Float32Array
  units: Uint16Array
}

export interface AugmentSettings {
  /** Largest channel shift (0: off). The papers use 40. */
  shift: number
  /** Blended samples added per epoch, as a fraction of the training set (0: off). The papers: 7644/8156. */
  blend: number
  /** Keep-probability of each spike in a blend. */
  blendKeep: number
  /** Largest relative time stretch (0: off). */
  dilate: number
}

export const NO_AUGMENT: AugmentSettings = { shift: 0, blend: 0, blendKeep: 0.5, dilate: 0 }

export function shift(s: Spikes, max: number, channels: number, rng: Rng): Spikes {
  const by = rng.int(2 * max) - max
  const times: number[] = [], units: number[] = []
  for (let k = 0; k < s.units.length; k++) {
    const u = s.units[k]! + by
    if (u < 0 || u >= channels) continue
    times.push(s.times[k]!)
    units.push(u)
  }
  return { times: Float32Array.from(times), units: Uint16Array.from(units) }
}

export function dilate(s: Spikes, max: number, rng: Rng): Spikes {
  const f = 1 - max + 2 * max * rng.uniform()
  return { times: Float32Array.from(s.times, (t) => t * f), units: s.units.slice() }
}

function mean(a: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m += a[i]!
  return a.length ? m / a.length : 0
}

export function blend(a: Spikes, b: Spikes, keep: number, channels: number, rng: Rng): Spikes {
  const ma = { t: mean(a.times), u: mean(a.units) }, mb = { t: mean(b.times), u: mean(b.units) }
  const out: [number, number][] = []
  const take = (s: Spikes, from: { t: number; u: number }, to: { t: number; u: number }): void => {
    const dt = (to.t - from.t) / 2, du = Math.round((to.u - from.u) / 2)
    for (let k = 0; k < s.times.length; k++) {
      if (rng.uniform() >= keep) continue
      const t = s.times[k]! + dt, u = s.units[k]! + du
      if (t >= 0 && u >= 0 && u < channels) out.push([t, u])
    }
  }
  take(a, ma, mb)
  take(b, mb, ma)
  out.sort((x, y) => x[0] - y[0] || x[1] - y[1])
  return { times: Float32Array.from(out, (o) => o[0]), units: Uint16Array.from(out, (o) => o[1]) }
}
