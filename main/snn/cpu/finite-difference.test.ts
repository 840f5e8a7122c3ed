/**
 * EventProp against central finite differences of the same discrete simulation, on small random
 * networks (feedforward and recurrent, learned delays, positions) with the softmax cross-entropy
 * on the exponentially weighted average voltage (the SHD loss).
 *
 * Tolerance: the relative error of the whole gradient vector of each kind of parameter below 5%.
 * Why not tighter: a spike moves in steps of dt, so the simulation's loss is a staircase in the
 * parameters; a central difference over h sees the true slope plus at most one stair of
 * dt·∂L/∂t_spike per spike, about dt/(2h·|∂t/∂θ|) ≈ 1–3% here (dt = 0.001 ms), on top of
 * EventProp's own O(dt) discretisation. FD is only trusted where it has converged: an entry is
 * compared when its ±h runs keep the number of spikes (else the loss jumps) and the differences
 * over h and h/2 agree within 5% (else an arrival sits next to a spike, a kink, or the loss curves
 * too much over h for a busy recurrent network, and FD, not EventProp, is what is wrong there).
 * The first-spike loss is checked the same way: its spike times are interpolated within a step,
 * so it is continuous in the parameters while no spike appears or goes.
 */
import { describe, expect, it } from 'vitest'
import { Rng } from '../../util/rng'
import { type InitSpec, initParams } from '../init'
import { type NetworkSpec, type ParamKind, compile } from '../model'
import { lossAndGradient, lossOnly, spikes } from '../testing'

const dt = 0.001
const H: Record<ParamKind, number> = { weight: 0.04, delay: 0.1, position: 0.05, 'fixed-delay': 0, sign: 0 }

function randomInput(seed: number, channels: number, count: number, span: number) {
  const rng = new Rng(seed)
  const list: [number, number][] = []
  for (let k = 0; k < count; k++) list.push([1 + rng.uniform() * span, rng.int(channels)])
  return spikes(list, rng.int(2))
}

const BUSY: InitSpec = {
  weight: { input: { mean: 3, sd: 1.5 }, hidden: { mean: 2.5, sd: 1.5 }, recurrent: { mean: 0.5, sd: 1.5 }, output: { mean: 0, sd: 1 } },
  delay: { feedforward: 6, recurrent: 4 }, positionRange: 3
}
/** Fewer spikes: a position moves all of a neuron's recurrent delays at once, so FD needs calm. */
const CALM: InitSpec = { ...BUSY, weight: { ...BUSY.weight, input: { mean: 2.5, sd: 1 }, recurrent: { mean: 0, sd: 1 } } }

function check(spec: NetworkSpec, seed: number, kinds: ParamKind[], init = BUSY, label?: number): Record<string, number> {
  const plan = compile(spec)
  const params = initParams(plan, init, seed)
  const sample = randomInput(seed + 100, spec.inputs, 8, 15)
  if (label !== undefined) sample.label = label
  const { grad } = lossAndGradient(plan, params, sample)
  const base = lossOnly(plan, params, sample).hiddenSpikes
  const central = (k: number, h: number): number | null => {
    const p = params.slice()
    p[k]! += h
    const up = lossOnly(plan, p, sample)
    p[k]! -= 2 * h
    const down = lossOnly(plan, p, sample)
    if (up.hiddenSpikes !== base || down.hiddenSpikes !== base) return null
    return (up.loss - down.loss) / (2 * h)
  }
  const errors: Record<string, number> = {}
  const counts: Record<string, number> = {}
  for (const kind of kinds) {
    const h = H[kind]
    let num = 0, den = 0, used = 0
    for (const g of plan.groups.filter((x) => x.kind === kind)) {
      for (let k = g.offset; k < g.offset + g.length; k++) {
        if (kind === 'delay' && (params[k]! - h < 0 || params[k]! + h > spec.maxDelay)) continue
        const fd = central(k, h), half = central(k, h / 2)
        if (fd === null || half === null) continue
        if (Math.abs(fd - half) > 0.05 * Math.max(Math.abs(fd), Math.abs(half)) + 1e-7) continue
        num += (grad[k]! - fd) ** 2
        den += fd ** 2
        used++
      }
    }
    expect(used).toBeGreaterThanOrEqual(3)
    expect(den).toBeGreaterThan(0)
    errors[kind] = Math.sqrt(num / den)
    counts[kind] = used
  }
  console.log(`seed ${seed}: relative error`, JSON.stringify(errors), 'entries compared', JSON.stringify(counts))
  return errors
}

const lif = { tauM: 20, tauS: 5, threshold: 1 }

describe('EventProp against finite differences on random networks', () => {
  it.each([1, 2])('feedforward, two hidden layers, learned delays (seed %i)', (seed) => {
    const errors = check({
      dt, steps: 40_000, inputs: 3, maxDelay: 10, readout: 'avg-exp',
      hidden: [
        { size: 4, ...lif, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' },
        { size: 3, ...lif, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }
      ],
      output: { size: 2, tauM: 20, tauS: 5 }
    }, seed, ['weight', 'delay'])
    for (const e of Object.values(errors)) expect(e).toBeLessThan(0.05)
  })

  it.each([3, 4])('recurrent, learned input and recurrent delays (seed %i)', (seed) => {
    const errors = check({
      dt, steps: 40_000, inputs: 3, maxDelay: 10, readout: 'avg-exp',
      hidden: [{ size: 4, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn' }],
      output: { size: 2, tauM: 20, tauS: 5 }
    }, seed, ['weight', 'delay'])
    for (const e of Object.values(errors)) expect(e).toBeLessThan(0.05)
  })

  it.each([5, 6])('recurrent delays from 2-D positions (seed %i)', (seed) => {
    const errors = check({
      dt, steps: 40_000, inputs: 3, maxDelay: 10, readout: 'avg-exp',
      hidden: [{ size: 4, ...lif, recurrent: true, inputDelay: 'learn', recurrentDelay: 'position', positions: { dims: 2, scale: 1 } }],
      output: { size: 2, tauM: 20, tauS: 5 }
    }, seed, ['weight', 'position'], CALM)
    for (const e of Object.values(errors)) expect(e).toBeLessThan(0.05)
  })

  const ttfs: NetworkSpec = {
    dt, steps: 40_000, inputs: 3, maxDelay: 10, readout: 'first-spike', firstSpike: { tau: 2, alpha: 0.5, phantom: 0.3 },
    hidden: [{ size: 4, ...lif, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }],
    output: { size: 3, tauM: 20, tauS: 5, delay: 'learn' }
  }
  const SPIKING_OUT: InitSpec = { ...CALM, weight: { ...CALM.weight, output: { mean: 1.5, sd: 1 } } }

  it.each([7, 8])('first-spike loss on LIF outputs, learned delays into hidden and outputs (seed %i)', (seed) => {
    const plan = compile(ttfs)
    const params = initParams(plan, SPIKING_OUT, seed)
    const fwd = lossAndGradient(plan, params, randomInput(seed + 100, 3, 8, 15)).fwd
    const label = fwd.firstSpike!.times.findIndex((t) => !Number.isNaN(t))
    expect(label).toBeGreaterThanOrEqual(0) // a spiking correct output: the time terms are tested
    const errors = check(ttfs, seed, ['weight', 'delay'], SPIKING_OUT, label)
    for (const e of Object.values(errors)) expect(e).toBeLessThan(0.05)
  })

  it('first-spike loss with a silent correct output (the phantom drive)', () => {
    const seed = 9
    const plan = compile(ttfs)
    const quiet: InitSpec = { ...CALM, weight: { ...CALM.weight, output: { mean: 0.3, sd: 0.3 } } }
    const fwd = lossAndGradient(plan, initParams(plan, quiet, seed), randomInput(seed + 100, 3, 8, 15)).fwd
    const label = fwd.firstSpike!.times.findIndex((t) => Number.isNaN(t))
    expect(label).toBeGreaterThanOrEqual(0)
    const errors = check(ttfs, seed, ['weight'], quiet, label)
    expect(errors.weight).toBeLessThan(0.05)
  })
})
