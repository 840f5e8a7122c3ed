/**
 * Initial parameters (research/algorithms.md §B.7, §C.1): weights Normal(mean, sd) per kind of
 * projection, learned and fixed delays Uniform(0, max of their kind), positions Uniform(−r, r);
 * then Dale's signs and sparse masks (connectivity.ts).
 */
import { Rng } from '../util/rng'
import { initConnectivity } from './connectivity'
import type { Plan, ProjectionPlan } from './model'

export type ProjectionKind = 'input' | 'hidden' | 'recurrent' | 'output'

export interface InitSpec {
  weight: Record<ProjectionKind, { mean: number; sd: number }>
  /** Upper bounds (ms) of the uniform delay initialisation. */
  delay: { feedforward: number; recurrent: number }
  positionRange: number
}

export const DEFAULT_INIT: InitSpec = {
  weight: {
    input: { mean: 0.03, sd: 0.01 }, hidden: { mean: 0.02, sd: 0.03 },
    recurrent: { mean: 0, sd: 0.02 }, output: { mean: 0, sd: 0.03 }
  },
  delay: { feedforward: 0, recurrent: 0 },
  positionRange: 1
}

export function projectionKind(plan: Plan, prj: ProjectionPlan): ProjectionKind {
  if (prj.post === plan.outputPop) return 'output'
  if (prj.pre === prj.post) return 'recurrent'
  return prj.pre === 0 ? 'input' : 'hidden'
}

export function initParams(plan: Plan, init: InitSpec, seed: number): Float64Array {
  const rng = new Rng(seed)
  const params = new Float64Array(plan.paramCount)
  for (const pop of plan.populations) {
    if (pop.posOffset < 0) continue
    for (let k = 0; k < pop.size * pop.posDims; k++) params[pop.posOffset + k] = (2 * rng.uniform() - 1) * init.positionRange
  }
  for (const prj of plan.projections) {
    const kind = projectionKind(plan, prj)
    const { mean, sd } = init.weight[kind]
    const n = prj.nPre * prj.nPost
    for (let k = 0; k < n; k++) params[prj.wOffset + k] = rng.normal(mean, sd)
    if (prj.dOffset >= 0) {
      const max = Math.min(plan.spec.maxDelay, kind === 'recurrent' ? init.delay.recurrent : init.delay.feedforward)
      for (let k = 0; k < n; k++) params[prj.dOffset + k] = rng.uniform() * max
    }
  }
  // Dale's signs and sparse masks from their own stream: unconstrained networks draw as before
  initConnectivity(plan, params, seed)
  return params
}
