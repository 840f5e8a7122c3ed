/** Training runs, their metrics and checkpoints. */
import type { MetricPoint, Preflight, RunDetail, RunSummary } from '../../preload/api'
import { fromBlob, toBlob } from './blobs'
import { type Db, nextId, nowIso } from './db'

interface RunRow {
  id: number; name: string; preset: string; dataset_id: number | null; settings: string; seed: number
  code_version: string; backend: string; state: RunSummary['state']; epochs_done: number; best_epoch: number | null
  result: string | null; error: string | null; job_id: number | null; created_at: string; finished_at: string | null
  preflight: string | null; sweep_id: number | null; sweep_point: number | null
}

export interface Checkpoint {
  epoch: number
  params: Float64Array
  adam: { step: number; m: Float64Array; v: Float64Array }
  state: { rng: number[]; bestAccuracy: number; sinceBest: number }
}

export class RunRepo {
  constructor(private readonly db: Db) {}

  create(r: { name: string; preset: string; datasetId: number | null; settings: unknown; seed: number; codeVersion: string; backend: string; sweep?: { id: number; point: number } }): RunSummary {
    const id = this.db.transaction(() => {
      const next = nextId(this.db, 'runs')
      this.db
        .prepare(`INSERT INTO runs (id, name, preset, dataset_id, settings, seed, code_version, backend, state, created_at, sweep_id, sweep_point)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`)
        .run(next, r.name, r.preset, r.datasetId, JSON.stringify(r.settings), r.seed, r.codeVersion, r.backend, nowIso(), r.sweep?.id ?? null, r.sweep?.point ?? null)
      return next
    })()
    return this.get(id)
  }

  /** The runs a sweep made, by grid point. */
  ofSweep(sweepId: number): RunSummary[] {
    return (this.db.prepare('SELECT * FROM runs WHERE sweep_id = ? ORDER BY sweep_point').all(sweepId) as RunRow[]).map(toSummary)
  }

  list(): RunSummary[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY id DESC').all() as RunRow[]).map(toSummary)
  }

  get(id: number): RunSummary {
    return toSummary(this.row(id))
  }

  settings(id: number): unknown {
    return JSON.parse(this.row(id).settings) as unknown
  }

  detail(id: number): Omit<RunDetail, 'delayHistograms' | 'delayEdges' | 'activity' | 'cost'> & { extras: { epoch: number; extra: unknown }[] } {
    const row = this.row(id)
    const metrics = this.db
      .prepare('SELECT epoch, split, loss, accuracy FROM metrics WHERE run_id = ? ORDER BY epoch, split')
      .all(id) as MetricPoint[]
    const extras = (this.db
      .prepare(`SELECT epoch, extra FROM metrics WHERE run_id = ? AND extra IS NOT NULL ORDER BY epoch`)
      .all(id) as { epoch: number; extra: string }[]).map((e) => ({ epoch: e.epoch, extra: JSON.parse(e.extra) as unknown }))
    return { ...toSummary(row), settings: JSON.parse(row.settings) as RunDetail['settings'], metrics, extras }
  }

  setState(id: number, state: RunSummary['state'], patch: { error?: string | null; result?: unknown } = {}): void {
    const finished = state === 'done' || state === 'failed' || state === 'cancelled' ? nowIso() : null
    this.db
      .prepare('UPDATE runs SET state = ?, error = ?, result = COALESCE(?, result), finished_at = ? WHERE id = ?')
      .run(state, patch.error ?? null, patch.result === undefined ? null : JSON.stringify(patch.result), finished, id)
  }

  /**
   * One epoch's metrics and its checkpoints, atomically: a killed run resumes from a consistent
   * state. `epoch` is the 0-based index of the epoch that just ended; metrics are filed under the
   * number of completed epochs (epoch + 1), as are the points reported within an epoch (e + fraction).
   */
  saveEpoch(
    id: number, epoch: number, metrics: (Omit<MetricPoint, 'epoch'> & { extra?: unknown })[], latest: Checkpoint, isBest: boolean,
    snapshot?: { positions: Float32Array; weights: Float32Array }, ei?: { weights: Float32Array; delays: Float32Array }
  ): void {
    const insertMetric = this.db.prepare(
      'INSERT OR REPLACE INTO metrics (run_id, epoch, split, loss, accuracy, extra, at) VALUES (?, ?, ?, ?, ?, ?, ?)'
    )
    const insertCkpt = this.db.prepare(
      `INSERT OR REPLACE INTO checkpoints (run_id, kind, epoch, params, adam_m, adam_v, adam_step, state, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    this.db.transaction(() => {
      for (const m of metrics)
        insertMetric.run(id, epoch + 1, m.split, m.loss, m.accuracy, m.extra === undefined ? null : JSON.stringify(m.extra), nowIso())
      const args = (kind: string) => [
        id, kind, latest.epoch, toBlob(latest.params), toBlob(latest.adam.m), toBlob(latest.adam.v), latest.adam.step,
        JSON.stringify(latest.state), nowIso()
      ]
      insertCkpt.run(...args('latest'))
      if (isBest) insertCkpt.run(...args('best'))
      if (snapshot)
        this.db.prepare('INSERT OR REPLACE INTO space_snapshots (run_id, epoch, positions, weights) VALUES (?, ?, ?, ?)')
          .run(id, epoch + 1, toBlob(snapshot.positions), toBlob(snapshot.weights))
      if (ei)
        this.db.prepare('INSERT OR REPLACE INTO ei_snapshots (run_id, epoch, weights, delays) VALUES (?, ?, ?, ?)')
          .run(id, epoch + 1, toBlob(ei.weights), toBlob(ei.delays))
      this.db.prepare('UPDATE runs SET epochs_done = ?, best_epoch = CASE WHEN ? THEN ? ELSE best_epoch END WHERE id = ?')
        .run(epoch + 1, isBest ? 1 : 0, epoch, id)
    }).immediate()
  }

  /** Metrics within an epoch (progress points of long epochs); no checkpoint. */
  saveMetric(id: number, epoch: number, m: Omit<MetricPoint, 'epoch'>): void {
    this.db.prepare('INSERT OR REPLACE INTO metrics (run_id, epoch, split, loss, accuracy, extra, at) VALUES (?, ?, ?, ?, ?, NULL, ?)')
      .run(id, epoch, m.split, m.loss, m.accuracy, nowIso())
  }

  /** Epochs (from 1) with a Space snapshot. */
  snapshotEpochs(id: number): number[] {
    return (this.db.prepare('SELECT epoch FROM space_snapshots WHERE run_id = ? ORDER BY epoch').raw().all(id) as [number][]).map((r) => r[0])
  }

  snapshot(id: number, epoch: number): { positions: Float32Array; weights: Float32Array } | null {
    const r = this.db.prepare('SELECT positions, weights FROM space_snapshots WHERE run_id = ? AND epoch = ?').get(id, epoch) as { positions: Buffer; weights: Buffer } | undefined
    return r ? { positions: fromBlob(r.positions, Float32Array), weights: fromBlob(r.weights, Float32Array) } : null
  }

  /** Epochs (from 1) with an E/I snapshot. */
  eiEpochs(id: number): number[] {
    return (this.db.prepare('SELECT epoch FROM ei_snapshots WHERE run_id = ? ORDER BY epoch').raw().all(id) as [number][]).map((r) => r[0])
  }

  eiSnapshot(id: number, epoch: number): { weights: Float32Array; delays: Float32Array } | null {
    const r = this.db.prepare('SELECT weights, delays FROM ei_snapshots WHERE run_id = ? AND epoch = ?').get(id, epoch) as { weights: Buffer; delays: Buffer } | undefined
    return r ? { weights: fromBlob(r.weights, Float32Array), delays: fromBlob(r.delays, Float32Array) } : null
  }

  checkpoint(id: number, kind: 'latest' | 'best'): Checkpoint | null {
    const r = this.db.prepare('SELECT * FROM checkpoints WHERE run_id = ? AND kind = ?').get(id, kind) as
      | { epoch: number; params: Buffer; adam_m: Buffer; adam_v: Buffer; adam_step: number; state: string }
      | undefined
    if (!r) return null
    return {
      epoch: r.epoch,
      params: fromBlob(r.params, Float64Array),
      adam: { step: r.adam_step, m: fromBlob(r.adam_m, Float64Array), v: fromBlob(r.adam_v, Float64Array) },
      state: JSON.parse(r.state) as Checkpoint['state']
    }
  }

  setPreflight(id: number, p: Preflight): void {
    this.db.prepare('UPDATE runs SET preflight = ? WHERE id = ?').run(JSON.stringify(p), id)
  }

  /** The backend that actually trains (e.g. 'cpu ×2 threads'), once the job has chosen it. */
  setBackend(id: number, backend: string): void {
    this.db.prepare('UPDATE runs SET backend = ? WHERE id = ?').run(backend, id)
  }

  /** Queued for a job; without one, queued for its sweep to start it. */
  setJob(id: number, jobId: number | null): void {
    this.db.prepare(`UPDATE runs SET job_id = ?, state = 'queued', error = NULL, finished_at = NULL WHERE id = ?`).run(jobId, id)
  }

  /** Runs left 'running' by a job that no longer runs (a killed process) become failed: resume continues them. */
  recoverOrphans(jobState: (jobId: number) => string | null): number {
    // a sweep's run not started yet has no job: it stays queued for the sweep to start
    const rows = this.db.prepare(`SELECT id, job_id FROM runs WHERE state IN ('queued', 'running') AND NOT (sweep_id IS NOT NULL AND job_id IS NULL)`).all() as { id: number; job_id: number | null }[]
    let n = 0
    for (const r of rows) {
      const s = r.job_id === null ? null : jobState(r.job_id)
      if (s === 'queued' || s === 'running') continue
      this.setState(r.id, 'failed', { error: 'interrupted before it finished; resume to continue from the last epoch' })
      n++
    }
    return n
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0
  }

  private row(id: number): RunRow {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined
    if (!row) throw new Error(`run ${id} does not exist`)
    return row
  }
}

function toSummary(r: RunRow): RunSummary {
  return {
    id: r.id, name: r.name, preset: r.preset, datasetId: r.dataset_id, state: r.state, jobId: r.job_id, backend: r.backend, seed: r.seed,
    // epochs are counted from 1 everywhere the user sees them (metrics are filed under completed epochs)
    epochsDone: r.epochs_done, bestEpoch: r.best_epoch === null ? null : r.best_epoch + 1, result: r.result ? (JSON.parse(r.result) as RunSummary['result']) : null,
    error: r.error, createdAt: r.created_at, finishedAt: r.finished_at, preflight: r.preflight ? (JSON.parse(r.preflight) as Preflight) : null,
    sweepId: r.sweep_id, sweepPoint: r.sweep_point
  }
}
