/**
 * RawHD: the audio release of the Heidelberg Digits (hd_audio), a folder of FLAC (or WAV) files
 * named lang-<language>_speaker-<nn>_trial-<n>_digit-<d>.flac, with train_filenames.txt and
 * test_filenames.txt naming the splits. Each file goes through the log-Mel front end and the
 * integrate-and-fire encoder of main/data/mel.ts: 40 bands → 40 input channels, 10 ms frames.
 * Labels are SHD's for the same recording: the digit for English, 10 + the digit for German.
 * Checked against the primary sources we can read: the SHD release's README lists the English
 * digits ("zero" … "nine") before the German ones ("null" … "neun") and says /extra/keys maps word
 * ids to words in that order; the HD audio loader of Bittar & Garner's sparch (idiap) labels a
 * file by its digit, +10 when its language is German. Class names are those words. Speaker and
 * language are kept.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import type { Split } from '../../preload/api'
import { DEFAULT_MEL, encodeFrames, logMel } from '../data/mel'
import type { NewSample } from '../store/datasets'
import { ImportError, combinedHash, statOrThrow } from './files'
import type { Import } from './types'
import { parseWav } from './wav'

const NAME = /^lang-([a-z]+)_speaker-(\d+)_trial-(\d+)_digit-(\d)\.(flac|wav)$/i
const LANGUAGES = ['english', 'german']
/** The spoken words, per language, as the SHD README lists them. */
const WORDS: Record<string, string[]> = {
  english: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
  german: ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun']
}

/** SHD's label of a recording: English digits 0–9, German digits 10–19. */
export function hdLabel(language: string, digit: number): number {
  const li = LANGUAGES.indexOf(language.toLowerCase())
  if (li < 0 || !Number.isInteger(digit) || digit < 0 || digit > 9) throw new Error(`no SHD class for ${language} digit ${digit}`)
  return 10 * li + digit
}

/** SHD's 20 class names, by label. */
export const HD_CLASS_NAMES = LANGUAGES.flatMap((l) => WORDS[l]!.map((w) => `${l} ${w}`))

interface AudioFile {
  path: string
  split: Split
  label: number
  speaker: number
  language: string
}

function listAudio(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string, depth: number): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory() && depth < 2) walk(p, depth + 1)
      else if (e.isFile() && /\.(flac|wav)$/i.test(e.name)) out.push(p)
    }
  }
  walk(dir, 0)
  return out.sort()
}

function splitLists(dir: string): Map<string, Split> | null {
  const map = new Map<string, Split>()
  for (const [file, split] of [['train_filenames.txt', 'train'], ['test_filenames.txt', 'test']] as const) {
    const p = join(dir, file)
    if (!existsSync(p)) continue
    for (const line of readFileSync(p, 'utf8').split(/\r?\n/)) if (line.trim()) map.set(basename(line.trim()).replace(/\.(flac|wav)$/i, ''), split)
  }
  return map.size ? map : null
}

export async function importRawHd(dir: string, opts: { name?: string } = {}): Promise<Import> {
  if (!statOrThrow(dir).isDirectory()) throw new ImportError(`${dir}: RawHD needs the folder of audio files`)
  const lists = splitLists(dir)
  const files: AudioFile[] = []
  for (const path of listAudio(dir)) {
    const m = NAME.exec(basename(path))
    if (!m) throw new ImportError(`${path}: the name does not follow lang-<language>_speaker-<nn>_trial-<n>_digit-<d>.flac`)
    const language = m[1]!.toLowerCase()
    const li = LANGUAGES.indexOf(language)
    if (li < 0) throw new ImportError(`${path}: unknown language "${m[1]}" (expected english or german)`)
    const split = lists ? lists.get(basename(path).replace(/\.(flac|wav)$/i, '')) : 'train'
    if (!split) throw new ImportError(`${path}: listed in neither train_filenames.txt nor test_filenames.txt`)
    files.push({ path, split, label: hdLabel(language, Number(m[4])), speaker: Number(m[2]), language })
  }
  if (!files.length) throw new ImportError(`${dir}: no .flac or .wav files`)
  const hashes = files.map((f) => ({ split: relative(dir, f.path), hash: createHash('sha256').update(readFileSync(f.path)).digest('hex') }))
  const languages = [...new Set(files.map((f) => f.language))]
  async function* samples(): AsyncGenerator<NewSample> {
    const flac = await flacDecoder()
    try {
      const idx: Record<Split, number> = { train: 0, validation: 0, test: 0 }
      for (const split of ['train', 'test'] as const)
        for (const f of files.filter((x) => x.split === split)) {
          const audio = await decode(f.path, flac)
          const mel = logMel(audio.samples, audio.sampleRate)
          yield { split, idx: idx[split]++, label: f.label, speaker: f.speaker, ...encodeFrames(mel.values, mel.frames, mel.bands, DEFAULT_MEL.hopMs) }
        }
    } finally {
      flac.free()
    }
  }
  return {
    kind: 'rawhd', name: opts.name ?? `RawHD (${languages.join(', ')})`,
    params: { format: 'audio', frontEnd: { ...DEFAULT_MEL, scale: 'dB relative to the loudest bin, 0…1' }, encoding: 'integrate-and-fire per band, ≤ 1 spike per 10 ms frame', splitLists: Boolean(lists), languages },
    numChannels: DEFAULT_MEL.bands, numClasses: 20,
    classNames: HD_CLASS_NAMES,
    source: [basename(dir)], sourceBytes: files.reduce((s, f) => s + statOrThrow(f.path).size, 0),
    hash: combinedHash('rawhd', hashes), total: files.length, samples, dispose: () => {}
  }
}

interface Flac {
  decodeFile(b: Uint8Array): Promise<{ channelData: Float32Array[]; samplesDecoded: number; sampleRate: number; errors: { message: string }[] }>
  free(): void
}

async function flacDecoder(): Promise<Flac> {
  const { FLACDecoder } = (await import('@wasm-audio-decoders/flac')) as unknown as { FLACDecoder: new () => Flac & { ready: Promise<void> } }
  const d = new FLACDecoder()
  await d.ready
  return d
}

async function decode(path: string, flac: Flac): Promise<{ sampleRate: number; samples: Float32Array }> {
  const bytes = readFileSync(path)
  if (!bytes.length) throw new ImportError(`${path}: the file is empty`)
  if (/\.wav$/i.test(path)) {
    try {
      return parseWav(bytes, path)
    } catch (e) {
      throw new ImportError(e instanceof Error ? e.message : String(e))
    }
  }
  if (bytes.subarray(0, 4).toString('latin1') !== 'fLaC') throw new ImportError(`${path}: not a FLAC file (no fLaC marker)`)
  let r: Awaited<ReturnType<Flac['decodeFile']>>
  try {
    r = await flac.decodeFile(bytes)
  } catch (e) {
    throw new ImportError(`${path}: FLAC decoding failed (${e instanceof Error ? e.message : String(e)})`)
  }
  if (r.errors.length) throw new ImportError(`${path}: damaged FLAC data (${r.errors[0]!.message})`)
  if (!r.samplesDecoded || !r.channelData.length) throw new ImportError(`${path}: no audio could be decoded (damaged FLAC data?)`)
  const n = r.samplesDecoded, ch = r.channelData
  const mono = new Float32Array(n)
  for (const c of ch) for (let i = 0; i < n; i++) mono[i]! += c[i]! / ch.length
  return { sampleRate: r.sampleRate, samples: mono }
}
