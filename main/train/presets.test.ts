import { describe, expect, it } from 'vitest'
import { compile } from '../snn/model'
import { PRESETS, preset, withOverrides } from './presets'

describe('presets', () => {
  it('all validate, compile, and name their source paper', () => {
    expect(PRESETS.length).toBeGreaterThanOrEqual(6)
    for (const p of PRESETS) {
      expect(p.source.arxiv).toMatch(/^\d{4}\.\d{5}$/)
      expect(() => compile(p.settings.network)).not.toThrow()
    }
  })

  it('applies dotted overrides with type checks and rejects unknown or ill-typed ones', () => {
    const s = withOverrides(preset('yinyang').settings, { epochs: 3, 'lr.weight': '0.01', 'network.hidden.0.size': 8, easeIn: 'false' })
    expect(s.epochs).toBe(3)
    expect(s.lr.weight).toBe(0.01)
    expect(s.network.hidden[0]!.size).toBe(8)
    expect(s.easeIn).toBe(false)
    expect(preset('yinyang').settings.epochs).not.toBe(3)
    expect(() => withOverrides(preset('yinyang').settings, { epoch: 3 })).toThrow(/no such setting/)
    expect(() => withOverrides(preset('yinyang').settings, { 'lr.weight': 'fast' })).toThrow(/not a number/)
    expect(() => withOverrides(preset('yinyang').settings, { lr: 1 })).toThrow(/group of settings/)
    expect(() => withOverrides(preset('yinyang').settings, { batchSize: 0 })).toThrow(/batchSize/)
    expect(() => preset('nope')).toThrow(/unknown preset/)
  })
})

describe('text shown to users', () => {
  it('describes what the app does today, without internal words', () => {
    for (const p of PRESETS) {
      const text = `${p.title} ${p.description} ${p.reported ?? ''}`
      expect(text, p.id).not.toMatch(/\bissues?\b|not retrieved|arrive with|later release/i)
    }
  })
})
