/**
 * Forward + EventProp backward throughput of an SHD-size network on the CPU and WebGPU backends:
 * 700 inputs → 256 recurrent LIF with learned input and recurrent delays (up to 62 steps) → 20 LI,
 * 250 steps of 1 ms, batch 32. Inputs are synthetic spike trains with SHD-like counts
 * (about 3000 spikes per sample, a few per channel). Run on this thread and split over worker
 * threads (one per core), as training jobs do, and on this machine's WebGPU adapter. Each CPU case
 * runs in its own process (this file again, with AXONAL_SHD_CASE set), so its peak RSS, worker
 * threads included, is its own and not what earlier cases left behind; the GPU's own memory is what
 * the engine allocates on the device.
 * GPU_BATCHES sets the GPU's batch count (default 2 on a software adapter, which is slow, else 10);
 * GPU_PEAK_GBPS (the card's DRAM bandwidth, e.g. 3350 for an H100 SXM) adds the fraction of it the
 * kernels' requested bytes reach.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { it } from 'vitest'
import { createCpuEngine } from '../main/jobs/batch-pool'
import { gpu, isGpu } from '../main/gpu/device'
import { GpuEngine } from '../main/snn/gpu/engine'
import { compile } from '../main/snn/model'
import { Trainer } from '../main/train/trainer'
import { Rng } from '../main/util/rng'
import type { SpikeSample } from '../main/snn/cpu/network'
import { figure, measureAsync, shdSizeSample } from './report'

const STEPS = 250, INPUTS = 700, HIDDEN = 256, BATCH = 32, BATCHES = Number(process.env.BENCH_BATCHES ?? 4)
const WORKER = resolve(import.meta.dirname, '../out/main/batch-worker.js')

const syntheticSample = (rng: Rng): SpikeSample => shdSizeSample(rng, STEPS, INPUTS)

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

/** The same network without any delays (what the torch BPTT peer computes). */
const noDelays = {
  ...settings,
  network: { ...settings.network, hidden: [{ ...settings.network.hidden[0]!, inputDelay: 'none' as const, recurrentDelay: 'none' as const }] }
}

/** Our CPU throughput and peak RSS by delays and thread count, for the ratios against the torch peers (below). */
const ours = new Map<string, { rate: number; peakMb: number }>()
const THREADS = [...new Set([1, availableParallelism()])]

interface CpuResult { name: string; rate: number; median: number; peakMb: number; spikes: number; params: number; perBatch: number }

/** One CPU case, in this process. */
async function cpuCase(threads: number, delays: 'learned' | 'none'): Promise<CpuResult> {
  const rng = new Rng(5)
  const trainer = new Trainer(delays === 'learned' ? settings : noDelays, { engine: (plan) => createCpuEngine(plan, threads, WORKER) })
  const batches = Array.from({ length: BATCHES }, () => Array.from({ length: BATCH }, () => syntheticSample(rng)))
  await trainer.trainBatch(batches[0]!) // warm-up (JIT)
  let spikes = 0
  const times: number[] = []
  const run = await measureAsync(async () => {
    for (const b of batches) {
      const t0 = performance.now()
      spikes += (await trainer.trainBatch(b)).hiddenSpikes
      times.push((performance.now() - t0) / 1000)
    }
  })
  await trainer.close()
  const samples = BATCHES * BATCH
  const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
  return { name: trainer.engine.name, rate: samples / run.seconds, median: BATCH / median, peakMb: run.peakRssMb, spikes: spikes / samples, params: trainer.plan.paramCount, perBatch: run.seconds / BATCHES }
}

const ONE_CASE = process.env.AXONAL_SHD_CASE

if (ONE_CASE) {
  it(`one case: ${ONE_CASE}`, async () => {
    const [threads, delays] = ONE_CASE.split('/')
    console.log(`AXONAL_RESULT ${JSON.stringify(await cpuCase(Number(threads), delays === 'none' ? 'none' : 'learned'))}`)
  })
}

it.skipIf(ONE_CASE).each(THREADS.flatMap((t) => [[t, 'learned'], [t, 'none']] as const))('SHD-size network, CPU backend, %i thread(s), delays: %s (own process)', (threads, delays) => {
  const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.bench.config.ts', 'bench/shd-network.bench.ts'], {
    cwd: resolve(import.meta.dirname, '..'), env: { ...process.env, AXONAL_SHD_CASE: `${threads}/${delays}` }, encoding: 'utf8', timeout: 1_200_000
  })
  const line = r.stdout.split('\n').find((l) => l.includes('AXONAL_RESULT '))
  if (!line) throw new Error(`${threads}/${delays}: no result (${(r.stderr || r.stdout).slice(-400)})`)
  const x = JSON.parse(line.slice(line.indexOf('AXONAL_RESULT ') + 14)) as CpuResult
  // ratios use the mean over the batches, as the peer reports it; the median batch shows how much this shared machine's load moved it
  ours.set(`${threads}/${delays}`, { rate: x.rate, peakMb: x.peakMb })
  figure(`[${x.name}] forward + backward + Adam, median batch`, x.median, 'samples/s')
  figure(`[${x.name}] delays`, delays === 'learned' ? 1 : 0, delays === 'learned' ? '(learned input and recurrent delays)' : '(none)')
  figure(`[${x.name}] parameters`, x.params, 'values')
  figure(`[${x.name}] hidden spikes per sample`, x.spikes, 'spikes')
  figure(`[${x.name}] forward + backward + Adam`, x.rate, 'samples/s')
  figure(`[${x.name}] time per batch of 32`, x.perBatch, 's')
  figure(`[${x.name}] peak RSS (its own process)`, x.peakMb, 'MB')
})

/**
 * The PyTorch peers of the same network (shared/peers/torch_shd_peer.py, Debian's python3-torch):
 * dense surrogate-gradient BPTT without delays, and with DCLS input (ff) and input + recurrent
 * (ffrec) delays, run here, in this process tree, right after ours, so the figures that matter are
 * ratios on one machine: speed (ours with learned delays / peer) and peak memory (ours / peer).
 * AXONAL_PEERS names the peers' folder; BENCH_DCLS=0 skips the slow DCLS peers; without torch or
 * the peer, it says so and measures nothing.
 */
it.skipIf(ONE_CASE)('ratios against the PyTorch peers (same machine, same run)', () => {
  const peer = resolve(process.env.AXONAL_PEERS ?? resolve(import.meta.dirname, '../../shared/peers'), 'torch_shd_peer.py')
  const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' })
  if (!existsSync(peer) || torch.status !== 0) {
    console.log(`[bench] torch peer not run: ${!existsSync(peer) ? `${peer} not found (set AXONAL_PEERS)` : 'python3-torch is not installed'}`)
    return
  }
  const variants = process.env.BENCH_DCLS === '0' ? ['none'] : ['none', 'ff', 'ffrec']
  for (const variant of variants)
    for (const threads of THREADS) {
      const mine = ours.get(`${threads}/learned`), plain = ours.get(`${threads}/none`)
      if (!mine) continue
      const th = `${threads} thread${threads === 1 ? '' : 's'}`
      const r = spawnSync('/usr/bin/python3', [peer, '--delays', variant, '--threads', String(threads), '--blas-threads', '1'], { encoding: 'utf8', timeout: 900_000 })
      const line = r.stdout.trim().split('\n').at(-1) ?? ''
      let rate = NaN, peakMb = NaN
      try {
        const j = JSON.parse(line) as Record<string, unknown>
        rate = Number(j['samples_per_s'])
        peakMb = Math.max(Number(j['peak_rss_sampled_mb'] ?? 0), Number(j['ru_maxrss_mb'] ?? 0))
      } catch {
        console.log(`[bench] torch peer --delays ${variant} (${th}) printed no JSON: ${(r.stderr || line).slice(0, 200)}`)
        continue
      }
      const name = variant === 'none' ? 'torch BPTT, no delays' : variant === 'ff' ? 'torch DCLS, input delays' : 'torch DCLS, input + recurrent delays'
      figure(`${name}, ${th}`, rate, 'samples/s')
      figure(`${name}, ${th}: peak RSS`, peakMb, 'MB')
      figure(`ratio: our EventProp with learned delays / ${name}, ${th}`, mine.rate / rate, '×')
      if (variant === 'none' && plain) figure(`ratio: our EventProp without delays / ${name}, ${th}`, plain.rate / rate, '×')
      figure(`peak memory ratio: ours with learned delays / ${name}, ${th}`, mine.peakMb / peakMb, '×')
    }
})

const probe = ONE_CASE ? null : await gpu()

it.skipIf(!probe || !isGpu(probe))('SHD-size network, WebGPU backend', async () => {
  if (!probe || !isGpu(probe)) return
  const rng = new Rng(5)
  const engine = new GpuEngine(compile(settings.network), probe)
  const trainer = new Trainer(settings, { engine })
  const n = Number(process.env.GPU_BATCHES ?? (probe.info.software ? 2 : 10))
  const batches = Array.from({ length: n }, () => Array.from({ length: BATCH }, () => syntheticSample(rng)))
  await trainer.trainBatch(batches[0]!) // warm-up (pipelines, buffers)
  let spikes = 0
  const run = await measureAsync(async () => {
    for (const b of batches) spikes += (await trainer.trainBatch(b)).hiddenSpikes
  })
  const deviceMb = engine.deviceBytes / 2 ** 20
  await trainer.close()
  const samples = n * BATCH
  const name = `[${engine.name}]`
  figure(`${name} hidden spikes per sample`, spikes / samples, 'spikes')
  figure(`${name} forward + backward + Adam`, samples / run.seconds, 'samples/s')
  figure(`${name} time per batch of 32`, run.seconds / n, 's')
  figure(`${name} peak RSS (host)`, run.peakRssMb, 'MB')
  figure(`${name} device memory`, deviceMb, 'MB')
  const gbps = requestedBytes(trainer.plan, spikes / n) / (run.seconds / n) / 1e9
  figure(`${name} bytes the kernels request (estimate)`, gbps, 'GB/s')
  const peak = Number(process.env.GPU_PEAK_GBPS ?? 0)
  if (peak > 0) figure(`${name} fraction of ${peak} GB/s`, gbps / peak, '')
})

/**
 * Bytes one batch's kernels load and store, counted per access (cached re-reads included): the
 * forward gather reads a delay and a tape entry per synapse, sample and step; each spike of the
 * backward pass reads delay, weight and (λ_V, λ_I) and updates weight and delay gradients per
 * outgoing synapse; every neuron's adjoints and history are updated each step; the batch sum
 * reads every per-sample gradient.
 */
function requestedBytes(plan: ReturnType<typeof compile>, hiddenSpikesPerBatch: number): number {
  const S = plan.spec.steps
  const synapses = plan.projections.reduce((a, p) => a + p.nPre * p.nPost, 0)
  const neurons = plan.populations.reduce((a, p) => a + p.size, 0)
  const hiddenOut = plan.projections.filter((p) => p.pre > 0).reduce((a, p) => a + p.nPre * p.nPost, 0) / Math.max(1, plan.populations.slice(1, -1).reduce((a, p) => a + p.size, 0))
  const inputSpikes = BATCH * 3000
  const gradSize = plan.paramCount + plan.projections.reduce((a, p) => a + (p.delayMode === 'none' ? 0 : p.nPre * p.nPost), 0)
  const forward = S * BATCH * (synapses * 8 + neurons * 16)
  const backward = (inputSpikes * (plan.projections[0]!.nPost) + hiddenSpikesPerBatch * hiddenOut) * 32 + S * BATCH * neurons * 28
  return forward + backward + BATCH * gradSize * 4
}
