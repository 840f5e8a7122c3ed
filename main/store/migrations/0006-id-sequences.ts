import type { Migration } from './index'

/**
 * Ids that are never reused: a run or dataset deleted keeps its number, so a report or bundle
 * that names "run 5" can never point at another run. (SQLite's AUTOINCREMENT would need the
 * tables rebuilt under their foreign keys; a sequence table gives the same guarantee.)
 */
export const idSequences: Migration = {
  version: 6,
  name: 'id-sequences',
  up: `
    CREATE TABLE id_sequences (name TEXT PRIMARY KEY, last INTEGER NOT NULL);
    INSERT INTO id_sequences (name, last) SELECT 'runs', COALESCE(MAX(id), 0) FROM runs;
    INSERT INTO id_sequences (name, last) SELECT 'datasets', COALESCE(MAX(id), 0) FROM datasets;
  `
}
