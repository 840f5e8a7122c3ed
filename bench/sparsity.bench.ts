/**
 * Training throughput of the SHD-size network (700 → 256 recurrent LIF with learned input and
 * recurrent delays ≤ 62 steps → 20, 250 steps of 1 ms, batch 32) under Dale's principle at input
 * and recurrent densities 1, 0.5, 0.1 and 0.02, on the CPU (this thread, and split over worker
 * threads as training jobs do). Input weights are scaled (by bisection on the warm-up batch) until
 * the hidden layer fires about 3000 spikes per sample at every density: fewer synapses must cost
 * less, not merely spike less (the spikes per sample are printed beside each figure). Rewiring: random regrowth (backward pass
 * over present synapses only) and RigL every batch (a dense backward pass every batch, for the
 * gradients of absent synapses), and RigL every 10 batches.
 */
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { it } from 'vitest'
import { createCpuEngine } from '../main/jobs/batch-pool'
import { Trainer, type TrainSettings } from '../main/train/trainer'
import { Rng } from '../main/util/rng'
import type { SpikeSample } from '../main/snn/cpu/network'
import { figure, measureAsync, shdSizeSample } from './report'

const STEPS = 250, INPUTS = 700, HIDDEN = 256, BATCH = 32, BATCHES = 3, TARGET_SPIKES = 3000
const WORKER = resolve(import.meta.dirname, '../out/main/batch-worker.js')

const syntheticSample = (rng: Rng): SpikeSample => shdSizeSample(rng, STEPS, INPUTS)

function settings(density: number, regrow: 'random' | 'rigl', every: number): TrainSettings {
  const conn = { dale: true, density }
  return {
    network: {
      dt: 1, steps: STEPS, inputs: INPUTS, maxDelay: 62, readout: 'avg-exp', excitatory: 0.8,
      hidden: [{ size: HIDDEN, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn', inputConn: conn, recurrentConn: conn }],
      output: { size: 20, tauM: 20, tauS: 5 }
    },
    init: {
      weight: {
        input: { mean: 0.04 / density, sd: 0.01 / density }, hidden: { mean: 0.02, sd: 0.03 },
        recurrent: { mean: 0, sd: 0.02 / Math.sqrt(density) }, output: { mean: 0, sd: 0.03 }
      },
      delay: { feedforward: 62, recurrent: 30 }, positionRange: 1
    },
    seed: 1, batchSize: BATCH, epochs: 1, lr: { weight: 1e-3, delay: 0.1, position: 0 }, easeIn: true,
    reg: { k: 5e-11, nu: 14 }, cost: { l1: 0, gamma: 0 }, silentBoost: 0, rewire: { regrow, every }
  }
}

const cases: [number, 'random' | 'rigl', number][] = []
for (const d of [1, 0.5, 0.1, 0.02]) for (const [r, e] of [['random', 1], ['rigl', 10], ['rigl', 1]] as const) if (d < 1 || r === 'random') cases.push([d, r, e])

for (const threads of [1, availableParallelism()])
  it.each(cases)(`density %s, %s regrowth every %i batch(es), ${threads} thread(s)`, async (density, regrow, every) => {
    const rng = new Rng(5)
    const trainer = new Trainer(settings(density, regrow, every), { engine: (plan) => createCpuEngine(plan, threads, WORKER) })
    const batches = Array.from({ length: BATCHES }, () => Array.from({ length: BATCH }, () => syntheticSample(rng)))
    // the same activity at every density: scale the input weights towards 3000 hidden spikes per sample
    const input = trainer.plan.projections[0]!
    for (let round = 0; round < 6; round++) {
      const r = await trainer.evaluate(batches[0]!)
      const f = Math.min(2, Math.max(0.5, Math.sqrt(TARGET_SPIKES / Math.max(1, r.hiddenSpikes / BATCH))))
      for (let k = input.wOffset; k < input.wOffset + input.nPre * input.nPost; k++) trainer.params[k]! *= f
    }
    trainer.startEpoch(0)
    await trainer.trainBatch(batches[0]!) // warm-up (JIT; with RigL, its dense first batch)
    let spikes = 0
    const run = await measureAsync(async () => {
      for (const b of batches) spikes += (await trainer.trainBatch(b)).hiddenSpikes
    })
    await trainer.close()
    const samples = BATCHES * BATCH
    const label = `[${trainer.engine.name}] density ${density}${density < 1 ? `, ${regrow} every ${every}` : ''}`
    figure(`${label}: hidden spikes per sample`, spikes / samples, 'spikes')
    figure(`${label}: forward + backward + rewiring + Adam`, samples / run.seconds, 'samples/s')
    figure(`${label}: peak RSS`, run.peakRssMb, 'MB')
  })
