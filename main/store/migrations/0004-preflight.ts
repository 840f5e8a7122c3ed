import type { Migration } from './index'

/** A run's pre-flight check (layer activity at its initial parameters), as JSON. */
export const preflight: Migration = {
  version: 4,
  name: 'preflight',
  up: `
    ALTER TABLE runs ADD COLUMN preflight TEXT;
  `
}
