/**
 * Structure learning at 90 % sparsity (§D.3, 2407.18917 Fig. 3: it matters at high sparsity): a
 * task whose class information sits in a few input channels among many noise channels, so a
 * random 10 % mask gives most hidden neurons no informative input. Same network, seed and synapse
 * budget, three ways to refill what DEEP R removes: RigL (by gradient), random, none.
 * The fixture (ours): 4 classes, 96 channels; class c drives its own 6 channels with a burst at a
 * class-specific time; all 96 channels carry Poisson background at the same mean rate.
 */
import { describe, expect, it } from 'vitest'
import type { SpikeSample } from '../snn/cpu/network'
import { Rng } from '../util/rng'
import { Trainer, type TrainSettings } from './trainer'

const CLASSES = 4, CHANNELS = 96, INFORMATIVE = 6, T = 100

function sample(rng: Rng, label: number): SpikeSample {
  const ev: [number, number][] = []
  for (let ch = 0; ch < CHANNELS; ch++) {
    // Poisson background at 20 Hz
    for (let t = -Math.log(1 - rng.uniform()) / 0.02; t < T; t += -Math.log(1 - rng.uniform()) / 0.02) ev.push([t, ch])
  }
  const t0 = 10 + 20 * label
  for (let k = 0; k < INFORMATIVE; k++) {
    const ch = label * INFORMATIVE + k
    for (let s = 0; s < 4; s++) ev.push([t0 + 8 * rng.uniform(), ch])
  }
  ev.sort((a, b) => a[0] - b[0])
  return { times: Float64Array.from(ev, (e) => e[0]), units: Int32Array.from(ev, (e) => e[1]), label }
}

function settings(regrow: 'rigl' | 'random' | 'none', seed: number): TrainSettings {
  return {
    network: {
      dt: 1, steps: T + 20, inputs: CHANNELS, maxDelay: 0, readout: 'avg-exp', excitatory: 0.8,
      hidden: [{ size: 24, tauM: 20, tauS: 5, threshold: 1, recurrent: false, inputDelay: 'none', recurrentDelay: 'none', inputConn: { dale: true, density: 0.1 } }],
      output: { size: CLASSES, tauM: 20, tauS: 5 }
    },
    init: {
      weight: { input: { mean: 0, sd: 0.6 }, hidden: { mean: 0, sd: 0.3 }, recurrent: { mean: 0, sd: 0.1 }, output: { mean: 0, sd: 0.3 } },
      delay: { feedforward: 0, recurrent: 0 }, positionRange: 1
    },
    seed, batchSize: 16, epochs: 1, lr: { weight: 0.01, delay: 0, position: 0 }, easeIn: false,
    reg: { k: 0, nu: 0 }, cost: { l1: 0, gamma: 0 }, silentBoost: 0, rewire: { regrow, every: 1 }
  }
}

async function run(regrow: 'rigl' | 'random' | 'none', seed: number, train: SpikeSample[], test: SpikeSample[]): Promise<{ accuracy: number; removed: number }> {
  const t = new Trainer(settings(regrow, seed))
  const order = new Rng(5)
  let removed = 0
  for (let epoch = 0; epoch < 15; epoch++) {
    t.startEpoch(epoch)
    const idx = train.map((_, k) => k)
    for (let k = idx.length - 1; k > 0; k--) {
      const r = order.int(k + 1)
      ;[idx[k], idx[r]] = [idx[r]!, idx[k]!]
    }
    for (let b = 0; b < idx.length; b += 16) await t.trainBatch(idx.slice(b, b + 16).map((k) => train[k]!))
    removed += t.rewireCounts()!.removed
  }
  const e = await t.evaluate(test)
  return { accuracy: e.correct / e.count, removed }
}

describe('RigL at 90 % sparsity', () => {
  // Training is chaotic: reordering sums at the 1e-16 level moved one seed's 200-sample test
  // accuracy from 0.765 against 0.75 to 0.75 against 0.755, so the claim is held over five seeds
  // (a clear mean margin, a win on most of them) and no seed may go clearly the other way.
  it('beats random regrowth and no regrowth on the same budget, over seeds and on most of them', async () => {
    const rng = new Rng(11)
    const train = Array.from({ length: 320 }, (_, k) => sample(rng, k % CLASSES))
    const test = Array.from({ length: 200 }, (_, k) => sample(rng, k % CLASSES))
    const mean = { rigl: 0, random: 0, none: 0 }
    const wins = { random: 0, none: 0 }
    const SEEDS = [4, 5, 6, 7, 8]
    for (const seed of SEEDS) {
      const r = { rigl: await run('rigl', seed, train, test), random: await run('random', seed, train, test), none: await run('none', seed, train, test) }
      console.log(`seed ${seed}: test accuracy RigL ${r.rigl.accuracy}, random ${r.random.accuracy}, none ${r.none.accuracy}; synapses removed ${r.rigl.removed} / ${r.random.removed} / ${r.none.removed} of a budget of 230`)
      for (const k of ['random', 'none'] as const) {
        // at most 4 of 200 test samples behind on any seed
        expect(r.rigl.accuracy).toBeGreaterThanOrEqual(r[k].accuracy - 0.02)
        if (r.rigl.accuracy > r[k].accuracy) wins[k]++
      }
      for (const k of ['rigl', 'random', 'none'] as const) mean[k] += r[k].accuracy / SEEDS.length
    }
    console.log('mean test accuracy', JSON.stringify(mean))
    expect(mean.rigl).toBeGreaterThan(mean.random + 0.05)
    expect(mean.rigl).toBeGreaterThan(mean.none + 0.05)
    expect(wins.random).toBeGreaterThanOrEqual(4)
    expect(wins.none).toBeGreaterThanOrEqual(4)
  })
})
