/**
 * Forward + EventProp backward throughput of an SHD-size network on the CPU and WebGPU backends:
 * 700 inputs → 256 recurrent LIF with learned input and recurrent delays (up to 62 steps) → 20 LI,
 * 250 steps of 1 ms, batch 32. Inputs are synthetic spike trains with SHD-like counts
 * (about 3000 spikes per sample, a few per channel). Run on this thread and split over worker
 * threads (one per core), as training jobs do, and on this machine's WebGPU adapter. Each CPU case
 * runs in its own process (this file again, with AXONAL_SHD_CASE set), so its peak RSS, worker
 * threads included, is its own and not what earlier cases left behind; our cases and the torch peer
 * run in interleaved rounds (BENCH_ROUNDS) and the figures are their medians. The GPU's own memory
 * is what the engine allocates on the device.
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

const THREADS = [...new Set([1, availableParallelism()])]
/**
 * Rounds of our CPU cases and the torch peer without delays, interleaved (BENCH_ROUNDS, default 3):
 * this shared machine's speed drifts by tens of percent within minutes, so a figure is the median
 * of its rounds and a ratio compares the medians of the same rounds (each round's ratio is printed
 * too).
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))

/**
 * Batches each of our cases trains before it is timed (BENCH_WARMUP, default 3): V8's compiled
 * JavaScript and WebAssembly and the network's buffers settle over a run's first 2–3 batches (one
 * thread: ≈160, 150, then 90–95 ms a batch; ≈0.1 s once per training run), and the figures are
 * for training, which runs thousands.
 */
const WARMUP = Math.max(1, Number(process.env.BENCH_WARMUP ?? 3))

/**
 * Batches the torch peer without delays times after its one warm-up batch (BENCH_PEER_BATCHES,
 * default 12). Its batches vary by ±20 % one to the next here and its first timed batch is often
 * the slowest (one thread, per batch: 82, 107, 128, 109, 147, …; 105, 151, 169, …), so over 4 its
 * mean came out 103–133 samples/s and over 12, 127–135. The DCLS peers, 20–100× slower, time 4.
 * The peer makes all its batches (dense frames, 22 MB each) before it trains, so its peak memory
 * comes from one more run over 4, as before: over 12 it would count 180 MB more of input.
 */
const PEER_BATCHES = Math.max(1, Number(process.env.BENCH_PEER_BATCHES ?? 12))

interface CpuResult { name: string; rate: number; median: number; peakMb: number; spikes: number; params: number; perBatch: number }

/** One CPU case, in this process. */
async function cpuCase(threads: number, delays: 'learned' | 'none'): Promise<CpuResult> {
  const rng = new Rng(5)
  const trainer = new Trainer(delays === 'learned' ? settings : noDelays, { engine: (plan) => createCpuEngine(plan, threads, WORKER) })
  const batches = Array.from({ length: BATCHES }, () => Array.from({ length: BATCH }, () => syntheticSample(rng)))
  for (let k = 0; k < WARMUP; k++) await trainer.trainBatch(batches[k % BATCHES]!)
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

/** One CPU case in its own process (this file again, with AXONAL_SHD_CASE set), so its peak RSS, worker threads included, is its own. */
function oursOnce(threads: number, delays: 'learned' | 'none'): CpuResult {
  const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.bench.config.ts', 'bench/shd-network.bench.ts'], {
    cwd: resolve(import.meta.dirname, '..'), env: { ...process.env, AXONAL_SHD_CASE: `${threads}/${delays}` }, encoding: 'utf8', timeout: 1_200_000
  })
  const line = r.stdout.split('\n').find((l) => l.includes('AXONAL_RESULT '))
  if (!line) throw new Error(`${threads}/${delays}: no result (${(r.stderr || r.stdout).slice(-400)})`)
  return JSON.parse(line.slice(line.indexOf('AXONAL_RESULT ') + 14)) as CpuResult
}

const PEER = resolve(process.env.AXONAL_PEERS ?? resolve(import.meta.dirname, '../../shared/peers'), 'torch_shd_peer.py')
const PEER_NAMES: Record<string, string> = { none: 'torch BPTT, no delays', ff: 'torch DCLS, input delays', ffrec: 'torch DCLS, input + recurrent delays' }

/** One run of a PyTorch peer (its mean samples/s and peak RSS), or why it gave none. */
function peerOnce(variant: string, threads: number, batches = 4): { rate: number; peakMb: number } | string {
  const r = spawnSync('/usr/bin/python3', [PEER, '--delays', variant, '--threads', String(threads), '--blas-threads', '1', '--batches', String(batches)], { encoding: 'utf8', timeout: 900_000 })
  const line = r.stdout.trim().split('\n').at(-1) ?? ''
  try {
    const j = JSON.parse(line) as Record<string, unknown>
    return { rate: Number(j['samples_per_s']), peakMb: Math.max(Number(j['peak_rss_sampled_mb'] ?? 0), Number(j['ru_maxrss_mb'] ?? 0)) }
  } catch {
    return `torch peer --delays ${variant} (${threads} threads) printed no JSON: ${(r.stderr || line).slice(0, 200)}`
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const list = (xs: number[]): string => xs.map((x) => x.toFixed(1)).join(', ')

/**
 * Our CPU cases (learned input and recurrent delays, and none; one thread and one per core) and
 * the PyTorch peers of the same network (shared/peers/torch_shd_peer.py, Debian's python3-torch):
 * dense surrogate-gradient BPTT without delays in every round, right after ours, and once at the
 * end the DCLS peers with input (ff) and input + recurrent (ffrec) delays (BENCH_DCLS=0 skips
 * them: they are slow). The figures that matter are ratios on one machine: speed (ours with learned
 * delays / peer) and peak memory (ours / peer, each the largest of its rounds). AXONAL_PEERS names
 * the peers' folder; without torch or the peer, it says so and runs ours only.
 */
it.skipIf(ONE_CASE)('SHD-size network, CPU backend, against the PyTorch peers (each case its own process, in rounds)', () => {
  const torch = existsSync(PEER) && spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' }).status === 0
  if (!torch) console.log(`[bench] torch peer not run: ${!existsSync(PEER) ? `${PEER} not found (set AXONAL_PEERS)` : 'python3-torch is not installed'}`)
  const ours = new Map<string, CpuResult[]>(), peers = new Map<number, { rate: number; peakMb: number }[]>(), roundRatios = new Map<number, number[]>()
  console.log(`[bench] ${ROUNDS} rounds; ours timed over ${BATCHES} batches of ${BATCH} after ${WARMUP} warm-up batches, the torch peer over ${PEER_BATCHES} after 1 (its DCLS peers over 4)`)
  for (let round = 0; round < ROUNDS; round++)
    for (const threads of THREADS) {
      for (const delays of ['learned', 'none'] as const) ours.set(`${threads}/${delays}`, [...(ours.get(`${threads}/${delays}`) ?? []), oursOnce(threads, delays)])
      if (!torch) continue
      const p = peerOnce('none', threads, PEER_BATCHES)
      if (typeof p === 'string') console.log(`[bench] ${p}`)
      else {
        peers.set(threads, [...(peers.get(threads) ?? []), p])
        roundRatios.set(threads, [...(roundRatios.get(threads) ?? []), ours.get(`${threads}/learned`)!.at(-1)!.rate / p.rate])
      }
    }
  for (const threads of THREADS)
    for (const delays of ['learned', 'none'] as const) {
      const xs = ours.get(`${threads}/${delays}`)!, x = xs[0]!
      figure(`[${x.name}] delays`, delays === 'learned' ? 1 : 0, delays === 'learned' ? '(learned input and recurrent delays)' : '(none)')
      figure(`[${x.name}] parameters`, x.params, 'values')
      figure(`[${x.name}] hidden spikes per sample`, x.spikes, 'spikes')
      console.log(`[bench] [${x.name}] forward + backward + Adam, each round: ${list(xs.map((y) => y.rate))} samples/s`)
      figure(`[${x.name}] forward + backward + Adam`, median(xs.map((y) => y.rate)), 'samples/s')
      figure(`[${x.name}] time per batch of 32`, median(xs.map((y) => y.perBatch)), 's')
      figure(`[${x.name}] peak RSS (its own process)`, Math.max(...xs.map((y) => y.peakMb)), 'MB')
    }
  if (!torch) return
  const name = (variant: string, threads: number): string => `${PEER_NAMES[variant]}, ${threads} thread${threads === 1 ? '' : 's'}`
  for (const threads of THREADS) {
    const ps = peers.get(threads) ?? []
    if (ps.length === 0) continue
    const mine = ours.get(`${threads}/learned`)!, plain = ours.get(`${threads}/none`)!
    const lean = PEER_BATCHES > 4 ? peerOnce('none', threads) : null
    if (typeof lean === 'string') console.log(`[bench] ${lean}`)
    const peakMb = lean === null ? Math.max(...ps.map((p) => p.peakMb)) : typeof lean === 'string' ? NaN : lean.peakMb
    const rate = median(ps.map((p) => p.rate))
    console.log(`[bench] ${name('none', threads)}, each round: ${list(ps.map((p) => p.rate))} samples/s`)
    figure(name('none', threads), rate, 'samples/s')
    figure(`${name('none', threads)}: peak RSS (over 4 batches)`, peakMb, 'MB')
    console.log(`[bench] ratio: our EventProp with learned delays / ${name('none', threads)}, each round: ${roundRatios.get(threads)!.map((x) => x.toFixed(2)).join(', ')} ×`)
    figure(`ratio: our EventProp with learned delays / ${name('none', threads)}`, median(mine.map((y) => y.rate)) / rate, '×')
    figure(`ratio: our EventProp without delays / ${name('none', threads)}`, median(plain.map((y) => y.rate)) / rate, '×')
    figure(`peak memory ratio: ours with learned delays / ${name('none', threads)}`, Math.max(...mine.map((y) => y.peakMb)) / peakMb, '×')
  }
  if (process.env.BENCH_DCLS === '0') return
  for (const variant of ['ff', 'ffrec'])
    for (const threads of THREADS) {
      const p = peerOnce(variant, threads)
      if (typeof p === 'string') {
        console.log(`[bench] ${p}`)
        continue
      }
      const mine = ours.get(`${threads}/learned`)!
      figure(name(variant, threads), p.rate, 'samples/s')
      figure(`${name(variant, threads)}: peak RSS`, p.peakMb, 'MB')
      figure(`ratio: our EventProp with learned delays / ${name(variant, threads)}`, median(mine.map((y) => y.rate)) / p.rate, '×')
      figure(`peak memory ratio: ours with learned delays / ${name(variant, threads)}`, Math.max(...mine.map((y) => y.peakMb)) / p.peakMb, '×')
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
