/**
 * A structured SHD-like dataset, for learning at SHD size without the real files (ours, stated
 * here; not a model of speech). Shape as SHD (Cramer et al. 2020): 700 channels, 20 classes,
 * samples of 1 s with times in ms, 12 speakers of whom the last 2 appear only in the test split.
 *
 * Each class is a "word" of 2–4 sweeps drawn once from the seed: a sweep starts at time t0 (50–450
 * ms) on channel c0, lasts L ms (120–400) and moves with slope s channels/ms (|s| ≤ 0.5) over a band
 * of Gaussian width bw (6–20 channels), with its own share of the word's spikes. A speaker shifts
 * every channel by a fixed offset (±40), stretches time by a tempo factor (0.8–1.2) and scales
 * the spike count by a loudness (0.7–1.3): a nuisance the classifier must ignore. A sample draws
 * its speaker, an onset jitter (±60 ms), Poisson counts for each sweep (mean: loudness ×
 * `spikesPerSample` × (1 − noise) × share) and uniform background spikes (mean: `spikesPerSample`
 * × noise) over all channels and the whole second.
 */
import { Rng, deriveSeed } from '../util/rng'

export interface ShdLikeParams {
  seed: number
  classes: number
  channels: number
  /** ms */
  duration: number
  speakers: number
  /** Speakers (the last ones) heard only in the test split. */
  testOnlySpeakers: number
  /** Mean spikes of one sample at loudness 1, sweeps and background together. */
  spikesPerSample: number
  /** Fraction of those that are background. */
  noise: number
  sizes: { train: number; validation: number; test: number }
}

interface Sweep { t0: number; length: number; c0: number; slope: number; width: number; share: number }
interface Speaker { shift: number; tempo: number; loudness: number }

export interface ShdLikeModel {
  words: Sweep[][]
  speakers: Speaker[]
}

export function shdLikeModel(p: ShdLikeParams): ShdLikeModel {
  const rng = new Rng(deriveSeed(p.seed, 0))
  const u = (a: number, b: number): number => a + (b - a) * rng.uniform()
  const words = Array.from({ length: p.classes }, () => {
    const k = 2 + rng.int(3)
    const sweeps = Array.from({ length: k }, () => ({
      t0: u(0.05, 0.45) * p.duration, length: u(0.12, 0.4) * p.duration,
      c0: u(0.08, 0.92) * p.channels, slope: u(-0.5, 0.5) * p.channels / 700, width: u(6, 20) * p.channels / 700, share: u(0.5, 1.5)
    }))
    const total = sweeps.reduce((s, w) => s + w.share, 0)
    for (const w of sweeps) w.share /= total
    return sweeps
  })
  const speakers = Array.from({ length: p.speakers }, () => ({ shift: u(-40, 40) * p.channels / 700, tempo: u(0.8, 1.2), loudness: u(0.7, 1.3) }))
  return { words, speakers }
}

export interface ShdLikeSample { label: number; speaker: number; times: Float32Array; units: Uint16Array }

/** One sample; `test` draws from every speaker, the other splits from all but the test-only ones. */
export function shdLikeSample(p: ShdLikeParams, m: ShdLikeModel, rng: Rng, test: boolean): ShdLikeSample {
  const label = rng.int(p.classes)
  const heard = test ? p.speakers : Math.max(1, p.speakers - p.testOnlySpeakers)
  const speaker = rng.int(heard)
  const sp = m.speakers[speaker]!
  const onset = (rng.uniform() * 2 - 1) * 60
  const times: number[] = [], units: number[] = []
  const add = (t: number, c: number): void => {
    const ch = Math.round(c)
    if (t < 0 || t >= p.duration || ch < 0 || ch >= p.channels) return
    times.push(t)
    units.push(ch)
  }
  for (const w of m.words[label]!) {
    const n = poisson(rng, sp.loudness * p.spikesPerSample * (1 - p.noise) * w.share)
    for (let k = 0; k < n; k++) {
      const s = rng.uniform() * w.length
      add(onset + sp.tempo * (w.t0 + s), w.c0 + sp.shift + w.slope * s + w.width * rng.normal())
    }
  }
  const bg = poisson(rng, p.spikesPerSample * p.noise)
  for (let k = 0; k < bg; k++) add(rng.uniform() * p.duration, rng.uniform() * p.channels - 0.5)
  const order = Array.from(times.keys()).sort((a, b) => times[a]! - times[b]! || units[a]! - units[b]!)
  return { label, speaker, times: Float32Array.from(order, (i) => times[i]!), units: Uint16Array.from(order, (i) => units[i]!) }
}

/** Knuth's method for small means, a rounded normal for large ones (mean ≥ 50: error < 1 %). */
function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0
  if (mean >= 50) return Math.max(0, Math.round(rng.normal(mean, Math.sqrt(mean))))
  const L = Math.exp(-mean)
  let k = 0, prod = rng.uniform()
  while (prod > L) { k++; prod *= rng.uniform() }
  return k
}
