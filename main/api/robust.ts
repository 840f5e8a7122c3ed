/** The Robustness area: attack sweeps on trained runs (main/robust) as jobs. */
import type { Handlers } from '../../preload/api'
import type { ApiContext } from './context'

type RobustHandlers = Pick<Handlers, 'robust.attack'>

const ANALOG = new Set(['fgsm', 'ifgsm', 'pgd', 'noise'])

export function robustHandlers({ store, jobs }: ApiContext): RobustHandlers {
  return {
    'robust.attack': (p) => {
      // what the job would refuse, refused now
      const run = store.runs.get(p.runId)
      if (run.datasetId === null) throw new Error(`run ${p.runId} has no dataset to attack on`)
      const d = store.datasets.get(run.datasetId)
      if (ANALOG.has(p.attack) && d.kind !== 'yinyang' && d.kind !== 'synthetic')
        throw new Error(`the ${p.attack} attack perturbs analog inputs, and dataset ${d.id} (${d.kind}) has spikes only: use shift or delete`)
      if (p.attack.startsWith('delete') && p.eps.some((e) => e > 1)) throw new Error('delete: ε is the fraction of spikes removed, at most 1')
      if (!store.runs.checkpoint(p.runId, 'best') && !store.runs.checkpoint(p.runId, 'latest')) throw new Error(`run ${p.runId} has no checkpoint yet`)
      return jobs.submit('robust-attack', p)
    }
  }
}
