/**
 * The training loop's pure core: one batch = the engine's forward and EventProp backward passes
 * (spike counts first, for the regulariser), the connection cost, delay gradients carried onto
 * delays or positions, and an Adam step. No I/O: the training job feeds samples and stores what
 * comes out; the engine decides where the passes run (this thread, worker threads, a GPU).
 */
import { CpuNetwork, type ForwardResult, type SpikeSample, WASM_MIN_SYNAPSES } from '../snn/cpu/network'
import { wasmAdam } from '../snn/cpu/wasm-kernels'
import { type ConnectionCost, addConnectionCost, applyDelayGradients } from '../snn/gradients'
import { type InitSpec, initParams } from '../snn/init'
import { type NetworkSpec, type Plan, compile } from '../snn/model'
import { Adam, type AdamState, EASE_IN_BATCHES, type LearningRates } from './adam'
import { type GradientEngine, LocalEngine } from './engine'
import { type RewireCounts, type RewireSettings, Rewirer } from './rewire'
import type { BatchSummary } from './slice'
import { budget, disconnected, presentCount } from '../snn/connectivity'
import { Rng, deriveSeed } from '../util/rng'

export interface TrainSettings {
  network: NetworkSpec
  init: InitSpec
  seed: number
  batchSize: number
  epochs: number
  lr: LearningRates
  easeIn: boolean
  /** Rates are multiplied by lrDecay^epoch (default 1: constant). */
  lrDecay?: number
  /** Spike-count regulariser of hidden neurons (§B.6); k = 0 turns it off. */
  reg: { k: number; nu: number }
  cost: ConnectionCost
  /** After each epoch, hidden neurons that never spiked get +boost on their incoming weights (§B.6). */
  silentBoost: number
  /** Rewiring of sparse projections (default: RigL every batch). */
  rewire?: RewireSettings
}

/** A constrained projection's state at the end of an epoch. */
export interface ConnectivityState {
  projection: number
  pre: number
  post: number
  dale: boolean
  density: number
  /** Synapses present, and the budget a sparse projection keeps. */
  present: number
  budget: number
  /** Postsynaptic neurons without any incoming synapse in this projection (sparse only). */
  disconnected: number[]
}

export type BatchResult = BatchSummary

export interface TrainerOptions {
  params?: Float64Array
  adam?: AdamState
  /** Batches in one epoch: the ease-in lasts at most one epoch. */
  batchesPerEpoch?: number
  /** Where forward and backward passes run (default: this thread): an engine, or a maker given the plan. */
  engine?: GradientEngine | ((plan: Plan) => GradientEngine)
}

export class Trainer {
  readonly plan: Plan
  readonly params: Float64Array
  readonly adam: Adam
  readonly engine: GradientEngine
  private readonly grad: Float64Array
  private readonly delayGrads: Float64Array[]
  /** Spikes per hidden neuron over the current epoch (for the silent-neuron boost). */
  private epochCounts: Float64Array[]
  /** Dale's signs and sparse masks kept after every step (null when no projection is constrained). */
  readonly rewirer: Rewirer | null

  constructor(readonly settings: TrainSettings, opts: TrainerOptions = {}) {
    this.plan = compile(settings.network)
    // a network of WebAssembly size keeps its parameters, gradients and Adam's moments in Adam's
    // kernel memory (the trainer's own arrays: the given parameters and state are copied in)
    const kernel = this.plan.paramCount >= WASM_MIN_SYNAPSES ? wasmAdam(this.plan.paramCount) : null
    const params = opts.params ?? initParams(this.plan, settings.init, settings.seed)
    if (kernel) kernel.params.set(params)
    this.params = kernel ? kernel.params : params
    this.adam = new Adam(this.plan, settings.lr, settings.easeIn, opts.adam, opts.batchesPerEpoch ?? EASE_IN_BATCHES, kernel)
    this.engine = typeof opts.engine === 'function' ? opts.engine(this.plan) : (opts.engine ?? new LocalEngine(this.plan))
    this.grad = kernel ? kernel.grad : new Float64Array(this.plan.paramCount)
    this.delayGrads = this.plan.projections.map((p) => new Float64Array(p.delayMode === 'none' ? 0 : p.nPre * p.nPost))
    this.epochCounts = this.plan.populations.map((p) => new Float64Array(p.size))
    this.rewirer = this.plan.constrained ? new Rewirer(this.plan, settings.rewire ?? { regrow: 'rigl', every: 1 }, new Rng(deriveSeed(settings.seed, 0x5e1f))) : null
  }

  /** Start of epoch `epoch` (from 0): sets the rates' schedule factor. Depends on the epoch only, so a resumed run gets the same rates. */
  startEpoch(epoch: number): void {
    this.adam.scale = Math.pow(this.settings.lrDecay ?? 1, epoch)
    // rewiring draws from a stream per epoch, so a run resumed at an epoch boundary rewires as it would have
    this.rewirer?.startEpoch(new Rng(deriveSeed(this.settings.seed, 3000 + epoch)))
  }

  /** Removed, regrown and clipped synapses since the epoch began. */
  rewireCounts(): RewireCounts | null {
    return this.rewirer ? { ...this.rewirer.counts } : null
  }

  /** Every constrained projection's synapse count and disconnected neurons. */
  connectivity(): ConnectivityState[] {
    return this.plan.projections.flatMap((prj, x) => (prj.dale || prj.density < 1 ? [{
      projection: x, pre: prj.pre, post: prj.post, dale: prj.dale, density: prj.density,
      present: presentCount(this.params, prj), budget: budget(prj), disconnected: prj.density < 1 ? disconnected(this.params, prj) : []
    }] : []))
  }

  /** With a device optimiser: the host's params/Adam state are behind the device's, or the device's behind the host's. */
  private hostStale = false
  private deviceStale = true

  async trainBatch(samples: SpikeSample[]): Promise<BatchResult> {
    const { plan, grad, delayGrads, settings } = this
    const reg = settings.reg.k > 0 ? settings.reg : undefined
    // constrained projections are rewired on the host, between the engine's gradients and Adam
    const opt = plan.constrained ? undefined : this.engine.optimizer
    if (opt) {
      if (this.deviceStale) opt.load(this.params, this.adam.state)
      this.deviceStale = false
      const rates = { weight: this.adam.rate('weight'), delay: this.adam.rate('delay'), position: this.adam.rate('position') }
      const t = this.adam.state.step + 1
      const { summary, counts } = await opt.step(samples, reg, { rates, t, cost: settings.cost })
      this.adam.state.step = t
      this.hostStale = true
      counts.forEach((c, p) => c.forEach((n, j) => (this.epochCounts[p]![j]! += n)))
      return summary
    }
    const dense = this.rewirer?.wantsDense() ?? false
    const { summary, counts } = await this.engine.gradients(this.params, samples, reg, grad, delayGrads, { denseGrads: dense })
    counts.forEach((c, p) => c.forEach((n, j) => (this.epochCounts[p]![j]! += n)))
    addConnectionCost(plan, this.params, grad, delayGrads, settings.cost)
    applyDelayGradients(plan, this.params, grad, delayGrads)
    this.rewirer?.beforeStep(this.params, grad, dense)
    this.adam.update(this.params, grad)
    this.rewirer?.afterStep(this.params, this.adam.state)
    return summary
  }

  /** Brings `params` and the Adam state up to date where the optimiser steps on a device. */
  async sync(): Promise<void> {
    if (!this.hostStale) return
    await this.engine.optimizer!.save(this.params, this.adam.state)
    this.hostStale = false
  }

  /** Loss and accuracy on `samples` at these parameters (default: the current ones). */
  async evaluate(samples: SpikeSample[], params?: Float64Array): Promise<BatchResult> {
    await this.sync()
    // the engine loads what it evaluates: other parameters replace the device's copy
    if (params && params !== this.params) this.deviceStale = true
    return this.engine.evaluate(params ?? this.params, samples)
  }

  /** Runs one sample on this thread and returns its full forward result (for rasters). */
  inspect(sample: SpikeSample): ForwardResult {
    const net = new CpuNetwork(this.plan)
    net.setParams(this.params)
    return net.forward(sample, { recordOutput: true })
  }

  /**
   * End of epoch: brings the host's parameters up to date, counts the hidden neurons that stayed
   * silent and (silentBoost > 0) boosts their incoming weights, resets the counts.
   */
  async endEpoch(): Promise<number> {
    await this.sync()
    let silent = 0
    const { plan } = this
    plan.populations.forEach((pop, p) => {
      if (pop.kind !== 'lif' || p === plan.outputPop) return
      const counts = this.epochCounts[p]!
      for (let j = 0; j < pop.size; j++) {
        if (counts[j]! > 0) continue
        silent++
        if (this.settings.silentBoost <= 0) continue
        this.deviceStale = true
        for (const prj of plan.projections) {
          if (prj.post !== p || prj.pre === p) continue
          for (let i = 0; i < prj.nPre; i++) {
            const at = prj.wOffset + i * prj.nPost + j
            // absent synapses stay absent; an inhibitory neuron's weights cannot grow positive
            if ((prj.density < 1 && this.params[at] === 0) || (prj.dale && this.params[prj.signOffset + i]! < 0)) continue
            this.params[at]! += this.settings.silentBoost
          }
        }
      }
    })
    this.epochCounts = this.plan.populations.map((p) => new Float64Array(p.size))
    return silent
  }

  close(): Promise<void> {
    return this.engine.close()
  }
}
