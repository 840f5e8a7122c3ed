/**
 * HDF5 files as plain trees, written and read with h5wasm: a group is an object of children, a
 * dataset holds its data (strings become variable-length UTF-8, as h5py's string_dtype; numbers
 * keep their typed array's type) with an optional shape, fixed-length string type and gzip.
 * The NIR and NetX exporters build trees (main/loihi); this file does the I/O.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { h5, hdf5Reason } from '../import/h5'
import { makeTemp, removeTemp } from '../fsutil/temp'

export type H5Data = string | string[] | Float64Array | Float32Array | Int32Array | BigInt64Array | Uint8Array | number
export interface H5Dataset { data: H5Data; shape?: number[]; dtype?: string; gzip?: boolean }
export interface H5Tree { [name: string]: H5Tree | H5Dataset }

export const isDataset = (x: H5Tree | H5Dataset): x is H5Dataset => 'data' in x && !(x.data !== null && typeof x.data === 'object' && !ArrayBuffer.isView(x.data) && !Array.isArray(x.data))

/** The HDF5 file of a tree, as bytes. */
export async function writeH5(tree: H5Tree): Promise<Uint8Array> {
  const lib = await h5()
  const dir = makeTemp('export')
  const file = join(dir, 'out.h5')
  const f = new lib.File(file, 'w')
  try {
    const put = (g: { create_group(n: string): unknown; create_dataset(a: object): unknown }, t: H5Tree): void => {
      for (const [name, node] of Object.entries(t)) {
        if (isDataset(node)) {
          const shape = node.shape ?? (typeof node.data === 'string' || typeof node.data === 'number' ? [] : [node.data.length])
          const size = shape.reduce((a, b) => a * b, 1)
          g.create_dataset({
            name, data: typeof node.data === 'number' ? Float64Array.of(node.data) : node.data, shape, ...(node.dtype ? { dtype: node.dtype } : {}),
            ...(node.gzip && size > 0 && typeof node.data !== 'string' && !Array.isArray(node.data) ? { compression: 'gzip', chunks: shape.map((s) => Math.max(1, s)) } : {})
          })
        } else put(g.create_group(name) as never, node)
      }
    }
    put(f as never, tree)
  } catch (e) {
    throw new Error(`writing HDF5: ${hdf5Reason(e)}`)
  } finally {
    f.close()
  }
  try {
    return new Uint8Array(readFileSync(file))
  } finally {
    removeTemp(dir)
  }
}

/** A whole HDF5 file as a tree (strings decoded; numbers as typed arrays with their shapes). */
export async function readH5(path: string, label = path): Promise<H5Tree> {
  const lib = await h5()
  let f
  try {
    f = new lib.File(path, 'r')
  } catch (e) {
    throw new Error(`${label}: not an HDF5 file (${hdf5Reason(e)})`)
  }
  try {
    const walk = (g: { keys(): string[]; get(n: string): unknown }): H5Tree => {
      const out: H5Tree = {}
      for (const k of g.keys()) {
        const item = g.get(k) as { type: string; value?: unknown; shape?: number[] | null; dtype?: unknown }
        if (item.type === 'Group') out[k] = walk(item as never)
        else if (item.type === 'Dataset') {
          let v = item.value as unknown
          if (v instanceof Uint8Array && typeof item.dtype === 'string' && item.dtype.startsWith('S')) v = new TextDecoder().decode(v)
          const data = (Array.isArray(v) ? v.map(String) : typeof v === 'bigint' ? BigInt64Array.of(v) : v) as H5Data
          out[k] = { data, shape: item.shape ?? [] }
        }
      }
      return out
    }
    return walk(f as never)
  } catch (e) {
    throw new Error(`${label}: ${e instanceof Error ? e.message : String(e)}`)
  } finally {
    f.close()
  }
}
