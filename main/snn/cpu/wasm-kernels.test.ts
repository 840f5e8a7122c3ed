/**
 * The WebAssembly kernels against the TypeScript reference loops: the same network on either must
 * give bit-identical spikes, losses and gradients (both do the same IEEE double operations in the
 * same order), over the model's variety: recurrent and feedforward, learned, fixed, position-made
 * and no delays, sparse Dale projections, every readout, the spike-count regulariser. The input
 * projections' synapse-by-synapse backward pass must equal the spike-by-spike one exactly too.
 */
import { describe, expect, it, vi } from 'vitest'
import { Rng } from '../../util/rng'
import { type InitSpec, initParams } from '../init'
import { type NetworkSpec, compile, delaySteps, projectionDelays } from '../model'
import { passCovers } from './passes'
import { tsKernels } from './kernels'
import { CIN_GROUP, CpuNetwork, type ForwardResult, type SpikeSample } from './network'
import { wasmAvailable, wasmKernels } from './wasm-kernels'

const lif = { tauM: 20, tauS: 5, threshold: 1 }
const INIT: InitSpec = {
  weight: { input: { mean: 1.2, sd: 0.8 }, hidden: { mean: 1, sd: 1 }, recurrent: { mean: 0.2, sd: 0.8 }, output: { mean: 0, sd: 1 } },
  delay: { feedforward: 8, recurrent: 5 }, positionRange: 3
}

const base = { dt: 0.5, steps: 120, inputs: 12, maxDelay: 10 }
const specs: Record<string, NetworkSpec> = {
  'recurrent, learned delays, avg-exp': {
    ...base, readout: 'avg-exp',
    hidden: [{ size: 16, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn' }], output: { size: 3, tauM: 20, tauS: 5 }
  },
  'two layers, fixed delays, max': {
    ...base, readout: 'max',
    hidden: [{ size: 11, ...lif, recurrent: false, inputDelay: 'fixed', recurrentDelay: 'none' }, { size: 8, ...lif, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }], output: { size: 3, tauM: 20, tauS: 5 }
  },
  'no delays, sum': {
    ...base, readout: 'sum', hidden: [{ size: 12, ...lif, recurrent: true, inputDelay: 'none', recurrentDelay: 'none' }], output: { size: 3, tauM: 20, tauS: 5 }
  },
  'recurrent delays from positions': {
    ...base, readout: 'avg-exp',
    hidden: [{ size: 12, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'position', positions: { dims: 2, scale: 1 } }], output: { size: 3, tauM: 20, tauS: 5 }
  },
  'sparse Dale projections': {
    ...base, readout: 'avg-exp', excitatory: 0.75,
    hidden: [{ size: 14, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn', inputConn: { dale: false, density: 0.5 }, recurrentConn: { dale: true, density: 0.4 } }],
    output: { size: 3, tauM: 20, tauS: 5, conn: { dale: true, density: 1 } }
  },
  'first-spike readout': {
    ...base, readout: 'first-spike',
    hidden: [{ size: 12, ...lif, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }], output: { size: 3, tauM: 20, tauS: 5 }
  }
}

function sample(rng: Rng, inputs: number, steps: number, dt: number): SpikeSample {
  const n = 40 + rng.int(40)
  const list = Array.from({ length: n }, () => [rng.uniform() * steps * dt, rng.int(inputs)] as const)
  return { times: Float64Array.from(list, (s) => s[0]), units: Int32Array.from(list, (s) => s[1]), label: rng.int(3) }
}

/** Largest |a − b| (0 only when every entry is the same number). */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let m = 0
  for (let k = 0; k < a.length; k++) m = Math.max(m, a[k] === b[k] ? 0 : Math.abs(a[k]! - b[k]!) || Infinity)
  return m
}

/** Every tape's entries (the inputs' have no jump factors). */
function tapesOf(f: ForwardResult): number[][] {
  return f.tapes.flatMap((t, p) => (p === 0 ? [t.steps, t.neurons, t.iMinusV, t.frac] : [t.steps, t.neurons, t.iMinusV, t.frac, t.toV, t.toI]).map((a) => Array.from(a.subarray(0, t.length))))
}

describe.skipIf(!wasmAvailable())('WebAssembly kernels = TypeScript kernels, bit for bit', () => {
  // input projections synapse by synapse (the default on large networks) and spike by spike (on small ones)
  it.each(Object.keys(specs).flatMap((name) => [[name, true], [name, false]] as const))('%s, inputs by synapse: %s', (name, bySynapse) => {
    const plan = compile(specs[name]!)
    const params = initParams(plan, INIT, 3)
    const rng = new Rng(9)
    const samples = Array.from({ length: 4 }, () => sample(rng, plan.spec.inputs, plan.spec.steps, plan.spec.dt))
    const run = (kernels: 'wasm' | 'typescript', wideOffsets = false) => {
      const net = new CpuNetwork(plan, { kernels, inputsBySynapse: bySynapse, wideOffsets })
      expect(net.kernels.name).toBe(kernels)
      // the WebAssembly kernels run whole passes where they cover the network
      const forwards = net.kernels.forwardPass ? vi.spyOn(net.kernels, 'forwardPass') : null
      const passes = net.kernels.backwardPass ? vi.spyOn(net.kernels, 'backwardPass') : null
      net.setParams(params)
      const fwds = samples.map((s) => net.forward(s))
      const counts = plan.populations.map((p, k) => Float64Array.from({ length: p.size }, (_, j) => fwds.reduce((s, f) => s + f.counts[k]![j]!, 0)))
      const grad = new Float64Array(plan.paramCount)
      net.clearDelayGrads()
      net.backwardAll(fwds, grad, { scale: 0.25, reg: { k: 1e-3, nu: 2, batch: 4, counts } })
      return { fwds, grad, delayGrads: net.delayGrads.map((g) => g.slice()), passes: passes?.mock.calls.length ?? 0, forwards: forwards?.mock.calls.length ?? 0 }
    }
    // the WebAssembly loops with u16 arrival offsets (these networks' default) and with i32 ones
    const ts = run('typescript')
    for (const wasm of [run('wasm'), run('wasm', true)]) {
      expect(wasm.passes).toBe(passCovers(plan) ? samples.length : 0)
      expect(wasm.forwards).toBe(passCovers(plan) ? samples.length : 0)
      ts.fwds.forEach((f, k) => {
        expect(wasm.fwds[k]!.loss).toBe(f.loss)
        expect(tapesOf(wasm.fwds[k]!)).toEqual(tapesOf(f))
      })
      expect(maxDiff(wasm.grad, ts.grad)).toBe(0)
      ts.delayGrads.forEach((g, x) => expect(maxDiff(wasm.delayGrads[x]!, g)).toBe(0))
    }
    expect(ts.passes + ts.forwards).toBe(0)
    const spikesSeen = ts.fwds.reduce((s, f) => s + f.tapes.slice(1).reduce((t, x) => t + x.length, 0), 0)
    expect(spikesSeen).toBeGreaterThan(20)
    expect(ts.grad.some((g) => g !== 0)).toBe(true)
  })

  it('networks the whole-sample passes cover run on the WebAssembly kernels by default, inputs spike by spike when small', () => {
    const small = new CpuNetwork(compile(specs['two layers, fixed delays, max']!))
    expect(small.kernels.name).toBe('wasm')
    expect(passCovers(small.plan)).toBe(true)
    // sparse projections: not covered, and too small for the loops alone to pay
    const sparse = new CpuNetwork(compile(specs['sparse Dale projections']!))
    expect(passCovers(sparse.plan)).toBe(false)
    expect(sparse.kernels.name).toBe('typescript')
    // the default keeps a small network's results those of the TypeScript loops, bit for bit
    const plan = small.plan, params = initParams(plan, INIT, 3), s = sample(new Rng(2), plan.spec.inputs, plan.spec.steps, plan.spec.dt)
    const ts = new CpuNetwork(plan, { kernels: 'typescript' })
    small.setParams(params)
    ts.setParams(params)
    const a = small.forward(s), b = ts.forward(s)
    expect(a.loss).toBe(b.loss)
    const ga = new Float64Array(plan.paramCount), gb = new Float64Array(plan.paramCount)
    small.backward(a, ga, { scale: 1 })
    ts.backward(b, gb, { scale: 1 })
    expect(maxDiff(ga, gb)).toBe(0)
  })

  it('a sample with more spikes than the whole-sample passes keep goes through the loops they fall back to, bit for bit', () => {
    const plan = compile(specs['recurrent, learned delays, avg-exp']!)
    const params = initParams(plan, INIT, 3)
    const rng = new Rng(9)
    const samples = Array.from({ length: 4 }, () => sample(rng, plan.spec.inputs, plan.spec.steps, plan.spec.dt))
    const run = (kernels: 'wasm' | 'typescript', passTapeRoom?: number) => {
      const net = new CpuNetwork(plan, { kernels, inputsBySynapse: true, ...(passTapeRoom ? { passTapeRoom } : {}) })
      const forwards = net.kernels.forwardPass ? vi.spyOn(net.kernels, 'forwardPass') : null
      const passes = net.kernels.backwardPass ? vi.spyOn(net.kernels, 'backwardPass') : null
      net.setParams(params)
      const fwds = samples.map((s) => net.forward(s))
      const grad = new Float64Array(plan.paramCount)
      net.backwardAll(fwds, grad, { scale: 0.25 })
      return { fwds, grad, stopped: forwards?.mock.results.filter((r) => r.value === 0).length ?? 0, passes: passes?.mock.calls.length ?? 0 }
    }
    const ts = run('typescript'), wasm = run('wasm', 100)
    // every sample here has at most 100 input spikes and more than 100 hidden ones: each forward pass stops part way, and no backward pass runs
    expect(ts.fwds.every((f) => f.tapes[0]!.length <= 100 && f.tapes[1]!.length > 100)).toBe(true)
    expect(wasm.stopped).toBe(samples.length)
    expect(wasm.passes).toBe(0)
    ts.fwds.forEach((f, k) => {
      expect(wasm.fwds[k]!.loss).toBe(f.loss)
      expect(tapesOf(wasm.fwds[k]!)).toEqual(tapesOf(f))
    })
    expect(maxDiff(wasm.grad, ts.grad)).toBe(0)
  })

  // 11 samples: input arrivals are summed in groups of 4 after the backward passes; without delays
  // the input projection keeps its currents and traces by step instead (the flat kernels)
  const kinds = ['recurrent, learned delays, avg-exp', 'no delays, sum']
  it.each((['wasm', 'typescript'] as const).flatMap((k) => kinds.map((n) => [k, n] as const)))('input projections synapse by synapse = spike by spike (%s, %s)', (kernels, name) => {
    const plan = compile(specs[name]!)
    const params = initParams(plan, INIT, 4)
    const rng = new Rng(2)
    const ss = Array.from({ length: 11 }, () => sample(rng, plan.spec.inputs, plan.spec.steps, plan.spec.dt))
    const net = new CpuNetwork(plan, { kernels, inputsBySynapse: true })
    net.setParams(params)
    const fs = ss.map((s) => net.forward(s))
    const grads = [false, true].map((spikeBySpike) => {
      const grad = new Float64Array(plan.paramCount)
      net.clearDelayGrads()
      // asking for the input spikes' own gradients makes the pass go spike by spike
      net.backwardAll(fs, grad, { scale: 1, ...(spikeBySpike ? { inputGrads: new Float64Array(200) } : {}) })
      return { grad, delays: net.delayGrads.map((g) => g.slice()) }
    })
    const [bySynapse, bySpike] = grads as [typeof grads[0], typeof grads[0]]
    expect(maxDiff(bySynapse.grad, bySpike.grad)).toBe(0)
    bySpike.delays.forEach((g, x) => expect(maxDiff(bySynapse.delays[x]!, g)).toBe(0))
    const inPrj = plan.projections[0]!
    expect(bySpike.grad.subarray(inPrj.wOffset, inPrj.wOffset + inPrj.nPre * inPrj.nPost).some((g) => g !== 0)).toBe(true)
  })

  // input currents by groups of samples (forwardAll), and a sample too large for the scratch among them
  it.each(['wasm', 'typescript'] as const)('forwardAll = forward sample by sample, bit for bit (%s)', (kernels) => {
    const plan = compile(specs['recurrent, learned delays, avg-exp']!)
    const params = initParams(plan, INIT, 6)
    const rng = new Rng(8)
    const { steps, inputs, dt } = plan.spec
    const ss = Array.from({ length: 7 }, () => sample(rng, inputs, steps, dt))
    const big = Array.from({ length: 1700 }, () => [rng.uniform() * steps * dt, rng.int(inputs)] as const).sort((a, b) => a[0] - b[0])
    ss[3] = { times: Float64Array.from(big, (x) => x[0]), units: Int32Array.from(big, (x) => x[1]), label: 2 }
    const run = (all: boolean) => {
      const net = new CpuNetwork(plan, { kernels, inputsBySynapse: true })
      const currents = vi.spyOn(net.kernels, 'inputCurrent')
      net.setParams(params)
      const fwds = all ? net.forwardAll(ss) : ss.map((x) => net.forward(x))
      const grad = new Float64Array(plan.paramCount)
      net.backwardAll(fwds, grad, { scale: 0.5 })
      const calls = currents.mock.calls.length
      // (the TypeScript kernels are one object for every network)
      currents.mockRestore()
      return { fwds, grad, delays: net.delayGrads.map((g) => g.slice()), currents: calls }
    }
    const one = run(false), all = run(true)
    expect(one.fwds[3]!.tapes[0]!.length).toBeGreaterThan(steps * inputs)
    // groups of CIN_GROUP (4): (0, 1, 2), the large one alone spike by spike, (4, 5, 6)
    expect(CIN_GROUP).toBe(4)
    expect(one.currents).toBe(6)
    expect(all.currents).toBe(2)
    one.fwds.forEach((f, k) => {
      expect(all.fwds[k]!.loss).toBe(f.loss)
      expect(Array.from(all.fwds[k]!.readout)).toEqual(Array.from(f.readout))
      expect(tapesOf(all.fwds[k]!)).toEqual(tapesOf(f))
    })
    expect(maxDiff(all.grad, one.grad)).toBe(0)
    one.delays.forEach((g, x) => expect(maxDiff(all.delays[x]!, g)).toBe(0))
  })

  // a sample with more input spikes than the synapse-by-synapse scratch holds (steps × inputs) goes
  // spike by spike inside a batch that otherwise goes synapse by synapse: its sums meet the others'
  // in the gradients' last step, in another order, so the two agree to rounding
  it.each(['wasm', 'typescript'] as const)('a batch mixing both ways gives the spike-by-spike gradients (%s)', (kernels) => {
    const plan = compile(specs['recurrent, learned delays, avg-exp']!)
    const params = initParams(plan, INIT, 5)
    const rng = new Rng(3)
    const ss = Array.from({ length: 11 }, () => sample(rng, plan.spec.inputs, plan.spec.steps, plan.spec.dt))
    const { steps, inputs, dt } = plan.spec
    const big = Array.from({ length: 1700 }, () => [rng.uniform() * steps * dt, rng.int(inputs)] as const).sort((a, b) => a[0] - b[0])
    ss[5] = { times: Float64Array.from(big, (x) => x[0]), units: Int32Array.from(big, (x) => x[1]), label: 1 }
    const net = new CpuNetwork(plan, { kernels, inputsBySynapse: true })
    net.setParams(params)
    const fs = ss.map((x) => net.forward(x))
    expect(fs[5]!.tapes[0]!.length).toBeGreaterThan(steps * inputs)
    const [mixed, bySpike] = [false, true].map((spikeBySpike) => {
      const grad = new Float64Array(plan.paramCount)
      net.clearDelayGrads()
      net.backwardAll(fs, grad, { scale: 1, ...(spikeBySpike ? { inputGrads: new Float64Array(2000) } : {}) })
      return { grad, delays: net.delayGrads.map((g) => g.slice()) }
    }) as [{ grad: Float64Array; delays: Float64Array[] }, { grad: Float64Array; delays: Float64Array[] }]
    const near = (a: Float64Array, b: Float64Array): void => {
      const scale = Math.max(...Array.from(b, Math.abs))
      expect(scale).toBeGreaterThan(0)
      expect(maxDiff(a, b)).toBeLessThanOrEqual(1e-12 * scale)
    }
    near(mixed.grad, bySpike.grad)
    bySpike.delays.forEach((g, x) => g.length > 0 && near(mixed.delays[x]!, g))
  })

  // (hidden 7: rows of odd length, so the WebAssembly loop's pairs and its last element alone both run)
  it.each([0, 7])('delay offsets round delay parameters as delaySteps(projectionDelays(…)) does, on both kernels (hidden %i)', (size) => {
    const spec = specs['recurrent, learned delays, avg-exp']!
    const plan = compile({ ...spec, dt: 0.5, maxDelay: 10, ...(size ? { hidden: spec.hidden.map((h) => ({ ...h, size })) } : {}) })
    const prj = plan.projections.find((p) => p.dOffset >= 0)!
    const { nPre, nPost } = prj, count = nPre * nPost
    const rng = new Rng(4)
    // ties (k + ½)·dt, their neighbours one ulp away, −0, negatives, NaN, past the longest delay, and random values
    const edge = [0, -0, -1, NaN, 0.25, 0.75, 1.25, 9.75, 10, 10.2, 1e9, -Infinity, Infinity, 0.25 + 2 ** -54, 0.25 - 2 ** -54, 4.75 - 2 ** -50]
    const values = Float64Array.from({ length: count }, (_, k) => (k < edge.length ? edge[k]! : rng.uniform() * 12 - 1))
    const params = new Float64Array(plan.paramCount)
    params.set(values, prj.dOffset)
    const want = delaySteps(plan, projectionDelays(plan, prj, params))
    expect(new Set(want).size).toBeGreaterThan(15)
    for (const [k, wide] of [[wasmKernels(1 << 20), true], [wasmKernels(1 << 20), false], [tsKernels, true], [tsKernels, false]] as const) {
      const P = k.f64(count), D = k.i32(count), O = wide ? k.i32(count) : k.u16(count)
      P.set(values)
      k.delayOffsets(nPre, nPost, P, 0, plan.spec.maxDelay, plan.spec.dt, plan.maxDelaySteps, D, O)
      expect(Array.from(D), k.name).toEqual(Array.from(want))
      expect(Array.from(O), k.name).toEqual(Array.from(want, (d, i) => d * nPost + (i % nPost)))
    }
  })
})
