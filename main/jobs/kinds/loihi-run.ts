/** A run's plan, checkpoint and class names for the Loihi 2 panel; a clear error naming what is missing. */
import { eventPropNetwork } from './run-network'
import { type Plan, compile } from '../../snn/model'
import type { Checkpoint } from '../../store/runs'
import type { Store } from '../../store/index'

export function loihiCheckpoint(store: Store, runId: number, which: 'best' | 'latest'): { plan: Plan; ckpt: Checkpoint; classNames: string[] } {
  const run = store.runs.get(runId)
  const plan = compile(eventPropNetwork(store, runId, 'the Loihi 2 deployment'))
  const ckpt = store.runs.checkpoint(runId, which)
  if (!ckpt) throw new Error(`run ${runId} (${run.state}) has no ${which} checkpoint yet: train at least one epoch`)
  const k = plan.populations[plan.outputPop]!.size
  const classNames = run.datasetId === null ? Array.from({ length: k }, (_, i) => `class ${i}`) : store.datasets.get(run.datasetId).classNames
  return { plan, ckpt, classNames }
}
