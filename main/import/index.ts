/**
 * Import entry point: tells the format from the paths, opens the importer, and writes the dataset
 * in one transaction. Re-importing content already in the store is a no-op that returns the
 * existing dataset. A bad file fails the whole import and leaves the store as it was.
 */
import { basename } from 'node:path'
import type { IMPORT_FORMATS } from '../../preload/api'
import type { Store } from '../store/index'
import type { CancelCheck } from '../util/cancel'
import { ImportError, statOrThrow } from './files'
import { importMnist } from './mnist'
import { importRawHd } from './rawhd'
import { importSpikingHeidelberg } from './shd'
import type { Import } from './types'

export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** The format of these paths: a folder is RawHD audio, IDX files are MNIST, HDF5 is SHD/SSC. */
export function detectFormat(paths: string[]): Exclude<ImportFormat, 'auto'> {
  if (paths.length === 0) throw new ImportError('no files given')
  if (paths.length === 1 && statOrThrow(paths[0]!).isDirectory()) return 'rawhd'
  const names = paths.map((p) => basename(p).toLowerCase())
  if (names.every((n) => /idx\d-ubyte(\.gz)?$/.test(n))) return 'mnist'
  if (names.every((n) => /\.(h5|hdf5)(\.gz|\.zip)?$/.test(n))) return 'shd'
  throw new ImportError(`${paths.join(', ')}: unknown format (expected SHD/SSC .h5, .h5.gz or .h5.zip files, MNIST idx files, or a RawHD audio folder)`)
}

export async function openImport(paths: string[], format: ImportFormat, name?: string, signal?: AbortSignal): Promise<Import> {
  const f = format === 'auto' ? detectFormat(paths) : format
  const opts = name ? { name } : {}
  if (f === 'shd') return importSpikingHeidelberg(paths, { ...opts, ...(signal ? { signal } : {}) })
  if (f === 'mnist') return importMnist(paths, opts)
  if (paths.length !== 1) throw new ImportError('RawHD: give the one folder that holds the audio files')
  return importRawHd(paths[0]!, opts)
}

export interface ImportResult {
  datasetId: number
  /** False when the same content was already imported. */
  created: boolean
  samples: number
}

/** Writes an opened import into the store, checking for cancellation as it goes. */
export async function writeImport(store: Store, imp: Import, ctx: { cancel: CancelCheck; progress(fraction: number, message: string): void }): Promise<ImportResult> {
  const existing = store.datasets.findByHash(imp.hash) ?? (imp.fileHashes ? store.datasets.findHoldingFiles(imp.fileHashes) : undefined)
  if (existing) {
    const samples = Object.values(existing.splits).reduce((a, b) => a + (b ?? 0), 0)
    return { datasetId: existing.id, created: false, samples }
  }
  let written = 0
  const datasetId = await store.datasets.createAsync(
    {
      name: imp.name, kind: imp.kind, params: imp.params, numChannels: imp.numChannels, numClasses: imp.numClasses,
      classNames: imp.classNames, contentHash: imp.hash, source: imp.source, sourceBytes: imp.sourceBytes
    },
    async (insert) => {
      for await (const s of imp.samples()) {
        if (written % 256 === 0) {
          ctx.cancel.throwIfCancelled()
          ctx.progress(written / Math.max(1, imp.total), `writing samples ${written}/${imp.total}`)
        }
        insert(s)
        written++
      }
      ctx.cancel.throwIfCancelled()
    }
  )
  return { datasetId, created: true, samples: written }
}
