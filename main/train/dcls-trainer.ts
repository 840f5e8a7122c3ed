/**
 * The DCLS method's training loop core (research/algorithms.md §D.1–D.2, D-add.1): batches through
 * the DCLS network (main/snn/dcls), Adam (β 0.9/0.999, ε 1e-8, L2 weight decay on weights and batch
 * norm) with the recipe's schedules — weights OneCycle (PyTorch's defaults: from max/25 up to 5 ×
 * lr.weight over the first 30 % of all steps, cosine, then down to max/25/1e4), positions
 * cosine-annealed over the epochs from lr.delay — positions clamped to ±K//2 after each step, and σ
 * decayed per epoch towards its final value. Evaluation uses integer delays and batch norm's running
 * statistics. Each epoch draws dropout from its own stream, so a run resumed at an epoch boundary
 * trains as one that went on. No I/O.
 */
import type { SpikeSample } from '../snn/cpu/network'
import { evalDelay, sigmaAt } from '../snn/dcls/kernel'
import { type DclsOptions, type DclsPlan, clampPositions, compileDcls, initDcls } from '../snn/dcls/model'
import { DclsNetwork, binSample } from '../snn/dcls/network'
import type { NetworkSpec } from '../snn/model'
import { Rng, deriveSeed } from '../util/rng'
import type { AdamState } from './adam'
import type { BatchSummary } from './slice'

export interface DclsSettings {
  network: NetworkSpec
  dcls: DclsOptions & { weightDecay: number; schedule: 'paper' | 'constant' }
  seed: number
  epochs: number
  lr: { weight: number; delay: number }
}

export class DclsTrainer {
  readonly plan: DclsPlan
  readonly params: Float64Array
  readonly adam: AdamState
  readonly net: DclsNetwork
  private rng: Rng
  private epoch = 0
  private sig: number

  constructor(readonly settings: DclsSettings, private readonly batchesPerEpoch: number, opts: { params?: Float64Array; adam?: AdamState; float64?: boolean } = {}) {
    this.plan = compileDcls(settings.network, settings.dcls)
    this.params = opts.params ?? initDcls(this.plan, settings.seed)
    if (this.params.length !== this.plan.paramCount) throw new Error(`DCLS: expected ${this.plan.paramCount} parameters, got ${this.params.length}`)
    this.adam = opts.adam ?? { step: 0, m: new Float64Array(this.plan.paramCount), v: new Float64Array(this.plan.paramCount) }
    this.net = new DclsNetwork(this.plan, opts.float64 ? Float64Array : Float32Array)
    this.rng = new Rng(deriveSeed(settings.seed, 4000))
    this.sig = this.sigma(0)
  }

  /** σ's SIG in epoch `epoch` (from 0). */
  sigma(epoch: number): number {
    const o = this.settings.dcls
    return sigmaAt(epoch, this.settings.epochs, this.plan.K, o.sigmaFinal, o.sigmaEpochs)
  }

  startEpoch(epoch: number): void {
    this.epoch = epoch
    this.sig = this.sigma(epoch)
    this.rng = new Rng(deriveSeed(this.settings.seed, 4000 + epoch))
  }

  /** Rates at the current step: [weights and batch norm, positions]. */
  rates(): { weight: number; position: number } {
    const { lr, dcls, epochs } = this.settings
    if (dcls.schedule === 'constant') return { weight: lr.weight, position: lr.delay }
    const total = Math.max(1, epochs * this.batchesPerEpoch), step = this.adam.step
    const max = 5 * lr.weight, initial = max / 25, min = initial / 1e4
    const up = 0.3 * total - 1
    const cos = (from: number, to: number, pct: number): number => to + ((from - to) / 2) * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, pct))))
    const weight = step <= up ? cos(initial, max, up > 0 ? step / up : 1) : cos(max, min, (step - up) / Math.max(1, total - 1 - up))
    const position = (lr.delay * (1 + Math.cos((Math.PI * this.epoch) / Math.max(1, epochs)))) / 2
    return { weight, position }
  }

  async trainBatch(samples: SpikeSample[]): Promise<BatchSummary> {
    const { plan, params, adam } = this
    const batch = samples.map((s) => binSample(plan, s))
    const f = this.net.forward(params, batch, { train: true, sig: this.sig, rng: this.rng })
    const grad = new Float64Array(plan.paramCount)
    this.net.backward(grad, f.logits)
    const { weight, position } = this.rates()
    const b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = this.settings.dcls.weightDecay
    const t = adam.step + 1
    const c1 = 1 / (1 - Math.pow(b1, t)), c2 = 1 / (1 - Math.pow(b2, t))
    for (const g of plan.groups) {
      if (g.kind === 'stat') continue
      const lr = g.kind === 'position' ? position : weight
      const decay = g.kind === 'position' ? 0 : wd
      for (let k = g.offset; k < g.offset + g.length; k++) {
        const gk = grad[k]! + decay * params[k]!
        adam.m[k] = b1 * adam.m[k]! + (1 - b1) * gk
        adam.v[k] = b2 * adam.v[k]! + (1 - b2) * gk * gk
        params[k]! -= (lr * adam.m[k]! * c1) / (Math.sqrt(adam.v[k]! * c2) + eps)
      }
    }
    adam.step = t
    clampPositions(plan, params)
    return { loss: f.loss, correct: f.correct, count: samples.length, hiddenSpikes: f.hiddenSpikes }
  }

  /** Loss and accuracy with integer delays and running statistics (batch norm in evaluation mode). */
  async evaluate(samples: SpikeSample[], params: Float64Array = this.params): Promise<BatchSummary> {
    const total: BatchSummary = { loss: 0, correct: 0, count: 0, hiddenSpikes: 0 }
    // chunks bound the activations kept
    for (let s = 0; s < samples.length; s += 64) {
      const chunk = samples.slice(s, s + 64)
      const f = this.net.forward(params.slice(), chunk.map((x) => binSample(this.plan, x)), { train: false, sig: 0 })
      total.loss += f.loss
      total.correct += f.correct
      total.count += chunk.length
      total.hiddenSpikes += f.hiddenSpikes
    }
    return total
  }

  /** Delays (ms) of every synapse at evaluation, for the delay histogram. */
  delaysMs(): Float64Array {
    const { plan, params } = this
    const out: number[] = []
    for (const L of plan.layers) for (let k = 0; k < L.nIn * L.nOut; k++) out.push(evalDelay(params[L.p + k]!, plan.K) * plan.spec.dt)
    return Float64Array.from(out)
  }
}
