/** Messages between the threaded engine (batch-pool.ts) and its batch workers (batch-worker.ts). */
import type { NetworkSpec } from '../snn/model'
import type { BatchSummary, PackedSamples, RegSettings } from '../train/slice'

export interface BatchWorkerData {
  spec: NetworkSpec
  /** Parameters, written by the pool before each request; read-only in the workers. */
  params: SharedArrayBuffer
  /** This worker's ∂L/∂w share, and its ∂L/∂d share (all projections' delays, concatenated). */
  grad: SharedArrayBuffer
  delayGrads: SharedArrayBuffer
}

export type BatchRequest =
  | { t: 'forward'; samples: PackedSamples; keep: boolean }
  | { t: 'backward'; batch: number; reg: RegSettings | undefined; counts: Float64Array[]; denseGrads: boolean }

export type BatchReply =
  | { t: 'forward'; summary: BatchSummary; counts: Float64Array[] }
  | { t: 'backward' }
  | { t: 'error'; message: string }
