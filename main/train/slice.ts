/**
 * One share of a batch on one CPU network: forward its samples (keeping their tapes), then, once
 * the batch's spike counts are known (the regulariser needs the whole batch's), run their EventProp
 * backward passes into gradient buffers. The in-process engine runs one of these; the threaded
 * engine runs one per worker. No I/O.
 */
import { CIN_GROUP, CpuNetwork, type ForwardResult, type SpikeSample } from '../snn/cpu/network'
import type { Plan } from '../snn/model'

export interface BatchSummary {
  loss: number
  correct: number
  count: number
  hiddenSpikes: number
}

export interface RegSettings {
  k: number
  nu: number
}

export class SliceRunner {
  readonly net: CpuNetwork
  private fwds: ForwardResult[] = []
  /** Bytes the last forward pass kept for the backward pass: every sample's spike tapes, and the network's state and adjoint history. */
  keptBytes = 0

  constructor(readonly plan: Plan) {
    this.net = new CpuNetwork(plan)
  }

  /** Forward passes at `params`; returns their summary and spikes per neuron summed over the slice. */
  forward(params: Float64Array, samples: SpikeSample[], keep: boolean): { summary: BatchSummary; counts: Float64Array[] } {
    this.net.setParams(params)
    const counts = this.plan.populations.map((p) => new Float64Array(p.size))
    const add = (f: ForwardResult): void => {
      for (let p = 0; p < counts.length; p++) {
        const to = counts[p]!, from = f.counts[p]!
        for (let j = 0; j < to.length; j++) to[j]! += from[j]!
      }
    }
    if (!keep) {
      // a group of samples at a time (forwardAll's), their tapes reused by the next
      let summary: BatchSummary = { loss: 0, correct: 0, count: 0, hiddenSpikes: 0 }
      for (let k = 0; k < samples.length; k += CIN_GROUP) {
        const fs = this.net.forwardAll(samples.slice(k, k + CIN_GROUP))
        for (const f of fs) {
          add(f)
          summary = addSummaries(summary, summarise([f], this.plan))
        }
        this.net.recycle(fs)
      }
      return { summary, counts }
    }
    const fwds = this.net.forwardAll(samples)
    this.fwds = fwds
    this.keptBytes = this.net.stateBytes() + fwds.reduce((s, f) => s + f.tapes.reduce((t, x) => t + x.steps.byteLength + x.neurons.byteLength + x.iMinusV.byteLength + x.frac.byteLength + x.toV.byteLength + x.toI.byteLength, 0), 0)
    fwds.forEach(add)
    return { summary: summarise(fwds, this.plan), counts }
  }

  /**
   * EventProp backward of the kept forward passes; adds ∂L/∂w (scaled by 1/batch) into `grad` and
   * ∂L/∂d into `delayGrads` (cleared first, so the caller sums shares). `denseGrads`: also the
   * gradients of sparse projections' absent synapses (for RigL).
   */
  backward(grad: Float64Array, delayGrads: Float64Array[], batch: number, reg: RegSettings | undefined, batchCounts: Float64Array[], denseGrads = false): void {
    const net = this.net
    net.clearDelayGrads()
    const opts = { scale: 1 / batch, denseGrads, ...(reg && reg.k > 0 ? { reg: { k: reg.k, nu: reg.nu, batch, counts: batchCounts } } : {}) }
    net.backwardAll(this.fwds, grad, opts)
    net.delayGrads.forEach((g, x) => delayGrads[x]!.set(g))
    net.recycle(this.fwds)
    this.fwds = []
  }
}

export function summarise(fwds: ForwardResult[], plan: Plan): BatchSummary {
  let loss = 0, correct = 0, hiddenSpikes = 0
  for (const f of fwds) {
    loss += f.loss
    if (f.prediction === f.label) correct++
    for (let p = 1; p < plan.populations.length - 1; p++) hiddenSpikes += f.tapes[p]!.length
  }
  return { loss, correct, count: fwds.length, hiddenSpikes }
}

export function addSummaries(a: BatchSummary, b: BatchSummary): BatchSummary {
  return { loss: a.loss + b.loss, correct: a.correct + b.correct, count: a.count + b.count, hiddenSpikes: a.hiddenSpikes + b.hiddenSpikes }
}

/** Samples packed into four arrays, to cross a thread boundary as one transfer. */
export interface PackedSamples {
  times: Float64Array
  units: Int32Array
  offsets: Int32Array
  labels: Int32Array
}

export function packSamples(samples: SpikeSample[]): PackedSamples {
  const offsets = new Int32Array(samples.length + 1)
  samples.forEach((s, i) => (offsets[i + 1] = offsets[i]! + s.times.length))
  const total = offsets[samples.length]!
  const times = new Float64Array(total), units = new Int32Array(total)
  samples.forEach((s, i) => {
    times.set(s.times, offsets[i]!)
    units.set(s.units, offsets[i]!)
  })
  return { times, units, offsets, labels: Int32Array.from(samples, (s) => s.label) }
}

export function unpackSamples(p: PackedSamples): SpikeSample[] {
  return Array.from(p.labels, (label, i) => ({
    label, times: p.times.subarray(p.offsets[i]!, p.offsets[i + 1]!), units: p.units.subarray(p.offsets[i]!, p.offsets[i + 1]!)
  }))
}
