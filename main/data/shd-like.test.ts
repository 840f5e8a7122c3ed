import { describe, expect, it } from 'vitest'
import { shdLikeParams } from '../../preload/api'
import { Rng } from '../util/rng'
import { shdLikeModel, shdLikeSample } from './shd-like'

const p = shdLikeParams.parse({})

function draw(n: number, seed: number, test: boolean) {
  const m = shdLikeModel(p), rng = new Rng(seed)
  return Array.from({ length: n }, () => shdLikeSample(p, m, rng, test))
}

/** Spikes per (32-channel band, 100 ms bin), the coarse features of a nearest-class-mean classifier. */
function features(s: { times: Float32Array; units: Uint16Array }): Float64Array {
  const f = new Float64Array(22 * 10)
  s.times.forEach((t, k) => f[Math.floor(s.units[k]! / 32) * 10 + Math.floor(t / 100)]! += 1)
  const n = Math.hypot(...f) || 1
  return f.map((v) => v / n)
}

describe('SHD-like generator', () => {
  it('has SHD\'s shape: 700 channels, times within 1 s in order, about spikesPerSample spikes', () => {
    const samples = draw(200, 1, false)
    let total = 0
    for (const s of samples) {
      expect(s.times.length).toBe(s.units.length)
      let bad = 0
      for (let k = 0; k < s.times.length; k++)
        if (s.units[k]! >= 700 || !(s.times[k]! >= 0 && s.times[k]! < 1000) || (k > 0 && s.times[k]! < s.times[k - 1]!)) bad++
      expect(bad).toBe(0)
      total += s.times.length
    }
    // loudness averages 1; a few sweep spikes fall outside the channels or the second
    expect(total / samples.length).toBeGreaterThan(0.8 * p.spikesPerSample)
    expect(total / samples.length).toBeLessThan(1.15 * p.spikesPerSample)
    expect(new Set(samples.map((s) => s.label)).size).toBe(20)
  })

  it('is the same for the same seed and keeps the last two speakers for the test split', () => {
    const a = draw(5, 9, false), b = draw(5, 9, false)
    expect(a).toEqual(b)
    expect(Math.max(...draw(300, 2, false).map((s) => s.speaker))).toBe(9)
    expect(new Set(draw(300, 2, true).map((s) => s.speaker))).toEqual(new Set(Array.from({ length: 12 }, (_, i) => i)))
  })

  it('has class structure that survives unseen speakers: nearest class mean well above chance', () => {
    const train = draw(600, 3, false), test = draw(300, 4, true)
    const means = Array.from({ length: 20 }, () => new Float64Array(220))
    const counts = new Array<number>(20).fill(0)
    for (const s of train) { const f = features(s); means[s.label]!.forEach((_, i) => (means[s.label]![i]! += f[i]!)); counts[s.label]!++ }
    let correct = 0
    for (const s of test) {
      const f = features(s)
      let best = -1, bestD = Infinity
      means.forEach((m, c) => {
        let d = 0
        for (let i = 0; i < 220; i++) d += (f[i]! - m[i]! / counts[c]!) ** 2
        if (d < bestD) { bestD = d; best = c }
      })
      if (best === s.label) correct++
    }
    const acc = correct / test.length
    console.log(`nearest class mean on 32-channel × 100 ms histograms: ${(100 * acc).toFixed(1)}% (chance 5%)`)
    expect(acc).toBeGreaterThan(0.4)
  })
})
