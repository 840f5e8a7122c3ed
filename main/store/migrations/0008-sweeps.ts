import type { Migration } from './index'

/**
 * Sweeps: a grid of runs of one preset (main/sweeps). Each run made by a sweep names its sweep and
 * grid point, at most one run a point, so a restarted or re-collected sweep never records a point
 * twice. `slurm` holds a Slurm sweep's settings, its directory and the array's job id.
 */
export const sweeps: Migration = {
  version: 8,
  name: 'sweeps',
  up: `
    CREATE TABLE sweeps (
      id           INTEGER PRIMARY KEY,
      uid          TEXT NOT NULL UNIQUE,       -- names the sweep's files on a cluster
      name         TEXT NOT NULL,
      spec         TEXT NOT NULL,              -- JSON, the validated sweep spec
      runner       TEXT NOT NULL CHECK (runner IN ('local', 'slurm')),
      state        TEXT NOT NULL CHECK (state IN ('running', 'paused', 'done', 'cancelled')),
      concurrency  INTEGER NOT NULL,
      slurm        TEXT,                       -- JSON: settings, sweep directory, job id
      created_at   TEXT NOT NULL,
      finished_at  TEXT
    );
    ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL;
    ALTER TABLE runs ADD COLUMN sweep_point INTEGER;
    CREATE UNIQUE INDEX runs_sweep_point ON runs(sweep_id, sweep_point) WHERE sweep_id IS NOT NULL;
    INSERT INTO id_sequences (name, last) VALUES ('sweeps', 0);
  `
}
