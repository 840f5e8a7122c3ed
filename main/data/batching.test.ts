import { describe, expect, it } from 'vitest'
import { Rng } from '../util/rng'
import { blend, dilate, shift } from './augment'
import { epochOrder } from './batching'

describe('batching', () => {
  const labels = Int32Array.from({ length: 300 }, (_, i) => (i < 200 ? 0 : i < 270 ? 1 : 2))

  it('visits every sample once, reproducibly from the seed', () => {
    for (const stratified of [false, true]) {
      const a = epochOrder(labels, stratified, new Rng(4))
      expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 300 }, (_, i) => i))
      expect(epochOrder(labels, stratified, new Rng(4))).toEqual(a)
      expect(epochOrder(labels, stratified, new Rng(5))).not.toEqual(a)
    }
  })

  it('stratified batches keep the class proportions', () => {
    const order = epochOrder(labels, true, new Rng(1))
    for (let b = 0; b < 300; b += 30) {
      const counts = [0, 0, 0]
      for (const i of order.slice(b, b + 30)) counts[labels[i]!]!++
      expect(Math.abs(counts[0]! - 20)).toBeLessThanOrEqual(1)
      expect(Math.abs(counts[1]! - 7)).toBeLessThanOrEqual(1)
      expect(Math.abs(counts[2]! - 3)).toBeLessThanOrEqual(1)
    }
  })
})

describe('augmentations', () => {
  const s = { times: Float32Array.of(1, 2, 3, 4), units: Uint16Array.of(0, 10, 690, 699) }

  it('shift moves all channels by one amount in [−max, max) and drops what leaves the range', () => {
    const seen = new Set<number>()
    for (let seed = 0; seed < 200; seed++) {
      const r = shift(s, 40, 700, new Rng(seed))
      const by = r.units.length === 4 ? r.units[0]! - s.units[0]! : null
      if (by !== null) seen.add(by)
      for (let k = 0; k < r.units.length; k++) expect(r.units[k]).toBeLessThan(700)
      expect(r.units.length).toBeLessThanOrEqual(4)
    }
    expect([...seen].every((b) => b >= -40 && b < 40)).toBe(true)
  })

  it('dilate scales times by one factor within ±max', () => {
    const r = dilate(s, 0.2, new Rng(3))
    const f = r.times[0]! / 1
    expect(f).toBeGreaterThanOrEqual(0.8)
    expect(f).toBeLessThanOrEqual(1.2)
    r.times.forEach((t, k) => expect(t).toBeCloseTo(s.times[k]! * f, 5))
  })

  it('blend meets halfway in channel and time and keeps about p of the spikes', () => {
    const a = { times: Float32Array.from({ length: 400 }, () => 10), units: Uint16Array.from({ length: 400 }, () => 100) }
    const b = { times: Float32Array.from({ length: 400 }, () => 30), units: Uint16Array.from({ length: 400 }, () => 200) }
    const r = blend(a, b, 0.5, 700, new Rng(2))
    expect(r.times.length).toBeGreaterThan(340)
    expect(r.times.length).toBeLessThan(460)
    expect(new Set(r.units)).toEqual(new Set([150]))
    expect(new Set(r.times)).toEqual(new Set([20]))
  })
})
