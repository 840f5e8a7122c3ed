/** Messages between the job runner and its worker threads. */
import type { EventName, JobKind } from '../../preload/api'

export interface WorkerData {
  jobId: number
  kind: JobKind
  params: unknown
  storeFile: string
  nativeBinding?: string
  /** Shared cancel flag (see util/cancel.ts). */
  cancel: SharedArrayBuffer
  /** Built entry of the threaded engine's workers (out/main/batch-worker.js). */
  batchWorkerFile: string
}

export type WorkerMessage =
  | { t: 'progress'; progress: number; message: string }
  | { t: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { t: 'event'; name: EventName; payload: unknown }
  | { t: 'done'; result: unknown }
  | { t: 'error'; error: string; cancelled: boolean }
