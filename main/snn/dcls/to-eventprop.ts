/**
 * A trained DCLS network's first hidden layer as an EventProp network (main/snn/model.ts) that
 * fires the same spikes, where the two models coincide:
 * - evaluation mode: integer delays (each synapse's rounded position), no dropout;
 * - no batch norm (its shift is a constant input current the EventProp neuron does not have);
 * - the EventProp synapse made instantaneous: τs = dt/60, so a step's current is gone by the next
 *   (e^−60 of it remains) and V ← αV + (1 − α)·iScale·w adds exactly (1 − α)·iScale·w;
 *   with α = 1 − 1/τ (τm = −dt / ln(1 − 1/τ), which needs τ > 1 step) and weights
 *   w_EP = W_DCLS / ((1 − α)·iScale) that is DCLS's H = (1 − 1/τ)·V + X;
 * - the same time convention: DCLS bins a spike to the step after it (emissionStep + 1), where
 *   EventProp's arrives with delay 0; threshold ϑ and reset to 0 are the same.
 * Only the first hidden layer is compared: a DCLS hidden spike reaches the next layer in the same
 * step, an EventProp one a step later (model.ts), so deeper layers drift by a step per layer.
 * No I/O.
 */
import { type NetworkSpec, compile } from '../model'
import { evalDelay } from './kernel'
import type { DclsPlan } from './model'

export function dclsToEventProp(plan: DclsPlan, params: Float64Array): { spec: NetworkSpec; params: Float64Array } {
  if (plan.opts.batchNorm) throw new Error('DCLS → EventProp: the models coincide only without batch norm')
  const L = plan.layers[0]!
  if (!L.spiking) throw new Error('DCLS → EventProp: the network has no hidden layer')
  if (!(L.tau > 1)) throw new Error('DCLS → EventProp: τ must exceed one step')
  const { dt } = plan.spec
  const tauM = -dt / Math.log(L.decay), tauS = dt / 60
  const spec: NetworkSpec = {
    dt, steps: L.tOut, inputs: plan.inputs, maxDelay: (plan.K - 1) * dt, readout: 'sum',
    hidden: [{ size: L.nOut, tauM, tauS, threshold: L.threshold, recurrent: false, inputDelay: 'fixed', recurrentDelay: 'none' }],
    output: { size: plan.layers.at(-1)!.nOut, tauM: plan.spec.output.tauM, tauS: plan.spec.output.tauS }
  }
  const ep = compile(spec)
  const pop = ep.populations[1]!
  const scale = 1 / ((1 - pop.alpha) * pop.iScale)
  const prj = ep.projections[0]!
  const out = new Float64Array(ep.paramCount)
  for (let i = 0; i < L.nIn; i++)
    for (let o = 0; o < L.nOut; o++) {
      out[prj.wOffset + i * L.nOut + o] = params[L.w + o * L.nIn + i]! * scale
      out[prj.dOffset + i * L.nOut + o] = evalDelay(params[L.p + o * L.nIn + i]!, plan.K) * dt
    }
  return { spec, params: out }
}
