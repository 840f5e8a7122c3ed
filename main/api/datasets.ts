import type { Handlers } from '../../preload/api'
import type { ApiContext } from './context'

type DatasetHandlers = Pick<
  Handlers,
  'datasets.list' | 'datasets.get' | 'datasets.points' | 'datasets.sample' | 'datasets.generateYinYang' | 'datasets.remove'
>

export function datasetHandlers({ store, jobs, bus }: ApiContext): DatasetHandlers {
  return {
    'datasets.list': () => store.datasets.list(),
    'datasets.get': ({ id }) => store.datasets.get(id),
    'datasets.points': ({ id, split, limit }) => store.datasets.points(id, split, limit),
    'datasets.sample': ({ id, split, index }) => store.datasets.sample(id, split, index),
    'datasets.generateYinYang': (params) => jobs.submit('generate-yinyang', params),
    'datasets.remove': ({ id }) => {
      const removed = store.datasets.remove(id)
      if (removed) bus.emit('datasets.changed', { reason: 'removed', id })
      return { removed }
    }
  }
}
