/**
 * The emulated Loihi 2 board: a quantised network (quantise.ts) run sample by sample in integers,
 * Lava's bit-accurate step order (lif.ts, dense.ts). Inputs enter as graded 8-bit counts per step
 * and channel (the papers' 1 ms count frames) at the emission step of our float engine
 * (emissionStep), so a spike of step n with delay d acts at step n + 1 + d in both. Between samples
 * every state is zeroed, the synapse buffers too (the chip mode of §5). The output layer's v is
 * read out as the float model reads V (readoutWeight), on the host. No I/O.
 */
import type { SpikeSample } from '../snn/cpu/network'
import { readoutWeight } from '../snn/loss'
import { emissionStep } from '../snn/model'
import { DelayLine } from './dense'
import { lifStep } from './lif'
import type { LoihiNetwork } from './quantise'

export interface EmulatedSample {
  prediction: number
  label: number
  readout: Float64Array
  /** Spikes per neuron of every layer (index 0: the inputs as counted events). */
  counts: Int32Array[]
  /** Synaptic operations into each layer per step ([layer][step]), and spikes of each layer per step. */
  sops: Float64Array[]
  spikes: Float64Array[]
  /** Input events whose count exceeded 127 in one step and channel (clipped to the 8-bit payload). */
  clippedInputs: number
  /** Output v per step [step][output], when asked for. */
  outputV?: Int32Array
}

export class LoihiEmulator {
  private readonly lines: DelayLine[]
  private readonly u: Int32Array[]
  private readonly v: Int32Array[]
  private readonly a: Float64Array[]

  constructor(readonly net: LoihiNetwork) {
    this.lines = net.projections.map((p) => new DelayLine(p.nPre, p.nPost, p.weights, p.delays, p.weightExp, Math.max(1, p.maxDelay)))
    this.u = net.layers.map((l) => new Int32Array(l.size))
    this.v = net.layers.map((l) => new Int32Array(l.size))
    this.a = net.layers.map((l) => new Float64Array(l.size))
  }

  run(sample: SpikeSample, opts: { record?: boolean } = {}): EmulatedSample {
    const { net } = this
    const { steps, dt } = net
    for (const x of [...this.u, ...this.v]) x.fill(0)
    for (const l of this.lines) l.reset()
    const layerOf = (population: number): number => population - 1
    const counts = [new Int32Array(net.inputs), ...net.layers.map((l) => new Int32Array(l.size))]
    const sops = net.layers.map(() => new Float64Array(steps))
    const spikes = net.layers.map(() => new Float64Array(steps))
    const out = net.outputLayer, nOut = net.layers[out]!.size
    const r = new Float64Array(nOut)
    const maxRead = net.readout === 'max'
    if (maxRead) r.fill(-Infinity)
    const firstSpike = net.readout === 'first-spike'
    const first = new Float64Array(firstSpike ? nOut : 0).fill(Infinity)
    const trace = opts.record ? new Int32Array(steps * nOut) : undefined

    // graded input: events per (emission step, channel), counted and clipped to 8 bits
    const byStep = new Map<number, Map<number, number>>()
    for (let k = 0; k < sample.times.length; k++) {
      const n = emissionStep(sample.times[k]!, dt), ch = sample.units[k]!
      if (ch >= net.inputs) throw new Error(`input spike on channel ${ch}, but the network has ${net.inputs} inputs`)
      if (n + 1 >= steps) continue
      const m = byStep.get(n) ?? new Map<number, number>()
      byStep.set(n, m)
      m.set(ch, (m.get(ch) ?? 0) + 1)
      counts[0]![ch]!++
    }
    let clippedInputs = 0
    const inputLines = net.projections.map((p, i) => [p, i] as const).filter(([p]) => p.pre === 0)
    const emitInputs = (n: number): void => {
      const m = byStep.get(n)
      if (!m) return
      const pre = [...m.keys()], payload = pre.map((c) => {
        const x = m.get(c)!
        if (x > 127) clippedInputs++
        return Math.min(127, x)
      })
      for (const [p, i] of inputLines) sops[layerOf(p.post)]![Math.max(0, n + 1)]! += this.lines[i]!.emit(n, pre, payload)
    }

    emitInputs(-1)
    const fired: number[] = []
    for (let n = 0; n < steps; n++) {
      for (let L = 0; L < net.layers.length; L++) {
        const layer = net.layers[L]!, a = this.a[L]!
        a.fill(0)
        net.projections.forEach((p, i) => { if (p.post === layer.population) this.lines[i]!.take(n, a) })
        fired.length = 0
        lifStep(this.u[L]!, this.v[L]!, a, layer.lif, fired)
        spikes[L]![n] = fired.length
        for (const j of fired) counts[L + 1]![j]!++
        if (L === out) {
          const V = this.v[L]!
          if (trace) trace.set(V, n * nOut)
          if (firstSpike) for (const j of fired) first[j] = Math.min(first[j]!, n)
          else if (maxRead) for (let k = 0; k < nOut; k++) r[k] = Math.max(r[k]!, V[k]!)
          else {
            const c = readoutWeight(net.readout, n, steps, dt)
            for (let k = 0; k < nOut; k++) r[k]! += c * V[k]!
          }
        }
        if (fired.length)
          net.projections.forEach((p, i) => {
            if (p.pre === layer.population && n + 1 < steps) sops[layerOf(p.post)]![n + 1]! += this.lines[i]!.emit(n, fired, null)
          })
      }
      emitInputs(n)
    }
    if (firstSpike) for (let k = 0; k < nOut; k++) r[k] = -first[k]!
    let prediction = 0
    for (let k = 1; k < nOut; k++) if (r[k]! > r[prediction]!) prediction = k
    return { prediction, label: sample.label, readout: r, counts, sops, spikes, clippedInputs, ...(trace ? { outputV: trace } : {}) }
  }
}
