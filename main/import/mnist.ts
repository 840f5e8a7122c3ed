/**
 * MNIST from its four IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte,
 * t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; gzipped or not). Images become spikes with
 * the latency code of main/data/mnist.ts. Files of one split must come as images and labels.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { Split } from '../../preload/api'
import { DEFAULT_LATENCY, type Idx, latencyEncode, parseIdx } from '../data/mnist'
import type { NewSample } from '../store/datasets'
import { ImportError, combinedHash, isGzip, statOrThrow } from './files'
import { createHash } from 'node:crypto'
import type { Import } from './types'

function readIdx(path: string): { idx: Idx; hash: string } {
  if (!statOrThrow(path).size) throw new ImportError(`${path}: the file is empty`)
  let bytes: Uint8Array = readFileSync(path)
  if (isGzip(path)) {
    try {
      bytes = gunzipSync(bytes)
    } catch (e) {
      throw new ImportError(`${path}: not a complete gzip file (${e instanceof Error ? e.message : String(e)})`)
    }
  }
  try {
    return { idx: parseIdx(bytes, path), hash: createHash('sha256').update(bytes).digest('hex') }
  } catch (e) {
    throw new ImportError(e instanceof Error ? e.message : String(e))
  }
}

export async function importMnist(paths: string[], opts: { name?: string } = {}): Promise<Import> {
  const splits = new Map<Split, { images?: Idx; labels?: Idx; files: string[] }>()
  const hashes: { split: string; hash: string }[] = []
  for (const path of paths) {
    const name = basename(path).toLowerCase()
    const split: Split = name.startsWith('t10k') || name.includes('test') ? 'test' : 'train'
    const role = name.includes('images') ? 'images' : name.includes('labels') ? 'labels' : null
    if (!role) throw new ImportError(`${path}: not an MNIST file name (expected …-images-idx3-ubyte or …-labels-idx1-ubyte)`)
    const entry = splits.get(split) ?? { files: [] }
    if (entry[role]) throw new ImportError(`${path}: a second ${split} ${role} file`)
    const { idx, hash } = readIdx(path)
    if (role === 'images' && (idx.dims.length !== 3 || idx.dims[1]! * idx.dims[2]! > 65_536)) throw new ImportError(`${path}: images should be N×rows×columns, found ${idx.dims.join('×')}`)
    if (role === 'labels' && idx.dims.length !== 1) throw new ImportError(`${path}: labels should be one-dimensional, found ${idx.dims.join('×')}`)
    entry[role] = idx
    entry.files.push(path)
    splits.set(split, entry)
    hashes.push({ split: `${split}-${role}`, hash })
  }
  let pixels = 0
  for (const [split, e] of splits) {
    if (!e.images || !e.labels) throw new ImportError(`${e.files[0]}: the ${split} split needs both its images and its labels file`)
    if (e.images.dims[0] !== e.labels.dims[0]) throw new ImportError(`${e.files.join(', ')}: ${e.images.dims[0]} images but ${e.labels.dims[0]} labels`)
    const bad = e.labels.data.findIndex((l) => l > 9)
    if (bad >= 0) throw new ImportError(`${e.files.find((f) => f.toLowerCase().includes('labels'))}: label ${bad} is ${e.labels.data[bad]}, outside 0…9`)
    const px = e.images.dims[1]! * e.images.dims[2]!
    if (pixels && px !== pixels) throw new ImportError(`${e.files[0]}: images of ${px} pixels, other files have ${pixels}`)
    pixels = px
  }
  const total = [...splits.values()].reduce((s, e) => s + e.labels!.dims[0]!, 0)
  async function* samples(): AsyncGenerator<NewSample> {
    for (const split of ['train', 'test'] as const) {
      const e = splits.get(split)
      if (!e) continue
      const n = e.labels!.dims[0]!
      for (let i = 0; i < n; i++) yield { split, idx: i, label: e.labels!.data[i]!, ...latencyEncode(e.images!.data.subarray(i * pixels, (i + 1) * pixels)) }
    }
  }
  return {
    kind: 'mnist', name: opts.name ?? `MNIST (${[...splits.keys()].join(', ')})`,
    params: { format: 'idx', encoding: { kind: 'latency', ...DEFAULT_LATENCY } },
    numChannels: pixels, numClasses: 10, classNames: Array.from({ length: 10 }, (_, i) => String(i)),
    source: paths.map((p) => basename(p)), sourceBytes: paths.reduce((s, p) => s + statOrThrow(p).size, 0),
    hash: combinedHash('mnist', hashes), total, samples, dispose: () => {}
  }
}
