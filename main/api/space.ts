/** The Space area: analyses of position-learning runs' checkpoints (main/space). */
import { type Handlers, trainSettings } from '../../preload/api'
import { compile } from '../snn/model'
import { analyseSnapshot, analyseSpace, spaceProblem } from '../space/analysis'
import type { ApiContext } from './context'

type SpaceHandlers = Pick<Handlers, 'space.analyse' | 'space.epochs' | 'space.prune' | 'space.field'>

export function spaceHandlers({ store, jobs }: ApiContext): SpaceHandlers {
  return {
    'space.prune': (params) => {
      const plan = compile(trainSettings.parse(store.runs.settings(params.runId)).network)
      const problem = spaceProblem(plan)
      if (problem) throw new Error(`run ${params.runId}: ${problem}`)
      return jobs.submit('space-prune', params)
    },
    'space.analyse': ({ runId, checkpoint, epoch, clusteringNulls, efficiencyNulls, spatialNulls, resolution, seed }) => {
      const run = store.runs.get(runId)
      const plan = compile(trainSettings.parse(store.runs.settings(runId)).network)
      const problem = spaceProblem(plan)
      if (problem) throw new Error(`run ${runId}: ${problem}`)
      const opts = { clusteringNulls, efficiencyNulls, spatialNulls, resolution, seed }
      const ckpt = store.runs.checkpoint(runId, checkpoint)
      // a checkpoint's epoch keeps every parameter (specialisation included); others, their snapshot
      if (epoch === undefined || (ckpt && ckpt.epoch + 1 === epoch)) {
        if (!ckpt) throw new Error(`run ${runId} (${run.state}) has no ${checkpoint} checkpoint yet: train at least one epoch`)
        return { runId, epoch: ckpt.epoch + 1, ...analyseSpace(plan, ckpt.params, opts) }
      }
      const snap = store.runs.snapshot(runId, epoch)
      if (!snap) {
        const have = store.runs.snapshotEpochs(runId)
        throw new Error(`run ${runId} has no snapshot of epoch ${epoch}${have.length ? ` (epochs ${have[0]}–${have.at(-1)} have one)` : ' (trained before snapshots were kept, or not trained yet)'}`)
      }
      return { runId, epoch, ...analyseSnapshot(plan, snap, opts) }
    },
    'space.field': ({ runId, checkpoint, neuron }) => {
      const plan = compile(trainSettings.parse(store.runs.settings(runId)).network)
      const problem = spaceProblem(plan)
      if (problem) throw new Error(`run ${runId}: ${problem}`)
      const ckpt = store.runs.checkpoint(runId, checkpoint)
      if (!ckpt) throw new Error(`run ${runId} has no ${checkpoint} checkpoint yet`)
      const p = plan.populations.findIndex((x) => x.posOffset >= 0)
      const n = plan.populations[p]!.size
      if (neuron >= n) throw new Error(`the positioned layer has ${n} neurons; there is no neuron ${neuron}`)
      const inputs = plan.projections.find((x) => x.post === p && x.pre !== p)!
      return Float32Array.from({ length: inputs.nPre }, (_, i) => ckpt.params[inputs.wOffset + i * n + neuron]!)
    },
    'space.epochs': ({ runId }) => {
      store.runs.get(runId)
      return store.runs.snapshotEpochs(runId)
    }
  }
}
