/**
 * ∂L/∂t of input spikes (the gradient an attack on spike timing follows). Finite differences of
 * the simulated loss have a staircase wherever a shift moves some spikes and not others, so the
 * oracle moves things rigidly, as spike-jump.test.ts does for delays: (a) all input spikes shifted
 * together by whole steps move the whole trajectory, so the sum of the input gradients must match
 * that shift's derivative (±0.25, ±0.5 ms, Richardson-extrapolated), here with recurrence, several
 * hidden spikes and the cross-entropy loss of a real readout; (b) a lone input spike alone.
 */
import { describe, expect, it } from 'vitest'
import { type NetworkSpec, compile } from '../model'
import { lossOnly, setMatrix, spikes } from '../testing'
import { CpuNetwork } from './network'

const spec = (dt: number): NetworkSpec => ({
  dt, steps: Math.round(30 / dt), inputs: 3, maxDelay: 5, readout: 'avg-exp',
  hidden: [{ size: 3, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'fixed', recurrentDelay: 'fixed' }],
  output: { size: 2, tauM: 20, tauS: 5 }
})
let plan = compile(spec(0.01))
const params = new Float64Array(plan.paramCount)
setMatrix(plan, params, 0, 'w', [[6, 1.5, 0], [0.5, 5, 2], [1, 0, 7]])
setMatrix(plan, params, 0, 'd', [[1, 2, 0.5], [0, 1.5, 3], [2.5, 0.25, 1]])
setMatrix(plan, params, 1, 'w', [[0, 1.2, -0.8], [0.9, 0, 1.1], [-0.5, 0.7, 0]])
setMatrix(plan, params, 1, 'd', [[0, 1, 2], [1.5, 0, 0.5], [3, 2, 0]])
setMatrix(plan, params, 2, 'w', [[1.5, -1], [-0.7, 1.2], [0.4, 0.9]])

function inputGradients(list: [number, number][]): { grads: Float64Array; hidden: number } {
  const net = new CpuNetwork(plan)
  net.setParams(params)
  const fwd = net.forward(spikes(list, 1))
  const grads = new Float64Array(list.length)
  net.backward(fwd, new Float64Array(plan.paramCount), { scale: 1, inputGrads: grads })
  return { grads, hidden: fwd.tapes[1]!.length }
}

/** d/dh of the loss with the spikes in `which` moved by h, Richardson-extrapolated from h = 0.5 and 0.25 ms. */
function shifted(list: [number, number][], which: (i: number) => boolean, hidden: number): number {
  const loss = (h: number): number => {
    const r = lossOnly(plan, params, spikes(list.map(([t, c], i) => [which(i) ? t + h : t, c] as [number, number]), 1))
    expect(r.hiddenSpikes, 'the same spikes, moved').toBe(hidden)
    return r.loss
  }
  const central = (h: number): number => (loss(h) - loss(-h)) / (2 * h)
  return (4 * central(0.25) - central(0.5)) / 3
}

describe('input spike-time gradients', () => {
  it('sum to the derivative of shifting every input spike together (recurrent, several hidden spikes), converging in dt', () => {
    const list: [number, number][] = [[2, 0], [3.5, 1], [6.25, 2], [9, 0], [12.5, 1]]
    const errors = [0.01, 0.005].map((dt) => {
      plan = compile(spec(dt))
      const { grads, hidden } = inputGradients(list)
      expect(hidden).toBeGreaterThan(4)
      return grads.reduce((a, b) => a + b, 0) / shifted(list, () => true, hidden) - 1
    })
    plan = compile(spec(0.01))
    expect(Math.abs(errors[0]!)).toBeLessThan(3e-3)
    expect(Math.abs(errors[1]!)).toBeLessThan(Math.abs(errors[0]!))
    const { grads } = inputGradients(list)
    // and the gradients differ from spike to spike, with both signs
    expect(Math.min(...grads)).toBeLessThan(0)
    expect(Math.max(...grads)).toBeGreaterThan(0)
  })

  it('of a lone input spike match shifting it', () => {
    const list: [number, number][] = [[4, 2]]
    const { grads, hidden } = inputGradients(list)
    expect(hidden).toBeGreaterThan(0)
    const fd = shifted(list, () => true, hidden)
    expect(Math.abs(grads[0]! / fd - 1)).toBeLessThan(2e-3)
  })
})
