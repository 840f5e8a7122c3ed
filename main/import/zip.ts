/**
 * ZIP archives (PKWARE APPNOTE 6.3: end of central directory, central directory headers, local
 * headers), for datasets distributed as `.h5.zip`: each stored or deflated member is streamed to a
 * temporary file, its CRC-32 and size checked against the directory, and hashed like any plain
 * file. ZIP64 archives and encrypted members are refused with a clear error.
 */
import { createHash } from 'node:crypto'
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readSync } from 'node:fs'
import { basename, join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createInflateRaw, crc32 } from 'node:zlib'
import { makeTemp, removeTemp } from '../fsutil/temp'
import { ImportError, type PlainFile } from './files'

export interface ZipEntry {
  name: string
  method: number
  flags: number
  crc: number
  compressedSize: number
  size: number
  localOffset: number
}

export function isZip(path: string): boolean {
  return path.toLowerCase().endsWith('.zip')
}

/** The archive's members, from its central directory. */
export function zipEntries(path: string): ZipEntry[] {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    const tail = Buffer.alloc(Math.min(size, 22 + 0xffff))
    readSync(fd, tail, 0, tail.length, size - tail.length)
    let eocd = -1
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break }
    if (eocd < 0) throw new ImportError(`${path}: not a zip archive (no end of central directory)`)
    const count = tail.readUInt16LE(eocd + 10), dirSize = tail.readUInt32LE(eocd + 12), dirOffset = tail.readUInt32LE(eocd + 16)
    if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) throw new ImportError(`${path}: a ZIP64 archive; unzip it and import the .h5 files`)
    if (dirOffset + dirSize > size) throw new ImportError(`${path}: truncated zip archive (its directory lies past the end of the file)`)
    const dir = Buffer.alloc(dirSize)
    readSync(fd, dir, 0, dirSize, dirOffset)
    const out: ZipEntry[] = []
    let p = 0
    for (let k = 0; k < count; k++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== 0x02014b50) throw new ImportError(`${path}: damaged zip directory (entry ${k})`)
      const nameLen = dir.readUInt16LE(p + 28), extraLen = dir.readUInt16LE(p + 30), commentLen = dir.readUInt16LE(p + 32)
      const e: ZipEntry = {
        flags: dir.readUInt16LE(p + 8), method: dir.readUInt16LE(p + 10), crc: dir.readUInt32LE(p + 16),
        compressedSize: dir.readUInt32LE(p + 20), size: dir.readUInt32LE(p + 24), localOffset: dir.readUInt32LE(p + 42),
        name: dir.toString('utf8', p + 46, p + 46 + nameLen)
      }
      if (e.compressedSize === 0xffffffff || e.size === 0xffffffff || e.localOffset === 0xffffffff) throw new ImportError(`${path}: "${e.name}" needs ZIP64; unzip it and import the .h5 file`)
      out.push(e)
      p += 46 + nameLen + extraLen + commentLen
    }
    return out
  } finally {
    closeSync(fd)
  }
}

/** One member as a plain temporary file, checked against its CRC-32 and size. */
export async function zipMember(path: string, e: ZipEntry, signal?: AbortSignal): Promise<PlainFile> {
  const where = `${path}: "${e.name}"`
  if (e.flags & 1) throw new ImportError(`${where} is encrypted`)
  if (e.method !== 0 && e.method !== 8) throw new ImportError(`${where} uses compression method ${e.method}; only stored and deflated members are supported`)
  const fd = openSync(path, 'r')
  let start: number
  try {
    const local = Buffer.alloc(30)
    if (readSync(fd, local, 0, 30, e.localOffset) !== 30 || local.readUInt32LE(0) !== 0x04034b50) throw new ImportError(`${where}: damaged zip archive (no local header)`)
    start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28)
    if (start + e.compressedSize > fstatSync(fd).size) throw new ImportError(`${where}: truncated zip archive`)
  } finally {
    closeSync(fd)
  }
  const dir = makeTemp('import')
  const out = join(dir, basename(e.name))
  const h = createHash('sha256')
  let crc = 0, n = 0
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      h.update(chunk)
      crc = crc32(chunk, crc)
      n += chunk.length
      done(null, chunk)
    }
  })
  try {
    const src = createReadStream(path, { start, end: start + e.compressedSize - 1 })
    const steps = e.method === 8 ? [src, createInflateRaw(), check, createWriteStream(out)] as const : [src, check, createWriteStream(out)] as const
    await pipeline([...steps] as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream], ...(signal ? [{ signal }] : []))
  } catch (e2) {
    removeTemp(dir)
    if ((e2 as { name?: string }).name === 'AbortError') throw e2
    throw new ImportError(`${where}: damaged compressed data (${e2 instanceof Error ? e2.message : String(e2)})`)
  }
  if (n !== e.size || crc >>> 0 !== e.crc) {
    removeTemp(dir)
    throw new ImportError(`${where}: damaged member (${n !== e.size ? `${n} bytes instead of ${e.size}` : 'CRC-32 mismatch'})`)
  }
  return { path: out, hash: h.digest('hex'), dispose: () => removeTemp(dir) }
}
