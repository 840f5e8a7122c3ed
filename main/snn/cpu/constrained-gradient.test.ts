/**
 * EventProp under Dale's principle and sparse masks against central finite differences (as in
 * finite-difference.test.ts, whose tolerance argument holds here): the gradient with respect to a
 * present synapse's magnitude m (w = s·m, s its neuron's sign) and delay, and, with dense
 * gradients, with respect to an absent synapse's weight at 0 (what RigL ranks; moving it off 0
 * makes it present). The sparse backward pass, which visits present synapses only, must give the
 * present synapses exactly the dense pass's gradients.
 */
import { describe, expect, it } from 'vitest'
import { Rng } from '../../util/rng'
import { type InitSpec, initParams } from '../init'
import { type NetworkSpec, compile } from '../model'
import { lossAndGradient, lossOnly, spikes } from '../testing'

const lif = { tauM: 20, tauS: 5, threshold: 1 }
const INIT: InitSpec = {
  weight: { input: { mean: 3, sd: 1.5 }, hidden: { mean: 2.5, sd: 1.5 }, recurrent: { mean: 0.5, sd: 1.5 }, output: { mean: 0, sd: 1 } },
  delay: { feedforward: 6, recurrent: 4 }, positionRange: 3
}

function input(seed: number) {
  const rng = new Rng(seed)
  const list: [number, number][] = []
  for (let k = 0; k < 10; k++) list.push([1 + rng.uniform() * 15, rng.int(4)])
  return spikes(list, rng.int(2))
}

const spec: NetworkSpec = {
  dt: 0.001, steps: 40_000, inputs: 4, maxDelay: 10, readout: 'avg-exp', excitatory: 0.75,
  hidden: [{
    size: 5, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn',
    inputConn: { dale: true, density: 0.6 }, recurrentConn: { dale: true, density: 0.5 }
  }],
  output: { size: 2, tauM: 20, tauS: 5, conn: { dale: true, density: 1 } }
}

describe('EventProp with Dale and sparse masks against finite differences', () => {
  it.each([11, 12])('magnitudes, delays and absent synapses (seed %i)', (seed) => {
    const plan = compile(spec)
    const params = initParams(plan, INIT, seed)
    const sample = input(seed + 100)
    const dense = lossAndGradient(plan, params, sample, undefined, { denseGrads: true }).grad
    const sparse = lossAndGradient(plan, params, sample).grad
    const base = lossOnly(plan, params, sample).hiddenSpikes
    expect(base).toBeGreaterThan(0)
    const central = (k: number, dir: number, h: number): number | null => {
      const p = params.slice()
      p[k]! += dir * h
      const up = lossOnly(plan, p, sample)
      p[k]! -= 2 * dir * h
      const down = lossOnly(plan, p, sample)
      if (up.hiddenSpikes !== base || down.hiddenSpikes !== base) return null
      return (up.loss - down.loss) / (2 * h)
    }
    const converged = (k: number, dir: number, h: number): number | null => {
      const a = central(k, dir, h), b = central(k, dir, h / 2)
      if (a === null || b === null || Math.abs(a - b) > 0.05 * Math.max(Math.abs(a), Math.abs(b)) + 1e-7) return null
      return a
    }
    const err = { magnitude: [0, 0, 0], absent: [0, 0, 0], delay: [0, 0, 0] }
    const add = (e: number[], got: number, fd: number | null): void => {
      if (fd === null) return
      e[0]! += (got - fd) ** 2
      e[1]! += fd * fd
      e[2]!++
    }
    let present = 0, absent = 0
    for (const prj of plan.projections) {
      for (let i = 0; i < prj.nPre; i++)
        for (let j = 0; j < prj.nPost; j++) {
          const k = i * prj.nPost + j, w = params[prj.wOffset + k]!
          const s = prj.dale ? params[prj.signOffset + i]! : 1
          if (w !== 0) {
            present++
            expect(Math.sign(w), 'a Dale weight has its neuron\'s sign').toBe(s)
            // the sparse pass gives present synapses the dense pass's gradients exactly
            expect(sparse[prj.wOffset + k]).toBe(dense[prj.wOffset + k])
            // magnitude m = s·w: ∂L/∂m = s·∂L/∂w against a difference in m, kept away from 0
            if (Math.abs(w) > 0.05) add(err.magnitude, s * dense[prj.wOffset + k]!, converged(prj.wOffset + k, s, 0.04))
            if (prj.dOffset >= 0) {
              const d = params[prj.dOffset + k]!
              if (d > 0.1 && d < spec.maxDelay - 0.1) add(err.delay, dense[prj.dOffset + k]!, converged(prj.dOffset + k, 1, 0.1))
            }
          } else {
            absent++
            expect(sparse[prj.wOffset + k], 'the sparse pass leaves absent synapses alone').toBe(0)
            add(err.absent, dense[prj.wOffset + k]!, converged(prj.wOffset + k, 1, 0.04))
          }
        }
    }
    expect(present).toBeGreaterThan(0)
    expect(absent).toBeGreaterThan(0)
    const rel = Object.fromEntries(Object.entries(err).map(([k, e]) => [k, Math.sqrt(e[0]! / e[1]!)]))
    const used = Object.fromEntries(Object.entries(err).map(([k, e]) => [k, e[2]]))
    console.log(`seed ${seed}: relative error`, JSON.stringify(rel), 'entries compared', JSON.stringify(used))
    for (const [k, e] of Object.entries(err)) {
      expect(e[2], `${k}: entries compared`).toBeGreaterThanOrEqual(3)
      expect(rel[k], k).toBeLessThan(0.05)
    }
  })
})
