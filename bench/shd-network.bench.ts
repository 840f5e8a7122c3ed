/**
 * Forward + EventProp backward throughput of an SHD-size network on the CPU backend:
 * 700 inputs → 256 recurrent LIF with learned input and recurrent delays (up to 62 steps) → 20 LI,
 * 250 steps of 1 ms, batch 32. Inputs are synthetic spike trains with SHD-like counts
 * (about 3000 spikes per sample, a few per channel). Run on this thread and split over worker
 * threads (one per core), as training jobs do. Peak RSS covers the worker threads too.
 */
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { it } from 'vitest'
import { createCpuEngine } from '../main/jobs/batch-pool'
import { Trainer } from '../main/train/trainer'
import { Rng } from '../main/util/rng'
import { figure, measureAsync } from './report'

const STEPS = 250, INPUTS = 700, HIDDEN = 256, BATCH = 32, BATCHES = 4
const WORKER = resolve(import.meta.dirname, '../out/main/batch-worker.js')

function syntheticSample(rng: Rng) {
  const n = 2500 + rng.int(1000)
  const times = new Float32Array(n), units = new Uint16Array(n)
  for (let k = 0; k < n; k++) {
    times[k] = rng.uniform() * (STEPS - 1)
    units[k] = rng.int(INPUTS)
  }
  return { times, units, label: rng.int(20) }
}

const settings = {
  network: {
    dt: 1, steps: STEPS, inputs: INPUTS, maxDelay: 62, readout: 'avg-exp' as const,
    hidden: [{ size: HIDDEN, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn' as const, recurrentDelay: 'learn' as const }],
    output: { size: 20, tauM: 20, tauS: 5 }
  },
  init: {
    weight: { input: { mean: 0.03, sd: 0.01 }, hidden: { mean: 0.02, sd: 0.03 }, recurrent: { mean: 0, sd: 0.02 }, output: { mean: 0, sd: 0.03 } },
    delay: { feedforward: 62, recurrent: 30 }, positionRange: 1
  },
  seed: 1, batchSize: BATCH, epochs: 1, lr: { weight: 1e-3, delay: 0.1, position: 0 }, easeIn: true,
  reg: { k: 5e-11, nu: 14 }, cost: { l1: 0, gamma: 0 }, silentBoost: 0
}

it.each([1, availableParallelism()])('SHD-size network, CPU backend, %i thread(s)', async (threads) => {
  const rng = new Rng(5)
  const trainer = new Trainer(settings, { engine: (plan) => createCpuEngine(plan, threads, WORKER) })
  const batches = Array.from({ length: BATCHES }, () => Array.from({ length: BATCH }, () => syntheticSample(rng)))
  await trainer.trainBatch(batches[0]!) // warm-up (JIT)
  let spikes = 0
  const run = await measureAsync(async () => {
    for (const b of batches) spikes += (await trainer.trainBatch(b)).hiddenSpikes
  })
  await trainer.close()
  const samples = BATCHES * BATCH
  figure(`[${trainer.engine.name}] parameters`, trainer.plan.paramCount, 'values')
  figure(`[${trainer.engine.name}] hidden spikes per sample`, spikes / samples, 'spikes')
  figure(`[${trainer.engine.name}] forward + backward + Adam`, samples / run.seconds, 'samples/s')
  figure(`[${trainer.engine.name}] time per batch of 32`, run.seconds / BATCHES, 's')
  figure(`[${trainer.engine.name}] peak RSS`, run.peakRssMb, 'MB')
})
