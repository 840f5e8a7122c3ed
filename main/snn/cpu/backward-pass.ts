/**
 * The descriptor and scratch of the WebAssembly kernels' whole-sample backward pass
 * (kernels/wasm/eventprop.ts, backwardPass): one f64 slot per field, addresses as byte offsets in
 * the kernels' memory. Laid out once per network; per sample only the tapes, the loss's gradient
 * and a few numbers are written. CpuNetwork's own backward loop is the reference the pass is held
 * to, bit for bit (wasm-kernels.test.ts), and the path for every network this one does not cover.
 */
import type { Plan } from '../model'
import type { Kernels } from './kernels'
import type { SpikeTape } from './network'

/** The header's slots, then POP_SLOTS per population and PRJ_SLOTS per projection (the kernel reads the same offsets). */
const HEADER = 16
const POP_SLOTS = 20
const PRJ_SLOTS = 8
/** Most spikes per population a sample's tape copy holds; longer tapes go through the reference loop. */
const MAX_TAPE = 1 << 16

/** The network buffers the pass reads and writes (CpuNetwork's own, all from the kernels). */
export interface BackwardBuffers {
  lv: Float64Array[]
  li: Float64Array[]
  hist: Float64Array[]
  offsets: Int32Array[]
  arrivals: Float64Array[]
  touched: Int32Array[]
  drive: Float64Array
  spikeList: Int32Array
  revs: Float64Array
}

/** Whether the pass covers this plan: every projection from a LIF/LI population dense, no first-spike readout. */
export function passCovers(plan: Plan): boolean {
  return plan.spec.readout !== 'first-spike' && plan.projections.every((p) => p.pre === 0 || p.density >= 1)
}

/** Bytes backwardPass's layout takes from the kernels (with room for their alignment). */
export function passBytes(plan: Plan): number {
  const { steps } = plan.spec
  let b = (HEADER + POP_SLOTS * plan.populations.length + PRJ_SLOTS * plan.projections.length) * 8
  for (const p of plan.populations) if (p.kind !== 'input') b += tapeRoom(plan, p.size) * 32 + p.size * 8
  b += steps * 8 + plan.populations[plan.outputPop]!.size * 12
  return b + 16 * (8 * plan.populations.length + 4)
}

function tapeRoom(plan: Plan, size: number): number {
  return Math.min(MAX_TAPE, plan.spec.steps * size)
}

export class BackwardLayout {
  private readonly d: Float64Array
  private readonly tapes: { steps: Int32Array; neurons: Int32Array; iMinusV: Float64Array; toV: Float64Array; toI: Float64Array }[]
  /** Per population, the regulariser's term of each neuron's jump (this batch's). */
  private readonly reg: Float64Array[]
  private readonly dLdr: Float64Array
  private readonly argmax: Int32Array

  constructor(private readonly plan: Plan, private readonly kernels: Kernels, b: BackwardBuffers, readoutW: Float64Array, minIMinusV: number) {
    const pops = plan.populations, prjs = plan.projections
    const d = (this.d = kernels.f64(HEADER + POP_SLOTS * pops.length + PRJ_SLOTS * prjs.length))
    const out = plan.outputPop, nOut = pops[out]!.size
    this.dLdr = kernels.f64(nOut)
    this.argmax = kernels.i32(nOut)
    const w = kernels.f64(plan.spec.steps)
    w.set(readoutW)
    d.set([plan.spec.steps, pops.length, out, nOut, plan.spec.readout === 'max' ? 1 : 0, 0, plan.spec.dt, this.dLdr.byteOffset, w.byteOffset, this.argmax.byteOffset, b.drive.byteOffset, b.spikeList.byteOffset, b.revs.byteOffset, prjs.length, minIMinusV, 0])
    this.tapes = pops.map((p) => {
      const n = p.kind === 'input' ? 0 : tapeRoom(plan, p.size)
      return { steps: kernels.i32(n), neurons: kernels.i32(n), iMinusV: kernels.f64(n), toV: kernels.f64(n), toI: kernels.f64(n) }
    })
    this.reg = pops.map((p) => kernels.f64(p.kind === 'input' ? 0 : p.size))
    pops.forEach((pop, p) => {
      if (p === 0) return
      const t = this.tapes[p]!, r = HEADER + POP_SLOTS * p
      const a = (pop.tauM / (pop.tauM - pop.tauS)) * (pop.alpha - pop.beta)
      d.set([pop.size, pop.alpha, pop.beta, a, pop.threshold, pop.kind === 'lif' ? 1 : 0, b.lv[p]!.byteOffset, b.li[p]!.byteOffset, b.hist[p]!.byteOffset, 0,
        t.steps.byteOffset, t.neurons.byteOffset, t.iMinusV.byteOffset, t.toV.byteOffset, t.toI.byteOffset, 0, 0], r)
    })
    prjs.forEach((prj, x) => {
      const r = HEADER + POP_SLOTS * pops.length + PRJ_SLOTS * x
      d.set([prj.pre, prj.nPost, b.hist[prj.post]!.byteOffset, b.offsets[x]!.byteOffset, 0, b.arrivals[x]!.byteOffset, b.touched[x]!.byteOffset, prj.delayMode === 'none' ? 1 : 0], r)
    })
  }

  /** This batch's regulariser (null: none): the term each neuron's jump subtracts, as CpuNetwork's jump makes it. */
  setReg(reg: { k: number; nu: number; batch: number; counts: Float64Array[] } | undefined): void {
    this.plan.populations.forEach((pop, p) => {
      if (p === 0) return
      const r = HEADER + POP_SLOTS * p + 16
      if (!reg || p === this.plan.outputPop) {
        this.d[r] = 0
        return
      }
      const term = this.reg[p]!, counts = reg.counts[p]!
      for (let i = 0; i < pop.size; i++) term[i] = (pop.tauM * reg.k * (counts[i]! - reg.nu * reg.batch)) / (reg.batch * reg.batch)
      this.d[r] = term.byteOffset
    })
  }

  /**
   * Runs one sample's pass: its tapes, the loss's gradient, the weights' address (`params`, the
   * kernels' copy) and, for input projections without delays, where their traces go (`flatTraces`
   * per population, byte offsets or 0). False, without running, when a tape does not fit.
   */
  run(tapes: SpikeTape[], dLdr: Float64Array, argmax: Int32Array, scale: number, params: Float64Array, flatTraces: number[]): boolean {
    const { plan, d } = this
    for (let p = 1; p < tapes.length; p++) if (tapes[p]!.length > this.tapes[p]!.steps.length) return false
    for (let p = 1; p < tapes.length; p++) {
      const from = tapes[p]!, to = this.tapes[p]!, n = from.length, r = HEADER + POP_SLOTS * p
      to.steps.set(from.steps.subarray(0, n))
      to.neurons.set(from.neurons.subarray(0, n))
      to.iMinusV.set(from.iMinusV.subarray(0, n))
      to.toV.set(from.toV.subarray(0, n))
      to.toI.set(from.toI.subarray(0, n))
      d[r + 9] = flatTraces[p]!
      d[r + 15] = n
    }
    this.dLdr.set(dLdr)
    this.argmax.set(argmax)
    d[5] = scale
    plan.projections.forEach((prj, x) => (d[HEADER + POP_SLOTS * plan.populations.length + PRJ_SLOTS * x + 4] = params.byteOffset + prj.wOffset * 8))
    this.kernels.backwardPass!(d)
    return true
  }
}
