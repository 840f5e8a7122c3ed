/** The Space area: analyses of position-learning runs' checkpoints (main/space). */
import { type Handlers, trainSettings } from '../../preload/api'
import { compile } from '../snn/model'
import { analyseSpace, spaceProblem } from '../space/analysis'
import type { ApiContext } from './context'

type SpaceHandlers = Pick<Handlers, 'space.analyse'>

export function spaceHandlers({ store }: ApiContext): SpaceHandlers {
  return {
    'space.analyse': ({ runId, checkpoint, clusteringNulls, efficiencyNulls, spatialNulls, resolution, seed }) => {
      const run = store.runs.get(runId)
      const plan = compile(trainSettings.parse(store.runs.settings(runId)).network)
      const problem = spaceProblem(plan)
      if (problem) throw new Error(`run ${runId}: ${problem}`)
      const ckpt = store.runs.checkpoint(runId, checkpoint)
      if (!ckpt) throw new Error(`run ${runId} (${run.state}) has no ${checkpoint} checkpoint yet: train at least one epoch`)
      const a = analyseSpace(plan, ckpt.params, { clusteringNulls, efficiencyNulls, spatialNulls, resolution, seed })
      return { runId, epoch: ckpt.epoch + 1, ...a }
    }
  }
}
