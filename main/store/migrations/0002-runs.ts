import type { Migration } from './index'

/** Training runs: config and seed, metrics per epoch and split, and checkpoints to resume from. */
export const runs: Migration = {
  version: 2,
  name: 'runs',
  up: `
    CREATE TABLE runs (
      id            INTEGER PRIMARY KEY,
      name          TEXT NOT NULL,
      preset        TEXT NOT NULL,
      dataset_id    INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
      settings      TEXT NOT NULL,           -- JSON, the full validated training settings
      seed          INTEGER NOT NULL,
      code_version  TEXT NOT NULL,
      backend       TEXT NOT NULL,
      state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      epochs_done   INTEGER NOT NULL DEFAULT 0,
      best_epoch    INTEGER,
      result        TEXT,                    -- JSON: final metrics
      error         TEXT,
      job_id        INTEGER,                 -- the job that trains it now or last did
      created_at    TEXT NOT NULL,
      finished_at   TEXT
    );
    CREATE TABLE metrics (
      run_id    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch     REAL NOT NULL,               -- fractional within an epoch for long ones
      split     TEXT NOT NULL,
      loss      REAL NOT NULL,
      accuracy  REAL NOT NULL,
      extra     TEXT,                        -- JSON (spike rates, delay histogram)
      at        TEXT NOT NULL,
      PRIMARY KEY (run_id, epoch, split)
    ) WITHOUT ROWID;
    CREATE TABLE checkpoints (
      run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      kind       TEXT NOT NULL CHECK (kind IN ('latest', 'best')),
      epoch      INTEGER NOT NULL,
      params     BLOB NOT NULL,              -- Float64Array, the plan's parameter vector
      adam_m     BLOB NOT NULL,
      adam_v     BLOB NOT NULL,
      adam_step  INTEGER NOT NULL,
      state      TEXT NOT NULL,              -- JSON: rng state, early-stop counters
      created_at TEXT NOT NULL,
      PRIMARY KEY (run_id, kind)
    ) WITHOUT ROWID;
  `
}
