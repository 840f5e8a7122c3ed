import { describe, expect, it } from 'vitest'
import { trainSettings } from '../../preload/api'
import { PRESETS, preset, withOverrides } from '../../main/train/presets'
import { flatten, groups, overrides } from './settings'

describe('settings editor model', () => {
  const base = preset('yinyang').fields

  it('lists every leaf of a preset with the control its schema calls for', () => {
    const paths = base.map((f) => f.path)
    expect(paths).toEqual(expect.arrayContaining(['epochs', 'lr.weight', 'network.hidden.0.size', 'network.hidden.0.inputDelay', 'init.weight.input.mean', 'earlyStop.split', 'threads']))
    expect(base.find((f) => f.path === 'network.readout')!.options).toContain('first-spike')
    expect(base.find((f) => f.path === 'network.hidden.0.recurrentDelay')!.options).toContain('position')
    expect(base.find((f) => f.path === 'init.mode')!.options).toEqual(['fixed', 'data'])
    expect(base.find((f) => f.path === 'lr.weight')!.kind).toBe('number')
    // a number whose name ends like a delay mode's is still a number (it was a broken dropdown)
    expect(base.find((f) => f.path === 'network.maxDelay')).toMatchObject({ kind: 'number', value: 10 })
    expect(base.find((f) => f.path === 'network.maxDelay')!.options).toBeUndefined()
    expect(groups(base).map((g) => g.name)).toEqual(expect.arrayContaining(['network', 'init', 'lr', 'run']))
  })

  it.each(PRESETS.map((p) => [p.id]))('every setting of %s round-trips through the editor', (id) => {
    const p = preset(id)
    for (const f of p.fields) {
      // the control holds the value: a number field a number, a list its value among its choices
      if (f.kind === 'choice') expect(f.options, f.path).toContain(f.value)
      else expect(typeof f.value, f.path).toBe(f.kind === 'text' ? 'string' : f.kind)
    }
    // nothing changed: nothing sent; the settings rebuilt from the fields are the preset's
    const values = Object.fromEntries(p.fields.map((f) => [f.path, f.value]))
    expect(overrides(p.fields, values)).toEqual({})
    expect(withOverrides(p.settings, values)).toEqual(trainSettings.parse(p.settings))
    expect(p.fields.map((f) => f.path)).toEqual(flatten(p.settings).map((f) => f.path))
  })

  it('sends only what changed', () => {
    const values = Object.fromEntries(base.map((f) => [f.path, f.value]))
    expect(overrides(base, values)).toEqual({})
    values['lr.delay'] = 0.5
    values['network.readout'] = 'avg'
    values['easeIn'] = false
    expect(overrides(base, values)).toEqual({ 'lr.delay': 0.5, 'network.readout': 'avg', easeIn: false })
  })
})
