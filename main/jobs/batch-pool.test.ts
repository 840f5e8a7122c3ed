/** The threaded CPU engine against the in-process one: same gradients, same counts, same errors. */
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SpikeSample } from '../snn/cpu/network'
import { DEFAULT_INIT, initParams } from '../snn/init'
import { type NetworkSpec, compile } from '../snn/model'
import { type GradientEngine, LocalEngine, shares } from '../train/engine'
import { Rng } from '../util/rng'
import { ThreadedEngine, createCpuEngine, resolveThreads } from './batch-pool'

const WORKER = resolve(import.meta.dirname, '../../out/main/batch-worker.js')

const spec: NetworkSpec = {
  dt: 0.5, steps: 80, inputs: 6, maxDelay: 8, readout: 'avg-exp',
  hidden: [{ size: 12, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn', recurrentDelay: 'position', positions: { dims: 2, scale: 2 } }],
  output: { size: 3, tauM: 20, tauS: 5 }
}

function batch(seed: number, n: number, channels = 6): SpikeSample[] {
  const rng = new Rng(seed)
  return Array.from({ length: n }, () => {
    const k = 10 + rng.int(20)
    return { times: Float32Array.from({ length: k }, () => rng.uniform() * 35), units: Uint16Array.from({ length: k }, () => rng.int(channels)), label: rng.int(3) }
  })
}

const open: GradientEngine[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()))
})

async function run(engine: GradientEngine, samples: SpikeSample[]) {
  open.push(engine)
  const plan = compile(spec)
  const params = initParams(plan, { ...DEFAULT_INIT, weight: { ...DEFAULT_INIT.weight, input: { mean: 1.2, sd: 0.8 }, recurrent: { mean: 0, sd: 0.4 } }, delay: { feedforward: 6, recurrent: 0 }, positionRange: 2 }, 3)
  const grad = new Float64Array(plan.paramCount)
  const delayGrads = plan.projections.map((p) => new Float64Array(p.delayMode === 'none' ? 0 : p.nPre * p.nPost))
  const r = await engine.gradients(params, samples, { k: 1e-3, nu: 2 }, grad, delayGrads)
  return { ...r, grad, delayGrads, evaluation: await engine.evaluate(params, samples) }
}

describe('threaded CPU engine', () => {
  it('cuts a batch into contiguous shares that cover it once', () => {
    expect(shares(10, 3)).toEqual([[0, 4], [4, 7], [7, 10]])
    expect(shares(2, 3)).toEqual([[0, 1], [1, 2], [2, 2]])
    expect(resolveThreads(3, 2)).toBe(2)
    expect(resolveThreads(0, 64)).toBeGreaterThanOrEqual(1)
  })

  it.each([2, 3])('gives the gradients, counts and summaries of the in-process engine (%i threads)', async (threads) => {
    const samples = batch(11, 7)
    const local = await run(new LocalEngine(compile(spec)), samples)
    const threaded = await run(new ThreadedEngine(compile(spec), threads, WORKER), samples)
    expect(local.summary.hiddenSpikes).toBeGreaterThan(50)
    expect(threaded.summary.count).toBe(7)
    expect(threaded.summary.correct).toBe(local.summary.correct)
    expect(threaded.summary.hiddenSpikes).toBe(local.summary.hiddenSpikes)
    expect(threaded.summary.loss).toBeCloseTo(local.summary.loss, 10)
    expect(threaded.evaluation).toEqual({ ...threaded.summary, loss: expect.closeTo(threaded.summary.loss, 10) })
    threaded.counts.forEach((c, p) => expect(Array.from(c)).toEqual(Array.from(local.counts[p]!)))
    // only the order of summation differs between shares
    const scale = Math.max(...local.grad.map(Math.abs))
    expect(scale).toBeGreaterThan(0)
    for (let k = 0; k < local.grad.length; k++) expect(Math.abs(threaded.grad[k]! - local.grad[k]!)).toBeLessThan(1e-12 * scale)
    local.delayGrads.forEach((g, x) => g.forEach((v, k) => expect(Math.abs(threaded.delayGrads[x]![k]! - v)).toBeLessThan(1e-12 * scale)))
  })

  it('reports a share that fails with its message and refuses further work', async () => {
    const engine = new ThreadedEngine(compile(spec), 2, WORKER)
    open.push(engine)
    const plan = compile(spec)
    const params = initParams(plan, DEFAULT_INIT, 1)
    const grad = new Float64Array(plan.paramCount)
    const delayGrads = plan.projections.map((p) => new Float64Array(p.delayMode === 'none' ? 0 : p.nPre * p.nPost))
    await expect(engine.gradients(params, batch(2, 4, 9), undefined, grad, delayGrads)).rejects.toThrow(/input spike on channel \d, but the network has 6 inputs/)
    await expect(engine.evaluate(params, batch(2, 4))).rejects.toThrow(/channel/)
  })

  it('stays in process for one thread or without a built worker', () => {
    expect(createCpuEngine(compile(spec), 1, WORKER)).toBeInstanceOf(LocalEngine)
    expect(createCpuEngine(compile(spec), 4, undefined)).toBeInstanceOf(LocalEngine)
  })
})
