/**
 * The descriptor and scratch of the WebAssembly kernels' whole-sample passes
 * (kernels/wasm/eventprop.ts: forwardPass, the steps of a forward pass; backwardPass, a whole
 * backward pass): one f64 slot per field, addresses as byte offsets in the kernels' memory. Laid
 * out once per network; per sample only the tapes, the loss's gradient and a few numbers are
 * written. CpuNetwork's own step loops are the reference the passes are held to, bit for bit
 * (wasm-kernels.test.ts), and the path for every network they do not cover.
 */
import type { Plan } from '../model'
import type { Kernels, Offsets } from './kernels'
import type { SpikeTape } from './network'
import { ALIGN } from './wasm-kernels'

/** The header's slots, then POP_SLOTS per population and PRJ_SLOTS per projection (the kernel reads the same offsets). */
const HEADER = 24
const POP_SLOTS = 28
const PRJ_SLOTS = 11
/** The slots written per call (the rest are laid out once, in the constructor's order). */
const SCALE = 5
const CIN_STRIDE = 15
const POP = { hist: 8, tapeSteps: 10, tapeNeurons: 11, flatTrace: 9, length: 15, reg: 16, cin: 22 } as const
const PRJ = { postHist: 2, weights: 4, bySynapse: 8 } as const
/** Most spikes per population a sample's tape copy holds by default; longer tapes go through the reference loops. */
export const MAX_TAPE = 1 << 16

/** The network buffers the passes read and write (CpuNetwork's own, all from the kernels). */
export interface PassBuffers {
  rings: Float64Array[]
  v: Float64Array[]
  syn: Float64Array[]
  /** Per population, the input currents of the input projection into it (by synapse), and whether they are by step ([step][post]: no delays). */
  cin: ({ cin: Float64Array; flat: boolean } | null)[]
  lv: Float64Array[]
  li: Float64Array[]
  hist: Float64Array[]
  offsets: Offsets[]
  arrivals: Float64Array[]
  touched: Int32Array[]
  drive: Float64Array
  spikeList: Int32Array
  revs: Float64Array
  /** Per population, the regulariser's term of each neuron's jump this batch (CpuNetwork's). */
  regTerms: Float64Array[]
}

/** Whether the passes cover this plan: every projection dense, no first-spike readout. */
export function passCovers(plan: Plan): boolean {
  return plan.spec.readout !== 'first-spike' && plan.projections.every((p) => p.density >= 1)
}

/** Bytes the passes' layout takes from the kernels (with room for their alignment). */
export function passBytes(plan: Plan, maxTape = MAX_TAPE): number {
  const { steps } = plan.spec
  let b = (HEADER + POP_SLOTS * plan.populations.length + PRJ_SLOTS * plan.projections.length) * 8
  for (const p of plan.populations) b += p.kind === 'input' ? tapeRoom(plan, p.size, maxTape) * 8 : tapeRoom(plan, p.size, maxTape) * 48
  b += steps * 8 + plan.populations[plan.outputPop]!.size * 20
  return b + ALIGN * (7 * plan.populations.length + 5)
}

function tapeRoom(plan: Plan, size: number, maxTape: number): number {
  return Math.min(maxTape, plan.spec.steps * size)
}

interface TapeCopy {
  steps: Int32Array
  neurons: Int32Array
  /** Backward: the tape's entries. */
  iMinusV: Float64Array
  toV: Float64Array
  toI: Float64Array
  /** Forward: each spike's step-start current and crossing fraction. */
  iStart: Float64Array
  frac: Float64Array
}

export class PassLayout {
  private readonly d: Float64Array
  private readonly tapes: TapeCopy[]
  private readonly regTerms: Float64Array[]
  private readonly cin: PassBuffers['cin']
  private readonly dLdr: Float64Array
  private readonly argmax: Int32Array
  /** The forward pass's readout. */
  private readonly readout: Float64Array

  constructor(private readonly plan: Plan, private readonly kernels: Kernels, b: PassBuffers, readoutW: Float64Array, minIMinusV: number, maxTape = MAX_TAPE) {
    const pops = plan.populations, prjs = plan.projections
    const d = (this.d = kernels.f64(HEADER + POP_SLOTS * pops.length + PRJ_SLOTS * prjs.length))
    const out = plan.outputPop, nOut = pops[out]!.size
    this.dLdr = kernels.f64(nOut)
    this.argmax = kernels.i32(nOut)
    this.readout = kernels.f64(nOut)
    const w = kernels.f64(plan.spec.steps)
    w.set(readoutW)
    // (the loss scale and the input currents' quad stride are written per call)
    d.set([plan.spec.steps, pops.length, out, nOut, plan.spec.readout === 'max' ? 1 : 0, 0, plan.spec.dt, this.dLdr.byteOffset, w.byteOffset, this.argmax.byteOffset,
      b.drive.byteOffset, b.spikeList.byteOffset, b.revs.byteOffset, prjs.length, minIMinusV, 0, this.readout.byteOffset])
    // (the inputs' tape copy: steps and channels, for the projections that go spike by spike)
    this.tapes = pops.map((p) => {
      const n = tapeRoom(plan, p.size, maxTape), f = p.kind === 'input' ? 0 : n
      const f64 = (): Float64Array => kernels.f64(f)
      return { steps: kernels.i32(n), neurons: kernels.i32(n), iMinusV: f64(), toV: f64(), toI: f64(), iStart: f64(), frac: f64() }
    })
    d[this.pop(0) + POP.tapeSteps] = this.tapes[0]!.steps.byteOffset
    d[this.pop(0) + POP.tapeNeurons] = this.tapes[0]!.neurons.byteOffset
    this.regTerms = b.regTerms
    this.cin = b.cin
    pops.forEach((pop, p) => {
      if (p === 0) return
      const t = this.tapes[p]!, r = this.pop(p)
      const a = (pop.tauM / (pop.tauM - pop.tauS)) * (pop.alpha - pop.beta)
      const cin = b.cin[p]
      d.set([pop.size, pop.alpha, pop.beta, a, pop.threshold, pop.kind === 'lif' ? 1 : 0, b.lv[p]!.byteOffset, b.li[p]!.byteOffset, b.hist[p]!.byteOffset, 0,
        t.steps.byteOffset, t.neurons.byteOffset, t.iMinusV.byteOffset, t.toV.byteOffset, t.toI.byteOffset, 0, 0, 0,
        b.rings[p]!.byteOffset, b.v[p]!.byteOffset, b.syn[p]!.byteOffset, (1 - pop.alpha) * pop.iScale, cin ? cin.cin.byteOffset : 0, cin?.flat ? 1 : 0,
        t.iStart.byteOffset, t.frac.byteOffset, t.steps.length], r)
    })
    prjs.forEach((prj, x) => {
      const r = this.prj(x)
      d.set([prj.pre, prj.nPost, b.hist[prj.post]!.byteOffset, b.offsets[x]!.byteOffset, 0, b.arrivals[x]!.byteOffset, b.touched[x]!.byteOffset, prj.delayMode === 'none' ? 1 : 0, 0, b.rings[prj.post]!.byteOffset, b.offsets[x]!.BYTES_PER_ELEMENT], r)
    })
  }

  /** Population p's adjoint history is H from now on (its record's, and every projection's into p). */
  setHist(p: number, H: Float64Array): void {
    this.d[this.pop(p) + POP.hist] = H.byteOffset
    this.plan.projections.forEach((prj, x) => {
      if (prj.post === p) this.d[this.prj(x) + PRJ.postHist] = H.byteOffset
    })
  }

  /** Whether this batch has a regulariser: its terms (CpuNetwork's regTerms) then enter every jump but the output's. */
  setReg(on: boolean): void {
    for (let p = 1; p < this.plan.populations.length; p++) this.d[this.pop(p) + POP.reg] = on && p !== this.plan.outputPop ? this.regTerms[p]!.byteOffset : 0
  }

  /**
   * One sample's forward steps (the state cleared, the input currents of the projections that run
   * synapse by synapse, `bySynapse`, made: with delays, this sample's from element `cinAt` of a quad
   * of post neurons' rows, four a step, quads `cinStride` apart), with the weights at `params` (the kernels' copy): the
   * input tape's spikes through the other projections from the inputs, spike by spike; each
   * population's spikes into its tape copy (`spikes`, in step order: the caller makes their
   * entries' exponentials); the readout into `readout` (and `argmax`, readout 'max'), which hold
   * their starting values. False when a tape copy ran out of room: the state may then be part way
   * through, and the caller starts again.
   */
  forward(params: Float64Array, inputs: SpikeTape, bySynapse: (x: number) => boolean, readout: Float64Array, argmax: Int32Array, cinAt: number, cinStride: number): boolean {
    if (!this.loadInputs(inputs, bySynapse)) return false
    this.weights(params)
    const d = this.d
    this.cin.forEach((c, p) => {
      if (c && !c.flat) d[this.pop(p) + POP.cin] = c.cin.byteOffset + 8 * cinAt
    })
    d[CIN_STRIDE] = cinStride
    this.readout.set(readout)
    this.argmax.set(argmax)
    if (!this.kernels.forwardPass!(this.d)) return false
    readout.set(this.readout)
    argmax.set(this.argmax)
    return true
  }

  /** Bytes of the layout's own buffers (descriptor, tape copies, readout scratch). */
  bytes(): number {
    let b = this.d.byteLength + this.dLdr.byteLength + this.argmax.byteLength + this.readout.byteLength + this.plan.spec.steps * 8
    for (const t of this.tapes) for (const a of [t.steps, t.neurons, t.iMinusV, t.toV, t.toI, t.iStart, t.frac]) b += a.byteLength
    return b
  }

  /** Population p's spikes of the last forward pass, in its tape copy. */
  spikes(p: number): { steps: Int32Array; neurons: Int32Array; iStart: Float64Array; frac: Float64Array; length: number } {
    const t = this.tapes[p]!
    return { steps: t.steps, neurons: t.neurons, iStart: t.iStart, frac: t.frac, length: this.d[this.pop(p) + POP.length]! }
  }

  /**
   * Which projections run synapse by synapse (the passes skip them), and the input tape's copy
   * where another projection from the inputs goes spike by spike; false when the tape does not fit.
   */
  private loadInputs(tape: SpikeTape, bySynapse: (x: number) => boolean): boolean {
    const { plan, d } = this, to = this.tapes[0]!
    let spikeBySpike = false
    plan.projections.forEach((prj, x) => {
      const skip = bySynapse(x)
      d[this.prj(x) + PRJ.bySynapse] = skip ? 1 : 0
      if (prj.pre === 0 && !skip) spikeBySpike = true
    })
    const n = spikeBySpike ? tape.length : 0
    if (n > to.steps.length) return false
    to.steps.set(tape.steps.subarray(0, n))
    to.neurons.set(tape.neurons.subarray(0, n))
    d[this.pop(0) + POP.length] = n
    return true
  }

  private weights(params: Float64Array): void {
    this.plan.projections.forEach((prj, x) => (this.d[this.prj(x) + PRJ.weights] = params.byteOffset + prj.wOffset * 8))
  }

  /** The first slot of population p's record, and of projection x's. */
  private pop(p: number): number {
    return HEADER + POP_SLOTS * p
  }

  private prj(x: number): number {
    return HEADER + POP_SLOTS * this.plan.populations.length + PRJ_SLOTS * x
  }

  /**
   * One sample's backward pass: its tapes (input spikes gather through the projections from the
   * inputs that do not run synapse by synapse, `bySynapse`), the loss's gradient, the weights'
   * address (`params`, the kernels' copy) and, for input projections without delays that run
   * synapse by synapse, where their traces go (`flatTraces` per population, byte offsets or 0).
   * False, without running, when a tape does not fit.
   */
  backward(tapes: SpikeTape[], bySynapse: (x: number) => boolean, dLdr: Float64Array, argmax: Int32Array, scale: number, params: Float64Array, flatTraces: number[]): boolean {
    const d = this.d
    for (let p = 1; p < tapes.length; p++) if (tapes[p]!.length > this.tapes[p]!.steps.length) return false
    if (!this.loadInputs(tapes[0]!, bySynapse)) return false
    for (let p = 1; p < tapes.length; p++) {
      const from = tapes[p]!, to = this.tapes[p]!, n = from.length, r = this.pop(p)
      to.steps.set(from.steps.subarray(0, n))
      to.neurons.set(from.neurons.subarray(0, n))
      to.iMinusV.set(from.iMinusV.subarray(0, n))
      to.toV.set(from.toV.subarray(0, n))
      to.toI.set(from.toI.subarray(0, n))
      d[r + POP.flatTrace] = flatTraces[p]!
      d[r + POP.length] = n
    }
    this.dLdr.set(dLdr)
    this.argmax.set(argmax)
    d[SCALE] = scale
    this.weights(params)
    this.kernels.backwardPass!(d)
    return true
  }
}
