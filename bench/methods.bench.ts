/**
 * EventProp against DCLS on the SHD-size network (2501.07331's comparison, on this machine):
 * 700 inputs → 256 LIF → 20, 250 steps of 1 ms, batch 32, about 3000 input spikes per sample.
 * EventProp with learned input delays (up to 62 steps) on one thread, and the same network
 * recurrent (the papers' SHD network); DCLS feedforward as in the papers (delays on both layers),
 * with 25 and with 62 taps, batch norm and dropout, BPTT keeping every activation. Each case runs
 * in its own process (this file again, with AXONAL_METHOD set), so its peak RSS is its own; the
 * parent prints every figure and the ratios. Samples/s over 3 batches after a warm-up batch.
 */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { it } from 'vitest'
import type { SpikeSample } from '../main/snn/cpu/network'
import { DclsTrainer } from '../main/train/dcls-trainer'
import { LocalEngine } from '../main/train/engine'
import { Trainer } from '../main/train/trainer'
import { Rng } from '../main/util/rng'
import { figure, measureAsync, shdSizeSample } from './report'

const STEPS = 250, INPUTS = 700, HIDDEN = 256, BATCH = 32, BATCHES = 3
const CASES = ['eventprop', 'eventprop-recurrent', 'dcls-25', 'dcls-62'] as const
type Case = (typeof CASES)[number]

const syntheticSample = (rng: Rng): SpikeSample => shdSizeSample(rng, STEPS, INPUTS)

const lif = { size: HIDDEN, tauM: 20, tauS: 5, threshold: 1, recurrentDelay: 'learn' as const }

async function runCase(c: Case): Promise<{ samplesPerS: number; peakRssMb: number; keptMb: number; spikes: number }> {
  const rng = new Rng(5)
  const batches = Array.from({ length: BATCHES + 1 }, () => Array.from({ length: BATCH }, () => syntheticSample(rng)))
  let kept = 0, spikes = 0
  const step = async (b: SpikeSample[]): Promise<void> => {
    spikes += (await train(b)).hiddenSpikes
    kept = Math.max(kept, keptBytes())
  }
  let train: (b: SpikeSample[]) => Promise<{ hiddenSpikes: number }>, keptBytes: () => number
  if (c.startsWith('eventprop')) {
    const recurrent = c === 'eventprop-recurrent'
    const network = {
      dt: 1, steps: STEPS, inputs: INPUTS, maxDelay: 62, readout: 'avg-exp' as const,
      hidden: [{ ...lif, recurrent, inputDelay: 'learn' as const }], output: { size: 20, tauM: 20, tauS: 5 }
    }
    const t = new Trainer({
      network, seed: 1, batchSize: BATCH, epochs: 1, lr: { weight: 1e-3, delay: 0.1, position: 0 }, easeIn: true, reg: { k: 5e-11, nu: 14 }, cost: { l1: 0, gamma: 0 }, silentBoost: 0,
      init: { weight: { input: { mean: 0.03, sd: 0.01 }, hidden: { mean: 0.02, sd: 0.03 }, recurrent: { mean: 0, sd: 0.02 }, output: { mean: 0, sd: 0.03 } }, delay: { feedforward: 62, recurrent: 30 }, positionRange: 1 }
    }, { engine: (plan) => new LocalEngine(plan) })
    train = (b) => t.trainBatch(b)
    keptBytes = () => t.engine.keptBytes ?? 0
  } else {
    const taps = c === 'dcls-25' ? 25 : 62
    const t = new DclsTrainer({
      network: { dt: 1, steps: STEPS, inputs: INPUTS, maxDelay: taps, readout: 'sum', hidden: [{ ...lif, recurrent: false, inputDelay: 'learn' }], output: { size: 20, tauM: 20, tauS: 5 } },
      dcls: { surrogateAlpha: 5, batchNorm: true, dropout: 0.4, detachReset: true, channelPool: 1, sigmaFinal: 0.23, sigmaEpochs: 0.25, rightPad: true, weightDecay: 1e-5, schedule: 'paper' },
      seed: 1, epochs: 1, lr: { weight: 1e-3, delay: 0.1 }
    }, BATCHES + 1)
    t.startEpoch(0)
    train = (b) => t.trainBatch(b)
    keptBytes = () => t.net.keptBytes
  }
  await step(batches[0]!) // warm-up (JIT)
  spikes = 0
  const run = await measureAsync(async () => {
    for (const b of batches.slice(1)) await step(b)
  })
  return { samplesPerS: (BATCHES * BATCH) / run.seconds, peakRssMb: run.peakRssMb, keptMb: kept / 2 ** 20, spikes: spikes / (BATCHES * BATCH) }
}

const only = process.env.AXONAL_METHOD as Case | undefined

if (only) {
  it(`one case: ${only}`, async () => {
    const r = await runCase(only)
    console.log(`AXONAL_RESULT ${JSON.stringify(r)}`)
  })
} else {
  it('EventProp against DCLS, each case in its own process', () => {
    const results = new Map<Case, { samplesPerS: number; peakRssMb: number; keptMb: number; spikes: number }>()
    for (const c of CASES) {
      const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.bench.config.ts', 'bench/methods.bench.ts'], {
        cwd: resolve(import.meta.dirname, '..'), env: { ...process.env, AXONAL_METHOD: c }, encoding: 'utf8', timeout: 1_200_000
      })
      const line = r.stdout.split('\n').find((l) => l.includes('AXONAL_RESULT '))
      if (!line) throw new Error(`${c}: no result (${(r.stderr || r.stdout).slice(-400)})`)
      const x = JSON.parse(line.slice(line.indexOf('AXONAL_RESULT ') + 14)) as { samplesPerS: number; peakRssMb: number; keptMb: number; spikes: number }
      results.set(c, x)
      figure(`[${c}] hidden spikes per sample`, x.spikes, 'spikes')
      figure(`[${c}] forward + backward + optimiser`, x.samplesPerS, 'samples/s')
      figure(`[${c}] peak RSS (its own process)`, x.peakRssMb, 'MB')
      figure(`[${c}] memory one batch keeps for its backward pass`, x.keptMb, 'MB')
    }
    const ep = results.get('eventprop')!
    for (const c of ['dcls-25', 'dcls-62'] as const) {
      const d = results.get(c)!
      figure(`ratio: EventProp / ${c} samples/s`, ep.samplesPerS / d.samplesPerS, '×')
      figure(`ratio: ${c} / EventProp peak RSS`, d.peakRssMb / ep.peakRssMb, '×')
      figure(`ratio: ${c} / EventProp memory kept for the backward pass`, d.keptMb / ep.keptMb, '×')
    }
  })
}
