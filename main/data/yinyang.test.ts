import { describe, expect, it } from 'vitest'
import { yinYangParams } from '../../preload/api'
import { encodeYinYang, generateYinYangSplit, insideYinYang, yinYangClass } from './yinyang'

const params = yinYangParams.parse({})

describe('Yin-Yang geometry', () => {
  it('classifies landmark points as the reference definition does', () => {
    // centres of the two dots
    expect(yinYangClass(0.75, 0.5, 0.1, 0.5)).toBe(2)
    expect(yinYangClass(0.25, 0.5, 0.1, 0.5)).toBe(2)
    // just outside the left dot, inside its half-size ring: yin (label 1)
    expect(yinYangClass(0.25, 0.62, 0.1, 0.5)).toBe(1)
    // just outside the right dot, inside its half-size ring: yang (label 0)
    expect(yinYangClass(0.75, 0.62, 0.1, 0.5)).toBe(0)
    // upper half far from the right dot is yin; lower half far from the left dot is yang
    expect(yinYangClass(0.5, 0.95, 0.1, 0.5)).toBe(1)
    expect(yinYangClass(0.5, 0.05, 0.1, 0.5)).toBe(0)
  })

  it('splits the disc into equal yin and yang areas and two dots', () => {
    // midpoint grid over the square: area fractions of each class inside the disc
    const n = 600
    const counts = [0, 0, 0]
    let inside = 0
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const x = (i + 0.5) / n, y = (j + 0.5) / n
        if (!insideYinYang(x, y, 0.5)) continue
        inside++
        counts[yinYangClass(x, y, 0.1, 0.5)]!++
      }
    const cell = 1 / (n * n)
    expect(inside * cell).toBeCloseTo(Math.PI * 0.25, 2)
    expect(counts[2]! * cell).toBeCloseTo(2 * Math.PI * 0.01, 2)
    expect(Math.abs(counts[0]! - counts[1]!) / inside).toBeLessThan(0.005)
  })
})

describe('Yin-Yang generator', () => {
  it('puts every sample inside the disc with the label its position defines', () => {
    const s = generateYinYangSplit(params, 'train', 3000)
    for (let i = 0; i < 3000; i++) {
      expect(insideYinYang(s.x[i]!, s.y[i]!, 0.5)).toBe(true)
      expect(yinYangClass(s.x[i]!, s.y[i]!, 0.1, 0.5)).toBe(s.labels[i])
    }
  })

  it('balances the classes (multinomial 1/3 within 4 sigma)', () => {
    const n = 30_000
    const s = generateYinYangSplit(params, 'train', n)
    const counts = [0, 0, 0]
    for (const l of s.labels) counts[l]!++
    const sigma = Math.sqrt(n * (1 / 3) * (2 / 3))
    for (const c of counts) expect(Math.abs(c - n / 3)).toBeLessThan(4 * sigma)
  })

  it('is byte-identical for a seed and differs across seeds and splits', () => {
    const a = generateYinYangSplit(params, 'test', 500)
    const b = generateYinYangSplit(params, 'test', 500)
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(b.x.buffer))).toBe(true)
    expect(Buffer.from(a.labels.buffer).equals(Buffer.from(b.labels.buffer))).toBe(true)
    const c = generateYinYangSplit({ ...params, seed: 43 }, 'test', 500)
    const d = generateYinYangSplit(params, 'validation', 500)
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(c.x.buffer))).toBe(false)
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(d.x.buffer))).toBe(false)
  })
})

describe('Yin-Yang time-to-first-spike encoding', () => {
  it('maps (x, y, 1-x, 1-y) linearly onto [early, late] and sorts by time', () => {
    const s = encodeYinYang(0.2, 0.9, 0.5, params.encoding)
    const byUnit = new Map(Array.from(s.units, (u, i) => [u, s.times[i]!]))
    expect(byUnit.get(0)).toBeCloseTo(1.5 + 18.5 * 0.2, 5)
    expect(byUnit.get(1)).toBeCloseTo(1.5 + 18.5 * 0.9, 5)
    expect(byUnit.get(2)).toBeCloseTo(1.5 + 18.5 * 0.8, 5)
    expect(byUnit.get(3)).toBeCloseTo(1.5 + 18.5 * 0.1, 5)
    for (let i = 1; i < s.times.length; i++) expect(s.times[i]!).toBeGreaterThanOrEqual(s.times[i - 1]!)
  })

  it('adds a bias channel on request', () => {
    const s = encodeYinYang(0.5, 0.5, 0.5, { ...params.encoding, bias: true, biasTime: 0 })
    expect(s.units.length).toBe(5)
    expect(s.units[0]).toBe(4)
    expect(s.times[0]).toBe(0)
  })
})
