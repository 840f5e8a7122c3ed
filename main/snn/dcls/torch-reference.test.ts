/**
 * The DCLS engine against a PyTorch implementation of the same small network written from the
 * published recipe (scripts/fixtures/dcls_torch_reference.py; its output, produced once with
 * Debian's python3-torch, is fixtures/torch-reference.json): Heaviside spikes with the ATan
 * surrogate, detached reset, batch norm in training mode, given dropout masks, two hidden layers.
 * Loss, logits, spike counts and every gradient must agree to float64 rounding.
 */
import { describe, expect, it } from 'vitest'
import fixture from './fixtures/torch-reference.json'
import { compileDcls } from './model'
import { type Binned, DclsNetwork } from './network'

interface Ref {
  B: number; T: number; inputs: number; hidden: number[]; outputs: number; K: number; alpha: number; dropout: number
  taus: number[]; thresholds: number[]; sig: number
  x: number[][][]; labels: number[]; W: number[][][]; P: number[][][]; gamma: number[][]; beta: number[][]; masks: number[][][]
  loss: number; logits: number[][]; spikes: number[]; dW: number[][][]; dP: number[][][]; dGamma: number[][]; dBeta: number[][]
}

const ref = fixture as unknown as Ref

describe('DCLS against the PyTorch reference', () => {
  it('gives the same loss, logits, spikes and gradients', () => {
    const lif = (size: number, tauM: number, threshold: number) => ({ size, tauM, tauS: 1, threshold, recurrent: false, inputDelay: 'learn' as const, recurrentDelay: 'none' as const })
    const plan = compileDcls({
      dt: 1, steps: ref.T, inputs: ref.inputs, maxDelay: ref.K, readout: 'sum',
      hidden: [lif(ref.hidden[0]!, ref.taus[0]!, ref.thresholds[0]!), lif(ref.hidden[1]!, ref.taus[1]!, ref.thresholds[1]!)],
      output: { size: ref.outputs, tauM: ref.taus[2]!, tauS: 1 }
    }, { surrogateAlpha: ref.alpha, batchNorm: true, dropout: ref.dropout, detachReset: true, channelPool: 1, sigmaFinal: 0.23, sigmaEpochs: 0.25, rightPad: true })
    expect(plan.K).toBe(ref.K)
    const params = new Float64Array(plan.paramCount)
    plan.layers.forEach((L, l) => {
      params.set(ref.W[l]!.flat(), L.w)
      params.set(ref.P[l]!.flat(), L.p)
      if (L.bn) {
        params.set(ref.gamma[l]!, L.gamma)
        params.set(ref.beta[l]!, L.beta)
        params.fill(1, L.variance, L.variance + L.nOut)
      }
    })
    const batch: Binned[] = ref.x.map((sample, b) => {
      const st: number[] = [], ch: number[] = [], ct: number[] = []
      sample.forEach((row, t) => row.forEach((c, i) => { if (c) { st.push(t); ch.push(i); ct.push(c) } }))
      return { steps: Int32Array.from(st), channels: Int32Array.from(ch), counts: Float64Array.from(ct), label: ref.labels[b]! }
    })
    const masks = ref.masks.map((m) => Float64Array.from(m.flat()))
    const net = new DclsNetwork(plan, Float64Array)
    const f = net.forward(params, batch, { train: true, sig: ref.sig, masks })
    expect(f.loss / ref.B).toBeCloseTo(ref.loss, 12)
    ref.logits.forEach((row, b) => row.forEach((v, c) => expect(f.logits[b * ref.outputs + c]).toBeCloseTo(v, 12)))
    expect(f.hiddenSpikes).toBe(ref.spikes[0]! + ref.spikes[1]!)
    const grad = new Float64Array(plan.paramCount)
    net.backward(grad, f.logits)
    let worst = 0
    const close = (got: number, want: number[], scale: number): void => {
      worst = Math.max(worst, Math.abs(got - want[0]!) / scale)
    }
    plan.layers.forEach((L, l) => {
      for (const [off, want] of [[L.w, ref.dW[l]!.flat()], [L.p, ref.dP[l]!.flat()], ...(L.bn ? [[L.gamma, ref.dGamma[l]!], [L.beta, ref.dBeta[l]!]] as const : [])] as const) {
        const scale = Math.max(...want.map(Math.abs))
        expect(scale).toBeGreaterThan(0)
        want.forEach((w, k) => close(grad[off + k]!, [w], scale))
      }
    })
    console.log(`DCLS vs PyTorch: loss ${(f.loss / ref.B).toFixed(12)} vs ${ref.loss.toFixed(12)}, ${f.hiddenSpikes} hidden spikes, largest gradient difference ${worst.toExponential(2)} of each block's largest entry`)
    expect(worst).toBeLessThan(1e-10)
  })
})
