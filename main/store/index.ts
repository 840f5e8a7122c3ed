/** The store: one SQLite file in the data directory, with typed repositories over it. */
import { join } from 'node:path'
import { DatasetRepo } from './datasets'
import { type Db, type OpenOptions, openDb } from './db'
import { AttackPointRepo, JobRepo } from './jobs'
import { RunRepo } from './runs'
import { SweepRepo } from './sweeps'

export const STORE_FILE = 'axonal.sqlite'

export class Store {
  readonly datasets: DatasetRepo
  readonly jobs: JobRepo
  readonly runs: RunRepo
  readonly sweeps: SweepRepo
  readonly attackPoints: AttackPointRepo

  constructor(readonly db: Db, readonly file: string) {
    this.datasets = new DatasetRepo(db)
    this.jobs = new JobRepo(db)
    this.runs = new RunRepo(db)
    this.sweeps = new SweepRepo(db)
    this.attackPoints = new AttackPointRepo(db)
  }

  static open(file: string, opts: OpenOptions = {}): Store {
    return new Store(openDb(file, opts), file)
  }

  static openHome(home: string, opts: OpenOptions = {}): Store {
    return Store.open(join(home, STORE_FILE), opts)
  }

  close(): void {
    this.db.close()
  }
}
