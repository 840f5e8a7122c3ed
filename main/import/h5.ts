/**
 * Reading HDF5 through h5wasm (the HDF5 C library in WebAssembly; in Node it reads the host file
 * system directly, so a file is never loaded whole). Variable-length rows are read in slices and
 * decoded here from raw memory: h5wasm's own decoder has no float16, which spike times may use.
 */
import type { Dataset, File as H5File } from 'h5wasm'
import { half } from '../util/half'

export { half }

type H5 = typeof import('h5wasm')
let loaded: Promise<H5> | undefined

/** The library, initialised once per thread. */
export function h5(): Promise<H5> {
  loaded ??= import('h5wasm/node').then(async (m) => {
    await m.ready
    // HDF5 reports an error as an exception here instead of printing its stack to stderr; our
    // readers turn it into one line naming the file and the dataset
    ;(m.Module as unknown as { activate_throwing_error_handler(): number }).activate_throwing_error_handler()
    return m as unknown as H5
  })
  return loaded
}

export class H5FormatError extends Error {}

/** The innermost cause of an HDF5 error stack, one line ("file signature not found"). */
export function hdf5Reason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e)
  const causes = [...text.matchAll(/#\d+: .*? in [\w.]+\(\): (.+)$/gm)].map((m) => m[1]!.trim())
  return causes.at(-1) ?? text.split('\n')[0]!.trim()
}

/** Opens an HDF5 file read-only; a file that is not HDF5 (or is damaged) gets a clear error. */
export async function openH5(path: string): Promise<H5File> {
  const lib = await h5()
  let f: H5File
  try {
    f = new lib.File(path, 'r')
  } catch (e) {
    throw new H5FormatError(`${path}: not a readable HDF5 file (${hdf5Reason(e)})`)
  }
  if (!f.file_id || f.file_id < 0n) throw new H5FormatError(`${path}: not a readable HDF5 file`)
  return f
}

/** A dataset at `name`, or a clear error naming the file and what is missing. */
export function dataset(file: H5File, name: string): Dataset {
  let d: unknown
  try {
    d = file.get(name)
  } catch {
    d = null
  }
  if (!d || (d as { type?: string }).type !== 'Dataset') throw new H5FormatError(`${file.filename}: no dataset "${name}" (is this the official layout?)`)
  return d as Dataset
}

export function length(d: Dataset, file: string): number {
  const shape = d.shape
  if (!shape || shape.length !== 1) throw new H5FormatError(`${file}: "${d.path}" should be one-dimensional, has shape ${JSON.stringify(shape)}`)
  return shape[0]!
}

const VLEN = 9, INTEGER = 0, FLOAT = 1, STRING = 3

interface Scalar {
  type: number
  size: number
  signed: boolean
  littleEndian: boolean
}

function checkScalar(m: Scalar, what: string): void {
  const numeric = (m.type === FLOAT && [2, 4, 8].includes(m.size)) || (m.type === INTEGER && [1, 2, 4, 8].includes(m.size))
  if (!numeric) throw new H5FormatError(`${what}: expected numbers, found ${m.type === STRING ? 'strings' : `HDF5 type class ${m.type}`} of ${m.size} bytes`)
  if (!m.littleEndian) throw new H5FormatError(`${what}: big-endian data is not supported`)
}

/** Rows [start, start + count) of a 1-D variable-length numeric dataset, each as a Float64Array. */
export async function readVlenRows(d: Dataset, file: string, start: number, count: number): Promise<Float64Array[]> {
  const lib = await h5()
  const m = d.metadata as unknown as Scalar & { vlen_type?: Scalar }
  const what = `${file}: "${d.path}"`
  if (m.type !== VLEN || !m.vlen_type) throw new H5FormatError(`${what}: expected variable-length arrays (one per sample), found HDF5 type class ${m.type}`)
  const el = m.vlen_type
  checkScalar(el, what)
  const M = lib.Module as unknown as {
    _malloc(n: number): number
    _free(p: number): void
    HEAPU8: Uint8Array
    get_dataset_data(fid: bigint, path: string, count: bigint[], offset: bigint[], strides: bigint[] | null, ptr: bigint): number
    reclaim_vlen_memory_count(fid: bigint, path: string, attr: string, ptr: bigint, count: bigint[]): number
  }
  const fid = (d as unknown as { file_id: bigint }).file_id
  const ptr = M._malloc(m.size * count)
  if (!ptr) throw new Error(`${what}: out of memory reading ${count} rows`)
  const out: Float64Array[] = []
  try {
    const status = statusOf(() => M.get_dataset_data(fid, d.path, [BigInt(count)], [BigInt(start)], [1n], BigInt(ptr)))
    if (status < 0) throw new H5FormatError(`${what}: rows ${start}…${start + count - 1} could not be read (damaged file?)`)
    try {
      const heap = M.HEAPU8
      const view = new DataView(heap.buffer, heap.byteOffset, heap.byteLength)
      for (let r = 0; r < count; r++) {
        const len = view.getUint32(ptr + r * m.size, true)
        const p = view.getUint32(ptr + r * m.size + 4, true)
        out.push(decode(view, p, len, el))
      }
    } finally {
      M.reclaim_vlen_memory_count(fid, d.path, '', BigInt(ptr), [BigInt(count)])
    }
  } finally {
    M._free(ptr)
  }
  return out
}

function decode(view: DataView, p: number, n: number, t: Scalar): Float64Array {
  const out = new Float64Array(n)
  const s = t.size
  for (let i = 0; i < n; i++) {
    const o = p + i * s
    if (t.type === FLOAT) out[i] = s === 2 ? half(view.getUint16(o, true)) : s === 4 ? view.getFloat32(o, true) : view.getFloat64(o, true)
    else if (s === 1) out[i] = t.signed ? view.getInt8(o) : view.getUint8(o)
    else if (s === 2) out[i] = t.signed ? view.getInt16(o, true) : view.getUint16(o, true)
    else if (s === 4) out[i] = t.signed ? view.getInt32(o, true) : view.getUint32(o, true)
    else out[i] = Number(t.signed ? view.getBigInt64(o, true) : view.getBigUint64(o, true))
  }
  return out
}

/**
 * A whole 1-D numeric dataset (labels, speakers) as numbers. Read through the library's status
 * (h5wasm's `value` ignores it): a compressed chunk that fails to decode (a damaged deflate
 * stream, a filter the library lacks) is an error here, never a buffer of zeros.
 */
export async function readNumbers(d: Dataset, file: string): Promise<Float64Array> {
  const m = d.metadata as unknown as Scalar
  const what = `${file}: "${d.path}"`
  checkScalar(m, what)
  if (m.type === FLOAT && m.size === 2) throw new H5FormatError(`${what}: float16 labels are not supported`)
  const n = length(d, file)
  const lib = await h5()
  const M = lib.Module as unknown as {
    _malloc(n: number): number
    _free(p: number): void
    HEAPU8: Uint8Array
    get_dataset_data(fid: bigint, path: string, count: bigint[], offset: bigint[], strides: bigint[] | null, ptr: bigint): number
  }
  const ptr = M._malloc(Math.max(1, m.size * n))
  if (!ptr) throw new H5FormatError(`${what}: ${n} values do not fit in memory`)
  try {
    const status = n === 0 ? 0 : statusOf(() => M.get_dataset_data((d as unknown as { file_id: bigint }).file_id, d.path, [BigInt(n)], [0n], [1n], BigInt(ptr)))
    if (status < 0) throw new H5FormatError(`${what} could not be read: its stored data is damaged or compressed with a filter this reader lacks`)
    const heap = M.HEAPU8
    return decode(new DataView(heap.buffer, heap.byteOffset, heap.byteLength), ptr, n, m)
  } finally {
    M._free(ptr)
  }
}

/** A library call's status, with the library's error (raised as an exception, see h5()) as −1. */
function statusOf(call: () => number): number {
  try {
    return call()
  } catch {
    return -1
  }
}

/** The element type of a variable-length dataset: float or integer, and its size in bytes. */
export function vlenElement(d: Dataset): { float: boolean; size: number } | null {
  const m = d.metadata as unknown as Scalar & { vlen_type?: Scalar }
  return m.type === VLEN && m.vlen_type ? { float: m.vlen_type.type === FLOAT, size: m.vlen_type.size } : null
}

export function isStrings(d: Dataset): boolean {
  return (d.metadata as unknown as Scalar).type === STRING
}

/** A 1-D dataset of strings (fixed or variable length, bytes or UTF-8). */
export function readStrings(d: Dataset, file: string): string[] {
  const m = d.metadata as unknown as Scalar
  if (m.type !== STRING) throw new H5FormatError(`${file}: "${d.path}": expected strings, found HDF5 type class ${m.type}`)
  const v = d.value
  const list = Array.isArray(v) ? v : [v]
  return list.map((x) => utf8(String(x).replace(/\0+$/, '')))
}

/**
 * Byte strings (HDF5's default ASCII set, as h5py writes `S` arrays) come back one character per
 * byte; where those bytes are valid UTF-8 ("fünf" written by Python), decode them as such.
 */
function utf8(s: string): string {
  if (!/[\x80-\xff]/.test(s) || /[^\x00-\xff]/.test(s)) return s
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(s, 'latin1'))
  } catch {
    return s
  }
}
