import type { Migration } from './index'

/**
 * Spikes in one compact BLOB per sample (main/store/spike-codec.ts); rows written before keep
 * their float32 `times` and uint16 `units` and are read as they are, new rows leave those empty.
 */
export const compactSpikes: Migration = {
  version: 5,
  name: 'compact-spikes',
  up: `
    ALTER TABLE samples ADD COLUMN spikes BLOB;
  `
}
