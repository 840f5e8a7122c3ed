/**
 * Opens the lab notebook: one SQLite file per data directory, in WAL mode, migrated to the
 * current schema version (PRAGMA user_version) in one transaction per migration.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { SCHEMA_VERSION, migrations } from './migrations/index'

export type Db = Database.Database

export interface OpenOptions {
  readonly?: boolean
  /** Path to a better-sqlite3 binary built for another ABI (the Electron shell passes one). */
  nativeBinding?: string
}

export function openDb(file: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly) mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  })
  // A worker and the main process write the same file: wait for locks rather than fail at once.
  db.pragma('busy_timeout = 10000')
  db.pragma('foreign_keys = ON')
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    migrate(db, file)
  } else {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version !== SCHEMA_VERSION)
      throw new Error(`${file}: store schema version ${version}, this build needs ${SCHEMA_VERSION}`)
  }
  return db
}

export function migrate(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION)
    throw new Error(
      `${file}: store schema version ${current} is newer than this build's ${SCHEMA_VERSION}; update Axonal`
    )
  for (const m of migrations) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.exec(m.up)
      db.pragma(`user_version = ${m.version}`)
    }).immediate()
  }
}

/** The next id of a table that never reuses ids (call inside the insert's transaction). */
export function nextId(db: Db, table: 'runs' | 'datasets' | 'sweeps'): number {
  return (db.prepare('UPDATE id_sequences SET last = last + 1 WHERE name = ? RETURNING last').get(table) as { last: number }).last
}

export function nowIso(): string {
  return new Date().toISOString()
}
