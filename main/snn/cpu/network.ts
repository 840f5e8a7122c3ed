/**
 * The CPU reference backend: discrete-time simulation and the EventProp adjoint of one sample.
 *
 * Forward, per step n (research/algorithms.md §A.3): arrivals due at step n enter the synaptic
 * current I; V ← αV + (1−α)·iScale·I; I ← βI; a LIF neuron with V ≥ ϑ spikes (its spike time is
 * the end of step n), records I − V, and resets to 0. A spike of step n with delay D steps arrives
 * at the start of step n + 1 + D. An input spike at time t is emitted in step ceil(t/dt) − 1
 * (emissionStep in model.ts, which gives the reasoning).
 *
 * Backward, per step n from the last (§B.3, in the true scale: λ_V's source is −∂L/∂V):
 *   1. the output's loss drive s = −∂L/∂V_out(n)/dt is held constant over step n (impulses
 *      instead would make λ_V − λ_I sawtooth by dt/τm, as large as the differences that delay
 *      and spike-timing gradients are made of);
 *   2. λ is integrated exactly back over the step:
 *      λ_I ← s + β(λ_I − s) + τm/(τm−τs)·(α−β)·(λ_V − s),  λ_V ← s + α(λ_V − s);
 *   3. every spike of step n reads the post-synaptic adjoints at its arrival step from a history
 *      ring, accumulates ∂L/∂w = −τs·λ_I and ∂L/∂d = −w·(λ_I − λ_V) there, and a LIF spike applies
 *      the jump λ_V += (ϑ·λ_V + Σ w·(λ_V − λ_I)_post) / (I − V) (mlGeNN's order: decay, then jump);
 *   4. the history ring keeps λ at the start of step n.
 * The result is the EventProp gradient of the continuous-time network whose spikes the
 * simulation found; it converges to finite differences of the simulation as dt → 0.
 *
 * First-spike readout: LIF outputs; an output's first spike time is interpolated linearly within
 * its step (so the loss is continuous in the parameters), and its jump adds ∂L/∂t_k to the
 * numerator: λ_V += (ϑ·λ_V + Σ w·(λ_V − λ_I) + ∂L/∂t_k) / (I − V). The phantom term of a silent
 * correct output is a loss drive on its last step, like the max readout's drive at its arg-max.
 */
import { crossEntropy, firstSpikeLoss, readoutWeight } from '../loss'
import { DEFAULT_FIRST_SPIKE, type Plan, delaySteps, emissionStep, projectionDelays } from '../model'
import { PassLayout, passBytes, passCovers } from './passes'
import { BLOCK_POSTS, type Kernels, type Offsets, type Row, type StepOut, offsetsFit, quadPosts, tsKernels } from './kernels'
import { ALIGN, wasmAvailable, wasmKernels } from './wasm-kernels'

export interface SpikeSample {
  times: Float32Array | Float64Array
  units: Uint16Array | Uint32Array | Int32Array
  label: number
}

/** Spikes of one population in one sample, in the order they happened. */
export interface SpikeTape {
  steps: Int32Array
  neurons: Int32Array
  /** I − V at the threshold crossing (LIF only). */
  iMinusV: Float64Array
  /** Where in its step the crossing lies, in (0, 1] (LIF only; 1 for inputs). */
  frac: Float64Array
  /**
   * The jump's factors (pushSpike, LIF only): α^frac into λ_V and τm/(τm−τs)·(α^frac − β^frac) into
   * λ_I. The forward pass has β^frac at hand already, so the backward pass takes no exponential.
   */
  toV: Float64Array
  toI: Float64Array
  length: number
}

export interface ForwardResult {
  loss: number
  prediction: number
  label: number
  readout: Float64Array
  /** ∂L/∂readout */
  dLdr: Float64Array
  /** Step of the maximum, per output (readout 'max'). */
  argmax: Int32Array
  /** First-spike readout: first spike time per output (ms; NaN if silent), its tape index, ∂L/∂t. */
  firstSpike?: { times: Float64Array; index: Int32Array; dLdt: Float64Array; dLdVEnd: Float64Array }
  /** Per population (index 0 = inputs, emission steps). */
  tapes: SpikeTape[]
  /** For each input tape entry, the index of its spike in the sample (spikes after the end are not on the tape). */
  inputIndex: Int32Array
  /** Spikes per neuron, per population. */
  counts: Int32Array[]
  /** Output voltages [step][output], when asked for. */
  outputVoltage?: Float32Array
}

export interface BackwardOptions {
  /** Multiplies the loss gradient (1/B for a batch mean). */
  scale: number
  /** Spike-count regulariser (§B.6): per LIF population, batch-summed counts per neuron. */
  reg?: { k: number; nu: number; batch: number; counts: Float64Array[] }
  /**
   * ∂L/∂t of every input spike (indexed as the sample's spikes), added here: moving a spike moves
   * all its arrivals, so it is the sum of its synapses' delay gradients, Σ w·(λ_V − λ_I) at arrival.
   */
  inputGrads?: Float64Array
  /**
   * ∂L/∂a of every input spike's amplitude a (1 as given): Σ w·(−τs·λ_I) at its arrivals, the
   * first-order change of the loss when the spike is removed is −this (attacks that delete spikes).
   */
  inputPresence?: Float64Array
  /** λ_I at the start of every step, per population ([population][step·size + neuron]; attacks that insert spikes). */
  adjointTrace?: Float64Array[]
  /**
   * Sparse projections: also ∂L/∂w of the absent synapses (weight 0), which RigL ranks; without it
   * the backward pass visits present synapses only, as the forward pass does.
   */
  denseGrads?: boolean
}

/** Smallest I − V used in a jump; a spike that barely grazed threshold would otherwise divide by ~0. */
export const MIN_I_MINUS_V = 1e-3

/**
 * A spike's entry on its tape. I − V at the threshold crossing is the jump's denominator
 * (τm·dV/dt there): the crossing lies a fraction `frac` into the step (linear between the voltages
 * at its ends), where the current has decayed from its step-start value by β^frac =
 * exp(−frac·dt/τs) and V = ϑ. Reading I at either end of the step instead is also O(dt) but
 * biased: the end-of-step current makes every denominator too small and every gradient through a
 * spike too large (+0.31 % on a delay at dt = 0.01 ms, against +0.0x % here; spike-jump.test.ts).
 * kernels/forward-step.wgsl computes the same expression. With it go the factors by which a jump at
 * the crossing reaches the step start (the backward dynamics are linear): α^frac =
 * exp(−frac·dt/τm) into λ_V, τm/(τm−τs)·(α^frac − β^frac) into λ_I.
 */
function pushSpike(t: SpikeTape, n: number, j: number, iStart: number, frac: number, dt: number, pop: { tauM: number; tauS: number; threshold: number }): void {
  const bf = Math.exp((-frac * dt) / pop.tauS), af = Math.exp((-frac * dt) / pop.tauM)
  push(t, n, j, iStart * bf - pop.threshold, frac, af, (pop.tauM / (pop.tauM - pop.tauS)) * (af - bf))
}

/**
 * A dense projection from the inputs, run synapse by synapse instead of spike by spike (inputs do
 * not depend on the network): its weights and integer delays transposed ([post][input]), the
 * input currents of up to CIN_GROUP samples by quads of post neurons ([quad][sample][step][4]),
 * and transposed arrival sums [post][input][λ_V − λ_I, λ_I], added into the projection's own per pass,
 * from the post population's
 * adjoint histories of up to INPUT_GROUP samples (CpuNetwork.histSlots; without delays, traces
 * [sample][step][post][λ_V − λ_I, λ_I] here instead).
 */
interface InputProjection {
  x: number
  /**
   * No delays: every arrival is at the next step, so currents and traces are kept [step][post]
   * instead and a spike's whole row is one contiguous add (no transposed copies or sums).
   */
  flat: boolean
  wT: Float64Array
  dT: Int32Array
  accT: Float64Array
  /** accT holds sums of this pass. */
  used: boolean
  cin: Float64Array
  trace: Float64Array
}

/** Projection size from which CpuNetwork runs its loops as WebAssembly by default (see CpuNetworkOptions). */
export const WASM_MIN_SYNAPSES = 4096

/**
 * Samples whose input arrivals are summed together after their backward passes: a row's delays and
 * sums are then brought into the caches once per group, not once per sample (each keeps its
 * adjoint history, or without delays its trace, 2·post·(steps + longest delay)·8 bytes). On the
 * SHD-size network 4 beat 8 and 2, first with traces copied out per sample (the input sums took
 * 0.35 ms a sample against 0.43–0.51 and 0.48 ms), again with the histories read through blocks
 * (385 samples/s against 377 and 380, alternately).
 */
const INPUT_GROUP = 4

/**
 * Samples whose input currents forwardAll makes together (projections with delays, synapse by
 * synapse): a synapse's delay and weight come into the caches once for the group, and a channel's
 * loop runs over all its spikes. 2 took 0.55 → 0.43 ns per arrival on the SHD-size input projection
 * (a bench of the kernel alone); since that loop takes two spikes a pass, 4 take the input currents
 * 11 % further (in-engine profile, three alternated pairs: 178–186 → 159–163 ms per 512 samples),
 * for 640 kB more currents per extra sample (a quad's rows, 40 kB, still fit the nearest cache).
 */
export const CIN_GROUP = 4

/** A sample's forward pass begun (CpuNetwork.begin): its tapes, the input tape filled, and its result buffers. */
interface Begun {
  label: number
  tapes: SpikeTape[]
  counts: Int32Array[]
  inputIndex: Int32Array
  r: Float64Array
  argmax: Int32Array
  /** The output's voltages by step, when asked for. */
  outputVoltage: Float32Array | undefined
}

/** Tapes kept for reuse per population (a batch share's worth). */
const MAX_POOLED_TAPES = 64

/** Most input spikes per sample that the synapse-by-synapse path takes (its scratch); beyond, spike by spike. */
const MAX_INPUT_SPIKES = 1 << 17

export interface CpuNetworkOptions {
  /**
   * The inner loops: WebAssembly or the TypeScript reference (bit-identical). Default: WebAssembly
   * for networks whose steps the kernels run whole (passCovers: no call per step, which small
   * networks would spend their time in) or with a projection of WASM_MIN_SYNAPSES or more, where
   * the loops dominate; TypeScript for the others.
   */
  kernels?: 'wasm' | 'typescript'
  /**
   * Dense input projections synapse by synapse (InputProjection; default with WebAssembly loops on
   * networks with a projection of WASM_MIN_SYNAPSES or more): sums in another order than spike by
   * spike, so spikes and gradients agree to rounding only.
   */
  inputsBySynapse?: boolean
  /** Most spikes per population the kernels' whole-sample passes keep (default MAX_TAPE; tests make it small to reach the loops they fall back to). */
  passTapeRoom?: number
  /** Arrival offsets as i32 even where they fit u16 (offsetsFit; tests use it to hold the i32 loops to the reference). */
  wideOffsets?: boolean
}

export class CpuNetwork {
  /** Rows of the arrival and history buffers: one per step, and past the last as far as the longest delay reaches. */
  private readonly L: number
  readonly kernels: Kernels
  /**
   * Per population, the arrivals of every step by [step][neuron] (rows are cleared as their step
   * reads them; the ones past the last step on each forward pass): a delay is a row offset, with
   * no wrap-around to compute per arrival, while the rows a step writes stay as few as a ring's.
   */
  private readonly rings: Float64Array[]
  private readonly v: Float64Array[]
  private readonly syn: Float64Array[]
  private readonly lv: Float64Array[]
  private readonly li: Float64Array[]
  /**
   * λ at the start of every step, per population: pairs (λ_V − λ_I, λ_I) by [step][neuron], one cache
   * line per read (a gather's w·(λ_V − λ_I) then needs one value of the pair); the rows past the last
   * step are never written and stay 0 (arrivals there add nothing).
   */
  private readonly hist: Float64Array[]
  /** Per population that an input projection with delays reaches, the histories of a group's samples (hist is one of them); else null. */
  private readonly histSlots: (Float64Array | null)[]
  /** inputArrivals' scratch (a few post neurons' histories over a group). */
  private readonly block: Float64Array
  private readonly dSteps: Int32Array[]
  /** The rows of `rings` before the last step are all 0 (the last forward pass ran to its end). */
  private ringsClean = false
  /** Per projection, where each synapse's arrival lies from its step's row: D·nPost + j (setParams). */
  private readonly offsets: Offsets[]
  /** Per sparse projection (density < 1), its present synapses by presynaptic neuron (CSR: row starts, post indices); null when dense. */
  private readonly present: ({ start: Int32Array; cols: Int32Array } | null)[]
  private readonly row: Row = { cols: new Int32Array(0), c0: 0, c1: 0 }
  private readonly stepOut: StepOut
  private readonly drive: Float64Array
  /** The kernels' copy of the parameters, when they cannot use the caller's. */
  private readonly paramCopy: Float64Array
  /** The kernels' copy of a projection's range of the caller's gradients in finish, when they cannot use the caller's array. */
  private readonly gradCopy: Float64Array
  /**
   * Per projection, every synapse's sums of the post neuron's (λ_V − λ_I, λ_I) at its arrivals in
   * this backward pass ([pre][post][2]), and which rows hold any: w is fixed within a pass, so
   * ∂L/∂w = −τs·Σλ_I and ∂L/∂d = w·Σ(λ_V − λ_I) are made once per synapse at its end (finish), not
   * once per arrival.
   */
  private readonly arrivals: Float64Array[]
  private readonly touched: Int32Array[]
  private readonly inputs: (InputProjection | null)[]
  /** Per population, the input projection into it (null: none). */
  private readonly inputInto: (InputProjection | null)[]
  /** Every projection from the inputs runs synapse by synapse (the backward pass then skips input spikes). */
  private readonly inputsBySynapseOnly: boolean
  /** forwardAll makes input currents by groups of samples: the input projections synapse by synapse all have delays. */
  private readonly cinGroups: boolean
  /** A step's spiking neurons and their gathered sums (backward). */
  private readonly spikeList: Int32Array
  private readonly revs: Float64Array
  /** Input spikes where the kernels can read them, one i32 each: step + 1 | channel << 16 (a group's: sample g's from starts[g]). */
  private readonly ev: Int32Array
  private readonly starts: Int32Array
  /**
   * The same spikes listed by channel for the projections with delays (channel i's at
   * preList[preStart[i] .. preStart[i + 1])): a synapse's delay and weight are then loaded once
   * for all its arrivals, and its sums stay in registers (prePos: the lists' fill cursors).
   */
  private readonly preStart: Int32Array
  private readonly preList: Int32Array
  private readonly prePos: Int32Array
  private params: Float64Array = new Float64Array(0)
  /** Scratch for a projection's delays in ms (setParams). */
  private delayMs: Float64Array<ArrayBuffer> | undefined
  /** Per population, the longest spike tape written so far (new tapes start this long). */
  private readonly tapeHint: number[]
  /** Per population, tapes handed back by recycle (allocating them anew per sample costs more than a pass's bookkeeping). */
  private readonly tapePool: SpikeTape[][]
  /** Input indices and spike counts handed back by recycle (a typed array costs microseconds to allocate). */
  private readonly resultPool: { inputIndex: Int32Array; counts: Int32Array[] }[] = []
  /** Scratch for a sample's spike order (forward). */
  private orderScratch = new Int32Array(0)
  /** The readout's weight of each step's output voltage (readoutWeight). */
  private readonly readoutW: Float64Array
  /**
   * Per population, the spike-count regulariser's term in each neuron's jump this batch, τm·k·(count −
   * ν·batch)/batch² (regTerms; `regOn`: a regulariser is set), made once per backwardAll for the loop
   * and the kernels' pass alike.
   */
  private readonly regTerms: Float64Array[]
  private regOn = false
  /** The kernels' whole-sample passes, where they have them and they cover this network. */
  private readonly pass: PassLayout | null
  /** ∂L/∂d (ms) per projection that has delays (learned, fixed or position), else empty. */
  readonly delayGrads: Float64Array[]

  constructor(readonly plan: Plan, opts: CpuNetworkOptions = {}) {
    this.L = rowLength(plan)
    const large = Math.max(...plan.projections.map((p) => p.nPre * p.nPost)) >= WASM_MIN_SYNAPSES
    const choice = opts.kernels ?? (large || passCovers(plan) ? 'wasm' : 'typescript')
    const k = (this.kernels = choice === 'wasm' && wasmAvailable() ? wasmKernels(kernelBytes(plan, opts.passTapeRoom)) : tsKernels)
    const sized = (mult: number): Float64Array[] => plan.populations.map((p) => k.f64(p.kind === 'input' ? 0 : p.size * mult))
    this.rings = sized(this.L)
    this.v = sized(1)
    this.syn = sized(1)
    this.lv = sized(1)
    this.li = sized(1)
    this.delayGrads = plan.projections.map((p) => k.f64(p.delayMode === 'none' ? 0 : p.nPre * p.nPost))
    this.gradCopy = k.f64(k.owns(new Float64Array(0)) ? 0 : Math.max(...plan.projections.map((p) => p.nPre * p.nPost)))
    this.arrivals = plan.projections.map((p) => k.f64(2 * p.nPre * p.nPost))
    this.touched = plan.projections.map((p) => k.i32(p.nPre))
    this.dSteps = plan.projections.map((p) => k.i32(p.nPre * p.nPost))
    this.offsets = plan.projections.map((p) => (offsetsFit(plan.maxDelaySteps, p.nPost) && !opts.wideOffsets ? k.u16(p.nPre * p.nPost) : k.i32(p.nPre * p.nPost)))
    this.present = plan.projections.map((p) => (p.density < 1 ? { start: new Int32Array(p.nPre + 1), cols: k.i32(p.nPre * p.nPost) } : null))
    const maxSize = Math.max(...plan.populations.map((p) => p.size))
    this.stepOut = { j: k.i32(maxSize), iStart: k.f64(maxSize), frac: k.f64(maxSize) }
    this.drive = k.f64(plan.populations[plan.outputPop]!.size)
    this.paramCopy = k.f64(k.owns(new Float64Array(0)) ? 0 : plan.paramCount)
    // (each input spike is packed into one i32 for the kernels: step + 1 and channel must fit 16 bits each)
    const bySynapse = (opts.inputsBySynapse ?? (k.name === 'wasm' && large)) && plan.spec.steps <= 0x10000 && plan.spec.inputs <= 0x10000
    this.inputs = plan.projections.map((p, x) => {
      if (!bySynapse || !isInputProjection(p)) return null
      const flat = p.delayMode === 'none', synapses = flat ? 0 : p.nPre * p.nPost
      return {
        x, flat, wT: k.f64(synapses), dT: k.i32(synapses), accT: k.f64(2 * synapses), used: false,
        cin: k.f64((flat ? p.nPost : CIN_GROUP * quadPosts(p.nPost)) * rowLength(plan)), trace: k.f64(flat ? INPUT_GROUP * 2 * p.nPost * rowLength(plan) : 0)
      }
    })
    this.inputInto = plan.populations.map((_, p) => this.inputs.find((d) => d && plan.projections[d.x]!.post === p) ?? null)
    // (a population that an input projection with delays reaches keeps INPUT_GROUP histories, one per sample of a group)
    this.histSlots = plan.populations.map((pop, p) => (this.inputInto[p] && !this.inputInto[p].flat ? k.f64(INPUT_GROUP * 2 * pop.size * this.L) : null))
    this.hist = plan.populations.map((pop, p) => this.histSlots[p]?.subarray(0, 2 * pop.size * this.L) ?? k.f64(pop.kind === 'input' ? 0 : 2 * pop.size * this.L))
    this.block = k.f64(this.histSlots.some(Boolean) ? INPUT_GROUP * 2 * BLOCK_POSTS * this.L : 0)
    this.ev = k.i32(this.inputs.some(Boolean) ? inputCapacity(plan) : 0)
    this.starts = k.i32(INPUT_GROUP + 1)
    const byPre = this.inputs.some((ip) => ip && !ip.flat)
    this.preStart = k.i32(byPre ? plan.spec.inputs + 1 : 0)
    this.preList = k.i32(byPre ? inputCapacity(plan) : 0)
    this.prePos = new Int32Array(byPre ? plan.spec.inputs : 0)
    this.inputsBySynapseOnly = plan.projections.every((p, x) => p.pre !== 0 || this.inputs[x] !== null)
    this.cinGroups = byPre && this.inputs.every((ip) => !ip?.flat)
    this.spikeList = k.i32(maxSize)
    this.tapeHint = plan.populations.map(() => 64)
    this.tapePool = plan.populations.map(() => [])
    this.revs = k.f64(maxSize)
    const { readout, steps, dt } = plan.spec
    this.readoutW = Float64Array.from({ length: steps }, (_, n) => readoutWeight(readout, n, steps, dt))
    this.regTerms = sized(1)
    const { rings, v, syn, lv, li, hist, offsets, arrivals, touched, drive, spikeList, revs, regTerms } = this
    const cin = this.inputInto.map((ip) => (ip ? { cin: ip.cin, flat: ip.flat } : null))
    this.pass = k.forwardPass && k.backwardPass && passCovers(plan)
      ? new PassLayout(plan, k, { rings, v, syn, cin, lv, li, hist, offsets, arrivals, touched, drive, spikeList, revs, regTerms }, this.readoutW, MIN_I_MINUS_V, opts.passTapeRoom)
      : null
  }

  /** Uses these parameters until the next call; recomputes integer delays. */
  setParams(params: Float64Array): void {
    if (params.length !== this.plan.paramCount) throw new Error(`expected ${this.plan.paramCount} parameters, got ${params.length}`)
    if (this.kernels.owns(params)) this.params = params
    else {
      this.paramCopy.set(params)
      this.params = this.paramCopy
    }
    this.plan.projections.forEach((prj, x) => {
      const N = prj.nPost, D = this.dSteps[x]!, O = this.offsets[x]!
      // delay parameters: one pass in the kernels (the generic path costs ~14 ns per synapse)
      if (prj.dOffset >= 0) this.kernels.delayOffsets(prj.nPre, N, this.params, prj.dOffset, this.plan.spec.maxDelay, this.plan.spec.dt, this.plan.maxDelaySteps, D, O)
      else {
        const ms = (this.delayMs ??= new Float64Array(Math.max(...this.plan.projections.map((p) => p.nPre * p.nPost))))
        delaySteps(this.plan, projectionDelays(this.plan, prj, params, ms.subarray(0, prj.nPre * prj.nPost)), D)
        for (let i = 0, k = 0; i < prj.nPre; i++) for (let j = 0; j < N; j++, k++) O[k] = D[k]! * N + j
      }
      const rows = this.present[x]
      if (rows) presentRows(params, prj, rows)
      const ip = this.inputs[x]
      if (ip && !ip.flat) {
        this.kernels.transpose(ip.wT, this.params, prj.wOffset, prj.nPre, prj.nPost)
        this.kernels.transpose(ip.dT, this.dSteps[x]!, 0, prj.nPre, prj.nPost)
      }
    })
  }

  forward(sample: SpikeSample, opts: { recordOutput?: boolean } = {}): ForwardResult {
    const b = this.begin(sample, opts.recordOutput === true)
    // input projections synapse by synapse where the scratch holds the sample (the rest spike by spike)
    const bySynapse = this.loadInputTape(b.tapes[0]!)
    if (bySynapse) this.inputCurrents(b.tapes[0]!.length, 1)
    return this.run(b, bySynapse, 0, 1)
  }

  /**
   * forward for each sample in turn, with the same results bit for bit. Where the input projections
   * go synapse by synapse with delays, their currents are made for CIN_GROUP samples at a time (a
   * synapse's delay and weight then come into the caches once for the group, and a channel's loop
   * runs over the group's spikes): sample g's currents start at element 4·g·len of each quad's rows.
   */
  forwardAll(samples: SpikeSample[]): ForwardResult[] {
    if (!this.cinGroups) return samples.map((s) => this.forward(s))
    const out: ForwardResult[] = []
    let group: Begun[] = [], spikes = 0
    const flush = (): void => {
      if (group.length === 0) return
      this.listByPre(group.map((b) => b.tapes[0]!), this.plan.spec.inputs, this.L, false)
      this.inputCurrents(spikes, group.length)
      group.forEach((b, g) => out.push(this.run(b, true, g, group.length)))
      group = []
      spikes = 0
    }
    for (const s of samples) {
      const b = this.begin(s, false)
      const n = b.tapes[0]!.length
      // more input spikes than the scratch holds: this one spike by spike, as forward does
      if (n > this.ev.length) {
        flush()
        out.push(this.run(b, false, 0, 1))
        continue
      }
      if (group.length === CIN_GROUP || spikes + n > this.ev.length) flush()
      group.push(b)
      spikes += n
    }
    flush()
    return out
  }

  /** A sample's forward pass up to its steps: its tapes (the input tape filled), counts and readout buffers. */
  private begin(sample: SpikeSample, recordOutput: boolean): Begun {
    const { plan } = this
    const { steps, dt, readout } = plan.spec
    const pops = plan.populations
    // tapes start as long as the longest this network has written (growing them is a copy each time)
    this.tapeHint[0] = Math.max(this.tapeHint[0]!, sample.times.length)
    const tapes = pops.map((_, p) => this.tape(p, this.tapeHint[p]!))
    const kept = this.resultPool.pop()
    const counts = kept ? kept.counts : pops.map((p) => new Int32Array(p.size))
    if (kept) for (const c of counts) c.fill(0)
    const nOut = pops[plan.outputPop]!.size
    const r = new Float64Array(nOut)
    const argmax = new Int32Array(nOut)
    if (readout === 'max') r.fill(-Infinity)
    const trace = recordOutput ? new Float32Array(steps * nOut) : undefined

    // Inputs: emission step ceil(t/dt) − 1 (emissionStep); spikes after the end are dropped.
    if (this.orderScratch.length < sample.times.length) this.orderScratch = new Int32Array(capacityFor(sample.times.length))
    const order = spikeOrder(sample, this.orderScratch)
    const inputIndex = kept && kept.inputIndex.length >= order.length ? kept.inputIndex : new Int32Array(capacityFor(order.length))
    const inTape = tapes[0]!
    // (input entries: step and channel; no crossing, so iMinusV 0 and frac 1, and no jump factors)
    reserve(inTape, order.length)
    const { times, units } = sample, nIn = pops[0]!.size, c0 = counts[0]!
    const tSteps = inTape.steps, tNeurons = inTape.neurons, tIMinusV = inTape.iMinusV, tFrac = inTape.frac
    let len = 0
    for (let q = 0; q < order.length; q++) {
      const k = order[q]!
      const n = emissionStep(times[k]!, dt)
      const unit = units[k]!
      if (unit >= nIn) throw new Error(`input spike on channel ${unit}, but the network has ${nIn} inputs`)
      if (n + 1 >= steps) continue
      inputIndex[len] = k
      tSteps[len] = n
      tNeurons[len] = unit
      tIMinusV[len] = 0
      tFrac[len] = 1
      len++
      c0[unit]!++
    }
    inTape.length = len
    return { label: sample.label, tapes, counts, inputIndex, r, argmax, outputVoltage: trace }
  }

  /**
   * The input currents of the projections that run synapse by synapse, for the `group` samples
   * whose `spikes` input spikes are listed (ev: packed, one sample; preList: by channel, sample g's
   * at g·len): [quad][group·len][4] with delays, [step][post] without (one sample).
   */
  private inputCurrents(spikes: number, group: number): void {
    const { plan, kernels } = this
    for (const ip of this.inputs) if (ip) {
      const prj = plan.projections[ip.x]!
      if (ip.flat) kernels.inputCurrentFlat(prj.nPost, this.L, this.ev, spikes, this.params, prj.wOffset, ip.cin)
      else kernels.inputCurrent(prj.nPost, prj.nPre, group * this.L, this.preStart, this.preList, ip.dT, ip.wT, ip.cin)
    }
  }

  /**
   * A begun sample's steps and loss; `bySynapse`: its input currents are made, sample `g` of a
   * group of `group` (inputCurrents).
   */
  private run(b: Begun, bySynapse: boolean, g: number, group: number): ForwardResult {
    const { plan, kernels, stepOut } = this
    const { steps, dt, readout } = plan.spec
    const pops = plan.populations
    const out = plan.outputPop
    const { tapes, counts, inputIndex, r, argmax, outputVoltage: trace } = b
    // each step clears its row of arrivals as it reads it: after a whole pass only the rows past
    // the last step hold any (a pass cut short by an error leaves more)
    this.clearState(this.ringsClean ? steps : 0)
    const ttfs = readout === 'first-spike'
    const nOut = pops[out]!.size
    const firstTimes = new Float64Array(ttfs ? nOut : 0).fill(NaN)
    const firstIndex = new Int32Array(ttfs ? nOut : 0).fill(-1)
    const inTape = tapes[0]!
    let inputCursor = 0
    // (sample g's input currents with delays: a quad's four per step from element 4·g·L of its rows, quads 4·group·L apart)
    const cinAt = 4 * g * this.L, cinStride = 4 * group * this.L
    // with every input projection synapse by synapse, input spikes have nothing left to propagate
    const inputsDone = bySynapse && this.inputsBySynapseOnly
    const runsBySynapse = (x: number): boolean => bySynapse && this.inputs[x] !== null
    const emitInputs = (n: number): void => {
      while (inputCursor < inTape.length && inTape.steps[inputCursor] === n) {
        if (!inputsDone) this.propagate(0, inTape.neurons[inputCursor]!, n, bySynapse)
        inputCursor++
      }
    }
    // the kernels' own steps where they cover this sample (the loop below is their reference)
    const byPass = this.pass !== null && !trace && !ttfs
    const ran = byPass && this.pass!.forward(this.params, inTape, runsBySynapse, r, argmax, cinAt, cinStride)
    if (ran) for (let p = 1; p < pops.length; p++) spikesOnTape(tapes[p]!, this.pass!.spikes(p), counts[p]!, dt, pops[p]!)
    // a tape copy ran out of room part way: the loop starts again from a cleared state
    if (byPass && !ran) this.clearState(0)
    if (!ran) emitInputs(-1)
    if (!ran) for (let n = 0; n < steps; n++) {
      for (let p = 1; p < pops.length; p++) {
        const pop = pops[p]!
        const N = pop.size, V = this.v[p]!
        const { alpha, beta, iScale, threshold } = pop
        const tape = tapes[p]!
        const firstOut = ttfs && p === out
        const ip = bySynapse ? this.inputInto[p] : null
        const fired = kernels.step(N, this.rings[p]!, n, V, this.syn[p]!, alpha, beta, (1 - alpha) * iScale, threshold, stepOut, ip ? ip.cin : null, ip?.flat ? n * N : cinAt + 4 * n, ip?.flat ? 4 : cinStride)
        for (let c = 0; c < fired; c++) {
          // where in the step V crossed ϑ (linear between the step's ends), and I − V there
          const j = stepOut.j[c]!, frac = stepOut.frac[c]!
          if (firstOut && firstIndex[j]! < 0) {
            firstIndex[j] = tape.length
            firstTimes[j] = (n + frac) * dt
          }
          pushSpike(tape, n, j, stepOut.iStart[c]!, frac, dt, pop)
          counts[p]![j]!++
        }
        if (firstOut) {
          if (trace) trace.set(V, n * N)
        } else if (p === out) {
          if (trace) trace.set(V, n * N)
          if (readout === 'max') {
            for (let k = 0; k < N; k++) if (V[k]! > r[k]!) { r[k] = V[k]!; argmax[k] = n }
          } else {
            const c = this.readoutW[n]!
            for (let k = 0; k < N; k++) r[k]! += c * V[k]!
          }
        }
        if (fired > 0) this.propagateStep(p, stepOut.j, fired, n)
      }
      emitInputs(n)
    }
    this.ringsClean = true
    tapes.forEach((t, p) => (this.tapeHint[p] = Math.max(this.tapeHint[p]!, t.length)))
    if (ttfs) {
      const f = firstSpikeLoss(firstTimes, this.v[out]!, b.label, steps * dt, plan.spec.firstSpike ?? DEFAULT_FIRST_SPIKE)
      return {
        loss: f.loss, prediction: f.prediction, label: b.label, readout: f.readout, dLdr: f.dLdr, argmax, tapes, inputIndex, counts,
        firstSpike: { times: firstTimes, index: firstIndex, dLdt: f.dLdt, dLdVEnd: f.dLdVEnd }, ...(trace ? { outputVoltage: trace } : {})
      }
    }
    const { loss, grad, prediction } = crossEntropy(r, b.label)
    return { loss, prediction, label: b.label, readout: r, dLdr: grad, argmax, tapes, inputIndex, counts, ...(trace ? { outputVoltage: trace } : {}) }
  }

  /** Zero state and the arrival rows from `from` on (the others are known to be zero); they stay unclean until a pass completes. */
  private clearState(from: number): void {
    const pops = this.plan.populations
    this.ringsClean = false
    for (let p = 1; p < pops.length; p++) {
      this.rings[p]!.fill(0, from * pops[p]!.size)
      this.v[p]!.fill(0)
      this.syn[p]!.fill(0)
    }
  }

  /**
   * Hands these forward results' spike tapes back for later forward passes to reuse: call it only
   * when nothing will read them again.
   */
  recycle(fwds: ForwardResult[]): void {
    for (const f of fwds) {
      f.tapes.forEach((t, p) => {
        const pool = this.tapePool[p]
        if (pool && pool.length < MAX_POOLED_TAPES) pool.push(t)
      })
      if (this.resultPool.length < MAX_POOLED_TAPES) this.resultPool.push({ inputIndex: f.inputIndex, counts: f.counts })
    }
  }

  /** An empty tape for population p, from the pool when it has one (push grows it), else new with room for `capacity` spikes. */
  private tape(p: number, capacity: number): SpikeTape {
    const t = this.tapePool[p]!.pop()
    if (!t) return newTape(capacityFor(capacity))
    t.length = 0
    return t
  }

  /** Adds ∂L/∂w into `grad` (parameter-shaped) and ∂L/∂d into `delayGrads` (ms, per projection). */
  backward(fwd: ForwardResult, grad: Float64Array, opts: BackwardOptions): void {
    this.backwardAll([fwd], grad, opts)
  }

  /** backward for several samples in turn; their weight and delay gradients are made once, at the end. */
  backwardAll(fwds: ForwardResult[], grad: Float64Array, opts: BackwardOptions): void {
    // samples whose input projections go synapse by synapse: their arrivals are summed by groups
    this.setReg(opts.reg)
    let group: ForwardResult[] = [], spikes = 0
    const flush = (): void => {
      if (group.length > 0) this.inputArrivals(group)
      group = []
      spikes = 0
    }
    for (const f of fwds) {
      const n = f.tapes[0]!.length
      if (group.length === INPUT_GROUP || spikes + n > this.ev.length) flush()
      if (this.backwardInto(f, opts, group.length)) {
        group.push(f)
        spikes += n
      }
    }
    flush()
    this.finish(grad)
  }

  /** This batch's regulariser terms (regTerms), for every population but the inputs and the output. */
  private setReg(reg: BackwardOptions['reg']): void {
    const pops = this.plan.populations
    this.regOn = reg !== undefined
    if (reg)
      for (let p = 1; p < pops.length; p++) {
        if (p === this.plan.outputPop) continue
        const pop = pops[p]!, term = this.regTerms[p]!, counts = reg.counts[p]!
        for (let i = 0; i < pop.size; i++) term[i] = (pop.tauM * reg.k * (counts[i]! - reg.nu * reg.batch)) / (reg.batch * reg.batch)
      }
    this.pass?.setReg(this.regOn)
  }

  /**
   * The pass's gradients from its arrival sums (the input projections' transposed ones first added
   * in): ∂L/∂w += −τs·Σλ_I into `grad`, ∂L/∂d += w·Σ(λ_V − λ_I) into delayGrads; the sums are
   * zeroed for the next pass (only rows some spike touched).
   */
  private finish(grad: Float64Array): void {
    const { plan, params, kernels } = this
    // the kernels add into `grad` where they reach it (the TypeScript ones), else into a copy of a projection's range
    const own = kernels.owns(grad)
    for (let x = 0; x < plan.projections.length; x++) {
      const prj = plan.projections[x]!
      const A = this.arrivals[x]!, touched = this.touched[x]!, gd = this.delayGrads[x]!
      const N = prj.nPost, n = prj.nPre * N, tauS = plan.populations[prj.post]!.tauS
      const G = own ? grad : this.gradCopy, gOff = own ? prj.wOffset : 0
      if (!own) G.set(grad.subarray(prj.wOffset, prj.wOffset + n))
      const ip = this.inputs[x]
      if (ip?.used && !ip.flat && touched.indexOf(1) < 0) {
        // every sample went synapse by synapse: the sums are all in accT, read in place (A, never
        // touched, takes no memory)
        kernels.transposedGrads(prj.nPre, N, ip.accT, G, gOff, gd.length > 0 ? gd : null, params, prj.wOffset, tauS)
        ip.accT.fill(0)
        ip.used = false
      } else {
        if (ip?.used) {
          addTransposedPairs(A, ip.accT, prj.nPre, N)
          ip.accT.fill(0)
          ip.used = false
          touched.fill(1)
        }
        kernels.rowGrads(prj.nPre, N, A, touched, G, gOff, gd.length > 0 ? gd : null, params, prj.wOffset, tauS)
      }
      if (!own) grad.set(G.subarray(0, n), prj.wOffset)
    }
  }

  /**
   * One sample's backward pass; with its input projections synapse by synapse (returns true), it
   * keeps their post populations' histories (or traces) in slot `slot` for inputArrivals.
   */
  private backwardInto(fwd: ForwardResult, opts: BackwardOptions, slot: number): boolean {
    const { plan } = this
    const pops = plan.populations
    // (the history needs no clearing: every row a gather reads is written first, or lies past the last step)
    for (let p = 1; p < pops.length; p++) {
      this.lv[p]!.fill(0)
      this.li[p]!.fill(0)
      // input projections with delays read this sample's history after the group's passes: its own slot
      const slots = this.histSlots[p]
      if (slots) {
        const n = 2 * pops[p]!.size * this.L
        this.hist[p] = slots.subarray(slot * n, (slot + 1) * n)
        this.pass?.setHist(p, this.hist[p]!)
      }
    }
    // input projections synapse by synapse after the pass, from the post populations' adjoint
    // histories or traces (not when the input spikes' own gradients are asked for: those need each
    // spike's sum)
    const bySynapse = !opts.inputGrads && !opts.inputPresence && this.inputs.some(Boolean) && fwd.tapes[0]!.length <= this.ev.length
    // the kernels' own pass where it covers this sample (the loop of backwardSteps is its reference)
    const len = rowLength(plan)
    const ran = this.pass !== null && !fwd.firstSpike && !opts.adjointTrace && !opts.inputGrads && !opts.inputPresence &&
      this.pass.backward(fwd.tapes, (x) => bySynapse && this.inputs[x] !== null, fwd.dLdr, fwd.argmax, opts.scale, this.params, pops.map((pop, p) => {
        const ip = this.inputInto[p]
        return ip?.flat ? ip.trace.byteOffset + 16 * slot * pop.size * len : 0
      }))
    if (!ran) this.backwardSteps(fwd, opts, slot, bySynapse)
    return bySynapse
  }

  /** backwardInto's loop over the steps, from the last: the reference for the kernels' own pass (backwardPass). */
  private backwardSteps(fwd: ForwardResult, opts: BackwardOptions, slot: number, bySynapse: boolean): void {
    const { plan, kernels } = this
    const { steps, dt, readout } = plan.spec
    const pops = plan.populations
    const out = plan.outputPop
    const cursors = fwd.tapes.map((t) => t.length - 1)
    const outPop = pops[out]!
    const drive = this.drive
    for (let n = steps - 1; n >= -1; n--) {
      if (n >= 0) {
        // 1. the loss drive of step n, held over the step: s = −∂L/∂V(n) / dt
        const fs = fwd.firstSpike
        for (let k = 0; k < outPop.size; k++) {
          if (fs) drive[k] = n === steps - 1 ? (-opts.scale * fs.dLdVEnd[k]!) / dt : 0
          else {
            const c = readout === 'max' ? (fwd.argmax[k] === n ? 1 : 0) : this.readoutW[n]!
            drive[k] = (-opts.scale * fwd.dLdr[k]! * c) / dt
          }
        }
        // 2. exact integration of τm λ̇_V = −λ_V + s, τs λ̇_I = −λ_I + λ_V back over step n
        for (let p = 1; p < pops.length; p++) {
          const pop = pops[p]!
          const a = (pop.tauM / (pop.tauM - pop.tauS)) * (pop.alpha - pop.beta)
          kernels.integrate(pop.size, this.lv[p]!, this.li[p]!, pop.alpha, pop.beta, a, p === out ? drive : null)
        }
      }
      // 3. spikes of step n: gradients at their arrivals, then the jumps (the jumps change λ of step n,
      // which no gather of step n reads: they read the history of later steps)
      for (let p = 0; p < pops.length; p++) {
        const tape = fwd.tapes[p]!
        let c = cursors[p]!
        if (p > 0) {
          cursors[p] = this.spikesBack(p, fwd, c, n, opts, drive)
          continue
        }
        // inputs: nothing to do when their projections run synapse by synapse and no input gradient is asked for
        if (bySynapse && this.inputsBySynapseOnly) {
          while (c >= 0 && tape.steps[c]! === n) c--
          cursors[p] = c
          continue
        }
        while (c >= 0 && tape.steps[c]! === n) {
          const i = tape.neurons[c]!
          let rev = this.gatherAndAccumulate(p, i, n, opts.denseGrads === true, bySynapse)
          if (p === 0 && opts.inputGrads) opts.inputGrads[fwd.inputIndex[c]!]! += rev
          if (p === 0 && opts.inputPresence) opts.inputPresence[fwd.inputIndex[c]!]! += this.presenceOf(i, n)
          // the loss's own dependence on an output's first spike time
          if (p === out && fwd.firstSpike && fwd.firstSpike.index[i] === c) rev += opts.scale * fwd.firstSpike.dLdt[i]!
          if (pops[p]!.kind === 'lif') this.jump(p, i, rev, tape.iMinusV[c]!, tape.toV[c]!, tape.toI[c]!, p === out ? drive[i]! : 0)
          c--
        }
        cursors[p] = c
      }
      if (n < 0) break
      // 4. history: λ at the start of step n
      for (let p = 1; p < pops.length; p++) {
        const N = pops[p]!.size
        opts.adjointTrace?.[p]?.set(this.li[p]!, n * N)
        kernels.storePairs(N, this.lv[p]!, this.li[p]!, this.hist[p]!, 2 * n * N, 2)
        const ip = bySynapse ? this.inputInto[p] : null
        if (ip?.flat) kernels.storePairs(N, this.lv[p]!, this.li[p]!, ip.trace, 2 * (slot * N * rowLength(plan) + n * N), 2)
      }
    }
  }

  /**
   * Step n's spikes of LIF/LI population p (tape entries c, c − 1, … at step n) in the backward
   * pass: every projection's gather for all of them (a kernel call per projection, not per spike),
   * then each spike's jump in tape order. Returns the next tape entry to visit.
   */
  private spikesBack(p: number, fwd: ForwardResult, c: number, n: number, opts: BackwardOptions, drive: Float64Array): number {
    const { plan, params, kernels, spikeList: list, revs } = this
    const tape = fwd.tapes[p]!
    let count = 0
    for (let k = c; k >= 0 && tape.steps[k]! === n; k--) list[count++] = tape.neurons[k]!
    if (count === 0) return c
    revs.fill(0, 0, count)
    const dense = opts.denseGrads === true
    for (let x = 0; x < plan.projections.length; x++) {
      const prj = plan.projections[x]!
      if (prj.pre !== p) continue
      const N = prj.nPost, H = this.hist[prj.post]!, A = this.arrivals[x]!, touched = this.touched[x]!
      const base = (n + 1) * N
      for (let k = 0; k < count; k++) touched[list[k]!] = 1
      if (this.present[x] && !dense)
        for (let k = 0; k < count; k++) {
          const row = list[k]! * N
          revs[k]! += kernels.gather(N, H, base, this.offsets[x]!, row, params, prj.wOffset + row, A, this.sparseRow(x, list[k]!))
        }
      else kernels.gatherList(N, H, base, this.offsets[x]!, 0, params, prj.wOffset, A, list, count, revs, prj.delayMode === 'none')
    }
    const out = plan.outputPop, fs = fwd.firstSpike, lif = plan.populations[p]!.kind === 'lif'
    for (let k = 0; k < count; k++, c--) {
      const i = list[k]!
      let rev = revs[k]!
      // the loss's own dependence on an output's first spike time
      if (p === out && fs && fs.index[i] === c) rev += opts.scale * fs.dLdt[i]!
      if (lif) this.jump(p, i, rev, tape.iMinusV[c]!, tape.toV[c]!, tape.toI[c]!, p === out ? drive[i]! : 0)
    }
    return c
  }

  /** Step n's spikes of population p (neurons list[0 .. count)) into the rings: a kernel call per dense projection. */
  private propagateStep(p: number, list: Int32Array, count: number, n: number): void {
    const { plan, params, kernels } = this
    for (let x = 0; x < plan.projections.length; x++) {
      const prj = plan.projections[x]!
      if (prj.pre !== p) continue
      const base = (n + 1) * prj.nPost
      if (this.present[x])
        for (let k = 0; k < count; k++) {
          const row = list[k]! * prj.nPost
          kernels.propagate(prj.nPost, this.rings[prj.post]!, base, this.offsets[x]!, row, params, prj.wOffset + row, this.sparseRow(x, list[k]!))
        }
      else kernels.propagateList(prj.nPost, this.rings[prj.post]!, base, this.offsets[x]!, 0, params, prj.wOffset, list, count, prj.delayMode === 'none')
    }
  }

  /** The input projections' arrival sums of a group of samples (their backward passes kept their post populations' histories or traces, slot by slot). */
  private inputArrivals(group: ForwardResult[]): void {
    const { plan, kernels, ev, starts } = this
    // packed spikes for the projections without delays (the others list them by channel)
    if (this.inputs.some((ip) => ip?.flat)) {
      let at = 0
      group.forEach((f, g) => {
        const t = f.tapes[0]!
        starts[g] = at
        for (let c = 0; c < t.length; c++) ev[at++] = (t.steps[c]! + 1) | (t.neurons[c]! << 16)
      })
      starts[group.length] = at
    }
    const len = rowLength(plan)
    for (const ip of this.inputs) if (ip) {
      const prj = plan.projections[ip.x]!, N = prj.nPost
      if (ip.flat) {
        kernels.inputArrivalsFlat(N, ev, starts, group.length, this.arrivals[ip.x]!, ip.trace, 2 * N * len)
        this.touched[ip.x]!.fill(1)
        continue
      }
      // arrivals read sample g's history of post neuron j at step n + 1 + d (listed as BLOCK_POSTS·g·len + n + 1)
      this.listByPre(group.map((f) => f.tapes[0]!), prj.nPre, BLOCK_POSTS * len, true)
      kernels.inputArrivals(N, prj.nPre, len, this.preStart, this.preList, ip.dT, ip.accT, this.histSlots[prj.post]!, group.length, this.block)
      ip.used = true
    }
  }

  /** Copies the input tape where the kernels read it; false when it does not fit (or nothing goes synapse by synapse). */
  private loadInputTape(tape: SpikeTape): boolean {
    const ev = this.ev
    if (ev.length === 0 || tape.length > ev.length) return false
    if (this.inputs.some((ip) => ip?.flat)) for (let c = 0; c < tape.length; c++) ev[c] = (tape.steps[c]! + 1) | (tape.neurons[c]! << 16)
    if (this.preList.length > 0) this.listByPre([tape], this.plan.spec.inputs, 0, false)
    return true
  }

  /**
   * Lists the spikes of `tapes` (one per sample) by presynaptic neuron into preStart/preList: each
   * as g·stride + its step + 1 (g: its tape's index), sample by sample, in time order or (lastFirst)
   * from each sample's last spike, the order the spike-by-spike backward pass visits them.
   */
  private listByPre(tapes: SpikeTape[], nPre: number, stride: number, lastFirst: boolean): void {
    const start = this.preStart, list = this.preList, pos = this.prePos
    start.fill(0, 0, nPre + 1)
    for (const t of tapes) for (let c = 0; c < t.length; c++) start[t.neurons[c]! + 1]!++
    for (let i = 0; i < nPre; i++) {
      start[i + 1]! += start[i]!
      pos[i] = start[i]!
    }
    tapes.forEach((t, g) => {
      const at = g * stride + 1
      if (lastFirst) for (let c = t.length - 1; c >= 0; c--) list[pos[t.neurons[c]!]!++] = at + t.steps[c]!
      else for (let c = 0; c < t.length; c++) list[pos[t.neurons[c]!]!++] = at + t.steps[c]!
    })
  }

  /** Spike of neuron i (population p) at step n into the rings; `skipInputs`: not the input projections that run synapse by synapse. */
  private propagate(p: number, i: number, n: number, skipInputs: boolean): void {
    const { plan, params, kernels } = this
    for (let x = 0; x < plan.projections.length; x++) {
      const prj = plan.projections[x]!
      if (prj.pre !== p || (skipInputs && this.inputs[x])) continue
      const N = prj.nPost, row = i * N
      kernels.propagate(N, this.rings[prj.post]!, (n + 1) * N, this.offsets[x]!, row, params, prj.wOffset + row, this.sparseRow(x, i))
    }
  }

  /** Σ_post w·(λ_V − λ_I) at arrival; accumulates the weight and delay gradients of neuron i's synapses. */
  private gatherAndAccumulate(p: number, i: number, n: number, dense: boolean, skipInputs: boolean): number {
    const { plan, params, kernels } = this
    let rev = 0
    for (let x = 0; x < plan.projections.length; x++) {
      const prj = plan.projections[x]!
      if (prj.pre !== p || (skipInputs && this.inputs[x])) continue
      const N = prj.nPost, row = i * N
      this.touched[x]![i] = 1
      rev += kernels.gather(N, this.hist[prj.post]!, (n + 1) * N, this.offsets[x]!, row, params, prj.wOffset + row, this.arrivals[x]!, dense ? null : this.sparseRow(x, i))
    }
    return rev
  }

  /** Row i of sparse projection x (the one reusable Row object), or null when x is dense. */
  private sparseRow(x: number, i: number): Row | null {
    const rows = this.present[x]
    if (!rows) return null
    this.row.cols = rows.cols
    this.row.c0 = rows.start[i]!
    this.row.c1 = rows.start[i + 1]!
    return this.row
  }

  /** Σ w·(−τs·λ_I) at the arrivals of input i's spike of step n (asked for by attacks only: off the training path). */
  private presenceOf(i: number, n: number): number {
    const { plan, params } = this
    let presence = 0
    for (let x = 0; x < plan.projections.length; x++) {
      const prj = plan.projections[x]!
      if (prj.pre !== 0) continue
      const N = prj.nPost, D = this.dSteps[x]!, H = this.hist[prj.post]!
      const tauS = plan.populations[prj.post]!.tauS
      for (let j = 0; j < N; j++) {
        const m = n + 1 + D[i * N + j]!
        if (m >= plan.spec.steps) continue
        presence -= params[prj.wOffset + i * N + j]! * tauS * H[2 * (m * N + j) + 1]!
      }
    }
    return presence
  }

  /**
   * The jump of a spike whose crossing lies `frac` into the step, applied at the crossing: λ has
   * already been integrated back over the whole step, so λ_V at the crossing is recovered from its
   * step-start value (λ_V − s)·α^−frac + s, and the jump Δ reaches the step start as α^frac·Δ in
   * λ_V and τm/(τm−τs)·(α^frac − β^frac)·Δ in λ_I (the backward dynamics are linear). Jumping at
   * the step start instead misplaces it by up to dt, an O(dt/τs) error in every gradient through it.
   * af = α^frac and toI = τm/(τm−τs)·(α^frac − β^frac) come from the spike's tape (pushSpike).
   */
  private jump(p: number, i: number, rev: number, iMinusV: number, af: number, toI: number, s: number): void {
    const pop = this.plan.populations[p]!
    const LV = this.lv[p]!, LI = this.li[p]!
    const lvCross = s + (LV[i]! - s) / af
    let delta = (pop.threshold * lvCross + rev) / Math.max(iMinusV, MIN_I_MINUS_V)
    if (this.regOn && p !== this.plan.outputPop) delta -= this.regTerms[p]![i]!
    LV[i]! += af * delta
    LI[i]! += toI * delta
  }

  /** Bytes of the network's own buffers: ring buffers, state, adjoints and their history, the whole-sample passes' tape copies. */
  stateBytes(): number {
    let b = 0
    for (const group of [this.rings, this.v, this.syn, this.lv, this.li, this.delayGrads, this.arrivals]) for (const a of group) b += a.byteLength
    this.hist.forEach((h, p) => (b += (this.histSlots[p] ?? h).byteLength))
    b += this.block.byteLength
    for (const ip of this.inputs) if (ip) b += ip.cin.byteLength + ip.trace.byteLength + ip.accT.byteLength
    return b + (this.pass?.bytes() ?? 0)
  }

  /** Zeroes the per-projection delay gradients (call before a batch). */
  clearDelayGrads(): void {
    for (const g of this.delayGrads) g.fill(0)
  }
}

/** Bytes of every buffer CpuNetwork takes from its kernels (with room for their alignment). */
function kernelBytes(plan: Plan, passTapeRoom?: number): number {
  const L = rowLength(plan)
  let b = 0
  for (const p of plan.populations) if (p.kind !== 'input') b += p.size * (3 * L + 5) * 8
  // delays, arrival offsets and arrival sums per synapse, sparse rows' columns
  for (const p of plan.projections) b += p.nPre * p.nPost * (p.density < 1 ? 28 : 24)
  // delay gradients; a copy of the largest projection's range of the gradients (finish)
  for (const p of plan.projections) b += (p.delayMode === 'none' ? 0 : p.nPre * p.nPost * 8) + 16
  b += Math.max(...plan.projections.map((p) => p.nPre * p.nPost)) * 8
  // input projections: transposed weights, delays and arrival sums; currents, and the post
  // population's other histories (without delays none of the transposed copies: currents and
  // traces by step instead); inputArrivals' scratch
  for (const p of plan.projections) {
    if (!isInputProjection(p)) continue
    const flat = p.delayMode === 'none'
    b += (flat ? 0 : p.nPre * p.nPost * 28) + 8 * L * (flat ? p.nPost : CIN_GROUP * quadPosts(p.nPost)) + 16 * p.nPost * L * (flat ? INPUT_GROUP : INPUT_GROUP - 1) + INPUT_GROUP * 16 * BLOCK_POSTS * L
  }
  // touched rows per projection; the kernels' own backward pass
  for (const p of plan.projections) b += p.nPre * 4 + 16
  if (passCovers(plan)) b += passBytes(plan, passTapeRoom)
  // input spikes packed, and by channel for projections with delays
  if (plan.projections.some(isInputProjection)) b += inputCapacity(plan) * 8 + (INPUT_GROUP + plan.spec.inputs + 2) * 4
  b += Math.max(...plan.populations.map((p) => p.size)) * 32 + plan.populations[plan.outputPop]!.size * 8 + plan.paramCount * 8
  return b + ALIGN * (8 * plan.populations.length + 12 * plan.projections.length + 8)
}

/**
 * A sample's spike indices by time, then channel (emission order), ties in index order; most
 * datasets store spikes in that order already, which one pass confirms without a sort, and many of
 * the rest nearly so (times rounded to float32 tie, their channels out of order), which an
 * insertion sort puts in order in about one pass more. Others go through a full sort.
 */
function spikeOrder(sample: SpikeSample, scratch: Int32Array): Int32Array {
  const { times, units } = sample
  const n = times.length
  const order = scratch.subarray(0, n)
  let sorted = true, nan = false
  for (let k = 0; k < n; k++) {
    order[k] = k
    if (k > 0 && (times[k]! < times[k - 1]! || (times[k] === times[k - 1] && units[k]! < units[k - 1]!))) sorted = false
    if (times[k] !== times[k]) nan = true
  }
  if (sorted) return order
  // (stable, as the sort is: a spike moves back past the ones strictly after it only)
  let moves = 0
  if (!nan)
    for (let k = 1; k < n && moves <= 4 * n; k++) {
      const x = order[k]!, t = times[x]!, u = units[x]!
      let q = k - 1
      for (; q >= 0; q--) {
        const y = order[q]!
        if (times[y]! < t || (times[y] === t && units[y]! <= u)) break
        order[q + 1] = y
        moves++
      }
      order[q + 1] = x
    }
  if (!nan && moves <= 4 * n) return order
  for (let k = 0; k < n; k++) order[k] = k
  return order.sort((a, b) => times[a]! - times[b]! || units[a]! - units[b]!)
}

/** out[i][j] += t[j][i] for pairs ([rows][cols][2] += [cols][rows][2]), in tiles (both sides stay in cache). */
function addTransposedPairs(out: Float64Array, t: Float64Array, rows: number, cols: number): void {
  const B = 32
  for (let i0 = 0; i0 < rows; i0 += B)
    for (let j0 = 0; j0 < cols; j0 += B)
      for (let i = i0, iEnd = Math.min(rows, i0 + B); i < iEnd; i++)
        for (let j = j0, jEnd = Math.min(cols, j0 + B); j < jEnd; j++) {
          const o = 2 * (i * cols + j), s = 2 * (j * rows + i)
          out[o]! += t[s]!
          out[o + 1]! += t[s + 1]!
        }
}

/** Dense projections from the inputs run synapse by synapse (InputProjection). */
function isInputProjection(p: { pre: number; density: number }): boolean {
  return p.pre === 0 && p.density >= 1
}

/** Row length of the input currents and traces: every arrival (n + 1 + d ≤ steps − 1 + the longest delay) falls inside. */
function rowLength(plan: Plan): number {
  return plan.spec.steps + plan.maxDelaySteps + 1
}

function inputCapacity(plan: Plan): number {
  return Math.min(MAX_INPUT_SPIKES, plan.spec.steps * plan.populations[0]!.size)
}

/** The present synapses (weight ≠ 0) of a projection, row by presynaptic neuron, into `rows` (cols sized nPre·nPost). */
function presentRows(params: Float64Array, prj: { nPre: number; nPost: number; wOffset: number }, rows: { start: Int32Array; cols: Int32Array }): void {
  const { start, cols } = rows
  let c = 0
  for (let i = 0; i < prj.nPre; i++) {
    const row = prj.wOffset + i * prj.nPost
    for (let j = 0; j < prj.nPost; j++) if (params[row + j] !== 0) cols[c++] = j
    start[i + 1] = c
  }
}

/** A buffer size for n elements: the next power of two (a few more spikes later then need no new buffer). */
function capacityFor(n: number): number {
  return Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(1, n))))
}

/**
 * A population's spikes of a whole-sample forward pass (steps, neurons, step-start currents and
 * crossing fractions, `length` of them) onto its tape, as pushSpike puts them (the same operations),
 * and into its spike counts.
 */
function spikesOnTape(t: SpikeTape, s: { steps: Int32Array; neurons: Int32Array; iStart: Float64Array; frac: Float64Array; length: number }, counts: Int32Array, dt: number, pop: { tauM: number; tauS: number; threshold: number }): void {
  const n = s.length, { tauM, tauS, threshold } = pop, c = tauM / (tauM - tauS)
  reserve(t, t.length + n)
  const { steps, neurons, iMinusV, frac, toV, toI } = t
  for (let k = 0, at = t.length; k < n; k++, at++) {
    const j = s.neurons[k]!, f = s.frac[k]!
    const bf = Math.exp((-f * dt) / tauS), af = Math.exp((-f * dt) / tauM)
    steps[at] = s.steps[k]!
    neurons[at] = j
    iMinusV[at] = s.iStart[k]! * bf - threshold
    frac[at] = f
    toV[at] = af
    toI[at] = c * (af - bf)
    counts[j]!++
  }
  t.length += n
}

/** Grows a tape's arrays to hold `n` entries (keeping those it has). */
function reserve(t: SpikeTape, n: number): void {
  if (t.steps.length >= n) return
  const size = capacityFor(n)
  const grow = <T extends Int32Array | Float64Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(size)
    b.set(a.subarray(0, t.length))
    return b
  }
  t.steps = grow(t.steps)
  t.neurons = grow(t.neurons)
  t.iMinusV = grow(t.iMinusV)
  t.frac = grow(t.frac)
  t.toV = grow(t.toV)
  t.toI = grow(t.toI)
}

function newTape(capacity: number): SpikeTape {
  const f64 = (): Float64Array => new Float64Array(capacity)
  return { steps: new Int32Array(capacity), neurons: new Int32Array(capacity), iMinusV: f64(), frac: f64(), toV: f64(), toI: f64(), length: 0 }
}

function push(t: SpikeTape, step: number, neuron: number, iMinusV: number, frac: number, toV: number, toI: number): void {
  if (t.length === t.steps.length) reserve(t, 2 * t.length)
  t.steps[t.length] = step
  t.neurons[t.length] = neuron
  t.iMinusV[t.length] = iMinusV
  t.frac[t.length] = frac
  t.toV[t.length] = toV
  t.toI[t.length] = toI
  t.length++
}
