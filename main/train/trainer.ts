/**
 * The training loop's pure core: one batch = forward every sample, sum spike counts for the
 * regulariser, EventProp backward every sample, add the connection cost, carry delay gradients
 * onto delays or positions, and take an Adam step. No I/O: the training job feeds samples and
 * stores what comes out.
 */
import { CpuNetwork, type ForwardResult, type SpikeSample } from '../snn/cpu/network'
import { type ConnectionCost, addConnectionCost, applyDelayGradients } from '../snn/gradients'
import { type InitSpec, initParams } from '../snn/init'
import { type NetworkSpec, type Plan, compile } from '../snn/model'
import { Adam, type AdamState, type LearningRates } from './adam'

export interface TrainSettings {
  network: NetworkSpec
  init: InitSpec
  seed: number
  batchSize: number
  epochs: number
  lr: LearningRates
  easeIn: boolean
  /** Spike-count regulariser of hidden neurons (§B.6); k = 0 turns it off. */
  reg: { k: number; nu: number }
  cost: ConnectionCost
  /** After each epoch, hidden neurons that never spiked get +boost on their incoming weights (§B.6). */
  silentBoost: number
}

export interface BatchResult {
  loss: number
  correct: number
  count: number
  hiddenSpikes: number
}

export class Trainer {
  readonly plan: Plan
  readonly params: Float64Array
  readonly adam: Adam
  private readonly net: CpuNetwork
  private readonly grad: Float64Array
  /** Spikes per hidden neuron over the current epoch (for the silent-neuron boost). */
  private epochCounts: Float64Array[]

  constructor(readonly settings: TrainSettings, params?: Float64Array, adamState?: AdamState) {
    this.plan = compile(settings.network)
    this.params = params ?? initParams(this.plan, settings.init, settings.seed)
    this.adam = new Adam(this.plan, settings.lr, settings.easeIn, adamState)
    this.net = new CpuNetwork(this.plan)
    this.grad = new Float64Array(this.plan.paramCount)
    this.epochCounts = this.plan.populations.map((p) => new Float64Array(p.size))
  }

  trainBatch(samples: SpikeSample[]): BatchResult {
    const { plan, net, grad, settings } = this
    net.setParams(this.params)
    const fwds = samples.map((s) => net.forward(s))
    const batchCounts = plan.populations.map((p) => new Float64Array(p.size))
    for (const f of fwds) f.counts.forEach((c, p) => c.forEach((n, j) => (batchCounts[p]![j]! += n)))
    batchCounts.forEach((c, p) => c.forEach((n, j) => (this.epochCounts[p]![j]! += n)))
    grad.fill(0)
    net.clearDelayGrads()
    const B = samples.length
    const reg = settings.reg.k > 0 ? { k: settings.reg.k, nu: settings.reg.nu, batch: B, counts: batchCounts } : undefined
    for (const f of fwds) net.backward(f, grad, { scale: 1 / B, ...(reg ? { reg } : {}) })
    addConnectionCost(plan, this.params, grad, net.delayGrads, settings.cost)
    applyDelayGradients(plan, this.params, grad, net.delayGrads)
    this.adam.update(this.params, grad)
    return summarise(fwds, plan)
  }

  evaluate(samples: SpikeSample[]): BatchResult {
    this.net.setParams(this.params)
    return summarise(samples.map((s) => this.net.forward(s)), this.plan)
  }

  /** Runs one sample and returns its full forward result (for rasters). */
  inspect(sample: SpikeSample): ForwardResult {
    this.net.setParams(this.params)
    return this.net.forward(sample, { recordOutput: true })
  }

  /** End of epoch: boost the inputs of hidden neurons that stayed silent, then reset the counts. */
  endEpoch(): number {
    let silent = 0
    if (this.settings.silentBoost > 0) {
      for (const prj of this.plan.projections) {
        const post = this.plan.populations[prj.post]!
        if (post.kind !== 'lif' || prj.pre === prj.post) continue
        const counts = this.epochCounts[prj.post]!
        for (let j = 0; j < prj.nPost; j++) {
          if (counts[j]! > 0) continue
          silent++
          for (let i = 0; i < prj.nPre; i++) this.params[prj.wOffset + i * prj.nPost + j]! += this.settings.silentBoost
        }
      }
    }
    this.epochCounts = this.plan.populations.map((p) => new Float64Array(p.size))
    return silent
  }
}

function summarise(fwds: ForwardResult[], plan: Plan): BatchResult {
  let loss = 0, correct = 0, hiddenSpikes = 0
  for (const f of fwds) {
    loss += f.loss
    if (f.prediction === f.label) correct++
    for (let p = 1; p < plan.populations.length - 1; p++) hiddenSpikes += f.tapes[p]!.length
  }
  return { loss, correct, count: fwds.length, hiddenSpikes }
}
