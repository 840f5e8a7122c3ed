/** Datasets and their samples. A dataset and all its samples are written in one transaction. */
import { decodeSpikes, encodeSpikes } from './spike-codec'
import type { DatasetPoints, DatasetSummary, SampleSpikes, Split } from '../../preload/api'
import { SPLITS } from '../../preload/api'
import { fromBlob, toBlob } from './blobs'
import { type Db, nextId, nowIso } from './db'

export interface NewDataset {
  name: string
  kind: DatasetSummary['kind']
  params: unknown
  numChannels: number
  numClasses: number
  classNames: string[]
  contentHash?: string
  /** File names it came from and their total size. */
  source?: string[]
  sourceBytes?: number
}

export interface NewSample {
  split: Split
  idx: number
  label: number
  times: Float32Array
  units: Uint16Array
  /** The times as the file stored them, in seconds (SHD/SSC), so the cache can keep their compact form. */
  sourceSeconds?: ArrayLike<number>
  features?: Float64Array
  speaker?: number
}

const EMPTY = Buffer.alloc(0)
type SpikeRow = { times: Buffer; units: Buffer; spikes: Buffer | null }

/** A row's spikes: the compact BLOB, or (rows written before it existed) float32 times and uint16 units. */
function rowSpikes(r: SpikeRow): { times: Float32Array; units: Uint16Array } {
  return r.spikes ? decodeSpikes(r.spikes) : { times: fromBlob(r.times, Float32Array), units: fromBlob(r.units, Uint16Array) }
}

interface DatasetRow {
  id: number
  name: string
  kind: DatasetSummary['kind']
  params: string
  num_channels: number
  num_classes: number
  class_names: string
  duration: number
  source: string
  bytes: number
  created_at: string
}

export class DatasetRepo {
  constructor(private readonly db: Db) {}

  list(): DatasetSummary[] {
    const rows = this.db.prepare('SELECT * FROM datasets ORDER BY id').all() as DatasetRow[]
    return rows.map((r) => this.summary(r))
  }

  get(id: number): DatasetSummary {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined
    if (!row) throw new Error(`dataset ${id} does not exist`)
    return this.summary(row)
  }

  /**
   * Writes a dataset and its samples atomically. `fill` receives an insert function and runs
   * inside the transaction: if it throws (a cancel, a bad sample), nothing is kept.
   */
  create(meta: NewDataset, fill: (insert: (s: NewSample) => void) => void): number {
    return this.db
      .transaction(() => {
        const w = this.writer(meta)
        fill(w.insert)
        return w.finish()
      })
      .immediate()
  }

  /**
   * `create` for sources that must await between samples (files read in slices, audio decoders):
   * one explicit transaction on this connection, rolled back if `fill` rejects.
   */
  async createAsync(meta: NewDataset, fill: (insert: (s: NewSample) => void) => Promise<void>): Promise<number> {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const w = this.writer(meta)
      await fill(w.insert)
      const id = w.finish()
      this.db.exec('COMMIT')
      return id
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK')
      throw e
    }
  }

  /** Inserts the dataset row and returns a checked sample writer (call inside a transaction). */
  private writer(meta: NewDataset): { insert: (s: NewSample) => void; finish: () => number } {
    const insertDataset = this.db.prepare(
      `INSERT INTO datasets (id, name, kind, params, num_channels, num_classes, class_names, duration, content_hash, source, bytes, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`
    )
    const insertSample = this.db.prepare(
      'INSERT INTO samples (dataset_id, split, idx, label, times, units, spikes, features, speaker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
    const id = Number(
      insertDataset.run(
        nextId(this.db, 'datasets'), meta.name, meta.kind, JSON.stringify(meta.params), meta.numChannels, meta.numClasses,
        JSON.stringify(meta.classNames), meta.contentHash ?? null, JSON.stringify(meta.source ?? []), meta.sourceBytes ?? 0, nowIso()
      ).lastInsertRowid
    )
    let duration = 0
    const insert = (s: NewSample): void => {
      if (s.times.length !== s.units.length)
        throw new Error(`sample ${s.split}/${s.idx}: ${s.times.length} times but ${s.units.length} units`)
      if (s.label < 0 || s.label >= meta.numClasses)
        throw new Error(`sample ${s.split}/${s.idx}: label ${s.label} outside 0…${meta.numClasses - 1}`)
      const last = s.times.length ? s.times[s.times.length - 1]! : 0
      if (last > duration) duration = last
      insertSample.run(id, s.split, s.idx, s.label, EMPTY, EMPTY, encodeSpikes(s.times, s.units, s.sourceSeconds), s.features ? toBlob(s.features) : null, s.speaker ?? null)
    }
    const finish = (): number => {
      this.db.prepare('UPDATE datasets SET duration = ? WHERE id = ?').run(duration, id)
      return id
    }
    return { insert, finish }
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0
  }

  points(id: number, split: Split, limit: number): DatasetPoints {
    const total = this.splitSize(id, split)
    const rows = this.db
      .prepare('SELECT label, features FROM samples WHERE dataset_id = ? AND split = ? ORDER BY idx LIMIT ?')
      .all(id, split, limit) as { label: number; features: Buffer | null }[]
    const x = new Float32Array(rows.length)
    const y = new Float32Array(rows.length)
    const labels = new Uint8Array(rows.length)
    rows.forEach((r, i) => {
      if (!r.features) throw new Error(`dataset ${id} has no 2-D features to plot`)
      const f = fromBlob(r.features, Float64Array)
      x[i] = f[0]!
      y[i] = f[1]!
      labels[i] = r.label
    })
    return { datasetId: id, split, total, x, y, labels }
  }

  /** The analog features of samples [start, start + count) of a split (Yin-Yang's point, the synthetic set's y), or null where a sample has none. */
  features(id: number, split: Split, start: number, count: number): { x: Float64Array | null; label: number }[] {
    const rows = this.db.prepare('SELECT label, features FROM samples WHERE dataset_id = ? AND split = ? AND idx >= ? AND idx < ? ORDER BY idx').all(id, split, start, start + count) as { label: number; features: Buffer | null }[]
    return rows.map((r) => ({ label: r.label, x: r.features ? Float64Array.from(fromBlob(r.features, Float64Array)) : null }))
  }

  /** The dataset already imported from files with this content hash, if any. */
  /** The content hash of an imported dataset (null for a generated one). */
  contentHash(id: number): string | null {
    const row = this.db.prepare('SELECT content_hash FROM datasets WHERE id = ?').get(id) as { content_hash: string | null } | undefined
    if (!row) throw new Error(`dataset ${id} does not exist`)
    return row.content_hash
  }

  findByHash(hash: string): DatasetSummary | undefined {
    const row = this.db.prepare('SELECT * FROM datasets WHERE content_hash = ?').get(hash) as DatasetRow | undefined
    return row ? this.summary(row) : undefined
  }

  /** A dataset whose source files (by per-file content hash, kept in its params) include all of these. */
  findHoldingFiles(hashes: readonly string[]): DatasetSummary | undefined {
    const rows = this.db.prepare(`SELECT * FROM datasets WHERE params LIKE '%"hash"%' ORDER BY id`).all() as DatasetRow[]
    for (const row of rows) {
      const files = (JSON.parse(row.params) as { files?: { hash?: string }[] }).files ?? []
      const held = new Set(files.map((f) => f.hash))
      if (hashes.every((h) => held.has(h))) return this.summary(row)
    }
    return undefined
  }

  sample(id: number, split: Split, index: number): SampleSpikes {
    const row = this.db
      .prepare('SELECT label, times, units, spikes, speaker FROM samples WHERE dataset_id = ? AND split = ? AND idx = ?')
      .get(id, split, index) as (SpikeRow & { label: number; speaker: number | null }) | undefined
    if (!row) throw new Error(`dataset ${id} has no sample ${split}/${index}`)
    return {
      datasetId: id, split, index, label: row.label, speaker: row.speaker, ...rowSpikes(row)
    }
  }

  /** Labels of a split, by index (for shuffling and stratified batches without reading spikes). */
  labels(id: number, split: Split): Int32Array {
    const rows = this.db.prepare('SELECT label FROM samples WHERE dataset_id = ? AND split = ? ORDER BY idx').raw().all(id, split) as [number][]
    return Int32Array.from(rows, (r) => r[0])
  }

  /** The samples at these indices, in the order asked (one batch, streamed from SQLite). */
  samplesAt(id: number, split: Split, indices: readonly number[]): { times: Float32Array; units: Uint16Array; label: number }[] {
    const stmt = this.db.prepare('SELECT label, times, units, spikes FROM samples WHERE dataset_id = ? AND split = ? AND idx = ?')
    return indices.map((i) => {
      const r = stmt.get(id, split, i) as (SpikeRow & { label: number }) | undefined
      if (!r) throw new Error(`dataset ${id} has no sample ${split}/${i}`)
      return { label: r.label, ...rowSpikes(r) }
    })
  }

  /** Samples [start, start + count) of a split, in index order. */
  samplesRange(id: number, split: Split, start: number, count: number): { times: Float32Array; units: Uint16Array; label: number }[] {
    const rows = this.db
      .prepare('SELECT label, times, units, spikes FROM samples WHERE dataset_id = ? AND split = ? AND idx >= ? AND idx < ? ORDER BY idx')
      .all(id, split, start, start + count) as (SpikeRow & { label: number })[]
    return rows.map((r) => ({ label: r.label, ...rowSpikes(r) }))
  }

  /** Every sample of a split, in index order, for training. */
  spikes(id: number, split: Split): { times: Float32Array; units: Uint16Array; label: number }[] {
    const rows = this.db
      .prepare('SELECT label, times, units, spikes FROM samples WHERE dataset_id = ? AND split = ? ORDER BY idx')
      .all(id, split) as (SpikeRow & { label: number })[]
    return rows.map((r) => ({ label: r.label, ...rowSpikes(r) }))
  }

  /** Bytes a split's spikes take in the store (encoded): whether reading it whole is cheap. */
  storedBytes(id: number, split: Split): number {
    const r = this.db
      .prepare('SELECT COALESCE(SUM(LENGTH(spikes)), 0) + COALESCE(SUM(LENGTH(times)), 0) + COALESCE(SUM(LENGTH(units)), 0) AS n FROM samples WHERE dataset_id = ? AND split = ?')
      .get(id, split) as { n: number }
    return r.n
  }

  private splitSize(id: number, split: Split): number {
    this.get(id)
    const r = this.db.prepare('SELECT COUNT(*) AS n FROM samples WHERE dataset_id = ? AND split = ?').get(id, split) as { n: number }
    return r.n
  }

  private summary(r: DatasetRow): DatasetSummary {
    const counts = this.db
      .prepare('SELECT split, COUNT(*) AS n FROM samples WHERE dataset_id = ? GROUP BY split')
      .all(r.id) as { split: Split; n: number }[]
    const splits: DatasetSummary['splits'] = {}
    for (const s of SPLITS) {
      const c = counts.find((x) => x.split === s)
      if (c) splits[s] = c.n
    }
    return {
      id: r.id, name: r.name, kind: r.kind, numChannels: r.num_channels, numClasses: r.num_classes,
      classNames: JSON.parse(r.class_names) as string[], duration: r.duration, splits,
      source: JSON.parse(r.source) as string[], sourceBytes: r.bytes,
      params: JSON.parse(r.params) as unknown, createdAt: r.created_at
    }
  }
}
