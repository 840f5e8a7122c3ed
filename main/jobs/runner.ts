/**
 * Runs jobs in worker threads, one queue per process.
 *
 * Each job gets a fresh worker (isolation: an exception or a crash there marks that job failed and
 * nothing else). State lives in the store's jobs table, so a reloaded UI re-attaches by listing
 * jobs, and a job whose process died is marked failed at the next start (JobRepo.recoverOrphans).
 *
 * Jobs queue in pools: the main pool (`concurrency`, one by default) and named pools with their own
 * limit, which a sweep uses to train K of its runs at once beside whatever else the user runs.
 */
import { dirname, join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { EventName, JobInfo, JobKind, JobLog, JobState } from '../../preload/api'
import type { Store } from '../store/index'
import { CancelFlag } from '../util/cancel'
import { jobDefinition } from './kinds/index'
import type { WorkerData, WorkerMessage } from './protocol'
import { prepareGpuEnvironment } from '../gpu/device'

export interface JobRunnerOptions {
  store: Store
  /** Built worker entry (out/main/job-worker.js). */
  workerFile: string
  nativeBinding?: string
  /** Jobs running at once. SQLite has one writer, so more than a couple rarely helps. */
  concurrency?: number
  /** How long a cancelled job may take to stop by itself before its worker is terminated. */
  cancelGraceMs?: number
  /** Minimum interval between persisted progress updates of one job. */
  progressIntervalMs?: number
}

export interface JobListener {
  update?(job: JobInfo): void
  log?(entry: JobLog): void
  event?(name: EventName, payload: unknown): void
}

const MAIN_POOL = 'main'

/** A named queue with its own limit on running jobs. */
export interface JobPool {
  name: string
  concurrency: number
}

interface Running {
  pool: string
  /** Live view of the job; progress stays here (a worker may hold the store's write lock). */
  info: JobInfo
  worker: Worker
  flag: CancelFlag
  cancelRequested: boolean
  finished: boolean
  lastProgressAt: number
  finalMessage?: string
  killTimer?: NodeJS.Timeout
}

export class JobRunner {
  private readonly pools = new Map<string, { concurrency: number; queue: number[] }>()
  private readonly running = new Map<number, Running>()
  private readonly listeners = new Set<JobListener>()
  private idleWaiters: (() => void)[] = []
  private readonly concurrency: number
  private readonly cancelGraceMs: number
  private readonly progressIntervalMs: number

  constructor(private readonly opts: JobRunnerOptions) {
    // job workers open WebGPU devices; the Vulkan loader's environment is set here, on the main thread
    prepareGpuEnvironment()
    this.concurrency = opts.concurrency ?? 1
    this.pools.set(MAIN_POOL, { concurrency: this.concurrency, queue: [] })
    this.cancelGraceMs = opts.cancelGraceMs ?? 5000
    this.progressIntervalMs = opts.progressIntervalMs ?? 100
  }

  on(listener: JobListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Queues a job in the main pool, or in a named pool (created, or its limit updated). */
  submit(kind: JobKind, params: unknown, pool?: JobPool): JobInfo {
    const def = jobDefinition(kind)
    const parsed = def.parse(params)
    const job = this.opts.store.jobs.create(kind, def.title(parsed), parsed)
    this.emit(job)
    const name = pool?.name ?? MAIN_POOL
    const q = this.pools.get(name) ?? { concurrency: pool?.concurrency ?? 1, queue: [] }
    if (pool) q.concurrency = pool.concurrency
    this.pools.set(name, q)
    q.queue.push(job.id)
    this.pump()
    return job
  }

  cancel(id: number): JobInfo {
    const job = this.opts.store.jobs.get(id)
    const pool = [...this.pools.values()].find((p) => p.queue.includes(id))
    if (pool) {
      pool.queue.splice(pool.queue.indexOf(id), 1)
      const done = this.opts.store.jobs.update(id, { state: 'cancelled', message: 'cancelled before it started' })
      this.emit(done)
      this.settleIdle()
      return done
    }
    const r = this.running.get(id)
    if (!r || r.cancelRequested) return job
    r.cancelRequested = true
    r.flag.cancel()
    const updated = (r.info = { ...r.info, message: 'cancelling…' })
    this.emit(updated)
    // A job stuck in code that never checks the flag is stopped the hard way.
    r.killTimer = setTimeout(() => void r.worker.terminate(), this.cancelGraceMs)
    return updated
  }

  /** Recent jobs, most recent first, with live progress for the running ones. */
  list(limit = 50): JobInfo[] {
    return this.opts.store.jobs.list(limit).map((j) => this.running.get(j.id)?.info ?? j)
  }

  /** Ids of jobs queued or running in this process (in one pool, if named). */
  active(pool?: string): number[] {
    const running = [...this.running].filter(([, r]) => pool === undefined || r.pool === pool).map(([id]) => id)
    const queued = [...this.pools].filter(([name]) => pool === undefined || name === pool).flatMap(([, p]) => p.queue)
    return [...running, ...queued]
  }

  /** Ids of a pool's jobs that have not finished (queued, or running and not yet done). */
  unfinished(pool: string): number[] {
    const running = [...this.running].filter(([, r]) => r.pool === pool && !r.finished).map(([id]) => id)
    return [...running, ...(this.pools.get(pool)?.queue ?? [])]
  }

  /** Resolves when no job is queued or running. */
  idle(): Promise<void> {
    if (this.active().length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Cancels everything and waits for the workers to stop. */
  async close(): Promise<void> {
    for (const id of [...this.pools.values()].flatMap((p) => p.queue)) this.cancel(id)
    const exits = [...this.running.values()].map(
      (r) => new Promise<void>((resolve) => { r.worker.once('exit', () => resolve()) })
    )
    for (const id of [...this.running.keys()]) this.cancel(id)
    await Promise.all(exits)
  }

  private pump(): void {
    for (const [name, pool] of this.pools) {
      let busy = [...this.running.values()].filter((r) => r.pool === name).length
      while (busy < pool.concurrency && pool.queue.length > 0) {
        this.start(pool.queue.shift()!, name)
        busy++
      }
    }
  }

  private start(id: number, pool: string): void {
    const { store } = this.opts
    const job = store.jobs.get(id)
    const flag = new CancelFlag()
    const data: WorkerData = {
      jobId: id, kind: job.kind, params: store.jobs.params(id), storeFile: store.file, cancel: flag.buffer,
      batchWorkerFile: join(dirname(this.opts.workerFile), 'batch-worker.js'),
      ...(this.opts.nativeBinding ? { nativeBinding: this.opts.nativeBinding } : {})
    }
    const info = store.jobs.update(id, { state: 'running', message: 'starting' })
    const worker = new Worker(this.opts.workerFile, { workerData: data })
    const r: Running = { pool, info, worker, flag, cancelRequested: false, finished: false, lastProgressAt: 0 }
    this.running.set(id, r)
    this.emit(info)

    worker.on('message', (m: WorkerMessage) => {
      if (r.finished) return
      switch (m.t) {
        case 'progress': {
          const now = Date.now()
          // the last word at 100% is what a finished job shows ("already imported as dataset 3")
          if (m.progress >= 1) r.finalMessage = m.message
          if (now - r.lastProgressAt < this.progressIntervalMs) return
          r.lastProgressAt = now
          r.info = { ...r.info, progress: clamp01(m.progress), message: r.cancelRequested ? r.info.message : m.message }
          this.emit(r.info)
          return
        }
        case 'log':
          for (const l of this.listeners) l.log?.({ jobId: id, level: m.level, message: m.message, at: new Date().toISOString() })
          return
        case 'event':
          for (const l of this.listeners) l.event?.(m.name, m.payload)
          return
        case 'done':
          this.finish(id, 'done', { progress: 1, result: m.result, message: r.finalMessage ?? 'done' })
          return
        case 'error':
          if (m.cancelled) this.finish(id, 'cancelled', { message: 'cancelled' })
          else this.finish(id, 'failed', { error: m.error, message: 'failed' })
          return
      }
    })
    worker.on('error', (err) => this.finish(id, 'failed', { error: err.message, message: 'failed' }))
    worker.on('exit', (code) => {
      if (r.cancelRequested) this.finish(id, 'cancelled', { message: 'cancelled' })
      else this.finish(id, 'failed', { error: `worker exited with code ${code} before finishing`, message: 'failed' })
      clearTimeout(r.killTimer)
      this.running.delete(id)
      this.pump()
      this.settleIdle()
    })
  }

  private finish(id: number, state: JobState, patch: { progress?: number; result?: unknown; error?: string; message: string }): void {
    const r = this.running.get(id)
    if (!r || r.finished) return
    r.finished = true
    r.info = this.opts.store.jobs.update(id, { state, progress: patch.progress ?? r.info.progress, ...patch })
    this.emit(r.info)
  }

  private settleIdle(): void {
    if (this.active().length > 0) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const w of waiters) w()
  }

  private emit(job: JobInfo): void {
    for (const l of this.listeners) l.update?.(job)
  }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0
}
