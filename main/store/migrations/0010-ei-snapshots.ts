import type { Migration } from './index'

/**
 * Per epoch, what the E/I area scrubs through: the weights and delays of the projection into the
 * first hidden layer (float32), for runs with Dale's principle or sparse projections. RawHD's
 * 40 → 256 is 80 KB an epoch; SHD's 700 → 256, 1.4 MB.
 */
export const eiSnapshots: Migration = {
  version: 10,
  name: 'ei-snapshots',
  up: `
    CREATE TABLE ei_snapshots (
      run_id   INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch    INTEGER NOT NULL,            -- completed epochs (from 1)
      weights  BLOB NOT NULL,               -- Float32Array [input][neuron], signed, 0 = absent
      delays   BLOB NOT NULL,               -- Float32Array [input][neuron], ms
      PRIMARY KEY (run_id, epoch)
    ) WITHOUT ROWID;
  `
}
