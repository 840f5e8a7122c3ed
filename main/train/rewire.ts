/**
 * Constraints and rewiring around each optimiser step (research/algorithms.md §D.3), for
 * projections with Dale's principle or a sparse mask (main/snn/connectivity.ts has the
 * representation: signed weights, absent = exactly 0).
 *
 * Before the step, absent synapses' gradients are set aside (kept for RigL where they were
 * computed) and zeroed, so Adam moves present synapses only. After it:
 *   1. absent synapses are put back at 0 (Adam's momentum could have moved them);
 *   2. DEEP R: a present synapse whose weight reached or crossed zero (under Dale: left its neuron's
 *      sign; without: changed sign) is removed; on a dense Dale projection it is clipped to 0 and
 *      stays, as projected gradient descent on magnitudes would leave it;
 *   3. as many synapses are regrown, at magnitude 1e-12 with the neuron's sign (Dale) or against
 *      the gradient: `random` uniformly among absent synapses, `rigl` those whose gradient promises
 *      the steepest descent — under Dale the most negative ∂L/∂|w| = s·∂L/∂w, otherwise the largest
 *      |∂L/∂w| — so every sparse projection keeps its budget; `none` regrows nothing.
 * Removed and regrown synapses start with fresh Adam moments. RigL's gradients of absent synapses
 * cost a dense backward pass: one is asked for every `every` batches and its ranking kept in
 * between. No I/O.
 */
import { budget, TINY } from '../snn/connectivity'
import type { Plan, ProjectionPlan } from '../snn/model'
import type { Rng } from '../util/rng'
import type { AdamState } from './adam'

export interface RewireSettings {
  regrow: 'none' | 'random' | 'rigl'
  every: number
}

export interface RewireCounts {
  removed: number
  regrown: number
  /** Dense Dale synapses clipped at 0 (their sign would have flipped). */
  clipped: number
}

export class Rewirer {
  private batch = 0
  /** Per sparse projection: the last dense gradient RigL ranks absent synapses by. */
  private readonly ranking: (Float64Array | null)[]
  /** The sign of every synapse before the step (0: absent). */
  private readonly before: (Int8Array | null)[]
  readonly counts: RewireCounts = { removed: 0, regrown: 0, clipped: 0 }

  constructor(readonly plan: Plan, readonly settings: RewireSettings, private rng: Rng) {
    this.ranking = plan.projections.map((p) => (p.density < 1 && settings.regrow === 'rigl' ? new Float64Array(p.nPre * p.nPost) : null))
    this.before = plan.projections.map((p) => (p.density < 1 ? new Int8Array(p.nPre * p.nPost) : null))
  }

  /** Whether the coming batch's backward pass should compute absent synapses' gradients. */
  wantsDense(): boolean {
    return this.settings.regrow === 'rigl' && this.ranking.some((r) => r) && this.batch % this.settings.every === 0
  }

  /** Before Adam: records presence, keeps absent synapses' gradients for RigL (when `dense`), zeroes them. */
  beforeStep(params: Float64Array, grad: Float64Array, dense: boolean): void {
    this.plan.projections.forEach((prj, x) => {
      const was = this.before[x]
      if (!was) return
      const rank = this.ranking[x]
      for (let k = 0; k < was.length; k++) {
        const at = prj.wOffset + k
        was[k] = Math.sign(params[at]!)
        if (was[k]) continue
        if (rank && dense) rank[k] = grad[at]!
        grad[at] = 0
      }
    })
  }

  /** After Adam: enforces signs and masks, removes and regrows; returns this step's counts (also summed in `counts`). */
  afterStep(params: Float64Array, adam: AdamState): RewireCounts {
    const step: RewireCounts = { removed: 0, regrown: 0, clipped: 0 }
    this.plan.projections.forEach((prj, x) => {
      if (!prj.dale && prj.density >= 1) return
      const was = this.before[x]
      const n = prj.nPre * prj.nPost
      for (let k = 0; k < n; k++) {
        const at = prj.wOffset + k
        const i = Math.floor(k / prj.nPost)
        if (was && !was[k]) {
          params[at] = 0
          continue
        }
        const w = params[at]!
        const s = prj.dale ? params[prj.signOffset + i]! : 0
        // under Dale the sign is the neuron's; without it, the weight's before the step
        const crossed = prj.dale ? w * s <= 0 : was ? Math.sign(w) !== was[k] : false
        if (!crossed) continue
        if (was) {
          params[at] = 0
          adam.m[at] = 0
          adam.v[at] = 0
          step.removed++
        } else if (w !== 0) {
          params[at] = 0
          step.clipped++
        }
      }
      if (was && this.settings.regrow !== 'none') step.regrown += this.regrow(prj, x, params, adam)
    })
    this.batch++
    this.counts.removed += step.removed
    this.counts.regrown += step.regrown
    this.counts.clipped += step.clipped
    return step
  }

  /** Start of an epoch: its own random stream, a dense pass first, counts from zero. */
  startEpoch(rng: Rng): void {
    this.rng = rng
    this.batch = 0
    this.resetCounts()
  }

  /** Zeroes the counts. */
  resetCounts(): void {
    this.counts.removed = 0
    this.counts.regrown = 0
    this.counts.clipped = 0
  }

  private regrow(prj: ProjectionPlan, x: number, params: Float64Array, adam: AdamState): number {
    const n = prj.nPre * prj.nPost
    let present = 0
    for (let k = 0; k < n; k++) if (params[prj.wOffset + k] !== 0) present++
    const want = budget(prj) - present
    if (want <= 0) return 0
    const absent: number[] = []
    for (let k = 0; k < n; k++) if (params[prj.wOffset + k] === 0) absent.push(k)
    const rank = this.ranking[x]
    const signOf = (k: number): number => (prj.dale ? params[prj.signOffset + Math.floor(k / prj.nPost)]! : 0)
    let chosen: number[]
    if (this.settings.regrow === 'rigl' && rank) {
      // promise of growing k: how fast the loss falls as |w| grows in its allowed direction
      const promise = (k: number): number => (prj.dale ? -signOf(k) * rank[k]! : Math.abs(rank[k]!))
      chosen = topK(absent, promise, want)
    } else {
      // a partial Fisher–Yates draw without replacement
      for (let c = 0; c < want; c++) {
        const r = c + Math.floor(this.rng.uniform() * (absent.length - c))
        const t = absent[c]!
        absent[c] = absent[r]!
        absent[r] = t
      }
      chosen = absent.slice(0, want)
    }
    for (const k of chosen) {
      const at = prj.wOffset + k
      const sign = prj.dale ? signOf(k) : rank && rank[k] !== 0 ? -Math.sign(rank[k]!) : this.rng.uniform() < 0.5 ? -1 : 1
      params[at] = sign * TINY
      adam.m[at] = 0
      adam.v[at] = 0
    }
    return chosen.length
  }
}

/**
 * The `want` entries of `keys` with the largest score, best first, ties to the earlier key: a
 * bounded insertion list when few are wanted (the usual case: a handful of removals a batch among
 * 10⁵ absent synapses), a full sort otherwise.
 */
export function topK(keys: number[], score: (k: number) => number, want: number): number[] {
  if (want > 64) return keys.map((k) => [k, score(k)] as const).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, want).map((e) => e[0])
  const best: number[] = [], scores: number[] = []
  for (const k of keys) {
    const v = score(k)
    if (best.length === want && !(v > scores[want - 1]!)) continue
    let at = best.length === want ? want - 1 : best.length
    while (at > 0 && v > scores[at - 1]!) at--
    best.splice(at, 0, k)
    scores.splice(at, 0, v)
    if (best.length > want) { best.pop(); scores.pop() }
  }
  return best
}
