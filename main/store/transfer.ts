/**
 * Copying runs and datasets between notebooks (Slurm tasks' stores, run bundles): rows read from
 * another SQLite file and written here under new ids, in one transaction each.
 */
import { createHash } from 'node:crypto'
import { type Db, nextId, openDb } from './db'

export function insertRow(db: Db, table: string, row: Record<string, unknown>): void {
  const cols = Object.keys(row)
  db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => row[c]))
}

/** A run of `src` (an open notebook) copied into `db` with its metrics, checkpoints and snapshots; returns its new id. */
export function copyRun(db: Db, src: Db, runId: number, into: { datasetId: number | null; sweepId?: number | null; point?: number | null }): number {
  const run = src.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as Record<string, unknown> | undefined
  if (!run) throw new Error(`it has no run ${runId}`)
  const metrics = src.prepare('SELECT * FROM metrics WHERE run_id = ?').all(runId) as Record<string, unknown>[]
  const checkpoints = src.prepare('SELECT * FROM checkpoints WHERE run_id = ?').all(runId) as Record<string, unknown>[]
  const snapshots = src.prepare('SELECT * FROM space_snapshots WHERE run_id = ?').all(runId) as Record<string, unknown>[]
  const ei = src.prepare('SELECT * FROM ei_snapshots WHERE run_id = ?').all(runId) as Record<string, unknown>[]
  return db.transaction(() => {
    const id = nextId(db, 'runs')
    insertRow(db, 'runs', { ...run, id, dataset_id: into.datasetId, job_id: null, sweep_id: into.sweepId ?? null, sweep_point: into.point ?? null })
    for (const m of metrics) insertRow(db, 'metrics', { ...m, run_id: id })
    for (const c of checkpoints) insertRow(db, 'checkpoints', { ...c, run_id: id })
    for (const s of snapshots) insertRow(db, 'space_snapshots', { ...s, run_id: id })
    for (const s of ei) insertRow(db, 'ei_snapshots', { ...s, run_id: id })
    return id
  }).immediate()
}

export function copyRunFromFile(db: Db, file: string, runId: number, into: Parameters<typeof copyRun>[3]): number {
  const src = openDb(file, { readonly: true })
  try {
    return copyRun(db, src, runId, into)
  } finally {
    src.close()
  }
}

/** A dataset's row (and its samples, unless `rowOnly`) copied from `src` into `db` under `id`. */
export function copyDatasetRows(db: Db, src: Db, from: number, to: number, rowOnly = false): void {
  const d = src.prepare('SELECT * FROM datasets WHERE id = ?').get(from) as Record<string, unknown> | undefined
  if (!d) throw new Error(`dataset ${from} does not exist`)
  db.transaction(() => {
    insertRow(db, 'datasets', { ...d, id: to })
    if (!rowOnly) for (const s of src.prepare('SELECT * FROM samples WHERE dataset_id = ?').iterate(from) as IterableIterator<Record<string, unknown>>) insertRow(db, 'samples', { ...s, dataset_id: to })
    db.prepare(`UPDATE id_sequences SET last = MAX(last, ?) WHERE name = 'datasets'`).run(to)
  }).immediate()
}

/** A digest of a dataset's samples (every column, in split and index order): equal data, equal digest. */
export function samplesDigest(db: Db, datasetId: number): { digest: string; samples: number } {
  const h = createHash('sha256')
  let n = 0
  for (const row of db.prepare(`SELECT * FROM samples WHERE dataset_id = ? ORDER BY split, idx`).iterate(datasetId) as IterableIterator<Record<string, unknown>>) {
    for (const [k, v] of Object.entries(row)) {
      if (k === 'dataset_id') continue
      h.update(k)
      h.update(v === null ? '\0' : Buffer.isBuffer(v) ? v : String(v))
    }
    n++
  }
  return { digest: h.digest('hex'), samples: n }
}
