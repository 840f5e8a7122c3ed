/**
 * The implementation of the contract, shared by every shell: it opens the store, starts the job
 * runner, and assembles one handler per call. Shells only move messages.
 */
import { spaceHandlers } from './space'
import { eiHandlers } from './ei'
import { methodHandlers } from './methods'
import { cleanStaleTemp } from '../fsutil/temp'
import type { CallContext, Handlers } from '../../preload/api'
import { JobRunner } from '../jobs/runner'
import { Store } from '../store/index'
import { appHandlers } from './app'
import type { ApiContext } from './context'
import { datasetHandlers } from './datasets'
import { deviceHandlers } from './device'
import { dispatch } from './dispatch'
import { EventBus } from './events'
import { jobHandlers } from './jobs'
import { loihiHandlers } from './loihi'
import { reportHandlers } from './reports'
import { bundleHandlers } from './bundles'
import { robustHandlers } from './robust'
import { runHandlers } from './runs'
import { cliFileNear, sweeps as sweepArea } from './sweeps'

export interface ApiOptions {
  home: string
  /** Built job worker entry. */
  workerFile: string
  nativeBinding?: string
  /** A native file dialog (the Electron shell); without one, datasets.pickFiles says so. */
  pickFiles?: (folder: boolean) => Promise<string[] | null>
  /** A long-lived shell (serve, Electron) starts the unfinished runs of running local sweeps. */
  resumeSweeps?: boolean
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
  // decompressed import copies (hundreds of MB) and runtime folders of killed processes
  cleanStaleTemp()
  store.jobs.recoverOrphans()
  store.runs.recoverOrphans((jobId) => {
    try {
      return store.jobs.get(jobId).state
    } catch {
      return null
    }
  })
  const bus = new EventBus()
  const jobs = new JobRunner({ store, workerFile: opts.workerFile, ...nb })
  let onRunFinished = (_runId: number): void => {}
  jobs.on({
    update(job) {
      bus.emit('job.update', job)
      if ((job.state === 'failed' || job.state === 'cancelled') && job.kind === 'train') {
        // the worker could not record it (cancelled mid-epoch, crashed): the run follows its job
        const { runId } = store.jobs.params(job.id) as { runId: number }
        store.runs.setState(runId, job.state, { error: job.error ?? (job.state === 'cancelled' ? 'cancelled; resume to continue from the last epoch' : null) })
        bus.emit('runs.changed', { id: runId })
      }
      if ((job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') && job.kind === 'train')
        onRunFinished((store.jobs.params(job.id) as { runId: number }).runId)
      if (job.state === 'done' && (job.kind === 'generate-yinyang' || job.kind === 'generate-synthetic' || job.kind === 'generate-shd-like' || job.kind === 'import-dataset')) {
        const { datasetId } = job.result as { datasetId: number }
        bus.emit('datasets.changed', { reason: 'added', id: datasetId })
      }
    },
    log: (entry) => bus.emit('job.log', entry),
    event: (name, payload) => bus.emit(name, payload as never)
  })
  const ctx: ApiContext = { home: opts.home, store, jobs, bus, ...(opts.pickFiles ? { pickFiles: opts.pickFiles } : {}) }
  const sweeps = sweepArea({ ...ctx, cliFile: cliFileNear(opts.workerFile) })
  onRunFinished = (runId) => {
    try {
      sweeps.runFinished(runId)
    } catch {
      // the run was deleted meanwhile: nothing to follow
    }
  }
  const handlers: Handlers = { ...appHandlers(ctx), ...deviceHandlers(), ...datasetHandlers(ctx), ...runHandlers(ctx), ...spaceHandlers(ctx), ...eiHandlers(ctx), ...methodHandlers(ctx), ...sweeps.handlers, ...loihiHandlers(ctx), ...reportHandlers(ctx), ...bundleHandlers(ctx), ...robustHandlers(ctx), ...jobHandlers(ctx) }
  if (opts.resumeSweeps) sweeps.resumeAll()
  return {
    home: opts.home, store, jobs, bus, handlers,
    call: (name, input, callCtx) => dispatch(handlers, name, input, callCtx),
    async close() {
      await jobs.close()
      store.close()
    }
  }
}
