/** The DCLS trainer's schedules (σ, OneCycle, cosine) and an epoch-boundary resume. */
import { describe, expect, it } from 'vitest'
import { sigmaAt } from '../snn/dcls/kernel'
import { Rng } from '../util/rng'
import { DclsTrainer, type DclsSettings } from './dcls-trainer'

const settings: DclsSettings = {
  network: {
    dt: 1, steps: 20, inputs: 8, maxDelay: 7, readout: 'sum',
    hidden: [{ size: 6, tauM: 2, tauS: 1, threshold: 1, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }],
    output: { size: 3, tauM: 3, tauS: 1 }
  },
  dcls: { surrogateAlpha: 5, batchNorm: true, dropout: 0.4, detachReset: true, channelPool: 1, sigmaFinal: 0.23, sigmaEpochs: 0.25, rightPad: true, weightDecay: 1e-5, schedule: 'paper' },
  seed: 3, epochs: 8, lr: { weight: 1e-3, delay: 0.1 }
}

function data(n: number) {
  const rng = new Rng(2)
  return Array.from({ length: n }, () => {
    const k = 12 + rng.int(10)
    return { times: Float64Array.from({ length: k }, () => rng.uniform() * 18), units: Int32Array.from({ length: k }, () => rng.int(8)), label: rng.int(3) }
  })
}

describe('DCLS schedules', () => {
  it('σ decays from K//2 to its final value over a quarter of the epochs, then stays', () => {
    // 150 epochs, 25 taps: SIG 12 → 0.23 by epoch 37 (the recipe's final_epoch)
    expect(sigmaAt(0, 150, 25, 0.23, 0.25)).toBe(12)
    expect(sigmaAt(37, 150, 25, 0.23, 0.25)).toBeCloseTo(0.23, 10)
    expect(sigmaAt(100, 150, 25, 0.23, 0.25)).toBeCloseTo(0.23, 10)
    expect(sigmaAt(18, 150, 25, 0.23, 0.25)).toBeCloseTo(12 * Math.pow(0.23 / 12, 18 / 37), 10)
  })

  it('OneCycle: from lr·5/25 up to 5·lr at 30 % of the steps, then down; positions cosine over epochs', () => {
    const t = new DclsTrainer(settings, 10)
    t.startEpoch(0)
    expect(t.rates().weight).toBeCloseTo((5e-3) / 25, 12)
    expect(t.rates().position).toBeCloseTo(0.1, 12)
    t.adam.step = Math.round(0.3 * 80 - 1)
    expect(t.rates().weight).toBeCloseTo(5e-3, 12)
    t.adam.step = 79
    expect(t.rates().weight).toBeCloseTo(5e-3 / 25 / 1e4, 12)
    t.startEpoch(4)
    expect(t.rates().position).toBeCloseTo(0.05, 12)
  })
})

describe('DCLS resume', () => {
  it('a run resumed at an epoch boundary trains exactly as one that went on', async () => {
    const d = data(24)
    const epoch = async (t: DclsTrainer, e: number): Promise<void> => {
      t.startEpoch(e)
      for (let b = 0; b < 3; b++) await t.trainBatch(d.slice(b * 8, (b + 1) * 8))
    }
    const straight = new DclsTrainer(settings, 3)
    for (let e = 0; e < 3; e++) await epoch(straight, e)
    const first = new DclsTrainer(settings, 3)
    for (let e = 0; e < 2; e++) await epoch(first, e)
    const resumed = new DclsTrainer(settings, 3, { params: first.params.slice(), adam: { step: first.adam.step, m: first.adam.m.slice(), v: first.adam.v.slice() } })
    await epoch(resumed, 2)
    expect(Array.from(resumed.params)).toEqual(Array.from(straight.params))
    // positions stayed within ±K//2 and the evaluation uses integer delays
    const half = resumed.plan.K >> 1
    for (const L of resumed.plan.layers) for (let k = 0; k < L.nIn * L.nOut; k++) expect(Math.abs(resumed.params[L.p + k]!)).toBeLessThanOrEqual(half)
    for (const ms of resumed.delaysMs()) expect(Number.isInteger(ms / settings.network.dt)).toBe(true)
  })
})
