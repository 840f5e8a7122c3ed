/** Dataset calls at the trust boundary: imports take absolute existing paths; uploads only append. */
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { WORKER_FILE, tempHome } from '../testing/tmp'
import { createApi } from './index'

describe('dataset calls', () => {
  const home = tempHome()
  const api = createApi({ home, workerFile: WORKER_FILE })
  const cli = { shell: 'cli' as const }
  afterAll(() => api.close())

  it('imports only absolute paths that exist', async () => {
    await expect(api.call('datasets.import', { paths: ['relative/shd_train.h5'] }, cli)).rejects.toThrow(/give an absolute path/)
    await expect(api.call('datasets.import', { paths: [`${home}/missing_train.h5`] }, cli)).rejects.toThrow(/no such file/)
    await expect(api.call('datasets.import', { paths: [] }, cli)).rejects.toThrow(/invalid input/)
    expect(api.store.jobs.list()).toEqual([])
  })

  it('stores uploads in chunks that must follow each other, under plain file names', async () => {
    const first = (await api.call('datasets.upload', { name: 'shd_train.h5', offset: 0, bytes: Uint8Array.of(1, 2, 3) }, cli)) as { uploadId: string; path: string; size: number }
    expect(first.path.startsWith(home)).toBe(true)
    const next = (await api.call('datasets.upload', { uploadId: first.uploadId, name: 'shd_train.h5', offset: 3, bytes: Uint8Array.of(4, 5) }, cli)) as { size: number }
    expect(next.size).toBe(5)
    expect([...readFileSync(first.path)]).toEqual([1, 2, 3, 4, 5])
    await expect(api.call('datasets.upload', { uploadId: first.uploadId, name: 'shd_train.h5', offset: 9, bytes: Uint8Array.of(6) }, cli)).rejects.toThrow(/chunk at byte 9, but 5 bytes are there/)
    await expect(api.call('datasets.upload', { name: '../escape.h5', offset: 0, bytes: Uint8Array.of(1) }, cli)).rejects.toThrow(/a file name without folders/)
    await expect(api.call('datasets.upload', { uploadId: '../../x', name: 'a.h5', offset: 0, bytes: Uint8Array.of(1) }, cli)).rejects.toThrow(/invalid input/)
    expect(existsSync(`${home}/escape.h5`)).toBe(false)
  })

  it('has no native picker outside Electron', async () => {
    expect(await api.call('datasets.pickFiles', {}, cli)).toEqual({ available: false, paths: null })
  })
})
