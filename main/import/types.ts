/** What every importer produces: dataset metadata and its samples, read when asked. */
import type { DatasetKind } from '../../preload/api'
import type { NewSample } from '../store/datasets'

export interface Import {
  kind: DatasetKind
  name: string
  params: unknown
  numChannels: number
  numClasses: number
  classNames: string[]
  /** File names and their total size. */
  source: string[]
  sourceBytes: number
  /** Content hash of the source (re-importing the same content finds the dataset). */
  hash: string
  /**
   * Per-file content hashes, where the format has one file per split (SHD/SSC): importing a file
   * that a dataset already holds (the train file alone after train + test) finds that dataset.
   */
  fileHashes?: string[]
  /** Samples that `samples` will yield (for progress). */
  total: number
  /** Yields samples; throws an ImportError naming the file and sample at the first bad one. */
  samples(): AsyncGenerator<NewSample>
  /** Removes temporary files. */
  dispose(): void
}
