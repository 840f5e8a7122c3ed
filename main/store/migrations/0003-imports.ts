import type { Migration } from './index'

/**
 * Imported datasets: a speaker (or other source id) per sample, the files a dataset came from, and
 * content hashes that are unique, so importing the same files again finds the dataset instead.
 */
export const imports: Migration = {
  version: 3,
  name: 'imports',
  up: `
    ALTER TABLE samples ADD COLUMN speaker INTEGER;
    ALTER TABLE datasets ADD COLUMN source TEXT NOT NULL DEFAULT '[]';   -- JSON array of file names
    ALTER TABLE datasets ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;    -- size of the source files
    CREATE UNIQUE INDEX datasets_content_hash ON datasets(content_hash) WHERE content_hash IS NOT NULL;
  `
}
