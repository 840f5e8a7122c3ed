/**
 * DCLS backpropagation through time against central finite differences. The surrogate gradient is
 * not the derivative of the spiking network (a Heaviside has none), so the objective checked is the
 * smooth network whose spikes are the surrogate's own primitive S = arctan(π/2·α·(H − ϑ))/π + ½ and
 * whose reset is not detached (detachReset false): there BPTT with the ATan surrogate is that
 * function's exact gradient, and central differences at h = 1e-6 converge to it (float64
 * activations, batch norm in training mode, fixed dropout masks). The spiking forward with the
 * same parameters differs only in S; the PyTorch fixture (torch-reference.test.ts) checks that case.
 */
import { describe, expect, it } from 'vitest'
import { Rng } from '../../util/rng'
import type { NetworkSpec } from '../model'
import { sigmaAt } from './kernel'
import { type DclsOptions, compileDcls, initDcls } from './model'
import { type Binned, DclsNetwork, binSample } from './network'

const spec: NetworkSpec = {
  dt: 1, steps: 12, inputs: 6, maxDelay: 5, readout: 'sum',
  hidden: [
    { size: 5, tauM: 2, tauS: 1, threshold: 1, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' },
    { size: 4, tauM: 3, tauS: 1, threshold: 0.5, recurrent: false, inputDelay: 'learn', recurrentDelay: 'none' }
  ],
  output: { size: 3, tauM: 4, tauS: 1 }
}
const opts: DclsOptions = { surrogateAlpha: 2, batchNorm: true, dropout: 0.3, detachReset: false, channelPool: 2, sigmaFinal: 0.23, sigmaEpochs: 0.25, rightPad: true }

function batch(seed: number, n: number, plan: ReturnType<typeof compileDcls>): Binned[] {
  const rng = new Rng(seed)
  return Array.from({ length: n }, () => {
    const k = 10 + rng.int(8)
    return binSample(plan, { times: Float64Array.from({ length: k }, () => rng.uniform() * 11), units: Int32Array.from({ length: k }, () => rng.int(6)), label: rng.int(3) })
  })
}

describe('DCLS BPTT against finite differences of the smooth objective', () => {
  it.each([1, 2])('weights, positions and batch-norm parameters (seed %i)', (seed) => {
    const plan = compileDcls(spec, opts)
    expect(plan.K).toBe(5)
    const params = initDcls(plan, seed)
    // larger weights so that the smooth spikes vary
    for (const L of plan.layers) for (let k = 0; k < L.nIn * L.nOut; k++) params[L.w + k]! *= 2
    const data = batch(seed + 10, 3, plan)
    const rng = new Rng(seed + 20)
    const masks = plan.layers.map((L) => Float64Array.from({ length: data.length * L.nOut }, () => (rng.uniform() < 0.3 ? 0 : 1 / 0.7)))
    const sig = sigmaAt(3, 20, plan.K, 0.23, 0.25)
    const net = new DclsNetwork(plan, Float64Array)
    const f = { train: true, sig, masks, smooth: true }
    const lossAt = (p: Float64Array): number => net.forward(p.slice(), data, f).loss / data.length
    const fwd = net.forward(params.slice(), data, f)
    const grad = new Float64Array(plan.paramCount)
    // forward on a copy (running statistics move), backward reads the parameters it saw
    const p0 = params.slice()
    const again = net.forward(p0, data, f)
    expect(again.loss).toBe(fwd.loss)
    net.backward(grad, again.logits)
    const errors: Record<string, number> = {}
    for (const g of plan.groups.filter((x) => x.kind !== 'stat')) {
      let num = 0, den = 0
      for (let k = g.offset; k < g.offset + g.length; k++) {
        const h = 1e-6
        const up = params.slice(), down = params.slice()
        up[k]! += h
        down[k]! -= h
        const fd = (lossAt(up) - lossAt(down)) / (2 * h)
        num += (grad[k]! - fd) ** 2
        den += fd * fd
      }
      expect(den).toBeGreaterThan(0)
      errors[g.kind] = Math.max(errors[g.kind] ?? 0, Math.sqrt(num / den))
    }
    console.log(`seed ${seed}: relative error by kind`, JSON.stringify(errors))
    for (const e of Object.values(errors)) expect(e).toBeLessThan(1e-6)
  })
})
