import type { EventName, EventPayload } from '../../../preload/api'
import type { Store } from '../../store/index'
import type { CancelCheck } from '../../util/cancel'

/** What a job sees of its world: the store, a cancel check, and progress and log outlets. */
export interface JobContext {
  store: Store
  cancel: CancelCheck
  /** fraction in 0…1 */
  progress(fraction: number, message: string): void
  log(level: 'info' | 'warn' | 'error', message: string): void
  /** Pushes a contract event to every connected shell (metrics as they happen). */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void
  /** Entry of the threaded engine's workers, when built (absent in tests run from source). */
  batchWorkerFile?: string
}

export interface JobDefinition<P> {
  /** Validates untrusted params (they were validated by the contract already; this re-checks in the worker). */
  parse(params: unknown): P
  title(params: P): string
  run(params: P, ctx: JobContext): Promise<unknown> | unknown
}
