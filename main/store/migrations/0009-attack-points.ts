import type { Migration } from './index'

/**
 * Results of attack sweeps (main/robust) per grid point: model and ε, under the key of the sweep's
 * parameters (seed included), so a stopped sweep resumes where it was and every number can be
 * regenerated from its parameters.
 */
export const attackPoints: Migration = {
  version: 9,
  name: 'attack-points',
  up: `
    CREATE TABLE attack_points (
      key           TEXT NOT NULL,               -- sha256 of the sweep's parameters
      model         TEXT NOT NULL,
      eps           REAL NOT NULL,
      accuracy      REAL NOT NULL,
      perturbation  REAL NOT NULL,
      success       REAL NOT NULL,
      at            TEXT NOT NULL,
      PRIMARY KEY (key, model, eps)
    ) WITHOUT ROWID;
  `
}
