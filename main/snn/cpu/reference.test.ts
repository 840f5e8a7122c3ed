/**
 * The CPU backend against closed-form answers and the reference vectors of
 * research/algorithms.md §G and §G-add (computed there with an independent EventProp script).
 */
import { describe, expect, it } from 'vitest'
import { type NetworkSpec, compile } from '../model'
import { getMatrix, lossAndGradient, setMatrix, spikes } from '../testing'

const lif = { tauM: 20, tauS: 5, threshold: 1 }
const li = { tauM: 20, tauS: 5 }

describe('closed form: input → LIF → LI (§G-add.1 test 1)', () => {
  // one input spike at 5 ms, delay 3 ms, weight 10: the hidden neuron spikes once, 2.826 ms after arrival
  const spec = (dt: number): NetworkSpec => ({
    dt, steps: Math.round(100 / dt), inputs: 1, maxDelay: 10, readout: 'sum',
    hidden: [{ size: 1, ...lif, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }],
    output: { size: 1, ...li }
  })

  it('matches L, dL/dw, dL/dd and dL/dw_out within 0.5% at dt = 0.01', () => {
    const plan = compile(spec(0.01))
    const params = new Float64Array(plan.paramCount)
    setMatrix(plan, params, 0, 'w', [[10]])
    setMatrix(plan, params, 0, 'd', [[3]])
    setMatrix(plan, params, 1, 'w', [[1]])
    const { loss, grad, fwd } = lossAndGradient(plan, params, spikes([[5, 0]]), [1])
    expect(fwd.tapes[1]!.length).toBe(1)
    // spike time: end of the step in which V crossed threshold, t_a + s = 10.826 ms
    expect((fwd.tapes[1]!.steps[0]! + 1) * 0.01).toBeCloseTo(10.826252, 1)
    expect(loss).toBeCloseTo(4.9228164, 2)
    expect(Math.abs(getMatrix(plan, grad, 0, 'w')[0]![0]! / 1.6484536e-3 - 1)).toBeLessThan(0.005)
    expect(Math.abs(getMatrix(plan, grad, 0, 'd')[0]![0]! / -3.8591773e-3 - 1)).toBeLessThan(0.005)
    expect(Math.abs(getMatrix(plan, grad, 1, 'w')[0]![0]! / 4.9228164 - 1)).toBeLessThan(0.005)
  })
})

describe('multi-spike network with recurrent delays (§G-add.1 test 2, dt = 0.001)', () => {
  const spec: NetworkSpec = {
    dt: 0.001, steps: 60_000, inputs: 2, maxDelay: 10, readout: 'sum',
    hidden: [{ size: 2, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn' }],
    output: { size: 2, ...li }
  }
  const plan = compile(spec)
  const params = new Float64Array(plan.paramCount)
  setMatrix(plan, params, 0, 'w', [[9, 0.5], [2, 3]])
  setMatrix(plan, params, 0, 'd', [[1, 4], [6, 2]])
  setMatrix(plan, params, 1, 'w', [[0, 6], [1.5, 0]])
  setMatrix(plan, params, 1, 'd', [[0, 5], [3, 0]])
  setMatrix(plan, params, 2, 'w', [[1, -0.5], [-0.3, 0.8]])
  const { loss, grad, fwd } = lossAndGradient(plan, params, spikes([[2, 0], [3, 1], [4, 1]]), [1, -1])

  it('fires the reference spikes and reaches the reference loss', () => {
    const t = fwd.tapes[1]!
    const got = Array.from({ length: t.length }, (_, k) => [(t.steps[k]! + 1) * 0.001, t.neurons[k]!])
    const want = [[6.338, 0], [11.514, 1], [11.814, 0], [15.877, 1], [19.709, 1], [21.216, 0], [27.142, 1]]
    expect(got.length).toBe(want.length)
    got.forEach(([time, n], k) => {
      expect(n).toBe(want[k]![1])
      expect(Math.abs(time! - want[k]![0]!)).toBeLessThan(0.003)
    })
    expect(loss).toBeCloseTo(1.330691, 2)
  })

  it('gives the reference gradients for input and recurrent weights and delays and output weights', () => {
    // EventProp column of the reference table; entries above 0.01 agree within 1.5%, small ones within 3e-3
    const close = (got: number[][], want: number[][]): void =>
      want.forEach((row, i) => row.forEach((w, j) => {
        const g = got[i]![j]!
        if (Math.abs(w) > 0.01) expect(Math.abs(g / w - 1)).toBeLessThan(0.015)
        else expect(Math.abs(g - w)).toBeLessThan(3e-3)
      }))
    close(getMatrix(plan, grad, 0, 'd'), [[0.05817, -0.00057], [-0.00558, -0.01082]])
    close(getMatrix(plan, grad, 0, 'w'), [[-0.00625, -0.18084], [0.05046, -0.35984]])
    const dRec = getMatrix(plan, grad, 1, 'd'), wRec = getMatrix(plan, grad, 1, 'w')
    close([[dRec[0]![1]!, dRec[1]![0]!]], [[0.19711, -0.00625]])
    close([[wRec[0]![1]!, wRec[1]![0]!]], [[-0.23703, 0.03064]])
    close(getMatrix(plan, grad, 2, 'w'), [[12.9871, -12.9871], [16.49995, -16.49995]])
  })
})

describe('position learning (§G-add.2, dt = 0.001)', () => {
  const spec: NetworkSpec = {
    dt: 0.001, steps: 40_000, inputs: 2, maxDelay: 10, readout: 'sum',
    hidden: [{ size: 3, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'position', positions: { dims: 2, scale: 1 } }],
    output: { size: 2, ...li }
  }
  const plan = compile(spec)
  const params = new Float64Array(plan.paramCount)
  const pos = plan.populations[1]!.posOffset
  params.set([0, 0, 3, 1, 1, 4], pos)
  setMatrix(plan, params, 0, 'w', [[9, 0.5, 1], [2, 3, 5]])
  setMatrix(plan, params, 0, 'd', [[1, 4, 2], [6, 2, 1]])
  setMatrix(plan, params, 1, 'w', [[0, 6, 2.5], [1.5, 0, 1], [2, 3, 0]])
  setMatrix(plan, params, 2, 'w', [[1, -0.5], [-0.3, 0.8], [0.5, 0.2]])
  const { loss, grad, fwd } = lossAndGradient(plan, params, spikes([[2, 0], [3, 1], [4, 1]]), [1, -1])
  const g = Array.from(grad.subarray(pos, pos + 6))

  it('reaches the reference loss and spike count and position gradients', () => {
    expect(fwd.tapes[1]!.length).toBe(28)
    expect(loss).toBeCloseTo(2.851043, 2)
    const want = [-0.42153, 0.09465, 0.68708, -0.14024, -0.26555, 0.04559]
    want.forEach((w, k) => expect(Math.abs(g[k]! - w)).toBeLessThan(0.015 * Math.abs(w) + 2e-3))
  })

  it('sums position gradients to zero (translation) and their torque to zero (rotation)', () => {
    expect(Math.abs(g[0]! + g[2]! + g[4]!)).toBeLessThan(1e-12)
    expect(Math.abs(g[1]! + g[3]! + g[5]!)).toBeLessThan(1e-12)
    const p = [0, 0, 3, 1, 1, 4]
    let torque = 0
    for (let k = 0; k < 3; k++) torque += p[2 * k]! * g[2 * k + 1]! - p[2 * k + 1]! * g[2 * k]!
    expect(Math.abs(torque)).toBeLessThan(1e-10)
  })
})

describe('single-neuron closed forms (§G.1, G.2, G.4)', () => {
  const oneNeuron = (dt: number, w: number) => {
    const plan = compile({
      dt, steps: Math.round(40 / dt), inputs: 1, maxDelay: 5, readout: 'sum',
      hidden: [{ size: 1, ...lif, recurrent: false, inputDelay: 'none', recurrentDelay: 'none' }],
      output: { size: 1, ...li }
    })
    const params = new Float64Array(plan.paramCount)
    setMatrix(plan, params, 0, 'w', [[w]])
    setMatrix(plan, params, 1, 'w', [[1]])
    return lossAndGradient(plan, params, spikes([[5, 0]]), [1]).fwd.tapes[1]!
  }

  it('spikes only above the PSP-peak threshold w = 6.34960 (§G.1)', () => {
    expect(oneNeuron(0.01, 6.3).length).toBe(0)
    expect(oneNeuron(0.01, 6.4).length).toBe(1)
  })

  it.each([[8, 4.116609], [10, 2.826252], [20, 1.153688]])('first spike of a %d-weight input comes s = %f ms after arrival (§G.2)', (w, s) => {
    const tape = oneNeuron(0.01, w)
    expect(tape.length).toBeGreaterThanOrEqual(1)
    // the spike is registered at the end of the step in which V crossed: within one step after t_a + s
    const t = (tape.steps[0]! + 1) * 0.01
    expect(t - (5 + s)).toBeGreaterThanOrEqual(-1e-9)
    expect(t - (5 + s)).toBeLessThan(0.01 + 1e-9)
  })

  it('integrates an LI output to 4.92594 and gives dL/dd = −V(T − t_a) = −0.0037030 (§G.4)', () => {
    const plan = compile({
      dt: 0.01, steps: 10_000, inputs: 1, maxDelay: 5, readout: 'sum', hidden: [],
      output: { size: 1, ...li, delay: 'learn' }
    })
    const params = new Float64Array(plan.paramCount)
    setMatrix(plan, params, 0, 'w', [[1]])
    setMatrix(plan, params, 0, 'd', [[0]])
    const { loss, grad } = lossAndGradient(plan, params, spikes([[10, 0]]), [1])
    expect(loss).toBeCloseTo(4.92594, 2)
    expect(Math.abs(getMatrix(plan, grad, 0, 'd')[0]![0]! / -0.003703 - 1)).toBeLessThan(0.02)
    // and ∂L/∂w = L/w for a linear readout
    expect(getMatrix(plan, grad, 0, 'w')[0]![0]!).toBeCloseTo(loss, 2)
  })
})
