import { describe, expect, it } from 'vitest'
import { preset } from '../../main/train/presets'
import { flatten, groups, overrides } from './settings'

describe('settings editor model', () => {
  const base = flatten(preset('yinyang').settings)

  it('lists every leaf of a preset with choices for enumerated ones', () => {
    const paths = base.map((f) => f.path)
    expect(paths).toEqual(expect.arrayContaining(['epochs', 'lr.weight', 'network.hidden.0.size', 'network.hidden.0.inputDelay', 'init.weight.input.mean', 'earlyStop.split', 'threads']))
    expect(base.find((f) => f.path === 'network.readout')!.options).toContain('first-spike')
    expect(base.find((f) => f.path === 'network.hidden.0.recurrentDelay')!.options).toContain('position')
    expect(base.find((f) => f.path === 'lr.weight')!.options).toBeUndefined()
    expect(groups(base).map((g) => g.name)).toEqual(expect.arrayContaining(['network', 'init', 'lr', 'run']))
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
