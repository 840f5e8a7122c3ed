import { readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { tempHome } from '../testing/tmp'
import { plainFile } from './files'

describe('gzip to a temporary file', () => {
  it('stops within a second of a cancel and leaves no temporary file', async () => {
    // 1 GiB of zeros is 1 MiB of gzip: seconds of decompression, hashing and writing
    const gz = join(tempHome(), 'shd_train.h5.gz')
    writeFileSync(gz, gzipSync(Buffer.alloc(1 << 30), { level: 1 }))
    const mine = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith(`axonal-import-${process.pid}-`))
    const before = mine()
    const abort = new AbortController()
    const t0 = performance.now()
    setTimeout(() => abort.abort(), 200)
    const err = await plainFile(gz, abort.signal).then(() => null, (e: unknown) => e as Error)
    const took = performance.now() - t0 - 200
    expect(err?.name).toBe('AbortError')
    expect(took).toBeLessThan(1000)
    expect(mine()).toEqual(before)
  })
})
