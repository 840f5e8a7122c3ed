/** The Space area: analyses of position-learning runs' checkpoints (main/space). */
import type { Handlers, SpaceAnalysis } from '../../preload/api'
import { spacePlan } from '../jobs/kinds/space-plan'
import { spaceLayer } from '../space/analysis'
import type { ApiContext } from './context'

type SpaceHandlers = Pick<Handlers, 'space.analyse' | 'space.epochs' | 'space.prune' | 'space.field'>

export function spaceHandlers({ store, jobs }: ApiContext): SpaceHandlers {
  return {
    'space.prune': (params) => {
      // refuse here, at once, rather than in a job that fails later
      spacePlan(store, params.runId)
      return jobs.submit('space-prune', params)
    },
    // runs as a job (a worker): the answer comes when the job ends
    'space.analyse': (params) => new Promise<SpaceAnalysis>((resolve, reject) => {
      spacePlan(store, params.runId)
      const job = jobs.submit('space-analysis', params)
      const stop = jobs.on({
        update(j) {
          if (j.id !== job.id || (j.state !== 'done' && j.state !== 'failed' && j.state !== 'cancelled')) return
          stop()
          if (j.state !== 'done') return reject(new Error(j.error ?? `the analysis was ${j.state}`))
          const r = j.result as Omit<SpaceAnalysis, 'positions' | 'weights' | 'delays' | 'communities'> & { positions: number[]; weights: number[]; delays: number[]; communities: number[] }
          // the arrays were only in transit: keep the job's row small (a 1024-neuron layer is 1 M weights)
          store.jobs.update(j.id, { result: { runId: r.runId, epoch: r.epoch, measures: r.measures } })
          resolve({ ...r, positions: Float32Array.from(r.positions), weights: Float32Array.from(r.weights), delays: Float32Array.from(r.delays), communities: Int32Array.from(r.communities) })
        }
      })
    }),
    'space.field': ({ runId, checkpoint, neuron }) => {
      const plan = spacePlan(store, runId)
      const ckpt = store.runs.checkpoint(runId, checkpoint)
      if (!ckpt) throw new Error(`run ${runId} has no ${checkpoint} checkpoint yet`)
      const p = spaceLayer(plan)
      const n = plan.populations[p]!.size
      if (neuron >= n) throw new Error(`the measured layer has ${n} neurons; there is no neuron ${neuron}`)
      const inputs = plan.projections.find((x) => x.post === p && x.pre !== p)!
      return Float32Array.from({ length: inputs.nPre }, (_, i) => ckpt.params[inputs.wOffset + i * n + neuron]!)
    },
    'space.epochs': ({ runId }) => {
      store.runs.get(runId)
      return store.runs.snapshotEpochs(runId)
    }
  }
}
