/** Sweeps (main/sweeps) and the copy of task stores' runs into this notebook. */
import { randomBytes } from 'node:crypto'
import type { SlurmSettings, SweepSpec, SweepState } from '../../preload/api'
import { type Db, nextId, nowIso, openDb } from './db'
import { copyDatasetRows, copyRunFromFile } from './transfer'

export interface SweepRow {
  id: number
  uid: string
  name: string
  spec: SweepSpec
  runner: 'local' | 'slurm'
  state: SweepState
  concurrency: number
  slurm: (SlurmSettings & { jobIds: string[]; sweepDir: string }) | null
  createdAt: string
  finishedAt: string | null
}

interface Row { id: number; uid: string; name: string; spec: string; runner: 'local' | 'slurm'; state: SweepState; concurrency: number; slurm: string | null; created_at: string; finished_at: string | null }

export class SweepRepo {
  constructor(private readonly db: Db) {}

  /** Stores a sweep; `runs` makes its runs inside the same transaction (all or nothing). */
  create(s: { name: string; spec: SweepSpec; runner: 'local' | 'slurm'; concurrency: number; uid?: string }, runs: (sweepId: number) => void = () => {}): SweepRow {
    const id = this.db.transaction(() => {
      const next = nextId(this.db, 'sweeps')
      this.db.prepare(`INSERT INTO sweeps (id, uid, name, spec, runner, state, concurrency, created_at) VALUES (?, ?, ?, ?, ?, 'running', ?, ?)`)
        .run(next, s.uid ?? randomBytes(8).toString('hex'), s.name, JSON.stringify(s.spec), s.runner, s.concurrency, nowIso())
      runs(next)
      return next
    })()
    return this.get(id)
  }

  get(id: number): SweepRow {
    const r = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as Row | undefined
    if (!r) throw new Error(`sweep ${id} does not exist`)
    return toRow(r)
  }

  list(): SweepRow[] {
    return (this.db.prepare('SELECT * FROM sweeps ORDER BY id DESC').all() as Row[]).map(toRow)
  }

  /** Deletes a sweep; its runs stay, no longer in a sweep. */
  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM sweeps WHERE id = ?').run(id).changes > 0
  }

  setState(id: number, state: SweepState): void {
    this.db.prepare(`UPDATE sweeps SET state = ?, finished_at = CASE WHEN ? IN ('done', 'cancelled') THEN ? ELSE NULL END WHERE id = ?`).run(state, state, nowIso(), id)
  }

  setSlurm(id: number, slurm: SweepRow['slurm']): void {
    this.db.prepare('UPDATE sweeps SET slurm = ? WHERE id = ?').run(JSON.stringify(slurm), id)
  }

  /** The final train accuracy of each run (the last whole epoch's). */
  trainAccuracy(runIds: number[]): Map<number, number> {
    const out = new Map<number, number>()
    const q = this.db.prepare(`SELECT accuracy FROM metrics WHERE run_id = ? AND split = 'train' AND epoch = CAST(epoch AS INTEGER) ORDER BY epoch DESC LIMIT 1`)
    for (const id of runIds) {
      const r = q.get(id) as { accuracy: number } | undefined
      if (r) out.set(id, r.accuracy)
    }
    return out
  }

  /** Copies one run of another notebook (a Slurm task's) into this one as a sweep's point. */
  importRun(file: string, runId: number, into: { sweepId: number; point: number; datasetId: number | null }): number {
    return copyRunFromFile(this.db, file, runId, into)
  }
}

/** Copies one dataset (row and samples) from another notebook file into this one, keeping its id. */
export function copyDataset(db: Db, file: string, datasetId: number): void {
  const src = openDb(file, { readonly: true })
  try {
    copyDatasetRows(db, src, datasetId, datasetId)
  } finally {
    src.close()
  }
}

function toRow(r: Row): SweepRow {
  return {
    id: r.id, uid: r.uid, name: r.name, spec: JSON.parse(r.spec) as SweepSpec, runner: r.runner, state: r.state, concurrency: r.concurrency,
    slurm: r.slurm ? (JSON.parse(r.slurm) as SweepRow['slurm']) : null, createdAt: r.created_at, finishedAt: r.finished_at
  }
}
