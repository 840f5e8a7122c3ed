/**
 * File plumbing for importers: content hashes, gzip streams to temporary files (HDF5 needs random
 * access), and split names from file names. Errors name the file and the problem.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { makeTemp, removeTemp } from '../fsutil/temp'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import type { Split } from '../../preload/api'

export class ImportError extends Error {}

export function isGzip(path: string): boolean {
  return path.toLowerCase().endsWith('.gz')
}

/** SHA-256 of a file's bytes, streamed. */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256')
  await pipeline(createReadStream(path), async function* (src) {
    for await (const chunk of src) h.update(chunk as Buffer)
  })
  return h.digest('hex')
}

/** A readable plain copy of `path`: the file itself, or its gunzipped copy in a temporary folder. */
export interface PlainFile {
  path: string
  /** SHA-256 of the plain (decompressed) bytes, so a .gz and its content hash the same. */
  hash: string
  dispose(): void
}

export async function plainFile(path: string, signal?: AbortSignal): Promise<PlainFile> {
  const size = statOrThrow(path).size
  if (!size) throw new ImportError(`${path}: the file is empty`)
  if (!isGzip(path)) return { path, hash: await hashFile(path), dispose: () => {} }
  const dir = makeTemp('import')
  const out = join(dir, basename(path).replace(/\.gz$/i, ''))
  const h = createHash('sha256')
  const tee = new Transform({
    transform(chunk: Buffer, _enc, done) {
      h.update(chunk)
      done(null, chunk)
    }
  })
  try {
    await pipeline(createReadStream(path), createGunzip(), tee, createWriteStream(out), ...(signal ? [{ signal }] : []))
  } catch (e) {
    removeTemp(dir)
    if ((e as { name?: string }).name === 'AbortError') throw e
    const msg = e instanceof Error ? e.message : String(e)
    throw new ImportError(`${path}: not a complete gzip file (${msg})`)
  }
  return { path: out, hash: h.digest('hex'), dispose: () => removeTemp(dir) }
}

export function statOrThrow(path: string): { size: number; isDirectory(): boolean } {
  try {
    return statSync(path)
  } catch {
    throw new ImportError(`${path}: no such file or folder`)
  }
}

/** The split a file holds, from its name: train, valid(ation) or test. */
export function splitFromName(path: string): Split {
  const name = basename(path).toLowerCase()
  if (/(^|[^a-z])test/.test(name)) return 'test'
  if (/(^|[^a-z])val(id(ation)?)?([^a-z]|$)/.test(name)) return 'validation'
  if (/(^|[^a-z])train/.test(name)) return 'train'
  throw new ImportError(`${path}: cannot tell its split from the name (expected "train", "valid" or "test" in it, as in shd_train.h5)`)
}

/** One hash for a set of files: order-independent, and specific to the format. */
export function combinedHash(format: string, parts: { split: string; hash: string }[]): string {
  const h = createHash('sha256').update(format)
  for (const p of [...parts].sort((a, b) => a.split.localeCompare(b.split) || a.hash.localeCompare(b.hash))) h.update(`|${p.split}:${p.hash}`)
  return h.digest('hex')
}
