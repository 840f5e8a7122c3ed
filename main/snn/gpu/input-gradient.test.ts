/**
 * Input spike-time gradients on the WebGPU engine against the CPU's (BackwardOptions.inputGrads):
 * a recurrent network with learned delays, a batch of samples with several spikes per channel and
 * step, every spike's ∂L/∂t within float32 tolerance (1e-4 of the largest). Runs on SwiftShader
 * where there is no GPU.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { CpuNetwork, type SpikeSample } from '../cpu/network'
import { initParams } from '../init'
import { type NetworkSpec, compile } from '../model'
import { Rng } from '../../util/rng'
import { gpu, isGpu } from '../../gpu/device'
import { GpuEngine } from './engine'

const probe = await gpu()
const spec: NetworkSpec = {
  dt: 0.5, steps: 70, inputs: 5, maxDelay: 6, readout: 'avg-exp',
  hidden: [{ size: 12, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'learn', recurrentDelay: 'learn' }],
  output: { size: 3, tauM: 20, tauS: 5 }
}
const open: GpuEngine[] = []
afterAll(async () => { for (const e of open) await e.close() })

describe.skipIf(!isGpu(probe))('input spike-time gradients on WebGPU', () => {
  it('equal the CPU engine\'s for every spike of a batch', async () => {
    if (!isGpu(probe)) return
    const plan = compile(spec)
    const params = initParams(plan, { weight: { input: { mean: 1.2, sd: 0.6 }, hidden: { mean: 0.6, sd: 0.6 }, recurrent: { mean: 0, sd: 0.4 }, output: { mean: 0.2, sd: 0.5 } }, delay: { feedforward: 3, recurrent: 2 }, positionRange: 1 }, 5)
    const rng = new Rng(8)
    const samples: SpikeSample[] = Array.from({ length: 6 }, () => {
      const k = 25 + rng.int(20)
      // whole half-steps too, so that some spikes share a step and channel
      return { times: Float32Array.from({ length: k }, () => Math.round(rng.uniform() * 60) / 2), units: Uint16Array.from({ length: k }, () => rng.int(5)), label: rng.int(3) }
    })
    const engine = new GpuEngine(plan, probe)
    open.push(engine)
    const gpuGrads = await engine.inputGradients(params, samples)
    const net = new CpuNetwork(plan)
    net.setParams(params)
    let checked = 0
    samples.forEach((s, b) => {
      const want = new Float64Array(s.times.length)
      net.backward(net.forward(s), new Float64Array(plan.paramCount), { scale: 1, inputGrads: want })
      const top = Math.max(...want.map(Math.abs))
      expect(top).toBeGreaterThan(0)
      want.forEach((w, k) => expect(Math.abs(gpuGrads[b]![k]! - w), `sample ${b} spike ${k}`).toBeLessThanOrEqual(1e-4 * top + 1e-7))
      checked += want.length
    })
    expect(checked).toBeGreaterThan(150)
  })
})
