import { init } from './0001-init'

export interface Migration {
  version: number
  name: string
  /** SQL run inside the migration's transaction. */
  up: string
}

/** Every schema change, in order. Append only: a shipped migration never changes. */
export const migrations: readonly Migration[] = [init]

export const SCHEMA_VERSION = migrations.at(-1)?.version ?? 0
