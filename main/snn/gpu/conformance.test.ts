/**
 * One suite, both backends: the same random networks (feedforward, recurrent, learned delays,
 * positions; every readout) run through the CPU reference engine and the WebGPU engine. Spikes
 * must be identical; losses and gradients agree within float32 tolerance:
 *   |loss_gpu − loss_cpu| ≤ 1e-4·(1 + |loss_cpu|), and, per kind of gradient (weights of each
 *   projection, delays of each projection), max |g_gpu − g_cpu| ≤ 1e-4 · max |g_cpu|.
 * Why those: the GPU computes in float32 (ε ≈ 6e-8) and sums in another order; the adjoints are
 * integrated over every step (40–80 here), each step's rounding carried forward, so a gradient
 * entry carries errors of some 1e-6–1e-5 of its kind's largest entry (9.8e-6 measured on
 * SwiftShader). A wrong sign, a weakened jump or a delay off by one step fails the suite (checked by
 * breaking the kernels). Runs on SwiftShader where there is no GPU; skipped where WebGPU has no
 * adapter at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CpuNetwork, type SpikeSample } from '../cpu/network'
import { applyDelayGradients } from '../gradients'
import { type InitSpec, initParams } from '../init'
import { type NetworkSpec, compile } from '../model'
import { LocalEngine } from '../../train/engine'
import type { RegSettings } from '../../train/slice'
import { setMatrix, shiftedDelayFd, spikes } from '../testing'
import { Rng } from '../../util/rng'
import { gpu, isGpu } from '../../gpu/device'
import { GpuEngine } from './engine'

const probe = await gpu()
const hasGpu = isGpu(probe)
if (!hasGpu) console.warn(`WebGPU conformance suite skipped: ${probe.error}`)

const INIT: InitSpec = {
  weight: { input: { mean: 1.0, sd: 0.6 }, hidden: { mean: 0.6, sd: 0.6 }, recurrent: { mean: 0, sd: 0.4 }, output: { mean: 0.2, sd: 0.5 } },
  delay: { feedforward: 6, recurrent: 4 }, positionRange: 2
}

function batch(seed: number, n: number, channels: number, span: number, classes: number): SpikeSample[] {
  const rng = new Rng(seed)
  return Array.from({ length: n }, () => {
    const k = 15 + rng.int(25)
    return { times: Float32Array.from({ length: k }, () => rng.uniform() * span), units: Uint16Array.from({ length: k }, () => rng.int(channels)), label: rng.int(classes) }
  })
}

const lif = { tauM: 20, tauS: 5, threshold: 1 }
interface Case { name: string; spec: NetworkSpec; reg?: RegSettings; init?: InitSpec }
const cases: Case[] = [
  {
    name: 'feedforward, fixed delays, avg-exp',
    spec: { dt: 1, steps: 50, inputs: 8, maxDelay: 6, readout: 'avg-exp', hidden: [{ size: 16, ...lif, recurrent: false, inputDelay: 'fixed', recurrentDelay: 'none' }], output: { size: 4, tauM: 20, tauS: 5 } }
  },
  {
    name: 'recurrent, learned delays, two layers, max readout, regulariser',
    spec: {
      dt: 1, steps: 60, inputs: 8, maxDelay: 8, readout: 'max',
      hidden: [
        { size: 14, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn' },
        { size: 10, ...lif, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }
      ],
      output: { size: 3, tauM: 20, tauS: 5, delay: 'learn' }
    },
    reg: { k: 5e-3, nu: 1 }
  },
  {
    name: 'recurrent, position delays (3-D), sum readout',
    spec: {
      dt: 0.5, steps: 80, inputs: 6, maxDelay: 5, readout: 'sum',
      hidden: [{ size: 12, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'position', positions: { dims: 3, scale: 1.5 } }],
      output: { size: 3, tauM: 20, tauS: 5 }
    }
  },
  {
    name: 'first-spike readout with LIF outputs',
    spec: {
      dt: 0.5, steps: 80, inputs: 5, maxDelay: 4, readout: 'first-spike', firstSpike: { tau: 1, alpha: 0.01, phantom: 0.1 },
      hidden: [{ size: 16, ...lif, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }],
      output: { size: 3, tauM: 20, tauS: 5, threshold: 1 }
    },
    init: { ...INIT, weight: { ...INIT.weight, output: { mean: 0.8, sd: 0.6 } } }
  },
  {
    // small dt: 1 − α = 5e-5, so α rounded to float32 alone would move spikes by steps
    name: 'dt = 0.001 ms, learned delays, recurrent, sum readout',
    spec: {
      dt: 0.001, steps: 2500, inputs: 6, maxDelay: 0.3, readout: 'sum',
      hidden: [{ size: 10, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'none' }],
      output: { size: 3, tauM: 20, tauS: 5 }
    },
    init: { ...INIT, weight: { ...INIT.weight, input: { mean: 4, sd: 3 }, recurrent: { mean: 0, sd: 2 } }, delay: { feedforward: 0.3, recurrent: 0 } }
  },
  {
    // Dale on every projection, 30 % / 40 % masks: absent synapses (weight 0) carry nothing forward but have gradients (RigL's)
    name: 'Dale and sparse masks, learned delays, recurrent',
    spec: {
      dt: 1, steps: 60, inputs: 10, maxDelay: 8, readout: 'avg-exp', excitatory: 0.7,
      hidden: [{ size: 16, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn', inputConn: { dale: true, density: 0.3 }, recurrentConn: { dale: true, density: 0.4 } }],
      output: { size: 3, tauM: 20, tauS: 5, conn: { dale: true, density: 1 } }
    },
    init: { ...INIT, weight: { ...INIT.weight, input: { mean: 2.5, sd: 1 } } }
  },
  {
    name: 'plain average readout, no delays',
    spec: { dt: 1, steps: 40, inputs: 8, maxDelay: 0, readout: 'avg', hidden: [{ size: 10, ...lif, recurrent: true, inputDelay: 'none', recurrentDelay: 'none' }], output: { size: 2, tauM: 20, tauS: 5 } }
  }
]

const engines = new Map<string, GpuEngine>()
afterAll(async () => {
  for (const e of engines.values()) await e.close()
  if (hasGpu) console.log(`largest gradient error relative to its kind's largest entry: ${worst.toExponential(2)}`)
})

describe.skipIf(!hasGpu)('WebGPU engine = CPU reference', () => {
  beforeAll(() => {
    if (hasGpu) console.log(`WebGPU adapter: ${probe.info.description || probe.info.device}`)
  })

  it.each(cases.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const c = cases[i]!
    const plan = compile(c.spec)
    const params = initParams(plan, c.init ?? INIT, 11 + i)
    const samples = batch(100 + i, 6, c.spec.inputs, c.spec.steps * c.spec.dt * 0.6, c.spec.output.size)
    if (!isGpu(probe)) return
    const engine = new GpuEngine(plan, probe)
    engines.set(c.name, engine)

    // spikes: identical, sample by sample and population by population
    const cpuNet = new CpuNetwork(plan)
    cpuNet.setParams(params)
    const got = await engine.inspect(params, samples)
    let hidden = 0
    samples.forEach((s, b) => {
      const want = cpuNet.forward(s)
      plan.populations.forEach((_, p) => {
        const t = want.tapes[p]!
        const w = Array.from({ length: t.length }, (_, k) => [t.steps[k]!, t.neurons[k]!]).sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!)
        const g = Array.from(got[b]!.spikes[p]!.steps, (st, k) => [st, got[b]!.spikes[p]!.neurons[k]!])
        expect(g, `sample ${b}, population ${p}`).toEqual(w)
        if (p > 0) hidden += t.length
      })
      expect(Math.abs(got[b]!.loss - want.loss)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(want.loss)))
      expect(got[b]!.prediction).toBe(want.prediction)
    })
    console.log(`${c.name}: ${hidden} spikes`)
    expect(hidden, 'the case must exercise spikes').toBeGreaterThan(20)

    // gradients of the batch
    const cpu = new LocalEngine(plan)
    const g1 = await gradients(cpu, plan, params, samples, c.reg)
    const g2 = await gradients(engine, plan, params, samples, c.reg)
    expect(Math.abs(g2.summary.loss - g1.summary.loss)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(g1.summary.loss)))
    expect(g2.summary.correct).toBe(g1.summary.correct)
    expect(g2.summary.hiddenSpikes).toBe(g1.summary.hiddenSpikes)
    g1.counts.forEach((c1, p) => expect(Array.from(g2.counts[p]!)).toEqual(Array.from(c1)))
    plan.projections.forEach((prj, x) => {
      expectClose(g2.grad.subarray(prj.wOffset, prj.wOffset + prj.nPre * prj.nPost), g1.grad.subarray(prj.wOffset, prj.wOffset + prj.nPre * prj.nPost), `weights of projection ${x}`)
      if (prj.delayMode !== 'none') expectClose(g2.delayGrads[x]!, g1.delayGrads[x]!, `delays of projection ${x}`)
    })
    // carried onto learned delays and, through the distances, onto positions (shared host code)
    applyDelayGradients(plan, params, g1.grad, g1.delayGrads)
    applyDelayGradients(plan, params, g2.grad, g2.delayGrads)
    for (const group of plan.groups.filter((x) => x.kind === 'position' || x.kind === 'delay'))
      expectClose(g2.grad.subarray(group.offset, group.offset + group.length), g1.grad.subarray(group.offset, group.offset + group.length), `${group.kind} parameters at ${group.offset}`)
    const ev = await engine.evaluate(params, samples)
    expect(ev.correct).toBe(g1.summary.correct)
    expect(Math.abs(ev.loss - g1.summary.loss)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(g1.summary.loss)))
  })
})

describe.skipIf(!hasGpu)('WebGPU gradients through spikes against exact-shift finite differences', () => {
  // the single-neuron case of spike-jump.test.ts (input at 5 ms, w_in = 10, delay 3 ms, T = 40 ms),
  // with two outputs so that the cross-entropy has a gradient
  it.each([0.01, 0.005])('∂L/∂(input delay) within 0.1 percent at dt = %s ms', async (dt) => {
    const plan = compile({
      dt, steps: Math.round(40 / dt), inputs: 1, maxDelay: 10, readout: 'sum',
      hidden: [{ size: 1, ...lif, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }],
      output: { size: 2, tauM: 20, tauS: 5 }
    })
    const params = new Float64Array(plan.paramCount)
    setMatrix(plan, params, 0, 'w', [[10]])
    setMatrix(plan, params, 0, 'd', [[3]])
    setMatrix(plan, params, 1, 'w', [[1, -0.5]])
    const sample = spikes([[5, 0]], 1)
    if (!isGpu(probe)) return
    const engine = new GpuEngine(plan, probe)
    engines.set(`shift ${dt}`, engine)
    const g = await gradients(engine, plan, params, [sample])
    applyDelayGradients(plan, params, g.grad, g.delayGrads)
    const at = plan.projections[0]!.dOffset
    const fd = shiftedDelayFd(plan, params, sample, at)
    console.log(`WebGPU, dt ${dt}: ∂L/∂d ${g.grad[at]!.toFixed(7)}, FD ${fd.toFixed(7)}, error ${(100 * (g.grad[at]! / fd - 1)).toFixed(4)} %`)
    expect(Math.abs(g.grad[at]! / fd - 1)).toBeLessThan(1e-3)
  })
})

async function gradients(engine: LocalEngine | GpuEngine, plan: ReturnType<typeof compile>, params: Float64Array, samples: SpikeSample[], reg?: RegSettings) {
  const grad = new Float64Array(plan.paramCount)
  const delayGrads = plan.projections.map((p) => new Float64Array(p.delayMode === 'none' ? 0 : p.nPre * p.nPost))
  // the CPU's gradients of absent synapses too, which the GPU always computes
  const r = await engine.gradients(params, samples, reg, grad, delayGrads, { denseGrads: true })
  return { ...r, grad, delayGrads }
}

/** Largest error/scale ratio seen, reported after the suite. */
let worst = 0

function expectClose(got: Float64Array, want: Float64Array, what: string): void {
  let scale = 0, err = 0
  for (let k = 0; k < want.length; k++) {
    scale = Math.max(scale, Math.abs(want[k]!))
    err = Math.max(err, Math.abs(got[k]! - want[k]!))
  }
  expect(scale, `${what}: the case must have gradients`).toBeGreaterThan(0)
  worst = Math.max(worst, err / scale)
  expect(err, `${what}: max error ${err.toExponential(2)} vs largest entry ${scale.toExponential(2)}`).toBeLessThanOrEqual(1e-4 * scale + 1e-9)
}
