/** A run's compiled network, when the Space area can measure it; else a clear error naming the run. */
import { eventPropNetwork } from './run-network'
import { type Plan, compile } from '../../snn/model'
import { spaceProblem } from '../../space/analysis'
import type { Store } from '../../store/index'

export function spacePlan(store: Store, runId: number): Plan {
  const plan = compile(eventPropNetwork(store, runId, 'the Space analysis'))
  const problem = spaceProblem(plan)
  if (problem) throw new Error(`run ${runId}: ${problem}`)
  return plan
}
