import { describe, expect, it } from 'vitest'
import { WORKER_FILE, tempHome } from '../testing/tmp'
import { createApi } from './index'

describe('contract dispatch', () => {
  const api = createApi({ home: tempHome(), workerFile: WORKER_FILE })
  const cli = { shell: 'cli' as const }

  it('runs a valid call', async () => {
    const info = (await api.call('app.info', {}, cli)) as { shell: string; schemaVersion: number }
    expect(info.shell).toBe('cli')
    expect(info.schemaVersion).toBeGreaterThan(0)
  })

  it('rejects unknown calls and inputs that break the schema, naming the call and field', async () => {
    await expect(api.call('datasets.drop', {}, cli)).rejects.toThrow(/unknown call "datasets.drop"/)
    await expect(api.call('datasets.get', { id: -3 }, cli)).rejects.toThrow(/invalid input for datasets.get[\s\S]*id/)
    await expect(api.call('datasets.get', { id: 1, extra: true }, cli)).rejects.toThrow(/invalid input/)
    await expect(api.call('datasets.generateYinYang', { rSmall: 0.3, rBig: 0.5 }, cli)).rejects.toThrow(/rSmall must be smaller/)
    await expect(api.call('datasets.generateYinYang', { sizes: { train: 1e9 } }, cli)).rejects.toThrow(/sizes.train/)
    expect(api.store.jobs.list()).toEqual([])
  })

  it('reports a missing dataset clearly', async () => {
    await expect(api.call('datasets.get', { id: 99 }, cli)).rejects.toThrow(/dataset 99 does not exist/)
  })
})
