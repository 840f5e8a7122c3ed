/**
 * The Spiking Heidelberg Digits and Spiking Speech Commands, from their official HDF5 files
 * (plain or gzipped): /spikes/times and /spikes/units (one variable-length array per sample,
 * times in seconds), /labels, /extra/speaker and /extra/keys (class names). A file per split
 * (shd_train/shd_test, ssc_train/ssc_valid/ssc_test), recognised by its name. Times become ms.
 */
import { basename } from 'node:path'
import type { Split } from '../../preload/api'
import type { NewSample } from '../store/datasets'
import { type PlainFile, ImportError, combinedHash, plainFile, splitFromName, statOrThrow } from './files'
import { isZip, zipEntries, zipMember } from './zip'
import type { File as H5File } from 'h5wasm'
import { H5FormatError, dataset, isStrings, length, openH5, readNumbers, readStrings, readVlenRows, vlenElement } from './h5'
import type { Import } from './types'

/** The cochlea model's channels. */
export const SHD_CHANNELS = 700
/** Latest plausible spike time: SHD and SSC samples last about 1 s. */
const MAX_SAMPLE_MS = 10_000
/** Rows read from HDF5 at once. */
const SLICE = 256

interface Part {
  /** What errors name: the file, or for a zip member "archive.zip/member.h5". */
  original: string
  /** The file on disk it came from. */
  file: string
  split: Split
  plain: PlainFile
  count: number
  labels: Float64Array
  speakers: Float64Array | null
  /** Speakers stored as strings (SSC): the name per sample, mapped to ids across all files. */
  speakerNames: string[] | null
  keys: string[] | null
  /** /extra/meta_info: per-speaker columns (gender, age, body_height, …), indexed by speaker id. */
  meta: Record<string, (string | number)[]> | null
}

export async function importSpikingHeidelberg(paths: string[], opts: { name?: string; signal?: AbortSignal } = {}): Promise<Import> {
  const parts: Part[] = []
  const dispose = (): void => parts.forEach((p) => p.plain.dispose())
  try {
    const seen = new Set<Split>()
    // a .zip stands for the HDF5 files in it
    const sources = paths.flatMap((file) => {
      if (!isZip(file)) return [{ file, original: file, open: () => plainFile(file, opts.signal) }]
      statOrThrow(file)
      const members = zipEntries(file).filter((e) => /\.(h5|hdf5)$/i.test(e.name) && !e.name.startsWith('__MACOSX/'))
      if (!members.length) throw new ImportError(`${file}: the archive holds no .h5 file`)
      return members.map((e) => ({ file, original: `${file}/${e.name}`, open: () => zipMember(file, e, opts.signal) }))
    })
    for (const { file, original, open } of sources) {
      const split = splitFromName(original)
      if (seen.has(split)) throw new ImportError(`${original}: a second ${split} file; give one file per split`)
      seen.add(split)
      const plain = await open()
      parts.push({ original, file, split, plain, count: 0, labels: new Float64Array(0), speakers: null, speakerNames: null, keys: null, meta: null })
      const f = await openH5(plain.path).catch((e: unknown) => {
        throw new ImportError(e instanceof H5FormatError ? e.message.replace(plain.path, original) : String(e))
      })
      try {
        const times = dataset(f, 'spikes/times'), units = dataset(f, 'spikes/units'), labels = dataset(f, 'labels')
        const n = length(times, original)
        if (length(units, original) !== n) throw new ImportError(`${original}: ${n} rows of spike times but ${length(units, original)} rows of units`)
        if (length(labels, original) !== n) throw new ImportError(`${original}: ${n} samples but ${length(labels, original)} labels`)
        if (n === 0) throw new ImportError(`${original}: the file holds no samples`)
        // every row of a variable-length dataset stores a 16-byte descriptor (length and heap address)
        // in the file, and its spikes on the heap: more rows than the file has room for were declared
        // but never written
        const bytes = statOrThrow(plain.path).size
        if (2 * 16 * n > bytes) throw new ImportError(`${original}: declares ${n} samples, but a file of ${bytes} bytes can hold at most ${Math.floor(bytes / 32)} (rows declared but never written?)`)
        const el = vlenElement(times)
        if (el && !el.float) throw new ImportError(`${original}: "spikes/times" holds ${8 * el.size}-bit integers; the official files store times in seconds as floats (integer times in µs, ms or steps are not accepted)`)
        const last = parts.at(-1)!
        last.count = n
        last.labels = await readNumbers(labels, original)
        if (f.get('extra/speaker')) {
          const sp = dataset(f, 'extra/speaker')
          if (isStrings(sp)) last.speakerNames = readStrings(sp, original)
          else last.speakers = await readNumbers(sp, original)
          const m = last.speakerNames?.length ?? last.speakers!.length
          if (m !== n) throw new ImportError(`${original}: ${n} samples but ${m} speakers`)
        }
        last.meta = await readMeta(f, original)
        last.keys = f.get('extra/keys') ? readStrings(dataset(f, 'extra/keys'), original) : null
      } catch (e) {
        throw e instanceof H5FormatError ? new ImportError(e.message.replace(plain.path, original)) : e
      } finally {
        f.close()
      }
    }
    if (!parts.length) throw new ImportError('no files given')
    // string speakers: one id per distinct name over all files, in sorted order
    const named = parts.filter((p) => p.speakerNames)
    let speakerNames: string[] | null = null
    if (named.length) {
      const numeric = parts.find((p) => p.speakers)
      if (numeric) throw new ImportError(`${numeric.original}: speakers are numbers here but strings in ${named[0]!.original}`)
      speakerNames = [...new Set(named.flatMap((p) => p.speakerNames!))].sort()
      const id = new Map(speakerNames.map((s, i) => [s, i]))
      for (const p of named) p.speakers = Float64Array.from(p.speakerNames!, (s) => id.get(s)!)
    }
    const meta = parts.find((p) => p.meta)?.meta ?? null
    const keys = parts.find((p) => p.keys)?.keys ?? null
    const maxLabel = Math.max(...parts.map((p) => p.labels.reduce((m, x) => Math.max(m, x), -1)))
    const ssc = parts.some((p) => /ssc/i.test(basename(p.original))) || keys?.length === 35
    const numClasses = keys?.length ?? maxLabel + 1
    // a file named as one dataset must hold it: SHD has 20 classes, SSC 35
    for (const p of parts) {
      const named = /shd/i.test(basename(p.original)) ? 'shd' : /ssc/i.test(basename(p.original)) ? 'ssc' : null
      const expected = named === 'shd' ? 20 : named === 'ssc' ? 35 : null
      const held = p.keys?.length ?? p.labels.reduce((m, x) => Math.max(m, x), -1) + 1
      if (expected !== null && (p.keys ? held !== expected : held > expected))
        throw new ImportError(`${p.original}: named as ${named!.toUpperCase()} (${expected} classes), but it holds ${held} classes${p.keys ? ' by its /extra/keys' : ''}; rename the file after what it holds, or check it`)
    }
    for (const p of parts) {
      const bad = p.labels.findIndex((l) => !Number.isInteger(l) || l < 0 || l >= numClasses)
      if (bad >= 0) throw new ImportError(`${p.original}: sample ${bad} has label ${p.labels[bad]}, outside 0…${numClasses - 1}${keys ? ` (the file names ${keys.length} classes)` : ''}`)
    }
    const kind = ssc ? 'ssc' : 'shd'
    return {
      kind,
      name: opts.name ?? `${ssc ? 'SSC' : 'SHD'} (${parts.map((p) => p.split).join(', ')})`,
      fileHashes: parts.map((p) => `${kind}:${p.split}:${p.plain.hash}`),
      params: {
        format: 'hdf5', timeUnit: 's', files: parts.map((p) => ({ file: basename(p.original), split: p.split, samples: p.count, hash: `${kind}:${p.split}:${p.plain.hash}` })),
        ...(speakerNames ? { speakerNames } : {}), ...(meta ? { speakerMeta: meta } : {})
      },
      numChannels: SHD_CHANNELS,
      numClasses,
      classNames: keys ?? Array.from({ length: numClasses }, (_, i) => `class ${i}`),
      source: [...new Set(parts.map((p) => basename(p.file)))],
      sourceBytes: [...new Set(parts.map((p) => p.file))].reduce((s, f) => s + statOrThrow(f).size, 0),
      hash: combinedHash(kind, parts.map((p) => ({ split: p.split, hash: p.plain.hash }))),
      total: parts.reduce((s, p) => s + p.count, 0),
      samples: () => readSamples(parts),
      dispose
    }
  } catch (e) {
    dispose()
    throw e
  }
}

/** The columns of /extra/meta_info (per speaker: gender, age, body height in the official files), or null. */
async function readMeta(f: H5File, file: string): Promise<Record<string, (string | number)[]> | null> {
  const g = f.get('extra/meta_info') as { type?: string; keys?: () => string[] } | null
  if (!g || g.type !== 'Group' || !g.keys) return null
  const out: Record<string, (string | number)[]> = {}
  for (const k of g.keys()) {
    const d = dataset(f, `extra/meta_info/${k}`)
    out[k] = isStrings(d) ? readStrings(d, file) : Array.from(await readNumbers(d, file))
  }
  return Object.keys(out).length ? out : null
}

async function* readSamples(parts: Part[]): AsyncGenerator<NewSample> {
  for (const p of parts) {
    const f = await openH5(p.plain.path)
    try {
      const times = dataset(f, 'spikes/times'), units = dataset(f, 'spikes/units')
      for (let start = 0; start < p.count; start += SLICE) {
        const n = Math.min(SLICE, p.count - start)
        let t: Float64Array[], u: Float64Array[]
        try {
          t = await readVlenRows(times, p.original, start, n)
          u = await readVlenRows(units, p.original, start, n)
        } catch (e) {
          throw new ImportError(e instanceof Error ? e.message.replace(p.plain.path, p.original) : String(e))
        }
        for (let k = 0; k < n; k++) yield sample(p, start + k, t[k]!, u[k]!)
      }
    } finally {
      f.close()
    }
  }
}

function sample(p: Part, idx: number, t: Float64Array, u: Float64Array): NewSample {
  const where = `${p.original}: sample ${idx}`
  if (t.length !== u.length) throw new ImportError(`${where} has ${t.length} spike times but ${u.length} units`)
  const times = new Float32Array(t.length), units = new Uint16Array(u.length)
  let prev = 0
  for (let k = 0; k < t.length; k++) {
    const ms = t[k]! * 1000
    if (!Number.isFinite(ms) || ms < 0) throw new ImportError(`${where}: spike ${k} has time ${t[k]} s`)
    if (ms > MAX_SAMPLE_MS) throw new ImportError(`${where}: spike ${k} at ${t[k]} s, but SHD/SSC samples last about 1 s (are the times in ms instead of seconds?)`)
    if (ms < prev) throw new ImportError(`${where}: spike times are not in order (spike ${k} at ${t[k]} s comes after ${prev / 1000} s)`)
    prev = ms
    const unit = u[k]!
    if (!Number.isInteger(unit) || unit < 0 || unit >= SHD_CHANNELS) throw new ImportError(`${where}: spike ${k} is on channel ${unit}, outside 0…${SHD_CHANNELS - 1}`)
    times[k] = ms
    units[k] = unit
  }
  return { split: p.split, idx, label: p.labels[idx]!, times, units, sourceSeconds: t, ...(p.speakers ? { speaker: p.speakers[idx]! } : {}) }
}
