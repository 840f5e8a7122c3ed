import type { JobRunner } from '../jobs/runner'
import type { Store } from '../store/index'
import type { EventBus } from './events'

/** What handlers are built from. */
export interface ApiContext {
  home: string
  store: Store
  jobs: JobRunner
  bus: EventBus
  pickFiles?: (folder: boolean) => Promise<string[] | null>
}
