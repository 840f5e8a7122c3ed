/** An input spike's amplitude gradient is what its synapses' weight gradients add up to: Σ_j w_j·∂L/∂w_j. */
import { describe, expect, it } from 'vitest'
import { type NetworkSpec, compile } from '../model'
import { getMatrix, lossAndGradient, setMatrix, spikes } from '../testing'
import { CpuNetwork } from './network'

const spec: NetworkSpec = {
  dt: 0.1, steps: 300, inputs: 3, maxDelay: 5, readout: 'avg-exp',
  hidden: [{ size: 3, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'fixed', recurrentDelay: 'none' }],
  output: { size: 2, tauM: 20, tauS: 5 }
}

describe('input spike presence gradients', () => {
  it('equal Σ_j w_j·∂L/∂w_j when each channel fires once', () => {
    const plan = compile(spec)
    const params = new Float64Array(plan.paramCount)
    setMatrix(plan, params, 0, 'w', [[6, 1.5, 0.5], [0.5, 5, 2], [1, 0.3, 7]])
    setMatrix(plan, params, 0, 'd', [[1, 2, 0.5], [0, 1.5, 3], [2.5, 0.25, 1]])
    setMatrix(plan, params, 1, 'w', [[0, 1.2, -0.8], [0.9, 0, 1.1], [-0.5, 0.7, 0]])
    setMatrix(plan, params, 2, 'w', [[1.5, -1], [-0.7, 1.2], [0.4, 0.9]])
    const list: [number, number][] = [[2, 0], [3.5, 1], [6.2, 2]]
    const { grad } = lossAndGradient(plan, params, spikes(list, 1))
    const net = new CpuNetwork(plan)
    net.setParams(params)
    const presence = new Float64Array(3)
    net.backward(net.forward(spikes(list, 1)), new Float64Array(plan.paramCount), { scale: 1, inputPresence: presence })
    const w = getMatrix(plan, params, 0, 'w'), g = getMatrix(plan, grad, 0, 'w')
    list.forEach(([, c], k) => {
      const want = w[c]!.reduce((s, x, j) => s + x * g[c]![j]!, 0)
      expect(presence[k]!).toBeCloseTo(want, 12)
    })
    expect(presence.some((x) => Math.abs(x) > 1e-4)).toBe(true)
  })
})
