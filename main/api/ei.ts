/** The E/I area: receptive-field maps of a run's checkpoints and per-epoch snapshots (main/ei). */
import type { Handlers } from '../../preload/api'
import { eiOfStoredRun } from '../jobs/kinds/ei-of-run'
import type { ApiContext } from './context'

type EiHandlers = Pick<Handlers, 'ei.analyse' | 'ei.epochs'>

export function eiHandlers({ store }: ApiContext): EiHandlers {
  return {
    'ei.analyse': (params) => eiOfStoredRun(store, params),
    'ei.epochs': ({ runId }) => {
      store.runs.get(runId)
      return store.runs.eiEpochs(runId)
    }
  }
}
