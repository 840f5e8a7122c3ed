/**
 * What the trainer asks of a backend: a batch's summed gradients at given parameters, and
 * evaluation. The in-process CPU engine is here; the threaded one (main/jobs/batch-pool.ts) splits
 * a batch over worker threads; the WebGPU one will implement the same interface.
 */
import type { SpikeSample } from '../snn/cpu/network'
import type { ConnectionCost } from '../snn/gradients'
import type { Plan } from '../snn/model'
import type { AdamState, LearningRates } from './adam'
import { type BatchSummary, type RegSettings, SliceRunner } from './slice'

export interface BatchGradients {
  summary: BatchSummary
  /** Spikes per neuron per population, summed over the batch (for the silent-neuron boost). */
  counts: Float64Array[]
}

export interface GradientOptions {
  /** Also ∂L/∂w of sparse projections' absent synapses (RigL ranks them); engines that always compute them ignore it. */
  denseGrads?: boolean
}

export interface GradientEngine {
  /** Shown with runs: 'cpu', 'cpu ×2 threads', … */
  readonly name: string
  /**
   * Forward and EventProp backward of `samples` at `params`: writes the batch-mean ∂L/∂w into
   * `grad` and ∂L/∂d (per projection, ms) into `delayGrads`, both overwritten.
   */
  gradients(params: Float64Array, samples: SpikeSample[], reg: RegSettings | undefined, grad: Float64Array, delayGrads: Float64Array[], opts?: GradientOptions): Promise<BatchGradients>
  evaluate(params: Float64Array, samples: SpikeSample[]): Promise<BatchSummary>
  close(): Promise<void>
  /** Present where the engine can keep the parameters on its device and step the optimiser there. */
  readonly optimizer?: DeviceOptimizer
  /** Bytes the last batch kept between its forward and backward passes, where the engine can tell (this thread). */
  readonly keptBytes?: number
}

/**
 * A whole training step on the engine's device (the GPU): passes, connection cost, delay and
 * position gradients, and Adam, reading back only the batch's metrics and spike counts. The
 * device's parameters are the truth between `load` and `save`.
 */
export interface DeviceOptimizer {
  load(params: Float64Array, adam: AdamState): void
  step(samples: SpikeSample[], reg: RegSettings | undefined, step: OptimiserStep): Promise<BatchGradients>
  /** Copies the device's parameters and Adam moments into these host arrays. */
  save(params: Float64Array, adam: AdamState): Promise<void>
}

export interface OptimiserStep {
  /** This step's rate per kind (after ease-in). */
  rates: LearningRates
  /** Adam's step number, from 1. */
  t: number
  cost: ConnectionCost
}

/** The whole batch on this thread. */
export class LocalEngine implements GradientEngine {
  readonly name = 'cpu'
  private readonly runner: SliceRunner

  constructor(readonly plan: Plan) {
    this.runner = new SliceRunner(plan)
  }

  get keptBytes(): number {
    return this.runner.keptBytes
  }

  async gradients(params: Float64Array, samples: SpikeSample[], reg: RegSettings | undefined, grad: Float64Array, delayGrads: Float64Array[], opts: GradientOptions = {}): Promise<BatchGradients> {
    const { summary, counts } = this.runner.forward(params, samples, true)
    grad.fill(0)
    this.runner.backward(grad, delayGrads, samples.length, reg, counts, opts.denseGrads === true)
    return { summary, counts }
  }

  async evaluate(params: Float64Array, samples: SpikeSample[]): Promise<BatchSummary> {
    return this.runner.forward(params, samples, false).summary
  }

  async close(): Promise<void> {}
}

/** Contiguous shares of n samples over k workers (the first ones one larger), as [start, end). */
export function shares(n: number, k: number): [number, number][] {
  const out: [number, number][] = []
  const base = Math.floor(n / k), extra = n % k
  let start = 0
  for (let i = 0; i < k; i++) {
    const size = base + (i < extra ? 1 : 0)
    out.push([start, start + size])
    start += size
  }
  return out
}
