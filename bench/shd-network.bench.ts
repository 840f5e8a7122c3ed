/**
 * Forward + EventProp backward throughput of an SHD-size network on the CPU backend:
 * 700 inputs → 256 recurrent LIF with learned input and recurrent delays (up to 62 steps) → 20 LI,
 * 250 steps of 1 ms, batch 32. Inputs are synthetic spike trains with SHD-like counts
 * (about 3000 spikes per sample, a few per channel).
 */
import { it } from 'vitest'
import { Trainer } from '../main/train/trainer'
import { Rng } from '../main/util/rng'
import { figure, measure } from './report'

const STEPS = 250, INPUTS = 700, HIDDEN = 256, BATCH = 32, BATCHES = 4

function syntheticSample(rng: Rng) {
  const n = 2500 + rng.int(1000)
  const times = new Float32Array(n), units = new Uint16Array(n)
  for (let k = 0; k < n; k++) {
    times[k] = rng.uniform() * (STEPS - 1)
    units[k] = rng.int(INPUTS)
  }
  return { times, units, label: rng.int(20) }
}

it('SHD-size network, CPU backend', () => {
  const rng = new Rng(5)
  const trainer = new Trainer({
    network: {
      dt: 1, steps: STEPS, inputs: INPUTS, maxDelay: 62, readout: 'avg-exp',
      hidden: [{ size: HIDDEN, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn' }],
      output: { size: 20, tauM: 20, tauS: 5 }
    },
    init: {
      weight: { input: { mean: 0.03, sd: 0.01 }, hidden: { mean: 0.02, sd: 0.03 }, recurrent: { mean: 0, sd: 0.02 }, output: { mean: 0, sd: 0.03 } },
      delay: { feedforward: 62, recurrent: 30 }, positionRange: 1
    },
    seed: 1, batchSize: BATCH, epochs: 1, lr: { weight: 1e-3, delay: 0.1, position: 0 }, easeIn: true,
    reg: { k: 5e-11, nu: 14 }, cost: { l1: 0, gamma: 0 }, silentBoost: 0
  })
  const batches = Array.from({ length: BATCHES }, () => Array.from({ length: BATCH }, () => syntheticSample(rng)))
  trainer.trainBatch(batches[0]!) // warm-up (JIT)
  let spikes = 0
  const run = measure(() => {
    for (const b of batches) spikes += trainer.trainBatch(b).hiddenSpikes
  })
  const samples = BATCHES * BATCH
  figure('parameters', trainer.plan.paramCount, 'values')
  figure('hidden spikes per sample', spikes / samples, 'spikes')
  figure('forward + backward + Adam', samples / run.seconds, 'samples/s')
  figure('time per batch of 32', run.seconds / BATCHES, 's')
  figure('peak RSS', run.peakRssMb, 'MB')
  figure('heap used after', process.memoryUsage().heapUsed / 2 ** 20, 'MB')
})
