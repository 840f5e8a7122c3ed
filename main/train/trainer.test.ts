import { describe, expect, it } from 'vitest'
import { Trainer, type TrainSettings } from './trainer'

const settings: TrainSettings = {
  network: {
    dt: 1, steps: 10, inputs: 2, maxDelay: 5, readout: 'avg',
    hidden: [{ size: 3, tauM: 20, tauS: 5, threshold: 1, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }],
    output: { size: 2, tauM: 20, tauS: 5 }
  },
  init: {
    weight: { input: { mean: 1, sd: 0.5 }, hidden: { mean: 0, sd: 1 }, recurrent: { mean: 0, sd: 1 }, output: { mean: 0, sd: 1 } },
    delay: { feedforward: 2, recurrent: 0 }, positionRange: 1
  },
  seed: 1, batchSize: 2, epochs: 10, lr: { weight: 1e-3, delay: 0.1, position: 0 }, easeIn: false,
  lrDecay: 0.9, reg: { k: 0, nu: 0 }, cost: { l1: 0, gamma: 0 }, silentBoost: 0
}

describe('Trainer learning-rate decay', () => {
  it('gives epoch e the rates lr·decay^e, from the epoch alone (a resumed run gets the same)', () => {
    const a = new Trainer(settings)
    a.startEpoch(0)
    expect(a.adam.rate('weight')).toBe(1e-3)
    a.startEpoch(3)
    expect(a.adam.rate('weight')).toBeCloseTo(1e-3 * 0.9 ** 3, 15)
    expect(a.adam.rate('delay')).toBeCloseTo(0.1 * 0.9 ** 3, 15)
    const resumed = new Trainer(settings, { params: a.params, adam: a.adam.state })
    resumed.startEpoch(3)
    expect(resumed.adam.rate('weight')).toBe(a.adam.rate('weight'))
  })

  it('keeps constant rates without a decay', () => {
    const t = new Trainer({ ...settings, lrDecay: undefined })
    t.startEpoch(7)
    expect(t.adam.rate('weight')).toBe(1e-3)
  })
})
