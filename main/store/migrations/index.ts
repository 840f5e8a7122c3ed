import { init } from './0001-init'
import { runs } from './0002-runs'
import { imports } from './0003-imports'
import { preflight } from './0004-preflight'
import { compactSpikes } from './0005-compact-spikes'
import { idSequences } from './0006-id-sequences'
import { snapshots } from './0007-snapshots'
import { sweeps } from './0008-sweeps'
import { attackPoints } from './0009-attack-points'
import { eiSnapshots } from './0010-ei-snapshots'

export interface Migration {
  version: number
  name: string
  /** SQL run inside the migration's transaction. */
  up: string
}

/** Every schema change, in order. Append only: a shipped migration never changes. */
export const migrations: readonly Migration[] = [init, runs, imports, preflight, compactSpikes, idSequences, snapshots, sweeps, attackPoints, eiSnapshots]

export const SCHEMA_VERSION = migrations.at(-1)?.version ?? 0
