import type { Migration } from './index'

/** Datasets with their samples as typed-array blobs, and the job history. */
export const init: Migration = {
  version: 1,
  name: 'init',
  up: `
    CREATE TABLE datasets (
      id            INTEGER PRIMARY KEY,
      name          TEXT NOT NULL,
      kind          TEXT NOT NULL,
      params        TEXT NOT NULL,           -- JSON, as validated by the contract
      num_channels  INTEGER NOT NULL,
      num_classes   INTEGER NOT NULL,
      class_names   TEXT NOT NULL,           -- JSON array
      duration      REAL NOT NULL,           -- ms, latest spike over all samples
      content_hash  TEXT,
      created_at    TEXT NOT NULL
    );
    CREATE TABLE samples (
      dataset_id  INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
      split       TEXT NOT NULL CHECK (split IN ('train', 'validation', 'test')),
      idx         INTEGER NOT NULL,
      label       INTEGER NOT NULL,
      times       BLOB NOT NULL,             -- Float32Array, ms, ascending
      units       BLOB NOT NULL,             -- Uint16Array, one channel per spike
      features    BLOB,                      -- Float64Array of raw features, if any
      PRIMARY KEY (dataset_id, split, idx)
    ) WITHOUT ROWID;
    CREATE TABLE jobs (
      id           INTEGER PRIMARY KEY,
      kind         TEXT NOT NULL,
      title        TEXT NOT NULL,
      params       TEXT NOT NULL,
      state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
      progress     REAL NOT NULL DEFAULT 0,
      message      TEXT NOT NULL DEFAULT '',
      error        TEXT,
      result       TEXT,
      created_at   TEXT NOT NULL,
      started_at   TEXT,
      finished_at  TEXT,
      pid          INTEGER                  -- process that owns a queued/running job
    );
  `
}
