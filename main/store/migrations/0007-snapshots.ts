import type { Migration } from './index'

/**
 * Per epoch, what the Space area shows moving: the positions of a positioned layer and its
 * recurrent weights (float32), written with the epoch's metrics. Checkpoints keep only the
 * latest and best parameters; these are small enough to keep for every epoch (128 neurons in
 * 2-D: 66 KB an epoch).
 */
export const snapshots: Migration = {
  version: 7,
  name: 'snapshots',
  up: `
    CREATE TABLE space_snapshots (
      run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch      INTEGER NOT NULL,            -- completed epochs (from 1)
      positions  BLOB NOT NULL,               -- Float32Array [neuron][dim]
      weights    BLOB NOT NULL,               -- Float32Array [pre][post] of the recurrent layer
      PRIMARY KEY (run_id, epoch)
    ) WITHOUT ROWID;
  `
}
