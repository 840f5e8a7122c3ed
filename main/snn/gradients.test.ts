import { describe, expect, it } from 'vitest'
import { addConnectionCost, applyDelayGradients } from './gradients'
import { initParams } from './init'
import { type NetworkSpec, compile } from './model'

const spec: NetworkSpec = {
  dt: 1, steps: 10, inputs: 3, maxDelay: 50, readout: 'avg-exp',
  hidden: [{ size: 6, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn', recurrentDelay: 'position', positions: { dims: 2, scale: 3 } }],
  output: { size: 2, tauM: 20, tauS: 5 }
}
const init = {
  weight: { input: { mean: 0.2, sd: 0.5 }, hidden: { mean: 0, sd: 0.5 }, recurrent: { mean: 0, sd: 0.5 }, output: { mean: 0, sd: 0.5 } },
  delay: { feedforward: 4, recurrent: 2 }, positionRange: 2
}

/** The cost's gradient on every parameter (weights, learned delays, positions), as training takes it. */
function costGradient(params: Float64Array, cost: { l1: number; gamma: number; pull: boolean }): { value: number; grad: Float64Array } {
  const plan = compile(spec)
  const grad = new Float64Array(plan.paramCount)
  const dg = plan.projections.map((p) => new Float64Array(p.delayMode === 'none' ? 0 : p.nPre * p.nPost))
  const value = addConnectionCost(plan, params, grad, dg, cost)
  applyDelayGradients(plan, params, grad, dg)
  return { value, grad }
}

describe('connection cost', () => {
  const plan = compile(spec)
  const params = initParams(plan, init, 5)
  for (const gamma of [1, 2]) {
    it(`with pull, is the exact gradient of l1·Σ|w|·d^${gamma} (central differences on every parameter)`, () => {
      const cost = { l1: 0.01, gamma, pull: true }
      const { grad } = costGradient(params, cost)
      const h = 1e-6
      for (let k = 0; k < plan.paramCount; k++) {
        const up = params.slice(), down = params.slice()
        up[k]! += h
        down[k]! -= h
        const fd = (costGradient(up, cost).value - costGradient(down, cost).value) / (2 * h)
        expect(grad[k]!, `parameter ${k}`).toBeCloseTo(fd, 7)
      }
    })
  }

  it('without pull, moves weights exactly as with it and leaves delays and positions alone', () => {
    const a = costGradient(params, { l1: 0.01, gamma: 2, pull: false }), b = costGradient(params, { l1: 0.01, gamma: 2, pull: true })
    expect(a.value).toBe(b.value)
    for (const g of plan.groups) {
      const slice = (x: Float64Array): number[] => Array.from(x.subarray(g.offset, g.offset + g.length))
      if (g.kind === 'weight') expect(slice(a.grad)).toEqual(slice(b.grad))
      else {
        expect(slice(a.grad).every((x) => x === 0), `${g.kind} untouched`).toBe(true)
        if (g.kind !== 'fixed-delay') expect(slice(b.grad).some((x) => x !== 0), `${g.kind} pulled`).toBe(true)
      }
    }
  })
})
