import type { Handlers } from '../../preload/api'
import type { ApiContext } from './context'

export function jobHandlers({ jobs }: ApiContext): Pick<Handlers, 'jobs.list' | 'jobs.cancel'> {
  return {
    'jobs.list': () => jobs.list(),
    'jobs.cancel': ({ id }) => jobs.cancel(id)
  }
}
