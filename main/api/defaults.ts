/**
 * The embedded default: a brand-new data directory starts with the Yin-Yang dataset (generated
 * locally, no download), so the app has something to show and train on from the first launch.
 * Only a store that has never run a job gets it: deleting the default does not bring it back.
 */
import type { JobInfo } from '../../preload/api'
import type { Api } from './index'

export const DEFAULT_DATASET_NAME = 'Yin-Yang (default)'

export function ensureDefaultDataset(api: Api): JobInfo | null {
  if (api.store.datasets.list().length > 0 || api.store.jobs.list(1).length > 0) return null
  return api.jobs.submit('generate-yinyang', { name: DEFAULT_DATASET_NAME })
}
