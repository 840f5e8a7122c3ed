/**
 * Run bundles: one or more runs with their metrics, checkpoints and snapshots, and their datasets
 * (by reference: the row with its content hash, parameters and a digest of its samples; or whole,
 * on request), in one file a colleague imports into their notebook to reopen and continue a run.
 * The file is a notebook of its own (this schema) with a `bundle` manifest table, written to a
 * temporary name and renamed. On import the manifest, SQLite's integrity check, the schema
 * version and the samples' digest are checked first; then everything is copied in one transaction.
 */
import { copyFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { type Db, migrate, openDb } from './db'
import type { Store } from './index'
import { SCHEMA_VERSION } from './migrations/index'
import { copyDatasetRows, copyRun, samplesDigest } from './transfer'

export const BUNDLE_FORMAT = 'axonal-bundle'

interface Manifest {
  format: string
  version: 1
  app: string
  schema: number
  /** The runs' ids in the bundle, and the ids they had where they were bundled. */
  runs: number[]
  origin: number[]
  datasets: { id: number; name: string; kind: string; contentHash: string | null; params: string; digest: string; samples: number; included: boolean }[]
}

/** Writes a bundle of `runIds` to `file` (via a temporary file in `tmpDir`). */
export function exportBundle(store: Store, runIds: number[], withDataset: boolean, file: string, tmpDir: string, app: string): Manifest {
  if (runIds.length === 0) throw new Error('a bundle needs at least one run')
  const runs = runIds.map((id) => store.runs.get(id))
  for (const r of runs) if (r.state === 'running' || r.state === 'queued') throw new Error(`run ${r.id} is ${r.state}: cancel it, or wait until it stops, before bundling it`)
  const datasetIds = [...new Set(runs.flatMap((r) => (r.datasetId === null ? [] : [r.datasetId])))]
  const part = join(tmpDir, `bundle-${process.pid}-${Date.now()}.part`)
  const out = openDb(part)
  try {
    const manifest: Manifest = { format: BUNDLE_FORMAT, version: 1, app, schema: SCHEMA_VERSION, runs: [], origin: [], datasets: [] }
    for (const d of datasetIds) {
      copyDatasetRows(out, store.db, d, d, !withDataset)
      const row = store.db.prepare('SELECT name, kind, content_hash, params FROM datasets WHERE id = ?').get(d) as { name: string; kind: string; content_hash: string | null; params: string }
      manifest.datasets.push({ id: d, name: row.name, kind: row.kind, contentHash: row.content_hash, params: row.params, ...samplesDigest(store.db, d), included: withDataset })
    }
    for (const r of runs) {
      manifest.runs.push(copyRun(out, store.db, r.id, { datasetId: r.datasetId }))
      manifest.origin.push(r.id)
    }
    out.exec('CREATE TABLE bundle (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
    out.prepare('INSERT INTO bundle (key, value) VALUES (?, ?)').run('manifest', JSON.stringify(manifest))
    out.pragma('journal_mode = DELETE')
    out.close()
    renameSync(part, file)
    return manifest
  } catch (e) {
    try { out.close() } catch { /* already closed */ }
    rmSync(part, { force: true })
    for (const x of ['-wal', '-shm']) rmSync(part + x, { force: true })
    throw e
  }
}

export interface BundleImport { runs: { from: number; id: number }[]; datasets: { from: number; id: number; created: boolean }[] }
export type { Manifest as BundleManifest }

/**
 * Imports a bundle file: its runs (new ids here), each dataset matched to one of this notebook
 * (same content hash, or for a generated one the same kind and parameters, and the same samples
 * digest) or added from the bundle when it holds the samples.
 */
export function importBundle(store: Store, file: string, tmpDir: string, label = file): BundleImport {
  // a copy: an older bundle is migrated there, never in place
  const copy = join(tmpDir, `import-${process.pid}-${Date.now()}.sqlite`)
  copyFileSync(file, copy)
  let src: Db | null = null
  try {
    try {
      src = openDb(copy, { readonly: true })
    } catch (e) {
      const m = e instanceof Error ? e.message : String(e)
      const v = /store schema version (\d+), this build needs (\d+)/.exec(m)
      if (v && Number(v[1]) > Number(v[2])) throw new Error(`${label}: the bundle comes from a newer Axonal (schema ${v[1]}; this one reads up to ${v[2]}); update Axonal to import it`)
      if (v) {
        src = openDb(copy)
        migrate(src, copy)
      } else throw new Error(`${label}: not a run bundle (${m})`)
    }
    const check = src.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(`${label}: the bundle is damaged or truncated (${String(check)})`)
    let manifest: Manifest
    try {
      manifest = JSON.parse((src.prepare(`SELECT value FROM bundle WHERE key = 'manifest'`).get() as { value: string }).value) as Manifest
    } catch {
      throw new Error(`${label}: not a run bundle (no manifest)`)
    }
    if (manifest.format !== BUNDLE_FORMAT) throw new Error(`${label}: not a run bundle (format ${manifest.format})`)
    const s = src
    // datasets first: matched here, or checked and added
    const plan = manifest.datasets.map((d) => {
      const local = (d.contentHash
        ? store.db.prepare('SELECT id FROM datasets WHERE content_hash = ?').all(d.contentHash)
        : store.db.prepare('SELECT id FROM datasets WHERE kind = ? AND params = ?').all(d.kind, d.params)) as { id: number }[]
      const same = local.find((l) => samplesDigest(store.db, l.id).digest === d.digest)
      if (same) return { d, id: same.id, created: false }
      if (!d.included) {
        const hint = local.length ? `dataset ${local.map((l) => `#${l.id}`).join(', ')} here has the same ${d.contentHash ? 'content hash' : 'kind and parameters'} but other samples (digest mismatch)` : `no dataset here has its ${d.contentHash ? `content hash ${d.contentHash.slice(0, 12)}…` : 'kind and parameters'}`
        throw new Error(`${label}: the runs need dataset "${d.name}" (${d.kind}), which the bundle does not carry, and ${hint}; import that dataset first, or ask for a bundle with its dataset`)
      }
      const inBundle = samplesDigest(s, d.id)
      if (inBundle.digest !== d.digest || inBundle.samples !== d.samples) throw new Error(`${label}: dataset "${d.name}" in the bundle does not match its recorded digest: the file is damaged`)
      return { d, id: -1, created: true }
    })
    return store.db.transaction(() => {
      const datasets = plan.map((p) => {
        if (!p.created) return { from: p.d.id, id: p.id, created: false }
        const id = (store.db.prepare(`UPDATE id_sequences SET last = last + 1 WHERE name = 'datasets' RETURNING last`).get() as { last: number }).last
        copyDatasetRows(store.db, s, p.d.id, id)
        return { from: p.d.id, id, created: true }
      })
      const runs = manifest.runs.map((inBundle, k) => {
        const row = s.prepare('SELECT dataset_id FROM runs WHERE id = ?').get(inBundle) as { dataset_id: number | null } | undefined
        if (!row) throw new Error(`${label}: the manifest names run ${inBundle}, which the bundle does not hold`)
        const datasetId = row.dataset_id === null ? null : datasets.find((d) => d.from === row.dataset_id)?.id ?? null
        return { from: manifest.origin[k] ?? inBundle, id: copyRun(store.db, s, inBundle, { datasetId }) }
      })
      return { runs, datasets }
    }).immediate()
  } finally {
    src?.close()
    rmSync(copy, { force: true })
  }
}
