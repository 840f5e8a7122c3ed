/**
 * Loihi 2 emulation speed on the SHD-size recurrent network of the papers (700 → 256 recurrent
 * LIF → 20 LI, learned delays up to 62 steps, 250 steps of 1 ms, about 3000 input spikes a
 * sample): the bit-accurate emulator alone on this thread, and the emulation job's path (float
 * model and emulator for every sample) on 1 and 2 worker threads. Goal: ≥ 1000 samples/min on 2 cores.
 */
import { resolve } from 'node:path'
import { it } from 'vitest'
import { emulateSplit } from '../main/jobs/loihi-pool'
import { LoihiEmulator } from '../main/loihi/emulator'
import { quantise } from '../main/loihi/quantise'
import { initParams } from '../main/snn/init'
import { compile } from '../main/snn/model'
import { Rng } from '../main/util/rng'
import { figure } from './report'

const STEPS = 250, INPUTS = 700, HIDDEN = 256, SAMPLES = Number(process.env.LOIHI_SAMPLES ?? 256)
const WORKER = resolve(import.meta.dirname, '../out/main/loihi-worker.js')

const plan = compile({
  dt: 1, steps: STEPS, inputs: INPUTS, maxDelay: 62, readout: 'avg-exp',
  hidden: [{ size: HIDDEN, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn' }],
  output: { size: 20, tauM: 20, tauS: 5 }
})
const params = initParams(plan, {
  weight: { input: { mean: 0.04, sd: 0.03 }, hidden: { mean: 0.02, sd: 0.03 }, recurrent: { mean: 0, sd: 0.03 }, output: { mean: 0, sd: 0.03 } },
  delay: { feedforward: 62, recurrent: 30 }, positionRange: 1
}, 1)

const rng = new Rng(5)
const samples = Array.from({ length: SAMPLES }, () => {
  const n = 2500 + rng.int(1000)
  return { times: Float32Array.from({ length: n }, () => rng.uniform() * (STEPS - 1)), units: Uint16Array.from({ length: n }, () => rng.int(INPUTS)), label: rng.int(20) }
})

it('Loihi 2 emulation of an SHD-size recurrent network', async () => {
  const net = quantise(plan, params)
  const emu = new LoihiEmulator(net)
  emu.run(samples[0]!) // warm-up (JIT)
  let spikes = 0
  const t0 = performance.now()
  for (const s of samples) spikes += emu.run(s).counts[1]!.reduce((a, b) => a + b, 0)
  const alone = (performance.now() - t0) / 1000
  figure('hidden spikes per sample', spikes / SAMPLES, '')
  figure('emulator alone, this thread', (60 * SAMPLES) / alone, 'samples/min')
  for (const threads of [1, 2]) {
    const t = performance.now()
    await emulateSplit({ plan, params, net, count: SAMPLES, chunk: 32, threads, workerFile: WORKER, samples: (a, n) => samples.slice(a, a + n) })
    figure(`float model + emulator (the job), ${threads} thread${threads === 1 ? '' : 's'}`, (60 * SAMPLES) / ((performance.now() - t) / 1000), 'samples/min')
  }
})
