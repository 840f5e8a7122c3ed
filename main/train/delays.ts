/** Histogram of a network's learned delays (ms), for the delay-over-epochs view. */
import { type Plan, projectionDelays } from '../snn/model'

export const DELAY_BINS = 20

export function delayEdges(plan: Plan): number[] {
  const max = Math.max(plan.spec.maxDelay, 1e-9)
  return Array.from({ length: DELAY_BINS + 1 }, (_, k) => (k * max) / DELAY_BINS)
}

/** Counts of synapses per bin over every projection whose delays learn (per synapse or via positions). */
export function delayHistogram(plan: Plan, params: Float64Array): number[] | null {
  const counts = new Array<number>(DELAY_BINS).fill(0)
  let any = false
  const max = plan.spec.maxDelay
  for (const prj of plan.projections) {
    if (prj.delayMode !== 'learn' && prj.delayMode !== 'position') continue
    any = true
    for (const d of projectionDelays(plan, prj, params)) counts[Math.min(DELAY_BINS - 1, Math.floor((d / Math.max(max, 1e-9)) * DELAY_BINS))]!++
  }
  return any ? counts : null
}
