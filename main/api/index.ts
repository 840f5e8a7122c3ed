/**
 * The implementation of the contract, shared by every shell: it opens the store, starts the job
 * runner, and assembles one handler per call. Shells only move messages.
 */
import type { CallContext, Handlers } from '../../preload/api'
import { JobRunner } from '../jobs/runner'
import { Store } from '../store/index'
import { appHandlers } from './app'
import type { ApiContext } from './context'
import { datasetHandlers } from './datasets'
import { dispatch } from './dispatch'
import { EventBus } from './events'
import { jobHandlers } from './jobs'

export interface ApiOptions {
  home: string
  /** Built job worker entry. */
  workerFile: string
  nativeBinding?: string
}

export interface Api {
  readonly home: string
  readonly store: Store
  readonly jobs: JobRunner
  readonly bus: EventBus
  readonly handlers: Handlers
  /** Validates and runs one call. */
  call(name: string, input: unknown, ctx: CallContext): Promise<unknown>
  close(): Promise<void>
}

export function createApi(opts: ApiOptions): Api {
  const nb = opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}
  const store = Store.openHome(opts.home, nb)
  store.jobs.recoverOrphans()
  const bus = new EventBus()
  const jobs = new JobRunner({ store, workerFile: opts.workerFile, ...nb })
  jobs.on({
    update(job) {
      bus.emit('job.update', job)
      if (job.state === 'done' && job.kind === 'generate-yinyang') {
        const { datasetId } = job.result as { datasetId: number }
        bus.emit('datasets.changed', { reason: 'added', id: datasetId })
      }
    },
    log: (entry) => bus.emit('job.log', entry)
  })
  const ctx: ApiContext = { home: opts.home, store, jobs, bus }
  const handlers: Handlers = { ...appHandlers(ctx), ...datasetHandlers(ctx), ...jobHandlers(ctx) }
  return {
    home: opts.home, store, jobs, bus, handlers,
    call: (name, input, callCtx) => dispatch(handlers, name, input, callCtx),
    async close() {
      await jobs.close()
      store.close()
    }
  }
}
