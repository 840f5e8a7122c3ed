/** Importers against files in the official layouts, written by code in this repository. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Store } from '../store/index'
import { tempHome } from '../testing/tmp'
import { CancelFlag } from '../util/cancel'
import { digitAudio, flacBytes, idxBytes, wavBytes, writeShdFixture, writeZip } from './fixtures'
import { detectFormat, openImport, writeImport } from './index'
import { HD_CLASS_NAMES, hdLabel } from './rawhd'

const ctx = { cancel: new CancelFlag(), progress: () => {} }

async function importInto(store: Store, paths: string[]) {
  const imp = await openImport(paths, 'auto')
  try {
    return { imp, result: await writeImport(store, imp, ctx) }
  } finally {
    imp.dispose()
  }
}

describe('SHD / SSC HDF5 importer', () => {
  it.each(['float16', 'float32'] as const)('reads back identical spikes, labels, speakers and class names (times as %s, train .h5 + test .h5.gz)', async (timesDtype) => {
    const dir = tempHome()
    const train = writeShdFixture(join(dir, 'shd_train.h5'), { samples: 30, seed: 3, timesDtype })!
    const test = writeShdFixture(join(dir, 'shd_test.h5'), { samples: 12, seed: 4, timesDtype })!
    writeFileSync(join(dir, 'shd_test.h5.gz'), gzipSync(readFileSync(join(dir, 'shd_test.h5'))))
    const store = Store.open(join(dir, 's.sqlite'))
    const { result } = await importInto(store, [join(dir, 'shd_train.h5'), join(dir, 'shd_test.h5.gz')])
    expect(result).toMatchObject({ created: true, samples: 42 })
    const d = store.datasets.get(result.datasetId)
    expect(d).toMatchObject({ kind: 'shd', numChannels: 700, numClasses: 20, splits: { train: 30, test: 12 }, source: ['shd_train.h5', 'shd_test.h5.gz'] })
    expect(d.classNames).toEqual(train.keys)
    // the same 20 names as RawHD's, label by label
    expect(d.classNames).toEqual(HD_CLASS_NAMES)
    for (const [split, side] of [['train', train], ['test', test]] as const)
      side.samples.forEach((s, i) => {
        const got = store.datasets.sample(d.id, split, i)
        expect(got.label).toBe(side.labels[i])
        expect(got.speaker).toBe(side.speakers[i])
        expect(Array.from(got.units)).toEqual(s.units)
        expect(Array.from(got.times)).toEqual(Array.from(Float32Array.from(s.times, (t) => t * 1000)))
      })
    // the same content again (plain instead of gzipped) is found, not imported twice
    const again = await importInto(store, [join(dir, 'shd_test.h5'), join(dir, 'shd_train.h5')])
    expect(again.result).toEqual({ datasetId: d.id, created: false, samples: 42 })
    // one file of the set, alone (gzipped or not): matched per file, not stored a second time
    for (const one of [join(dir, 'shd_train.h5'), join(dir, 'shd_test.h5.gz')])
      expect((await importInto(store, [one])).result).toMatchObject({ datasetId: d.id, created: false })
    expect(store.datasets.list()).toHaveLength(1)
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n).toBe(42)
    store.close()
  })

  it('accepts speakers stored as strings (as in SSC), one id per name across files, and keeps /extra/meta_info', async () => {
    const dir = tempHome()
    const train = writeShdFixture(join(dir, 'shd_train.h5'), { samples: 30, seed: 13, variant: 'string-speakers' })!
    const test = writeShdFixture(join(dir, 'shd_test.h5'), { samples: 20, seed: 14, variant: 'string-speakers' })!
    const store = Store.open(join(dir, 's.sqlite'))
    const { result } = await importInto(store, [join(dir, 'shd_train.h5'), join(dir, 'shd_test.h5')])
    const d = store.datasets.get(result.datasetId)
    const params = d.params as { speakerNames: string[]; speakerMeta: Record<string, unknown[]> }
    // the fixture's name for speaker s, as scripts/fixtures/shd.py writes it
    const name = (s: number): string => ((0x9e3779b1 * (s + 1)) % 2 ** 32).toString(16).padStart(8, '0')
    expect(params.speakerNames).toEqual([...new Set([...train.speakers, ...test.speakers].map(name))].sort())
    for (const [split, side] of [['train', train], ['test', test]] as const)
      side.speakers.forEach((s, i) => expect(params.speakerNames[store.datasets.sample(d.id, split, i).speaker!]).toBe(name(s)))
    expect(params.speakerMeta.gender).toHaveLength(12)
    expect(params.speakerMeta.gender![0]).toBe('female')
    expect(params.speakerMeta.age!.every((a) => typeof a === 'number' && a >= 20 && a < 60)).toBe(true)
    expect(params.speakerMeta.body_height).toHaveLength(12)
    store.close()
  })

  it('reads .h5.zip archives (deflated or stored) as the files they hold: same content, same dataset', async () => {
    const dir = tempHome()
    const train = writeShdFixture(join(dir, 'shd_train.h5'), { samples: 25, seed: 23 })!
    writeShdFixture(join(dir, 'shd_test.h5'), { samples: 10, seed: 24 })
    writeZip(join(dir, 'shd_train.h5.zip'), [[join(dir, 'shd_train.h5'), 'shd_train.h5']], 'deflated')
    writeZip(join(dir, 'shd_test.h5.zip'), [[join(dir, 'shd_test.h5'), 'shd_test.h5']], 'stored')
    expect(detectFormat([join(dir, 'shd_train.h5.zip')])).toBe('shd')
    const store = Store.open(join(dir, 's.sqlite'))
    const { result } = await importInto(store, [join(dir, 'shd_train.h5.zip'), join(dir, 'shd_test.h5.zip')])
    const d = store.datasets.get(result.datasetId)
    expect(d).toMatchObject({ kind: 'shd', splits: { train: 25, test: 10 }, source: ['shd_train.h5.zip', 'shd_test.h5.zip'] })
    train.samples.forEach((s, i) => expect(Array.from(store.datasets.sample(d.id, 'train', i).units)).toEqual(s.units))
    // the plain files hold the same content
    const again = await importInto(store, [join(dir, 'shd_train.h5'), join(dir, 'shd_test.h5')])
    expect(again.result).toMatchObject({ datasetId: d.id, created: false })
    store.close()
  })

  it('recognises SSC with its three splits', async () => {
    const dir = tempHome()
    for (const [split, seed] of [['train', 1], ['valid', 2], ['test', 3]] as const) writeShdFixture(join(dir, `ssc_${split}.h5`), { samples: 8, classes: 35, seed })
    expect(detectFormat([join(dir, 'ssc_train.h5')])).toBe('shd')
    const store = Store.open(join(dir, 's.sqlite'))
    const { result } = await importInto(store, ['train', 'valid', 'test'].map((s) => join(dir, `ssc_${s}.h5`)))
    expect(store.datasets.get(result.datasetId)).toMatchObject({ kind: 'ssc', numClasses: 35, splits: { train: 8, validation: 8, test: 8 } })
    store.close()
  })
})

describe('MNIST IDX importer', () => {
  it('imports the four files (gzipped or not) with a latency code', async () => {
    const dir = tempHome()
    const images = (n: number, seed: number) => Uint8Array.from({ length: n * 28 * 28 }, (_, i) => ((i * 7919 + seed * 104729) % 1000 < 150 ? (i * 31 + seed) % 256 : 0))
    const trainImages = images(6, 1)
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idxBytes([6, 28, 28], trainImages)))
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idxBytes([6], Uint8Array.of(5, 0, 4, 1, 9, 2)))
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idxBytes([2, 28, 28], images(2, 2)))
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idxBytes([2], Uint8Array.of(7, 2))))
    const paths = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte.gz'].map((f) => join(dir, f))
    expect(detectFormat(paths)).toBe('mnist')
    const store = Store.open(join(dir, 's.sqlite'))
    const { result } = await importInto(store, paths)
    const d = store.datasets.get(result.datasetId)
    expect(d).toMatchObject({ kind: 'mnist', numChannels: 784, numClasses: 10, splits: { train: 6, test: 2 } })
    const s = store.datasets.sample(d.id, 'train', 0)
    expect(s.label).toBe(5)
    // every pixel ≥ 0.1 fires once, at 20·(1 − p) ms, brighter first
    const bright = [...trainImages.subarray(0, 784)].flatMap((p, i) => (p / 255 >= 0.1 ? [i] : []))
    expect([...s.units].sort((a, b) => a - b)).toEqual(bright)
    s.units.forEach((u, k) => expect(s.times[k]).toBeCloseTo(20 * (1 - trainImages[u]! / 255), 5))
    store.close()
  })
})

describe('RawHD audio importer', () => {
  it('labels a recording as SHD does: the digit in English, 10 + the digit in German', () => {
    // the rule of the SHD README's word order and of sparch's HD loader (see rawhd.ts)
    for (let digit = 0; digit < 10; digit++) {
      expect(hdLabel('english', digit)).toBe(digit)
      expect(hdLabel('german', digit)).toBe(10 + digit)
      expect(HD_CLASS_NAMES[hdLabel('german', digit)]!.startsWith('german ')).toBe(true)
    }
    expect(HD_CLASS_NAMES.slice(10, 12)).toEqual(['german null', 'german eins'])
    expect(() => hdLabel('french', 1)).toThrow(/no SHD class/)
  })

  it('decodes FLAC and WAV, keeps speaker and language, and follows the split lists', async () => {
    const dir = tempHome()
    mkdirSync(join(dir, 'audio'))
    const files: string[] = []
    for (const [lang, speaker, digit] of [['english', 1, 3], ['german', 2, 7], ['english', 4, 0], ['german', 5, 9]] as const) {
      const name = `lang-${lang}_speaker-${String(speaker).padStart(2, '0')}_trial-0_digit-${digit}`
      const audio = digitAudio(digit, speaker)
      if (speaker === 4) writeFileSync(join(dir, 'audio', `${name}.wav`), wavBytes(audio, 16_000))
      else writeFileSync(join(dir, 'audio', `${name}.flac`), flacBytes(audio, 16_000))
      files.push(name)
    }
    writeFileSync(join(dir, 'train_filenames.txt'), `${files[0]}.flac\n${files[1]}.flac\n${files[2]}.wav\n`)
    writeFileSync(join(dir, 'test_filenames.txt'), `${files[3]}.flac\n`)
    const store = Store.open(join(dir, 's.sqlite'))
    const { result } = await importInto(store, [dir])
    const d = store.datasets.get(result.datasetId)
    expect(d).toMatchObject({ kind: 'rawhd', numChannels: 40, numClasses: 20, splits: { train: 3, test: 1 } })
    expect(d.classNames[17]).toBe('german sieben')
    expect(d.classNames[3]).toBe('english three')
    // train samples in file-name order: english 01 (flac), english 04 (wav), german 02 (flac)
    expect([0, 1, 2].map((i) => store.datasets.sample(d.id, 'train', i).speaker)).toEqual([1, 4, 2])
    const german7 = store.datasets.sample(d.id, 'train', 2)
    expect(german7).toMatchObject({ label: 17, speaker: 2 })
    expect(store.datasets.sample(d.id, 'train', 1)).toMatchObject({ label: 0, speaker: 4 })
    expect(store.datasets.sample(d.id, 'test', 0)).toMatchObject({ label: 19, speaker: 5 })
    // 0.5 s of audio: 10 ms frames, spikes on the 40 bands, sorted in time
    expect(german7.times.length).toBeGreaterThan(100)
    expect(Math.max(...german7.times)).toBeLessThan(500)
    expect(Math.max(...german7.units)).toBeLessThan(40)
    for (let k = 1; k < german7.times.length; k++) expect(german7.times[k]).toBeGreaterThanOrEqual(german7.times[k - 1]!)
    // different digits give different spectra
    const english3 = store.datasets.sample(d.id, 'train', 0)
    const profile = (s: typeof english3) => Array.from({ length: 40 }, (_, b) => s.units.filter((u) => u === b).length)
    expect(profile(english3)).not.toEqual(profile(german7))
    store.close()
  })
})
