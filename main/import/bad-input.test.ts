/**
 * Bad input: valid fixtures, mutated (truncation, bit flips, wrong layouts and dtypes, bad
 * content). Every case must fail with an error that names the file and the problem, and must
 * leave the store without any dataset or sample.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { Store } from '../store/index'
import { tempHome } from '../testing/tmp'
import { CancelFlag } from '../util/cancel'
import { digitAudio, flacBytes, idxBytes, wavBytes, writeShdFixture, writeZip } from './fixtures'
import { openImport, writeImport } from './index'

const dir = tempHome()
const good = join(dir, 'good_train.h5')
writeShdFixture(good, { samples: 40, spikes: 80, seed: 5, sidecar: false })
const goodBytes = readFileSync(good)

function mutated(name: string, bytes: Uint8Array): string {
  const sub = join(dir, name.replace(/[^a-z0-9]+/gi, '-'))
  mkdirSync(sub, { recursive: true })
  const p = join(sub, 'shd_train.h5')
  writeFileSync(p, bytes)
  return p
}

function flip(bytes: Uint8Array, at: number[]): Uint8Array {
  const b = Uint8Array.from(bytes)
  for (const i of at) b[i]! ^= 0xff
  return b
}

/** Imports into a fresh store; returns the error and whether the store is still empty. */
async function attempt(paths: string[]): Promise<{ error: string; empty: boolean }> {
  const store = Store.open(join(tempHome(), 's.sqlite'))
  let error = ''
  try {
    const imp = await openImport(paths, 'auto')
    try {
      await writeImport(store, imp, { cancel: new CancelFlag(), progress: () => {} })
    } finally {
      imp.dispose()
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e)
  }
  const samples = (store.db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n
  const empty = store.datasets.list().length === 0 && samples === 0
  store.close()
  return { error, empty }
}

function variant(name: string, v: Parameters<typeof writeShdFixture>[1]): string {
  const sub = join(dir, name)
  mkdirSync(sub, { recursive: true })
  const p = join(sub, 'shd_train.h5')
  writeShdFixture(p, { samples: 20, seed: 6, sidecar: false, ...v })
  return p
}

const hdf5Cases: [string, () => string, RegExp][] = [
  ['an empty file', () => mutated('empty', new Uint8Array(0)), /the file is empty/],
  ['text named .h5', () => mutated('text', new TextEncoder().encode('spikes,times\n1,2\n')), /not a readable HDF5 file/],
  ['truncated to half', () => mutated('half', goodBytes.subarray(0, goodBytes.length >> 1)), /not a readable HDF5 file|could not be read|no dataset/],
  ['truncated by 100 bytes', () => mutated('cut', goodBytes.subarray(0, goodBytes.length - 100)), /not a readable HDF5 file|could not be read|no dataset/],
  ['bit flips in the superblock', () => mutated('flip-super', flip(goodBytes, [0, 1, 2, 3, 8, 9])), /not a readable HDF5 file/],
  ['bit flips in the object headers', () => mutated('flip-headers', flip(goodBytes, Array.from({ length: 64 }, (_, i) => 96 + i))), /not a readable HDF5 file|no dataset|could not be read|expected/],
  ['a valid HDF5 file with times as a fixed 2-D array', () => variant('fixed-times', { variant: 'fixed-times' }), /spikes\/times.*(one-dimensional|variable-length)/],
  ['no units dataset', () => variant('no-units', { variant: 'no-units' }), /no dataset "spikes\/units"/],
  ['labels as strings (wrong dtype)', () => variant('string-labels', { variant: 'string-labels' }), /labels.*expected numbers/],
  ['a label out of range', () => variant('label', { variant: 'label-out-of-range' }), /sample 10 has label 23, outside 0…19/],
  ['times and units of different lengths', () => variant('mismatch', { variant: 'length-mismatch' }), /sample 10 has \d+ spike times but \d+ units/],
  ['times out of order', () => variant('unsorted', { variant: 'unsorted' }), /sample 10: spike times are not in order/],
  ['a channel past 699', () => variant('units', { variant: 'units-out-of-range' }), /sample 10: spike 0 is on channel 705/],
  // stored wrong before: these imported "successfully" with zeros, 10⁶× times or the wrong kind
  ['a damaged deflate chunk in /labels', () => damagedChunk('labels', 'compressed-labels'), /"\/labels" could not be read: its stored data is damaged/],
  ['a damaged deflate chunk in /extra/speaker', () => damagedChunk('extra/speaker', 'compressed-speakers'), /"\/extra\/speaker" could not be read: its stored data is damaged/],
  // LZF shrinks 200 labels, so the chunk is stored compressed and needs the filter (a chunk LZF
  // cannot shrink is stored raw and reads back fine)
  ['labels compressed with h5py\'s LZF filter, which this reader lacks', () => variant('lzf', { variant: 'lzf-labels', samples: 200 }), /"\/labels" could not be read: its stored data is damaged or compressed with a filter this reader lacks/],
  ['times as integer microseconds', () => variant('int-times', { variant: 'integer-times' }), /"spikes\/times" holds 64-bit integers; the official files store times in seconds as floats/],
  ['float times in ms instead of s', () => variant('ms-times', { timesDtype: 'float32', timesScale: 1000 }), /SHD\/SSC samples last about 1 s \(are the times in ms/],
  ['a file named shd_train.h5 holding 35 classes', () => variant('ssc-as-shd', { classes: 35 }), /named as SHD \(20 classes\), but it holds 35 classes by its \/extra\/keys/],
  ['a file with no samples', () => variant('empty-file', { variant: 'empty' }), /the file holds no samples/],
  // crashed or ran away before: a 8 KB file declaring 10⁹ (or 2·10⁶ unwritten) rows
  ['10⁹ declared rows in a small file', () => variant('huge', { variant: 'huge-declared' }), /declares 1000000000 samples, but a file of \d+ bytes can hold at most \d+/],
  ['2·10⁶ declared rows never written', () => variant('unwritten', { variant: 'unwritten-rows' }), /declares 2000000 samples, but a file of \d+ bytes/]
]

/** A valid file whose dataset `name` is one gzip-compressed chunk, with bytes in its middle flipped. */
function damagedChunk(name: string, v: 'compressed-labels' | 'compressed-speakers'): string {
  const p = variant(`damaged-${v}`, { variant: v })
  const chunk = (JSON.parse(readFileSync(`${p}.chunks.json`, 'utf8')) as Record<string, { offset: number; size: number }>)[name]!
  const mid = chunk.offset + (chunk.size >> 1)
  writeFileSync(p, flip(readFileSync(p), [mid, mid + 1]))
  return p
}

describe('bad SHD/SSC files: a clear error naming the file, and nothing stored', () => {
  it.each(hdf5Cases)('%s', async (_name, make, problem) => {
    const path = make()
    const { error, empty } = await attempt([path])
    expect(error).toContain(path)
    expect(error).toMatch(problem)
    expect(empty).toBe(true)
  })

  it.each([
    ['truncated gzip', (gz: Uint8Array) => gz.subarray(0, gz.length >> 1), /not a complete gzip file/],
    ['bit flips in the compressed data', (gz: Uint8Array) => flip(gz, [gz.length >> 1, (gz.length >> 1) + 7]), /not a complete gzip file/],
    ['gzip of a non-HDF5 file', () => gzipSync(Buffer.from('hello')), /not a readable HDF5 file/]
  ] as [string, (gz: Uint8Array) => Uint8Array, RegExp][])('.h5.gz: %s', async (_name, mutate, problem) => {
    const sub = join(dir, `gz-${basename(String(problem)).replace(/\W+/g, '')}-${Math.random().toString(36).slice(2, 6)}`)
    mkdirSync(sub)
    const p = join(sub, 'shd_train.h5.gz')
    writeFileSync(p, mutate(gzipSync(goodBytes)))
    const { error, empty } = await attempt([p])
    expect(error).toContain(p)
    expect(error).toMatch(problem)
    expect(empty).toBe(true)
  })

  it.each([
    ['truncated', (z: Uint8Array) => z.subarray(0, z.length - 200), /truncated zip archive|not a zip archive|damaged zip/],
    ['bit flips in the deflated data', (z: Uint8Array) => flip(z, [z.length >> 1, (z.length >> 1) + 5]), /"shd_train\.h5": damaged (compressed data|member)/],
    ['not a zip at all', () => new TextEncoder().encode('PK but not really'), /not a zip archive/]
  ] as [string, (z: Uint8Array) => Uint8Array, RegExp][])('.h5.zip: %s', async (name, mutate, problem) => {
    const sub = join(dir, `zip-${name.replace(/\W+/g, '-')}`)
    mkdirSync(sub)
    const zip = join(sub, 'shd_train.h5.zip')
    writeZip(zip, [[good, 'shd_train.h5']])
    writeFileSync(zip, mutate(readFileSync(zip)))
    const { error, empty } = await attempt([zip])
    expect(error).toContain(zip)
    expect(error).toMatch(problem)
    expect(empty).toBe(true)
  })

  it('.h5.zip holding no HDF5 file', async () => {
    const sub = join(dir, 'zip-empty')
    mkdirSync(sub)
    writeFileSync(join(sub, 'readme.txt'), 'nothing here')
    const zip = join(sub, 'shd_train.h5.zip')
    writeZip(zip, [[join(sub, 'readme.txt'), 'readme.txt']])
    const { error, empty } = await attempt([zip])
    expect(error).toMatch(/shd_train\.h5\.zip: the archive holds no \.h5 file/)
    expect(empty).toBe(true)
  })

  it('a bad test file next to a good train file keeps nothing of either', async () => {
    const sub = join(dir, 'pair')
    mkdirSync(sub)
    copyFileSync(good, join(sub, 'shd_train.h5'))
    const bad = join(sub, 'shd_test.h5')
    writeShdFixture(bad, { samples: 20, seed: 8, sidecar: false, variant: 'unsorted' })
    const { error, empty } = await attempt([join(sub, 'shd_train.h5'), bad])
    expect(error).toContain(bad)
    expect(error).toMatch(/not in order/)
    expect(empty).toBe(true)
  })
})

describe('bad MNIST files', () => {
  const write = (name: string, files: Record<string, Uint8Array>): string[] => {
    const sub = join(dir, `mnist-${name}`)
    mkdirSync(sub)
    return Object.entries(files).map(([f, b]) => {
      writeFileSync(join(sub, f), b)
      return join(sub, f)
    })
  }
  const images = idxBytes([3, 28, 28], new Uint8Array(3 * 784).fill(200))
  const labels = idxBytes([3], Uint8Array.of(1, 2, 3))
  it.each([
    ['truncated images', { 'train-images-idx3-ubyte': images.subarray(0, 1000), 'train-labels-idx1-ubyte': labels }, 'train-images-idx3-ubyte', /promises 2352 bytes of data/],
    ['a bad magic number', { 'train-images-idx3-ubyte': flip(images, [1]), 'train-labels-idx1-ubyte': labels }, 'train-images-idx3-ubyte', /not an IDX file/],
    ['a label above 9', { 'train-images-idx3-ubyte': images, 'train-labels-idx1-ubyte': idxBytes([3], Uint8Array.of(1, 12, 3)) }, 'train-labels-idx1-ubyte', /label 1 is 12, outside 0…9/],
    ['more labels than images', { 'train-images-idx3-ubyte': images, 'train-labels-idx1-ubyte': idxBytes([4], Uint8Array.of(1, 2, 3, 4)) }, 'train-images-idx3-ubyte', /3 images but 4 labels/],
    ['images without labels', { 'train-images-idx3-ubyte': images }, 'train-images-idx3-ubyte', /needs both its images and its labels/],
    ['a corrupt gzip', { 'train-images-idx3-ubyte.gz': gzipSync(images).subarray(0, 40), 'train-labels-idx1-ubyte': labels }, 'train-images-idx3-ubyte.gz', /not a complete gzip file/]
  ] as [string, Record<string, Uint8Array>, string, RegExp][])('%s', async (name, files, culprit, problem) => {
    const paths = write(name.replace(/\W+/g, '-'), files)
    const { error, empty } = await attempt(paths)
    expect(error).toContain(paths.find((p) => p.endsWith(culprit)))
    expect(error).toMatch(problem)
    expect(empty).toBe(true)
  })
})

describe('a RawHD folder with one bad file among good ones', () => {
  const folder = (name: string, bad: [string, Uint8Array]): { root: string; badPath: string } => {
    const root = join(dir, `rawhd-${name}`)
    mkdirSync(join(root, 'audio'), { recursive: true })
    for (let s = 1; s <= 3; s++) writeFileSync(join(root, 'audio', `lang-english_speaker-0${s}_trial-0_digit-${s}.flac`), flacBytes(digitAudio(s, s), 16_000))
    writeFileSync(join(root, 'audio', bad[0]), bad[1])
    return { root, badPath: join(root, 'audio', bad[0]) }
  }
  const flac = flacBytes(digitAudio(4, 9), 16_000)
  it.each([
    ['a truncated FLAC', ['lang-german_speaker-04_trial-0_digit-4.flac', flac.subarray(0, 60)], /damaged FLAC|no audio|FLAC decoding failed/],
    ['a FLAC with flipped bits in its frames', ['lang-german_speaker-04_trial-0_digit-4.flac', flip(flac, [100, 101, 2000, 5000])], /damaged FLAC|FLAC decoding failed/],
    ['a text file named .flac', ['lang-german_speaker-04_trial-0_digit-4.flac', new TextEncoder().encode('not audio')], /not a FLAC file/],
    ['an empty file', ['lang-german_speaker-04_trial-0_digit-4.flac', new Uint8Array(0)], /the file is empty/],
    ['a truncated WAV', ['lang-german_speaker-04_trial-0_digit-4.wav', wavBytes(digitAudio(4, 9), 16_000).subarray(0, 500)], /truncated/],
    ['a file named outside the scheme', ['digit-4.flac', flac], /does not follow lang-/]
  ] as [string, [string, Uint8Array], RegExp][])('%s', async (name, bad, problem) => {
    const { root, badPath } = folder(name.replace(/\W+/g, '-'), bad)
    const { error, empty } = await attempt([root])
    expect(error).toContain(badPath)
    expect(error).toMatch(problem)
    expect(empty).toBe(true)
  })
})
