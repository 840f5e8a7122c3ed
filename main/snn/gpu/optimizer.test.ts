/**
 * The WebGPU engine's device-side training step (delays from parameters, connection cost, delay
 * and position gradients, Adam) against the host code the CPU engine uses, from the same batch
 * gradient: one step's parameter change must agree within 1e-3 of each kind's learning rate
 * wherever the gradient is not vanishing (Adam divides a gradient by its own size, so an entry
 * whose gradient is float32 noise may step either way; those are only held to one rate's
 * length). Then whole runs: a Trainer on the GPU engine follows the CPU engine's losses.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { SpikeSample } from '../cpu/network'
import { addConnectionCost, applyDelayGradients } from '../gradients'
import { type InitSpec, initParams } from '../init'
import { type NetworkSpec, compile } from '../model'
import { Adam, type LearningRates } from '../../train/adam'
import { LocalEngine } from '../../train/engine'
import { Trainer, type TrainSettings } from '../../train/trainer'
import { Rng } from '../../util/rng'
import { gpu, isGpu } from '../../gpu/device'
import { GpuEngine } from './engine'

const probe = await gpu()
const hasGpu = isGpu(probe)

const spec: NetworkSpec = {
  dt: 0.5, steps: 60, inputs: 6, maxDelay: 6, readout: 'avg-exp',
  hidden: [{ size: 14, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn', recurrentDelay: 'position', positions: { dims: 2, scale: 1.5 } }],
  output: { size: 3, tauM: 20, tauS: 5, delay: 'fixed' }
}
const init: InitSpec = {
  weight: { input: { mean: 1.0, sd: 0.6 }, hidden: { mean: 0.6, sd: 0.6 }, recurrent: { mean: 0, sd: 0.4 }, output: { mean: 0.2, sd: 0.5 } },
  delay: { feedforward: 5, recurrent: 3 }, positionRange: 2
}
const lr: LearningRates = { weight: 1e-2, delay: 0.1, position: 0.05 }
const cost = { l1: 1e-3, gamma: 1, pull: true }
const reg = { k: 5e-3, nu: 1 }

function batch(seed: number, n: number): SpikeSample[] {
  const rng = new Rng(seed)
  return Array.from({ length: n }, () => {
    const k = 15 + rng.int(20)
    return { times: Float32Array.from({ length: k }, () => rng.uniform() * 18), units: Uint16Array.from({ length: k }, () => rng.int(6)), label: rng.int(3) }
  })
}

const open: { close(): Promise<void> }[] = []
afterAll(async () => {
  for (const e of open) await e.close()
})

describe.skipIf(!hasGpu)('WebGPU training step on the device', () => {
  it.each([true, false])('changes every parameter as the host cost (pull %s), chain rule and Adam do', async (pull) => {
    if (!isGpu(probe)) return
    const cost = { l1: 1e-3, gamma: 1, pull }
    const plan = compile(spec)
    const engine = new GpuEngine(plan, probe)
    open.push(engine)
    const params = initParams(plan, init, 4)
    const samples = batch(9, 8)

    // host: the engine's own gradient, then the shared host code
    const g = new Float64Array(plan.paramCount)
    const dg = plan.projections.map((p) => new Float64Array(p.delayMode === 'none' ? 0 : p.nPre * p.nPost))
    const ref = await engine.gradients(params, samples, reg, g, dg)
    addConnectionCost(plan, params, g, dg, cost)
    applyDelayGradients(plan, params, g, dg)
    const want = params.slice()
    new Adam(plan, lr, false).update(want, g)

    // device
    const state = { step: 0, m: new Float64Array(plan.paramCount), v: new Float64Array(plan.paramCount) }
    engine.optimizer.load(params, state)
    const r = await engine.optimizer.step(samples, reg, { rates: lr, t: 1, cost })
    const got = new Float64Array(plan.paramCount)
    await engine.optimizer.save(got, state)
    expect(r.summary.loss).toBeCloseTo(ref.summary.loss, 4)
    expect(r.summary.correct).toBe(ref.summary.correct)

    const scale = Math.max(...g.map(Math.abs))
    let checked = 0
    for (const group of plan.groups) {
      const rate = group.kind === 'fixed-delay' || group.kind === 'sign' ? 0 : lr[group.kind]
      for (let k = group.offset; k < group.offset + group.length; k++) {
        const dw = got[k]! - params[k]!, dwant = want[k]! - params[k]!
        if (rate === 0) expect(got[k], `${group.kind} ${k} must not move`).toBeCloseTo(params[k]!, 5)
        else if (Math.abs(g[k]!) > 1e-5 * scale) {
          checked++
          expect(Math.abs(dw - dwant), `${group.kind} parameter ${k}`).toBeLessThanOrEqual(1e-3 * rate + 1e-6 * Math.abs(params[k]!))
        } else expect(Math.abs(dw)).toBeLessThanOrEqual(rate * 1.001 + 1e-6 * Math.abs(params[k]!))
      }
    }
    expect(checked).toBeGreaterThan(plan.paramCount / 2)
    // Adam's first moment is a tenth of the gradient after one step
    for (let k = 0; k < plan.paramCount; k += 7) expect(Math.abs(state.m[k]! - 0.1 * g[k]!)).toBeLessThanOrEqual(1e-4 * 0.1 * scale)
    // positions moved (their gradient comes only through the chain rule on the device)
    const pos = plan.groups.find((x) => x.kind === 'position')!
    expect(got.subarray(pos.offset, pos.offset + pos.length).some((x, i) => x !== params[pos.offset + i])).toBe(true)
  })

  it('trains like the CPU engine: same losses over several batches, parameters synced for checkpoints', async () => {
    if (!isGpu(probe)) return
    const settings: TrainSettings = {
      network: spec, init, seed: 3, batchSize: 8, epochs: 1, lr, easeIn: true, reg, cost, silentBoost: 0.01
    }
    const cpu = new Trainer(settings, { engine: new LocalEngine(compile(spec)) })
    const gpuTrainer = new Trainer(settings, { engine: new GpuEngine(compile(spec), probe) })
    open.push(cpu, gpuTrainer)
    for (let b = 0; b < 4; b++) {
      const samples = batch(20 + b, 8)
      const a = await cpu.trainBatch(samples), c = await gpuTrainer.trainBatch(samples)
      expect(Math.abs(c.loss - a.loss), `batch ${b}`).toBeLessThanOrEqual(1e-3 * Math.abs(a.loss))
    }
    await cpu.endEpoch()
    await gpuTrainer.endEpoch()
    expect(gpuTrainer.adam.state.step).toBe(4)
    let diff = 0
    for (let k = 0; k < cpu.params.length; k++) diff = Math.max(diff, Math.abs(gpuTrainer.params[k]! - cpu.params[k]!))
    expect(diff).toBeLessThan(1e-2)
    const held = batch(99, 16)
    const e1 = await cpu.evaluate(held), e2 = await gpuTrainer.evaluate(held)
    expect(Math.abs(e2.loss - e1.loss)).toBeLessThanOrEqual(1e-2 * e1.loss)
  })

  it('trains a Dale + sparse network like the CPU engine: host rewiring on GPU gradients, same masks, no sign flips', async () => {
    if (!isGpu(probe)) return
    const constrained: NetworkSpec = {
      ...spec, excitatory: 0.7,
      hidden: [{ ...spec.hidden[0]!, inputConn: { dale: true, density: 0.4 }, recurrentConn: { dale: false, density: 0.3 } }],
      output: { ...spec.output, conn: { dale: true, density: 1 } }
    }
    const settings: TrainSettings = {
      network: constrained, init, seed: 3, batchSize: 8, epochs: 1, lr, easeIn: false, reg, cost: { l1: 0, gamma: 0 }, silentBoost: 0,
      rewire: { regrow: 'rigl', every: 1 }
    }
    const cpu = new Trainer(settings, { engine: new LocalEngine(compile(constrained)) })
    const gpuTrainer = new Trainer(settings, { engine: new GpuEngine(compile(constrained), probe) })
    open.push(cpu, gpuTrainer)
    cpu.startEpoch(0)
    gpuTrainer.startEpoch(0)
    for (let b = 0; b < 6; b++) {
      const samples = batch(40 + b, 8)
      const a = await cpu.trainBatch(samples), c = await gpuTrainer.trainBatch(samples)
      expect(Math.abs(c.loss - a.loss), `batch ${b}`).toBeLessThanOrEqual(1e-3 * Math.abs(a.loss))
    }
    expect(gpuTrainer.rewireCounts()).toEqual(cpu.rewireCounts())
    expect(cpu.rewireCounts()!.removed).toBeGreaterThan(0)
    for (const prj of cpu.plan.projections) {
      for (let k = prj.wOffset; k < prj.wOffset + prj.nPre * prj.nPost; k++) {
        expect(gpuTrainer.params[k] === 0, `synapse ${k} present on one backend only`).toBe(cpu.params[k] === 0)
        if (prj.dale) expect(gpuTrainer.params[k]! * gpuTrainer.params[prj.signOffset + Math.floor((k - prj.wOffset) / prj.nPost)]!).toBeGreaterThanOrEqual(0)
      }
    }
  })
})
