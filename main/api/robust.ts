/** The Robustness area: attack sweeps on trained runs (main/robust) as jobs. */
import type { Handlers } from '../../preload/api'
import type { ApiContext } from './context'

type RobustHandlers = Pick<Handlers, 'robust.attack'>

const ANALOG = new Set(['fgsm', 'ifgsm', 'pgd', 'noise'])

export function robustHandlers({ store, jobs }: ApiContext): RobustHandlers {
  return {
    'robust.attack': (p) => {
      // what the job would refuse, refused now
      const run = p.runId !== undefined ? store.runs.get(p.runId) : null
      const datasetId = run ? run.datasetId : p.datasetId!
      if (datasetId === null) throw new Error(`run ${p.runId} has no dataset to attack on`)
      const d = store.datasets.get(datasetId)
      if (!run && !ANALOG.has(p.attack)) throw new Error(`the ${p.attack} attack needs a trained spiking run (--run)`)
      for (const other of p.alongside) {
        const o = store.runs.get(other)
        if (o.datasetId !== datasetId) throw new Error(`run ${other} was trained on ${o.datasetId === null ? 'no dataset' : `dataset ${o.datasetId}`}, not on dataset ${datasetId}, whose ${p.split} split is attacked`)
        if (!store.runs.checkpoint(other, 'best') && !store.runs.checkpoint(other, 'latest')) throw new Error(`run ${other} has no checkpoint yet`)
      }
      if (ANALOG.has(p.attack) && d.kind !== 'yinyang' && d.kind !== 'synthetic' && d.kind !== 'mnist')
        throw new Error(`the ${p.attack} attack perturbs analog inputs, and dataset ${d.id} (${d.kind}) has spikes only: use shift or delete`)
      if (p.attack.startsWith('delete') && p.eps.some((e) => e > 1)) throw new Error('delete: ε is the fraction of spikes removed, at most 1')
      if (run && !store.runs.checkpoint(run.id, 'best') && !store.runs.checkpoint(run.id, 'latest')) throw new Error(`run ${p.runId} has no checkpoint yet`)
      return jobs.submit('robust-attack', p)
    }
  }
}
