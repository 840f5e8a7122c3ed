/**
 * What the Device view's Loihi 2 panel shows for a run: its quantisation and mapping, and, on a
 * split, float and emulated accuracy (overall and per class), spikes per layer, and the cost
 * estimate beside the measured Jetson rows. No I/O: samples come in, numbers go out.
 */
import type { LoihiQuantisation, LoihiReport } from '../../preload/api'
import { CpuNetwork, type SpikeSample } from '../snn/cpu/network'
import type { Plan } from '../snn/model'
import { type CostModel, DEFAULT_COST, JETSON_SHD, sampleCost } from './cost'
import { type EmulatedSample, LoihiEmulator } from './emulator'
import { mapNetwork } from './mapping'
import { type LoihiNetwork, type QuantiseOptions, quantise } from './quantise'

export function describeQuantisation(net: LoihiNetwork): Omit<LoihiQuantisation, 'runId' | 'epoch'> {
  return {
    layers: net.layers.map((l) => ({ name: l.name, size: l.size, kind: l.kind, du: l.lif.du, dv: l.lif.dv, vth: l.lif.vth, scaleExp: Math.log2(l.scale), iDecay: l.iDecay, vDecay: l.vDecay })),
    projections: net.projections.map((p) => ({ name: p.name, synapses: p.nPre * p.nPost, relativeRms: p.error.relativeRms, clipped: p.error.clipped, zeroed: p.error.zeroed, weightExp: p.weightExp, maxDelay: p.maxDelay, delaysClamped: p.error.delaysClamped })),
    notes: net.notes,
    mapping: mapNetwork(net)
  }
}

export function quantiseRun(plan: Plan, params: Float64Array, opts: QuantiseOptions): { net: LoihiNetwork; description: Omit<LoihiQuantisation, 'runId' | 'epoch'> } {
  const net = quantise(plan, params, opts)
  return { net, description: describeQuantisation(net) }
}

/** A share of the samples of a split, float and emulated (what a worker thread does). */
export function emulateShare(plan: Plan, params: Float64Array, net: LoihiNetwork, samples: SpikeSample[], onSample?: () => void): { float: { prediction: number; counts: number[] }[]; emulated: EmulatedSample[] } {
  const f = new CpuNetwork(plan)
  f.setParams(params)
  const emu = new LoihiEmulator(net)
  const float: { prediction: number; counts: number[] }[] = [], emulated: EmulatedSample[] = []
  for (const s of samples) {
    const a = f.forward(s)
    float.push({ prediction: a.prediction, counts: a.counts.map((c) => c.reduce((x, y) => x + y, 0)) })
    emulated.push(emu.run(s))
    onSample?.()
  }
  return { float, emulated }
}

export function summarise(net: LoihiNetwork, description: Omit<LoihiQuantisation, 'runId' | 'epoch'>, labels: number[], classNames: string[], float: { prediction: number; counts: number[] }[], emulated: EmulatedSample[], cost: CostModel = DEFAULT_COST, seconds = 0): Omit<LoihiReport, 'runId' | 'epoch' | 'split' | 'threads'> {
  const n = labels.length
  let fc = 0, ec = 0, agree = 0, clippedInputs = 0
  const per = classNames.map((name) => ({ name, samples: 0, float: 0, emulated: 0 }))
  labels.forEach((y, k) => {
    const a = float[k]!.prediction, b = emulated[k]!.prediction
    if (a === y) fc++
    if (b === y) ec++
    if (a === b) agree++
    const c = per[y]
    if (c) { c.samples++; if (a === y) c.float++; if (b === y) c.emulated++ }
    clippedInputs += emulated[k]!.clippedInputs
  })
  const names = ['input', ...net.layers.map((l) => l.name)]
  const spikes = names.map((layer, L) => ({
    layer,
    float: float.reduce((s, x) => s + x.counts[L]!, 0) / Math.max(1, n),
    emulated: emulated.reduce((s, x) => s + x.counts[L]!.reduce((p, q) => p + q, 0), 0) / Math.max(1, n)
  }))
  const c = sampleCost(emulated, description.mapping, net.layers.map((l) => l.size), cost)
  return {
    ...description, samples: n,
    accuracy: { float: fc / Math.max(1, n), emulated: ec / Math.max(1, n), agreement: agree / Math.max(1, n) },
    perClass: per.filter((x) => x.samples > 0).map((x) => ({ ...x, float: x.float / x.samples, emulated: x.emulated / x.samples })),
    spikes, clippedInputs, cost: c, costModel: cost, jetson: JETSON_SHD, samplesPerSecond: seconds > 0 ? n / seconds : 0
  }
}
