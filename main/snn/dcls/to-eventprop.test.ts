/**
 * A DCLS network evaluated with integer delays fires, in its first hidden layer, the very spikes
 * the EventProp engine's forward pass fires for the converted network (to-eventprop.ts states
 * when the models coincide: no batch norm, evaluation mode, instantaneous EventProp synapses).
 */
import { describe, expect, it } from 'vitest'
import { CpuNetwork } from '../cpu/network'
import { compile } from '../model'
import { Rng } from '../../util/rng'
import { compileDcls, initDcls } from './model'
import { DclsNetwork, binSample } from './network'
import { dclsToEventProp } from './to-eventprop'

describe('DCLS evaluated by the EventProp engine', () => {
  it.each([1, 2, 3])('same first-layer spikes, step by step (seed %i)', (seed) => {
    const spec = {
      dt: 10, steps: 40, inputs: 60, maxDelay: 250, readout: 'sum' as const,
      hidden: [{ size: 24, tauM: 25, tauS: 1, threshold: 1, recurrent: false, inputDelay: 'learn' as const, recurrentDelay: 'none' as const }],
      output: { size: 5, tauM: 25, tauS: 1 }
    }
    const plan = compileDcls(spec, { surrogateAlpha: 5, batchNorm: false, dropout: 0.4, detachReset: true, channelPool: 3, sigmaFinal: 0.23, sigmaEpochs: 0.25, rightPad: true })
    const params = initDcls(plan, seed)
    const rng = new Rng(seed + 100)
    const samples = Array.from({ length: 6 }, () => {
      const n = 150 + rng.int(100)
      // inside the DCLS input window (40 steps of 10 ms; the converted network runs 40 + 12 steps and would see later spikes too)
      return { times: Float64Array.from({ length: n }, () => rng.uniform() * 390), units: Int32Array.from({ length: n }, () => rng.int(60)), label: rng.int(5) }
    })
    const dcls = new DclsNetwork(plan, Float64Array)
    dcls.forward(params, samples.map((s) => binSample(plan, s)), { train: false, sig: 0 })
    const s = dcls.spikes(0)
    const ep = dclsToEventProp(plan, params)
    const net = new CpuNetwork(compile(ep.spec))
    net.setParams(ep.params)
    const L = plan.layers[0]!
    let total = 0
    samples.forEach((sample, b) => {
      const pooled = { ...sample, units: Int32Array.from(sample.units, (u) => Math.floor(u / 3)) }
      const tape = net.forward(pooled).tapes[1]!
      const got = Array.from({ length: tape.length }, (_, k) => `${tape.steps[k]}:${tape.neurons[k]}`).sort()
      const want: string[] = []
      for (let t = 0; t < L.tOut; t++) for (let o = 0; o < L.nOut; o++) if (s[(b * L.tOut + t) * L.nOut + o]) want.push(`${t}:${o}`)
      expect(got).toEqual(want.sort())
      total += want.length
    })
    console.log(`seed ${seed}: ${total} hidden spikes, identical`)
    expect(total).toBeGreaterThan(50)
  })
})
