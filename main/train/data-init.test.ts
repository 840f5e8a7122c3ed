import { describe, expect, it } from 'vitest'
import { CpuNetwork, type SpikeSample } from '../snn/cpu/network'
import { DEFAULT_INIT } from '../snn/init'
import { compile } from '../snn/model'
import { Rng } from '../util/rng'
import { dataDrivenInit, inputRates } from './data-init'

/** Poisson spikes: `channels` inputs at rates from 5 to 35 Hz over 1 s. */
function poisson(seed: number, channels: number): SpikeSample {
  const rng = new Rng(seed), ev: [number, number][] = []
  for (let c = 0; c < channels; c++) {
    const rate = (5 + 30 * (c / channels)) / 1000
    for (let t = -Math.log(1 - rng.uniform()) / rate; t < 1000; t += -Math.log(1 - rng.uniform()) / rate) ev.push([t, c])
  }
  ev.sort((a, b) => a[0] - b[0])
  return { times: Float64Array.from(ev, (e) => e[0]), units: Int32Array.from(ev, (e) => e[1]), label: 0 }
}

describe('data-driven initialisation', () => {
  // LIF outputs whose threshold is (almost) never reached: their voltage is the free membrane potential
  const plan = compile({
    dt: 0.5, steps: 2000, inputs: 200, maxDelay: 0, readout: 'first-spike', hidden: [],
    output: { size: 400, tauM: 20, tauS: 5, threshold: 1000 }
  })
  const samples = Array.from({ length: 8 }, (_, k) => poisson(k + 1, 200))

  it('measures the input rates from the data', () => {
    const r = inputRates(plan, samples)
    expect(r[0]! * 1000).toBeGreaterThan(2)
    expect(r[0]! * 1000).toBeLessThan(9)
    expect(r[199]! * 1000).toBeGreaterThan(30)
  })

  it.each([
    ['dense, unsigned weights', plan],
    ['Dale (70 % E) and 30 % of synapses', compile({ ...plan.spec, excitatory: 0.7, output: { ...plan.spec.output, conn: { dale: true, density: 0.3 } } })]
  ])('puts the free membrane potential at the target mean and sd (Campbell), in units of the threshold: %s', (_name, plan) => {
    const targets = { targetMean: 0.3, targetSd: 0.2, recurrentShare: 0.1, targetReadoutSd: 1, samples: 8 }
    const { params, projections } = dataDrivenInit(plan, DEFAULT_INIT, targets, 7, samples)
    expect(projections[0]!.mean).toBeGreaterThan(0)
    const prj = plan.projections[0]!
    if (prj.dale) for (let k = 0; k < prj.nPre * prj.nPost; k++) expect(params[prj.wOffset + k]! * params[prj.signOffset + Math.floor(k / prj.nPost)]!).toBeGreaterThanOrEqual(0)
    if (prj.density < 1) expect(params.subarray(prj.wOffset, prj.wOffset + prj.nPre * prj.nPost).filter((w) => w !== 0).length).toBe(Math.round(0.3 * prj.nPre * prj.nPost))
    const net = new CpuNetwork(plan)
    net.setParams(params)
    // the mean over neurons and time, and the temporal variance within a neuron (Campbell's σ_U²)
    let s = 0, n = 0, within = 0, m = 0
    for (const x of samples.map((_, k) => poisson(100 + k, 200))) {
      const v = net.forward(x, { recordOutput: true }).outputVoltage!
      for (let j = 0; j < 400; j++) {
        let a = 0, a2 = 0, c = 0
        for (let step = 200; step < 2000; step++) { const u = v[step * 400 + j]! / 1000; a += u; a2 += u * u; c++ }
        s += a; n += c
        within += a2 / c - (a / c) ** 2
        m++
      }
    }
    const mean = s / n, sd = Math.sqrt(within / m)
    console.log(`free membrane potential: mean ${mean.toFixed(3)} ϑ (target 0.3), sd ${sd.toFixed(3)} ϑ (target 0.2)`)
    // each neuron's mean is Σ w_i ν_i τs of its own 200 weights: the mean over 400 neurons carries
    // a sampling error of about 0.01 ϑ (targets 3.5 sd below ϑ: no spike and reset disturbs it)
    expect(Math.abs(mean - 0.3)).toBeLessThan(0.03)
    expect(Math.abs(sd / 0.2 - 1)).toBeLessThan(0.15)
  })

  it('is the same for the same seed', () => {
    const t = { targetMean: 0, targetSd: 1, recurrentShare: 0.1, targetReadoutSd: 1, samples: 8 }
    expect(dataDrivenInit(plan, DEFAULT_INIT, t, 3, samples).params).toEqual(dataDrivenInit(plan, DEFAULT_INIT, t, 3, samples).params)
  })
})
