/**
 * Data-driven initialisation: each projection into a LIF layer gets Normal(μ_w, σ_w) weights such
 * that, driven by the rates the data actually has, the layer's free membrane potential has a
 * chosen mean and standard deviation (in units of the threshold ϑ). This is the fluctuation-driven
 * initialisation of Rossbroich, Gygax & Zenke (2022, Neuromorph. Comput. Eng. 2 044016), in the
 * form we implement:
 *
 *   Presynaptic spikes as Poisson processes of rates ν_i (per ms) and weights w_i give, by
 *   Campbell's theorem, E[U] = Σ w_i ν_i ε̄ and Var[U] = Σ w_i² ν_i ε̂, with ε the PSP of a unit
 *   weight in our neuron (τm dV/dt = −V + I, τs dI/dt = −I, a spike adds w to I):
 *   ε(t) = τs/(τm − τs)·(e^{−t/τm} − e^{−t/τs}), ε̄ = ∫ε = τs, ε̂ = ∫ε² = τs²/(2(τm + τs)).
 *   With weights drawn Normal(μ_w, σ_w) and R = Σ ν_i:  μ_w = m·ϑ/(R ε̄) and
 *   σ_w² = share·(s·ϑ)²/(R ε̂) − μ_w²,  where m and s are the targets (`targetMean`, `targetSd`)
 *   and `share` the part of the variance this projection carries: 1 for a feedforward layer,
 *   1 − recurrentShare for the feedforward input of a recurrent layer, recurrentShare for its
 *   recurrent weights (whose mean is 0).
 *
 * What is data-driven: ν_i are measured, not assumed. Input rates come from the first `samples`
 * training samples; a hidden layer's own rates (for its recurrent weights and the next layer) are
 * measured by simulating those samples once the weights into it are set. The paper's
 * centred, purely fluctuation-driven regime is targetMean = 0; delays only shift arrivals, so the
 * stationary mean and variance do not depend on them.
 *
 * Projections into LI outputs have no threshold to aim at; their centred weights are scaled so
 * that the readouts, the softmax's logits, spread over outputs with sd `targetReadoutSd`: with the
 * papers' small output weights the logits start near 0 and Adam's steps of lr per batch take
 * hundreds of batches to reach a useful scale, which a small dataset does not have. No I/O.
 */
import { CpuNetwork, type SpikeSample } from '../snn/cpu/network'
import { type InitSpec, initParams } from '../snn/init'
import { readoutWeight } from '../snn/loss'
import { type Plan, type ProjectionPlan, emissionStep } from '../snn/model'
import { Rng, deriveSeed } from '../util/rng'
import { TINY } from '../snn/connectivity'

export interface DataInitTargets {
  /** Target mean of the free membrane potential, in units of ϑ. */
  targetMean: number
  /** Target standard deviation of the free membrane potential, in units of ϑ. */
  targetSd: number
  /** Share of a recurrent layer's variance its recurrent weights carry. */
  recurrentShare: number
  /** Training samples used to measure rates. */
  samples: number
  /** Target spread (sd over outputs) of the LI outputs' readouts, the logits of the softmax. */
  targetReadoutSd: number
}

export interface ProjectionInit {
  projection: number
  /** Summed presynaptic rate, spikes per ms. */
  rate: number
  mean: number
  sd: number
  /** Set when the targets could not be met as asked (e.g. a silent presynaptic layer). */
  note?: string
  /** How the weights were drawn where not Normal(mean, sd) (Dale's signed magnitudes). */
  detail?: string
}

export function dataDrivenInit(plan: Plan, init: InitSpec, targets: DataInitTargets, seed: number, samples: readonly SpikeSample[]): { params: Float64Array; projections: ProjectionInit[] } {
  const params = initParams(plan, init, seed)
  const rng = new Rng(deriveSeed(seed, 0xda7a))
  const pops = plan.populations
  const T = plan.spec.steps * plan.spec.dt
  const rates: (Float64Array | null)[] = pops.map(() => null)
  rates[0] = inputRates(plan, samples)
  const report: ProjectionInit[] = []
  // sparse masks as initParams drew them (recurrent weights are zeroed below while rates are measured)
  const masks = plan.projections.map((prj) => (prj.density < 1 ? Uint8Array.from(params.subarray(prj.wOffset, prj.wOffset + prj.nPre * prj.nPost), (w) => (w !== 0 ? 1 : 0)) : null))
  const set = (x: number, prj: ProjectionPlan, pre: Float64Array, mean: number, share: number): void => {
    const post = pops[prj.post]!
    const R = pre.reduce((s, v) => s + v, 0)
    if (!(R > 0)) {
      report.push({ projection: x, rate: 0, mean: NaN, sd: NaN, note: 'presynaptic neurons never spiked: kept the preset initialisation' })
      restore(prj)
      return
    }
    const epsBar = post.tauS, epsHat = (post.tauS * post.tauS) / (2 * (post.tauM + post.tauS))
    // targets on the sums over synapses present: Σ ν·E[w] = M, Σ ν·E[w²] = Q (Campbell)
    const M = (mean * post.threshold) / epsBar, Q = (share * (targets.targetSd * post.threshold) ** 2) / epsHat
    const rho = prj.density
    const mask = masks[x]
    if (prj.dale) {
      let RE = 0, RI = 0
      for (let i = 0; i < prj.nPre; i++) if (params[prj.signOffset + i]! > 0) RE += pre[i] ?? 0; else RI += pre[i] ?? 0
      const d = daleScales(RE, RI, M, Q, rho)
      for (let i = 0; i < prj.nPre; i++) {
        const s = params[prj.signOffset + i]!, c = s > 0 ? d.e : d.i
        for (let j = 0; j < prj.nPost; j++) {
          const k = i * prj.nPost + j
          params[prj.wOffset + k] = mask && !mask[k] ? 0 : s * Math.max(TINY, c * Math.abs(rng.normal()))
        }
      }
      const detail = `Dale: E weights ${d.e.toPrecision(3)}·|N(0,1)|, I weights −${d.i.toPrecision(3)}·|N(0,1)| (E inputs ${(1000 * RE).toFixed(0)}, I inputs ${(1000 * RI).toFixed(0)} spikes/s)`
      report.push({ projection: x, rate: R, mean: (rho * HALF_NORMAL_MEAN * (RE * d.e - RI * d.i)) / R, sd: NaN, detail, ...(d.note ? { note: d.note } : {}) })
      return
    }
    const muW = M / (rho * R)
    const varW = Q / (rho * R) - muW * muW
    const sdW = Math.sqrt(Math.max(0, varW))
    for (let k = 0; k < prj.nPre * prj.nPost; k++) {
      const w = muW + sdW * rng.normal()
      params[prj.wOffset + k] = mask && !mask[k] ? 0 : w === 0 ? TINY : w
    }
    report.push({ projection: x, rate: R, mean: muW, sd: sdW, ...(varW < 0 ? { note: 'the mean target alone exceeds the variance target: sd 0' } : {}) })
  }
  // a recurrent projection left at the preset's initialisation gets it back (its weights were zeroed while rates were measured)
  const restore = (prj: ProjectionPlan): void => {
    if (prj.pre === prj.post) params.set(initParams(plan, init, seed).subarray(prj.wOffset, prj.wOffset + prj.nPre * prj.nPost), prj.wOffset)
  }
  for (let p = 1; p < pops.length; p++) {
    if (pops[p]!.kind !== 'lif') continue
    const into = plan.projections.map((prj, x) => ({ prj, x })).filter(({ prj }) => prj.post === p)
    const ff = into.filter(({ prj }) => prj.pre !== p), rec = into.filter(({ prj }) => prj.pre === p)
    const share = rec.length ? 1 - targets.recurrentShare : 1
    // recurrent weights off while the layer's own rates are measured
    for (const { prj } of rec) params.fill(0, prj.wOffset, prj.wOffset + prj.nPre * prj.nPost)
    for (const { prj, x } of ff) set(x, prj, rates[prj.pre] ?? new Float64Array(0), targets.targetMean / ff.length, share / ff.length)
    if (rec.length) {
      const own = measuredRates(plan, params, samples, p, T)
      for (const { prj, x } of rec) set(x, prj, own, 0, targets.recurrentShare / rec.length)
    }
    rates[p] = measuredRates(plan, params, samples, p, T)
  }
  // LI outputs: centred weights whose readouts (logits) spread with sd `targetReadoutSd` over outputs
  const out = pops[plan.outputPop]!
  if (out.kind === 'li') {
    plan.projections.forEach((prj, x) => {
      if (prj.post !== plan.outputPop) return
      const pre = rates[prj.pre] ?? new Float64Array(0)
      const q = Math.sqrt(pre.reduce((s, v) => s + v * v, 0))
      const kappa = readoutGain(plan)
      if (!(q > 0) || !(kappa > 0)) {
        report.push({ projection: x, rate: 0, mean: NaN, sd: NaN, note: 'presynaptic neurons never spiked: kept the preset initialisation' })
        return
      }
      // a readout is ≈ κ·mean V_k, and mean V_k = Σ_j w_jk ν_j τs: sd over weights σ_w·‖ν‖·τs·κ;
      // masked (density ρ) a weight's second moment is ρσ², under Dale (w = s·c·|z|) its variance ρ − ρ²·2/π times c²
      const rho = prj.density, mask = masks[x]
      const spread = prj.dale ? Math.sqrt(rho - rho * rho * HALF_NORMAL_MEAN * HALF_NORMAL_MEAN) : Math.sqrt(rho)
      const sdW = targets.targetReadoutSd / (q * out.tauS * kappa * spread)
      for (let k = 0; k < prj.nPre * prj.nPost; k++) {
        const s = prj.dale ? params[prj.signOffset + Math.floor(k / prj.nPost)]! : 0
        const w = prj.dale ? s * Math.max(TINY, sdW * Math.abs(rng.normal())) : sdW * rng.normal()
        params[prj.wOffset + k] = mask && !mask[k] ? 0 : w === 0 ? TINY : w
      }
      report.push({ projection: x, rate: pre.reduce((s, v) => s + v, 0), mean: 0, sd: sdW, ...(prj.dale ? { detail: `Dale: weights ±${sdW.toPrecision(3)}·|N(0,1)|` } : {}) })
    })
  }
  return { params, projections: report }
}

/** E|z| of a standard normal z: the mean of a half-normal magnitude. */
const HALF_NORMAL_MEAN = Math.sqrt(2 / Math.PI)

/**
 * Scales c_E, c_I of Dale weights s·c·|z| (z standard normal, density ρ) that meet both targets:
 * ρ·E|z|·(R_E c_E − R_I c_I) = M and ρ·(R_E c_E² + R_I c_I²) = Q, with R_E, R_I the summed rates of
 * the excitatory and inhibitory presynaptic neurons. Eliminating c_I leaves a quadratic in c_E;
 * where its root would need c_I < 0 (the mean alone exceeds the variance) or one side is silent,
 * the mean target is dropped and noted.
 */
export function daleScales(RE: number, RI: number, M: number, Q: number, rho: number): { e: number; i: number; note?: string } {
  const m = M / (rho * HALF_NORMAL_MEAN), q = Q / rho
  if (!(RI > 0)) return { e: Math.sqrt(q / RE), i: 0, ...(M !== 0 ? { note: 'no inhibitory input spikes: the mean target is not met' } : {}) }
  if (!(RE > 0)) return { e: 0, i: Math.sqrt(q / RI), note: 'no excitatory input spikes: the mean target is not met' }
  const A = RE * (RI + RE), B = -2 * RE * m, C = m * m - q * RI
  const disc = B * B - 4 * A * C
  const e = disc >= 0 ? (-B + Math.sqrt(disc)) / (2 * A) : NaN
  const i = (RE * e - m) / RI
  if (Number.isFinite(e) && e >= 0 && i >= 0) return { e, i }
  return { e: Math.max(0, m) / RE || Math.sqrt(q / RE), i: 0, note: 'the mean target alone exceeds the variance target: inhibitory weights at 0' }
}

/** How a readout scales a constant output voltage (Σ of its weights over the steps; the max readout reads V itself). */
function readoutGain(plan: Plan): number {
  const { steps, dt, readout } = plan.spec
  if (readout === 'max') return 1
  let s = 0
  for (let n = 0; n < steps; n++) s += readoutWeight(readout, n, steps, dt)
  return s
}

/** Spikes per ms per input channel over the simulated window, averaged over the samples. */
export function inputRates(plan: Plan, samples: readonly SpikeSample[]): Float64Array {
  const { dt, steps } = plan.spec
  const r = new Float64Array(plan.populations[0]!.size)
  for (const s of samples)
    for (let k = 0; k < s.times.length; k++) if (emissionStep(s.times[k]!, dt) + 1 < steps && s.units[k]! < r.length) r[s.units[k]!]! += 1
  const scale = 1 / (Math.max(1, samples.length) * steps * dt)
  return r.map((v) => v * scale)
}

function measuredRates(plan: Plan, params: Float64Array, samples: readonly SpikeSample[], p: number, T: number): Float64Array {
  const net = new CpuNetwork(plan)
  net.setParams(params)
  const c = new Float64Array(plan.populations[p]!.size)
  for (const s of samples) net.forward(s).counts[p]!.forEach((n, j) => (c[j]! += n))
  return c.map((v) => v / (Math.max(1, samples.length) * T))
}

/** Multiplies the weights into population `p` from other populations (the pre-flight's rescale). */
export function scaleInputs(plan: Plan, params: Float64Array, p: number, factor: number): void {
  for (const prj of plan.projections)
    if (prj.post === p && prj.pre !== p) for (let k = 0; k < prj.nPre * prj.nPost; k++) params[prj.wOffset + k]! *= factor
}
