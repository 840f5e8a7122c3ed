/**
 * The DCLS baseline's network (research/algorithms.md §D.1, D.2, D-add.1; checked against
 * Thvnvtos/SNN-delays snn_delays.py and best_config_SHD.py): feedforward layers, each a 1-D
 * convolution over time whose kernel holds one Gaussian bump per synapse (weight W, centre at
 * position P), then batch norm (hidden layers), SpikingJelly's LIF with decay_input = False
 * (H = (1 − 1/τ)·V + X, spike S = Θ(H − ϑ), hard reset V = H·(1 − S), the reset detached from
 * the gradient) and dropout with one mask per sequence; the output layer's LIF never fires
 * (threshold 1e9) and its voltage is the readout. Loss: cross-entropy of Σ_t softmax(V_t).
 *
 * Time in steps of dt (the recipe bins 10 ms). K taps (odd; a tap n reads the input K − 1 − n
 * steps back, so the delay of position P is K//2 − P, 0 … K − 1 steps). Each layer pads its input
 * with K − 1 zeros before and (K − 1)//2 after, so its output is (K − 1)//2 steps longer than its
 * input (the recipe's right padding lets late inputs still reach the readout).
 *
 * Built from the same NetworkSpec as EventProp: inputs (pooled by `channelPool` adjacent channels,
 * SHD's 700 → 140), hidden sizes, τm/dt as τ, thresholds, output size, maxDelay/dt as K. No I/O.
 */
import type { NetworkSpec } from '../model'
import { Rng } from '../../util/rng'

export interface DclsOptions {
  /** ATan surrogate: Θ'(x) ≈ α/2 / (1 + (π/2·α·x)²). */
  surrogateAlpha: number
  batchNorm: boolean
  /** Dropout on hidden spikes (one mask per sample and neuron for the whole sequence). */
  dropout: number
  detachReset: boolean
  /** Adjacent input channels summed into one (SHD recipe: 5). */
  channelPool: number
  /** σ ends at this (0.23 in the recipe), reached after `sigmaEpochs` of the run's epochs (fraction, ¼). */
  sigmaFinal: number
  sigmaEpochs: number
  /** Pad each layer's input with (K − 1)//2 zeros after it, as the recipe (longer outputs). */
  rightPad: boolean
}

export interface DclsLayer {
  nIn: number
  nOut: number
  /** τ in steps, and the LIF's decay 1 − 1/τ. */
  tau: number
  decay: number
  threshold: number
  spiking: boolean
  bn: boolean
  /** Steps of the input and of the output. */
  tIn: number
  tOut: number
  /** Offsets: W and P [out][in], BN γ and β [out], running mean and variance [out] (−1 without BN). */
  w: number
  p: number
  gamma: number
  beta: number
  mean: number
  variance: number
}

export type DclsParamKind = 'weight' | 'position' | 'bn' | 'stat'

export interface DclsPlan {
  spec: NetworkSpec
  opts: DclsOptions
  /** Taps per synapse (odd), the right padding, input channels after pooling, input steps. */
  K: number
  R: number
  inputs: number
  steps: number
  layers: DclsLayer[]
  groups: { kind: DclsParamKind; offset: number; length: number }[]
  paramCount: number
}

/** Taps of a kernel whose delays reach maxDelay/dt steps, made odd (the recipe's max_delay). */
export function tapsOf(spec: NetworkSpec): number {
  const k = Math.max(1, Math.round(spec.maxDelay / spec.dt))
  return k % 2 === 1 ? k : k + 1
}

export function compileDcls(spec: NetworkSpec, opts: DclsOptions): DclsPlan {
  for (const [i, h] of spec.hidden.entries()) {
    if (h.recurrent) throw new Error(`DCLS: hidden layer ${i} is recurrent; the DCLS method trains feedforward networks (set network.hidden.${i}.recurrent = false)`)
    if (h.positions) throw new Error(`DCLS: hidden layer ${i} has positions; DCLS learns each synapse's delay on its own`)
  }
  if (!(opts.channelPool >= 1 && Number.isInteger(opts.channelPool))) throw new Error('DCLS: channelPool must be a whole number ≥ 1')
  if (!(opts.dropout >= 0 && opts.dropout < 1)) throw new Error('DCLS: dropout must lie in [0, 1)')
  const K = tapsOf(spec), R = opts.rightPad ? (K - 1) >> 1 : 0
  const inputs = Math.ceil(spec.inputs / opts.channelPool)
  const groups: DclsPlan['groups'] = []
  let offset = 0
  const take = (kind: DclsParamKind, length: number): number => {
    groups.push({ kind, offset, length })
    offset += length
    return offset - length
  }
  const layers: DclsLayer[] = []
  const sizes = [...spec.hidden.map((h) => ({ size: h.size, tauM: h.tauM, threshold: h.threshold, spiking: true })), { size: spec.output.size, tauM: spec.output.tauM, threshold: 1e9, spiking: false }]
  let nIn = inputs, tIn = spec.steps
  for (const s of sizes) {
    const tau = s.tauM / spec.dt
    if (!(tau >= 1)) throw new Error(`DCLS: τm (${s.tauM} ms) must be at least one step (${spec.dt} ms): the LIF's decay 1 − 1/τ would be negative`)
    const bn = s.spiking && opts.batchNorm
    const w = take('weight', s.size * nIn)
    const p = take('position', s.size * nIn)
    const gamma = bn ? take('bn', s.size) : -1, beta = bn ? take('bn', s.size) : -1
    const mean = bn ? take('stat', s.size) : -1, variance = bn ? take('stat', s.size) : -1
    layers.push({ nIn, nOut: s.size, tau, decay: 1 - 1 / tau, threshold: s.threshold, spiking: s.spiking, bn, tIn, tOut: tIn + R, w, p, gamma, beta, mean, variance })
    nIn = s.size
    tIn += R
  }
  return { spec, opts, K, R, inputs, steps: spec.steps, layers, groups, paramCount: offset }
}

/**
 * Initial parameters (snn_delays.py init_model): weights kaiming-uniform for ReLU, U(±√(6/fan_in));
 * positions U(−K//2, K//2); batch norm γ = 1, β = 0, running mean 0 and variance 1.
 */
export function initDcls(plan: DclsPlan, seed: number): Float64Array {
  const rng = new Rng(seed)
  const params = new Float64Array(plan.paramCount)
  const half = plan.K >> 1
  for (const L of plan.layers) {
    const bound = Math.sqrt(6 / L.nIn)
    for (let k = 0; k < L.nIn * L.nOut; k++) params[L.w + k] = (2 * rng.uniform() - 1) * bound
    for (let k = 0; k < L.nIn * L.nOut; k++) params[L.p + k] = (2 * rng.uniform() - 1) * half
    if (L.bn) {
      params.fill(1, L.gamma, L.gamma + L.nOut)
      params.fill(1, L.variance, L.variance + L.nOut)
    }
  }
  return params
}

/** Positions back into [−K//2, K//2] after a step (Dcls1d.clamp_parameters). */
export function clampPositions(plan: DclsPlan, params: Float64Array): void {
  const half = plan.K >> 1
  for (const L of plan.layers) for (let k = L.p; k < L.p + L.nIn * L.nOut; k++) params[k] = Math.min(half, Math.max(-half, params[k]!))
}
