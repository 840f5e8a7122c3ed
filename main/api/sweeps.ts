/**
 * The Sweeps area: grids of runs of one preset (main/sweeps). A local sweep stores all its runs at
 * once (queued, no job) and trains K at a time through the job runner's pool for that sweep; a
 * restarted shell (or `axonal sweep resume`) starts what is not done, interrupted runs from their
 * last epoch. A Slurm sweep writes its directory (grid, the dataset in a base notebook, the batch
 * script), submits a job array, and `collect` copies finished tasks' runs into this notebook.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { randomBytes } from 'node:crypto'
import { version } from '../../package.json'
import type { Handlers, SlurmSettings, SweepDetail, SweepPlan, SweepSpec } from '../../preload/api'
import { sequencePatterns } from '../data/sequence'
import { Store } from '../store/index'
import { copyDataset, type SweepRow } from '../store/sweeps'
import { aggregate } from '../sweeps/aggregate'
import { SWEEP_EXAMPLES } from '../sweeps/examples'
import { expandGrid, overridesOf } from '../sweeps/grid'
import { localGrid, sweepDetail, sweepSummary } from '../sweeps/state'
import { batchScript, sbatch, scancel, taskStates } from '../sweeps/slurm'
import { Trainer } from '../train/trainer'
import type { ApiContext } from './context'
import { prepareRun } from './runs'

type SweepHandlers = Pick<Handlers, 'sweeps.plan' | 'sweeps.start' | 'sweeps.list' | 'sweeps.examples' | 'sweeps.get' | 'sweeps.aggregate' | 'sweeps.pause' | 'sweeps.resume' | 'sweeps.cancel' | 'sweeps.collect'>

/** What a Slurm task leaves beside its store when it ends (written last: no marker, not finished). */
export interface TaskMarker { uid: string; index: number; runId: number | null; state: string; error: string | null }

/** The file a Slurm sweep's tasks read: who they are and what each trains. */
export interface SweepFile { uid: string; name: string; spec: SweepSpec; datasetId: number | null; points: SweepPlan['points'] }

const INTERRUPTED = /^interrupted|^cancelled/

export interface Sweeps {
  handlers: SweepHandlers
  /** A run's job ended: start the next run of its sweep, or close the sweep. */
  runFinished(runId: number): void
  /** Starts the unfinished runs of every running local sweep (a long-lived shell, at start). */
  resumeAll(): void
}

export function sweeps(ctx: ApiContext & { cliFile: string }): Sweeps {
  const { store, jobs, bus } = ctx
  const changed = (id: number): void => bus.emit('sweeps.changed', { id })

  /** Checks every point against the preset and the dataset before anything is stored. */
  function validate(spec: SweepSpec) {
    const grid = expandGrid(spec)
    const runs = grid.points.map((p) => ({ point: p, ...prepareRun(store, spec.preset, spec.datasetId, overridesOf(spec, p.values)) }))
    return { ...grid, runs, title: runs[0]!.p.title }
  }

  /** Queues the runs of a local sweep that are not done and not already queued here. */
  function startLocal(sweepId: number, retryFailed = false): void {
    const sweep = store.sweeps.get(sweepId)
    const active = new Set(jobs.unfinished(pool(sweepId)))
    for (const run of store.runs.ofSweep(sweepId)) {
      if (run.state === 'done' || (run.jobId !== null && active.has(run.jobId))) continue
      if (run.state === 'failed' && !retryFailed && !INTERRUPTED.test(run.error ?? '')) continue
      const job = jobs.submit('train', { runId: run.id }, { name: pool(sweepId), concurrency: sweep.concurrency })
      store.runs.setJob(run.id, job.id)
      bus.emit('runs.changed', { id: run.id })
    }
    settle(sweepId)
  }

  /** A running local sweep with nothing left to do is done. */
  function settle(sweepId: number): void {
    const sweep = store.sweeps.get(sweepId)
    if (sweep.runner !== 'local' || sweep.state !== 'running') return
    if (jobs.unfinished(pool(sweepId)).length > 0) return
    if (store.runs.ofSweep(sweepId).some((r) => r.state === 'queued' || r.state === 'running')) return
    store.sweeps.setState(sweepId, 'done')
    changed(sweepId)
  }

  function detail(sweep: SweepRow): SweepDetail {
    const grid = localGrid(store, sweep)
    if (sweep.runner !== 'slurm' || !sweep.slurm) return sweepDetail(sweep, grid)
    // Slurm's word on each task: beside a collected run, or instead of the run not collected yet
    const slurm = slurmStates(sweep)
    return sweepDetail(sweep, grid.map((p) => {
      if (p.runId !== null) return { ...p, slurmState: slurm.get(p.index) ?? 'collected' }
      const s = slurm.get(p.index) ?? 'unknown'
      return { ...p, state: s === 'PENDING' ? 'queued' as const : s === 'RUNNING' ? 'running' as const : s === 'COMPLETED' ? 'pending' as const : FAILED.test(s) ? 'failed' as const : 'unknown' as const, slurmState: s }
    }))
  }

  /** Slurm's state of each task, and the tasks' own word (task.json) for those Slurm forgot. */
  function slurmStates(sweep: SweepRow): Map<number, string> {
    const s = sweep.slurm!
    const states = new Map<number, string>()
    for (const jobId of s.jobIds) {
      try {
        for (const [k, v] of taskStates(jobId)) states.set(k, v)
      } catch {
        // Slurm unreachable from here: the markers below still tell finished tasks
      }
    }
    const { points } = expandGrid(sweep.spec)
    for (const p of points) {
      const m = readMarker(s.sweepDir, p.index)
      if (m && !states.has(p.index)) states.set(p.index, m.state === 'done' ? 'COMPLETED' : 'FAILED')
    }
    return states
  }

  function submitSlurm(sweep: SweepRow, indices: number[]): string {
    const s = sweep.slurm!
    const jobId = sbatch(join(s.sweepDir, 'run-task.sh'), ranges(indices), s.parallel)
    store.sweeps.setSlurm(sweep.id, { ...s, jobIds: [...s.jobIds, jobId] })
    return jobId
  }

  const handlers: SweepHandlers = {
    'sweeps.plan': async ({ spec, concurrency }) => {
      const v = validate(spec)
      const first = v.runs[0]!
      const k = concurrency ?? defaultConcurrency(spec)
      const sizes = first.dataset === null ? { train: 4, validation: 0, test: 0 } : store.datasets.get(first.dataset).splits
      const trainSamples = sizes.train ?? 0
      let estimate: SweepPlan['estimate'] = null
      try {
        // one training batch of the first point, here, with its settings (one thread, as the sweep's runs)
        const samples = first.dataset === null ? sequencePatterns() : store.datasets.samplesRange(first.dataset, 'train', 0, first.settings.batchSize)
        const trainer = new Trainer(first.settings)
        const t0 = performance.now()
        await trainer.trainBatch(samples)
        const perSample = (performance.now() - t0) / 1000 / samples.length
        await trainer.close()
        // evaluation is a forward pass: about a third of a training step per sample
        const secondsPerRun = perSample * first.settings.epochs * (trainSamples + ((sizes.validation ?? 0) + (sizes.test ?? 0) / first.settings.epochs) / 3)
        const totalSeconds = secondsPerRun * v.points.length
        estimate = { secondsPerRun, totalSeconds, concurrency: k, wallSeconds: totalSeconds / Math.min(k, v.points.length), basis: `one batch of ${samples.length} samples of point 0 timed here (${(1000 * perSample).toFixed(1)} ms a sample), × ${first.settings.epochs} epochs at most (early stopping ends runs sooner)` }
      } catch {
        estimate = null
      }
      return { spec, points: v.points, keys: v.keys, epochs: first.settings.epochs, trainSamples, estimate }
    },
    'sweeps.start': ({ spec, on, concurrency, slurm }) => {
      const v = validate(spec)
      const name = spec.name ?? `${v.title} sweep`
      if (on === 'local') {
        if (slurm) throw new Error('slurm settings apply to a sweep on slurm')
        const sweep = store.sweeps.create({ name, spec, runner: 'local', concurrency: concurrency ?? defaultConcurrency(spec) }, (sweepId) => {
          for (const r of v.runs)
            store.runs.create({ name: `${name} · ${r.point.label}`, preset: r.p.id, datasetId: r.dataset, settings: r.settings, seed: r.settings.seed, codeVersion: version, backend: 'cpu', sweep: { id: sweepId, point: r.point.index } })
        })
        startLocal(sweep.id)
        changed(sweep.id)
        return detail(store.sweeps.get(sweep.id))
      }
      if (!slurm) throw new Error('a sweep on slurm needs its settings: at least the shared directory (slurm.dir)')
      const uid = randomBytes(8).toString('hex')
      const sweepDir = prepareSlurmDir(store, ctx.cliFile, { uid, name, spec, datasetId: spec.datasetId ?? null, points: v.points }, slurm)
      const sweep = store.sweeps.create({ name, spec, runner: 'slurm', concurrency: slurm.parallel ?? v.points.length, uid })
      store.sweeps.setSlurm(sweep.id, { ...slurm, sweepDir, jobIds: [] })
      try {
        submitSlurm(store.sweeps.get(sweep.id), v.points.map((p) => p.index))
      } catch (e) {
        // nothing was submitted: the sweep is not kept (its directory stays, to be read)
        store.sweeps.remove(sweep.id)
        throw e
      }
      changed(sweep.id)
      return detail(store.sweeps.get(sweep.id))
    },
    'sweeps.examples': () => SWEEP_EXAMPLES,
    // the list shows local states only: asking Slurm for every sweep would make listing slow
    'sweeps.list': () => store.sweeps.list().map((s) => sweepSummary(s, localGrid(store, s, false))),
    'sweeps.get': ({ id }) => detail(store.sweeps.get(id)),
    'sweeps.aggregate': ({ id, x, metric }) => {
      const sweep = store.sweeps.get(id)
      const grid = localGrid(store, sweep)
      return { x, metric, xValues: sweep.spec.grid[x] ?? [], series: aggregate(grid, Object.keys(sweep.spec.grid), x, metric) }
    },
    'sweeps.pause': ({ id }) => {
      const sweep = store.sweeps.get(id)
      if (sweep.runner !== 'local') throw new Error(`sweep ${id} runs on Slurm: cancel it there, or here with sweeps.cancel`)
      if (sweep.state !== 'running') throw new Error(`sweep ${id} is ${sweep.state}`)
      store.sweeps.setState(id, 'paused')
      // runs not started yet go back to waiting for the sweep; running ones finish
      for (const run of store.runs.ofSweep(id)) {
        if (run.state !== 'queued' || run.jobId === null) continue
        const job = jobs.cancel(run.jobId)
        if (job.state === 'cancelled') {
          store.runs.setJob(run.id, null)
          bus.emit('runs.changed', { id: run.id })
        }
      }
      changed(id)
      return detail(store.sweeps.get(id))
    },
    'sweeps.resume': ({ id, retryFailed }) => {
      const sweep = store.sweeps.get(id)
      if (sweep.runner === 'local') {
        store.sweeps.setState(id, 'running')
        startLocal(id, retryFailed)
      } else {
        const d = detail(sweep)
        const again = d.grid.filter((p) => p.runId === null && (p.state === 'failed' || p.state === 'unknown')).map((p) => p.index)
        if (again.length === 0) throw new Error(`sweep ${id}: no failed task to resubmit`)
        store.sweeps.setState(id, 'running')
        submitSlurm(sweep, again)
      }
      changed(id)
      return detail(store.sweeps.get(id))
    },
    'sweeps.cancel': ({ id }) => {
      const sweep = store.sweeps.get(id)
      store.sweeps.setState(id, 'cancelled')
      if (sweep.runner === 'local') {
        for (const run of store.runs.ofSweep(id)) {
          if (run.jobId !== null && (run.state === 'queued' || run.state === 'running')) jobs.cancel(run.jobId)
          else if (run.state === 'queued') store.runs.setState(run.id, 'cancelled', { error: 'cancelled with its sweep; resume the sweep to train it' })
        }
      } else for (const jobId of sweep.slurm?.jobIds ?? []) scancel(jobId)
      changed(id)
      return detail(store.sweeps.get(id))
    },
    'sweeps.collect': ({ id }) => {
      const sweep = store.sweeps.get(id)
      if (sweep.runner !== 'slurm' || !sweep.slurm) throw new Error(`sweep ${id} runs locally: its runs are in this notebook already`)
      const have = new Map(store.runs.ofSweep(id).map((r) => [r.sweepPoint!, r]))
      const collected: number[] = [], already: number[] = [], skipped: { index: number; reason: string }[] = []
      for (const p of expandGrid(sweep.spec).points) {
        if (have.has(p.index)) { already.push(p.index); continue }
        const reason = collectTask(sweep, p.index)
        if (reason) skipped.push({ index: p.index, reason })
        else collected.push(p.index)
      }
      const after = detail(store.sweeps.get(id))
      if (after.grid.every((p) => p.runId !== null) && sweep.state === 'running') store.sweeps.setState(id, 'done')
      for (const runId of collected) bus.emit('runs.changed', { id: runId })
      changed(id)
      return { collected, already, skipped, sweep: detail(store.sweeps.get(id)) }
    }
  }

  /** Copies one finished task's run here; or says why not (and copies nothing). */
  function collectTask(sweep: SweepRow, index: number): string | null {
    const dir = join(sweep.slurm!.sweepDir, 'tasks', String(index))
    let marker: TaskMarker | null
    try {
      marker = readMarker(sweep.slurm!.sweepDir, index)
    } catch (e) {
      return `task ${index}: its task.json is unreadable (${e instanceof Error ? e.message : String(e)})`
    }
    if (!marker) return `task ${index}: not finished (no task.json in ${dir})`
    if (marker.uid !== sweep.uid || marker.index !== index) return `task ${index}: ${dir} belongs to another sweep or task (${marker.uid} #${marker.index}, expected ${sweep.uid} #${index})`
    if (marker.state !== 'done' || marker.runId === null) return `task ${index}: its run ${marker.state}${marker.error ? `: ${marker.error}` : ''}`
    try {
      store.sweeps.importRun(join(dir, 'axonal.sqlite'), marker.runId, { sweepId: sweep.id, point: index, datasetId: sweep.spec.datasetId ?? null })
      return null
    } catch (e) {
      return `task ${index}: its store ${join(dir, 'axonal.sqlite')} could not be read: ${e instanceof Error ? e.message : String(e)}`
    }
  }

  return {
    handlers,
    runFinished(runId) {
      const run = store.runs.get(runId)
      if (run.sweepId !== null) {
        settle(run.sweepId)
        changed(run.sweepId)
      }
    },
    resumeAll() {
      for (const s of store.sweeps.list()) if (s.runner === 'local' && s.state === 'running') startLocal(s.id)
    }
  }
}

const FAILED = /FAIL|TIMEOUT|CANCEL|OUT_OF_MEMORY|PREEMPT|BOOT_FAIL|DEADLINE/

const pool = (sweepId: number): string => `sweep-${sweepId}`

/** One run per core (each trains with one thread); one at a time on a GPU. */
function defaultConcurrency(spec: SweepSpec): number {
  return spec.base.backend === 'gpu' ? 1 : Math.max(1, availableParallelism())
}

function readMarker(sweepDir: string, index: number): TaskMarker | null {
  const file = join(sweepDir, 'tasks', String(index), 'task.json')
  if (!existsSync(file)) return null
  return JSON.parse(readFileSync(file, 'utf8')) as TaskMarker
}

/** "0-3,5,7-8" from sorted task indices. */
export function ranges(indices: number[]): string {
  const out: string[] = []
  const s = [...indices].sort((a, b) => a - b)
  for (let i = 0; i < s.length; ) {
    let j = i
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++
    out.push(i === j ? String(s[i]) : `${s[i]}-${s[j]}`)
    i = j + 1
  }
  return out.join(',')
}

/** The sweep's directory on the shared file system: grid, the dataset's base notebook, the script. */
function prepareSlurmDir(store: Store, cliFile: string, file: SweepFile, slurm: SlurmSettings): string {
  const { uid, spec } = file
  const sweepDir = join(resolve(slurm.dir), `axonal-sweep-${uid}`)
  mkdirSync(join(sweepDir, 'logs'), { recursive: true })
  mkdirSync(join(sweepDir, 'tasks'), { recursive: true })
  writeFileSync(join(sweepDir, 'sweep.json'), JSON.stringify(file, null, 2))
  // each task starts from a notebook that holds just the sweep's dataset, under the same id
  const base = Store.open(join(sweepDir, 'base', 'axonal.sqlite'))
  try {
    if (spec.datasetId !== undefined) copyDataset(base.db, store.file, spec.datasetId)
  } finally {
    base.close()
  }
  const script = batchScript({ ...slurm, uid, sweepDir, node: slurm.node ?? process.execPath, cli: slurm.cli ?? cliFile })
  writeFileSync(join(sweepDir, 'run-task.sh'), script, { mode: 0o755 })
  return sweepDir
}

export const cliFileNear = (workerFile: string): string => join(dirname(workerFile), 'cli.js')
