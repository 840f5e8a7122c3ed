import { describe, expect, it } from 'vitest'
import { WORKER_FILE, tempHome } from '../testing/tmp'
import { DEFAULT_DATASET_NAME, ensureDefaultDataset } from './defaults'
import { createApi } from './index'

describe('embedded default dataset', () => {
  it('generates Yin-Yang on a fresh store once, and not again after it is deleted', async () => {
    const home = tempHome()
    const api = createApi({ home, workerFile: WORKER_FILE })
    expect(ensureDefaultDataset(api)).not.toBeNull()
    await api.jobs.idle()
    const [d] = api.store.datasets.list()
    expect(d!.name).toBe(DEFAULT_DATASET_NAME)
    expect(d!.splits).toEqual({ train: 5000, validation: 1000, test: 1000 })
    api.store.datasets.remove(d!.id)
    await api.close()
    const reopened = createApi({ home, workerFile: WORKER_FILE })
    expect(ensureDefaultDataset(reopened)).toBeNull()
    expect(reopened.store.datasets.list()).toEqual([])
    await reopened.close()
  })
})
