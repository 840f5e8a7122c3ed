/**
 * Declarative description of a delay network (what the user edits), compiled into a Plan (what
 * the backends run). Units: time in ms, delays in ms, positions in arbitrary units with `scale`
 * ms of delay per unit distance.
 *
 * Neurons (research/algorithms.md §A): hidden LIF with exponential current synapses, absolute
 * reset to 0, no refractory period; outputs are leaky integrators (LI) with the same synapses.
 */

/** How a projection's delays are made: none (0), fixed, learned per synapse, or from positions. */
export type DelayMode = 'none' | 'fixed' | 'learn' | 'position'

/**
 * Connectivity of one projection (research/algorithms.md §D.3): `dale` gives every presynaptic
 * neuron one sign (excitatory or inhibitory, drawn with the run's seed; NetworkSpec.excitatory is
 * the fraction E) that all its weights in the projection keep; `density` < 1 keeps that fraction of
 * the synapses, the rest absent (weight exactly 0), their number held fixed by rewiring.
 */
export interface Connectivity {
  dale: boolean
  density: number
}

export const DENSE: Connectivity = { dale: false, density: 1 }

export interface HiddenSpec {
  size: number
  tauM: number
  tauS: number
  threshold: number
  recurrent: boolean
  /** Delays of the projection into this layer (from the inputs or the previous layer). */
  inputDelay: DelayMode
  recurrentDelay: DelayMode
  /** Connectivity of the projection into this layer and of its recurrent one (default dense, no Dale). */
  inputConn?: Connectivity
  recurrentConn?: Connectivity
  /** Neurons of this layer have positions; `position` delays are scale·distance. */
  positions?: { dims: number; scale: number }
}

/**
 * Readouts (§A.3 step 6, §B.4), each followed by softmax cross-entropy: of the LI output voltage
 * (weighted average, plain average, sum, maximum), or of the negated first-spike times of LIF
 * outputs ('first-spike', the time-to-first-spike loss used for Yin-Yang).
 */
export type Readout = 'avg-exp' | 'avg' | 'sum' | 'max' | 'first-spike'

/**
 * The first-spike loss: L = CE(softmax(−t/tau)) + alpha/(1.01·T − t_y) − phantom·V_y(T)·[y silent],
 * with t_k the first spike time of output k (T = steps·dt when it stays silent), interpolated
 * within its step. The second term pulls the correct output earlier (mlGeNN's ttfs_alpha); the
 * third drives a silent correct output towards threshold.
 */
export interface FirstSpikeLoss {
  tau: number
  alpha: number
  phantom: number
}

export const DEFAULT_FIRST_SPIKE: FirstSpikeLoss = { tau: 1, alpha: 0.01, phantom: 0.1 }

export interface NetworkSpec {
  dt: number
  steps: number
  inputs: number
  hidden: HiddenSpec[]
  /**
   * `delay`: delays of the projection into the outputs (default none). `threshold`: of the LIF
   * outputs that the first-spike readout uses (default 1).
   */
  output: { size: number; tauM: number; tauS: number; delay?: DelayMode; threshold?: number; conn?: Connectivity }
  /** Fraction of excitatory neurons in a population whose outgoing projections obey Dale's principle (default 0.5, §D.3). */
  excitatory?: number
  /** Delays are clamped to [0, maxDelay] ms. */
  maxDelay: number
  readout: Readout
  /** Parameters of the 'first-spike' readout's loss (default DEFAULT_FIRST_SPIKE). */
  firstSpike?: FirstSpikeLoss
}

export interface PopulationPlan {
  kind: 'input' | 'lif' | 'li'
  size: number
  tauM: number
  tauS: number
  threshold: number
  /** exp(−dt/τm), exp(−dt/τs), and the factor that turns the step-start current into its step mean. */
  alpha: number
  beta: number
  iScale: number
  /** Offset of this population's positions in the parameter vector, or −1. */
  posOffset: number
  /** Offset of this population's neuron signs (+1 E, −1 I; Dale), or −1. */
  signOffset: number
  posDims: number
  posScale: number
}

export interface ProjectionPlan {
  pre: number
  post: number
  nPre: number
  nPost: number
  delayMode: DelayMode
  /** Offsets in the parameter vector; weights and delays are row-major [pre][post]. */
  wOffset: number
  /** −1 unless the delays are parameters (fixed or learn). */
  dOffset: number
  /** Dale's principle on this projection: weight (i, j) keeps the sign params[signOffset + i]. */
  dale: boolean
  /** The presynaptic population's sign offset when `dale`, else −1. */
  signOffset: number
  /** Fraction of synapses present (1: dense); below 1, absent synapses have weight exactly 0. */
  density: number
}

/** 'sign': a neuron's Dale sign, drawn at initialisation and never trained. */
export type ParamKind = 'weight' | 'delay' | 'fixed-delay' | 'position' | 'sign'

export interface ParamGroup {
  kind: ParamKind
  offset: number
  length: number
}

export interface Plan {
  spec: NetworkSpec
  populations: PopulationPlan[]
  projections: ProjectionPlan[]
  groups: ParamGroup[]
  paramCount: number
  /** Largest delay in steps; ring buffers hold maxDelaySteps + 2 slots. */
  maxDelaySteps: number
  outputPop: number
  /** Some projection obeys Dale's principle or is sparse: weights are constrained after each step (main/train/rewire.ts). */
  constrained: boolean
}

export function compile(spec: NetworkSpec): Plan {
  if (!(spec.dt > 0)) throw new Error('network: dt must be positive')
  if (!Number.isInteger(spec.steps) || spec.steps < 1) throw new Error('network: steps must be a positive integer')
  const groups: ParamGroup[] = []
  let offset = 0
  const take = (kind: ParamKind, length: number): number => {
    groups.push({ kind, offset, length })
    offset += length
    return offset - length
  }
  const pop = (kind: PopulationPlan['kind'], size: number, tauM: number, tauS: number, threshold: number): PopulationPlan => {
    const beta = Math.exp(-spec.dt / tauS)
    return {
      kind, size, tauM, tauS, threshold, alpha: Math.exp(-spec.dt / tauM), beta,
      iScale: (tauS / spec.dt) * (1 - beta), posOffset: -1, signOffset: -1, posDims: 0, posScale: 0
    }
  }
  const populations: PopulationPlan[] = [pop('input', spec.inputs, 1, 1, Infinity)]
  for (const h of [...spec.hidden, spec.output])
    if (h.tauM === h.tauS) throw new Error('network: tauM and tauS must differ (the adjoint divides by their difference)')
  for (const h of spec.hidden) populations.push(pop('lif', h.size, h.tauM, h.tauS, h.threshold))
  if (spec.readout === 'first-spike') populations.push(pop('lif', spec.output.size, spec.output.tauM, spec.output.tauS, spec.output.threshold ?? 1))
  else populations.push(pop('li', spec.output.size, spec.output.tauM, spec.output.tauS, Infinity))
  const outputPop = populations.length - 1

  spec.hidden.forEach((h, i) => {
    if (!h.positions) return
    const p = populations[i + 1]!
    p.posDims = h.positions.dims
    p.posScale = h.positions.scale
    p.posOffset = take('position', h.size * h.positions.dims)
  })

  const excitatory = spec.excitatory ?? 0.5
  if (!(excitatory >= 0 && excitatory <= 1)) throw new Error(`network: the excitatory fraction must lie in [0, 1], got ${excitatory}`)
  // one sign per presynaptic neuron, shared by all its Dale projections (a neuron is E or I, not E in one projection and I in another)
  const conns: [number, Connectivity][] = []
  spec.hidden.forEach((h, i) => {
    conns.push([i, h.inputConn ?? DENSE])
    if (h.recurrent) conns.push([i + 1, h.recurrentConn ?? DENSE])
  })
  conns.push([outputPop - 1, spec.output.conn ?? DENSE])
  for (const [pre, c] of conns) {
    if (!(c.density > 0 && c.density <= 1)) throw new Error(`network: a projection's density must lie in (0, 1], got ${c.density}`)
    if (c.dale && populations[pre]!.signOffset < 0) populations[pre]!.signOffset = take('sign', populations[pre]!.size)
  }

  const projections: ProjectionPlan[] = []
  const project = (pre: number, post: number, delayMode: DelayMode, conn: Connectivity): void => {
    const nPre = populations[pre]!.size, nPost = populations[post]!.size
    if (delayMode === 'position' && (populations[pre]!.posOffset < 0 || populations[post]!.posOffset < 0))
      throw new Error(`network: position delays need positions on both populations ${pre} and ${post}`)
    const wOffset = take('weight', nPre * nPost)
    const dOffset = delayMode === 'learn' ? take('delay', nPre * nPost) : delayMode === 'fixed' ? take('fixed-delay', nPre * nPost) : -1
    projections.push({
      pre, post, nPre, nPost, delayMode, wOffset, dOffset,
      dale: conn.dale, signOffset: conn.dale ? populations[pre]!.signOffset : -1, density: conn.density
    })
  }
  spec.hidden.forEach((h, i) => {
    project(i, i + 1, h.inputDelay, h.inputConn ?? DENSE)
    if (h.recurrent) project(i + 1, i + 1, h.recurrentDelay, h.recurrentConn ?? DENSE)
  })
  project(outputPop - 1, outputPop, spec.output.delay ?? 'none', spec.output.conn ?? DENSE)

  return {
    spec, populations, projections, groups, paramCount: offset,
    maxDelaySteps: Math.max(0, Math.round(spec.maxDelay / spec.dt)), outputPop,
    constrained: projections.some((p) => p.dale || p.density < 1)
  }
}

/** Delay in ms of every synapse of a projection (zeros without delays), clamped to [0, maxDelay]. */
export function projectionDelays(plan: Plan, prj: ProjectionPlan, params: Float64Array, out = new Float64Array(prj.nPre * prj.nPost)): Float64Array {
  const max = plan.spec.maxDelay
  if (prj.dOffset >= 0) {
    for (let k = 0; k < out.length; k++) out[k] = clamp(params[prj.dOffset + k]!, 0, max)
  } else if (prj.delayMode === 'position') {
    const a = plan.populations[prj.pre]!, b = plan.populations[prj.post]!
    const dims = a.posDims, scale = a.posScale
    for (let i = 0; i < prj.nPre; i++)
      for (let j = 0; j < prj.nPost; j++) {
        let s = 0
        for (let k = 0; k < dims; k++) {
          const diff = params[a.posOffset + i * dims + k]! - params[b.posOffset + j * dims + k]!
          s += diff * diff
        }
        out[i * prj.nPost + j] = clamp(scale * Math.sqrt(s), 0, max)
      }
  } else out.fill(0)
  return out
}

/**
 * Step in which an input spike at time t (ms) is emitted: ceil(t/dt) − 1, so t = 0 is step −1.
 *
 * Time conventions, one for every spike: step n covers ((n)·dt, (n+1)·dt]; a spike of step n
 * (hidden or input) happens at its end, (n+1)·dt, and with a delay of D steps it arrives at the
 * start of step n + 1 + D. An input at t therefore belongs to the step whose interval holds t and
 * arrives at ceil(t/dt)·dt + D·dt: rounded up to the next step boundary, never before t + D·dt, and
 * exactly on time when t is a multiple of dt (a spike at t = 0 acts from the first step). Rounding
 * down instead would let a spike act before it happened. Both backends, and anything else that
 * turns spike times into steps (the Loihi emulator), call this function. Datasets store times in
 * float32, so a multiple of dt may come back a few ulps above it (0.3 ms as 0.30000001); the
 * tolerance of two float32 ulps of t/dt keeps such a time in its own step.
 */
export function emissionStep(t: number, dt: number): number {
  const x = t / dt
  return Math.ceil(x - (1e-9 + 1.2e-7 * Math.abs(x))) - 1
}

/** Integer delays in steps, as the forward pass uses them. */
export function delaySteps(plan: Plan, delaysMs: Float64Array, out: Int32Array<ArrayBufferLike> = new Int32Array(delaysMs.length)): Int32Array<ArrayBufferLike> {
  const dt = plan.spec.dt, K = plan.maxDelaySteps
  for (let k = 0; k < delaysMs.length; k++) out[k] = Math.min(K, Math.max(0, Math.round(delaysMs[k]! / dt)))
  return out
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x
}
