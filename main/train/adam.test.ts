import { describe, expect, it } from 'vitest'
import { wasmAdam } from '../snn/cpu/wasm-kernels'
import { compile } from '../snn/model'
import { Rng } from '../util/rng'
import { Adam } from './adam'

const plan = compile({
  dt: 1, steps: 10, inputs: 2, maxDelay: 5, readout: 'avg',
  hidden: [{ size: 2, tauM: 20, tauS: 5, threshold: 1, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }],
  output: { size: 1, tauM: 20, tauS: 5 }
})

describe('Adam', () => {
  it('takes a first step of −lr·sign(g) for any gradient size (§G.10)', () => {
    const adam = new Adam(plan, { weight: 0.1, delay: 0.5, position: 0 }, false)
    const p = new Float64Array(plan.paramCount).fill(2)
    const g = new Float64Array(plan.paramCount).map((_, k) => (k % 2 ? 1e-4 : -30))
    adam.update(p, g)
    for (const grp of plan.groups) {
      const lr = grp.kind === 'delay' ? 0.5 : 0.1
      // −lr·g/(|g| + ε): exactly −lr·sign(g) up to ε/|g| (1e-4 relative for the 1e-4 gradients)
      for (let k = grp.offset; k < grp.offset + grp.length; k++) expect(p[k]).toBeCloseTo(2 - lr * Math.sign(g[k]!), 4)
    }
  })

  it('clamps delays to [0, maxDelay]', () => {
    const adam = new Adam(plan, { weight: 0, delay: 10, position: 0 }, false)
    const p = new Float64Array(plan.paramCount).fill(4)
    const g = new Float64Array(plan.paramCount).fill(-1)
    adam.update(p, g)
    const d = plan.groups.find((x) => x.kind === 'delay')!
    expect(Array.from(p.subarray(d.offset, d.offset + d.length)).every((x) => x === 5)).toBe(true)
    g.fill(1)
    for (let i = 0; i < 10; i++) adam.update(p, g)
    expect(Array.from(p.subarray(d.offset, d.offset + d.length)).every((x) => x === 0)).toBe(true)
  })

  it('eases the rate in from 1% by ×1.05 per step up to the target', () => {
    const adam = new Adam(plan, { weight: 1e-3, delay: 0.1, position: 0 }, true)
    expect(adam.rate('weight')).toBeCloseTo(1e-5, 12)
    const p = new Float64Array(plan.paramCount), g = new Float64Array(plan.paramCount)
    for (let i = 0; i < 10; i++) adam.update(p, g)
    expect(adam.rate('weight')).toBeCloseTo(1e-5 * 1.05 ** 10, 12)
    for (let i = 0; i < 200; i++) adam.update(p, g)
    expect(adam.rate('weight')).toBe(1e-3)
  })
})

describe('Adam rate schedule', () => {
  it('multiplies every target rate by the schedule factor, under the ease-in too', () => {
    const adam = new Adam(plan, { weight: 1e-3, delay: 0.1, position: 0 }, true)
    adam.scale = 0.5
    expect(adam.rate('weight')).toBeCloseTo(0.5e-5, 14)
    const p = new Float64Array(plan.paramCount), g = new Float64Array(plan.paramCount)
    for (let i = 0; i < 200; i++) adam.update(p, g)
    expect(adam.rate('weight')).toBe(0.5e-3)
    expect(adam.rate('delay')).toBe(0.05)
  })

  it('steps as WebAssembly on its kernel\'s arrays with the same numbers bit for bit, clamps included', () => {
    // odd group lengths (a last parameter alone), weights of every scale, delays pushed past both ends
    const big = compile({
      dt: 1, steps: 10, inputs: 7, maxDelay: 5, readout: 'avg',
      hidden: [{ size: 5, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn' }],
      output: { size: 3, tauM: 20, tauS: 5 }
    })
    expect(big.groups.some((g) => g.length % 2 === 1)).toBe(true)
    const kernel = wasmAdam(big.paramCount)!
    const rng = new Rng(4)
    const p = new Float64Array(big.paramCount).map(() => 6 * rng.uniform() - 0.5)
    kernel.params.set(p)
    const lr = { weight: 0.3, delay: 2, position: 0 }
    const ts = new Adam(big, lr, false), wasm = new Adam(big, lr, false, undefined, undefined, kernel)
    const delays = big.groups.filter((x) => x.kind === 'delay').flatMap((x) => Array.from({ length: x.length }, (_, k) => x.offset + k))
    let clamped = 0
    for (let t = 0; t < 12; t++) {
      const g = new Float64Array(big.paramCount).map(() => (rng.uniform() - 0.5) * 10 ** (6 * rng.uniform() - 4))
      kernel.grad.set(g)
      ts.update(p, g)
      wasm.update(kernel.params, kernel.grad)
      expect(Buffer.from(kernel.params.buffer, kernel.params.byteOffset, kernel.params.byteLength).equals(Buffer.from(p.buffer))).toBe(true)
      expect(Array.from(kernel.m)).toEqual(Array.from(ts.state.m))
      expect(Array.from(kernel.v)).toEqual(Array.from(ts.state.v))
      clamped += delays.filter((k) => p[k] === 0 || p[k] === 5).length
    }
    expect(clamped).toBeGreaterThan(10)
  })
})

