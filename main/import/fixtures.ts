/**
 * Test and benchmark fixtures in the official layouts, written by code in this repository:
 * SHD/SSC HDF5 files through scripts/fixtures/shd.py (h5py, `apt-get install python3-h5py`).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const SCRIPT = resolve(import.meta.dirname, '../../scripts/fixtures/shd.py')

let python: string | undefined
function pythonWithH5py(): string {
  if (python) return python
  for (const exe of ['/usr/bin/python3', 'python3']) {
    if (exe.startsWith('/') && !existsSync(exe)) continue
    try {
      execFileSync(exe, ['-c', 'import h5py'], { stdio: 'ignore' })
      return (python = exe)
    } catch {
      // try the next one
    }
  }
  throw new Error('HDF5 fixtures need python3 with h5py: apt-get install -y python3-h5py')
}

export interface ShdFixtureOptions {
  samples?: number
  classes?: number
  spikes?: number
  seed?: number
  timesDtype?: 'float16' | 'float32' | 'float64'
  /** Multiplies the times written (1000: ms where seconds belong). */
  timesScale?: number
  variant?: 'official' | 'no-units' | 'fixed-times' | 'label-out-of-range' | 'length-mismatch' | 'unsorted' | 'units-out-of-range' | 'string-labels' | 'no-keys'
    | 'compressed-labels' | 'compressed-speakers' | 'integer-times' | 'empty' | 'huge-declared' | 'unwritten-rows' | 'string-speakers' | 'lzf-labels'
  sidecar?: boolean
}

export interface ShdSidecar {
  labels: number[]
  speakers: number[]
  keys: string[]
  samples: { times: number[]; units: number[] }[]
}

/** Writes an SHD-layout file at `out`; returns what was written (unless sidecar is false). */
export function writeShdFixture(out: string, o: ShdFixtureOptions = {}): ShdSidecar | null {
  const args = [SCRIPT, out, '--samples', String(o.samples ?? 20), '--classes', String(o.classes ?? 20), '--spikes', String(o.spikes ?? 60),
    '--seed', String(o.seed ?? 1), '--times-dtype', o.timesDtype ?? 'float16', '--variant', o.variant ?? 'official', '--times-scale', String(o.timesScale ?? 1)]
  if (o.sidecar === false) args.push('--no-sidecar')
  execFileSync(pythonWithH5py(), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  return o.sidecar === false ? null : (JSON.parse(readFileSync(`${out}.json`, 'utf8')) as ShdSidecar)
}

/** IDX bytes of unsigned bytes with these dimensions. */
export function idxBytes(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length)
  const v = new DataView(out.buffer)
  out[2] = 0x08
  out[3] = dims.length
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d))
  out.set(data, 4 + 4 * dims.length)
  return out
}

/** 16-bit mono PCM WAV. */
export function wavBytes(samples: Float32Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2)
  const v = new DataView(out.buffer)
  const tag = (o: number, s: string): void => [...s].forEach((c, i) => (out[o + i] = c.charCodeAt(0)))
  tag(0, 'RIFF'); v.setUint32(4, 36 + samples.length * 2, true); tag(8, 'WAVE')
  tag(12, 'fmt '); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true)
  v.setUint32(24, sampleRate, true); v.setUint32(28, sampleRate * 2, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true)
  tag(36, 'data'); v.setUint32(40, samples.length * 2, true)
  samples.forEach((s, i) => v.setInt16(44 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(s * 32767))), true))
  return out
}

/**
 * A FLAC file (16-bit mono, verbatim subframes): a real, valid stream that any decoder reads,
 * with STREAMINFO and per-frame CRC-8/CRC-16 as the format requires (MD5 left unset, as allowed).
 */
export function flacBytes(samples: Float32Array, sampleRate: number): Uint8Array {
  const BLOCK = 4096
  const bytes: number[] = [0x66, 0x4c, 0x61, 0x43] // fLaC
  const bits = new BitWriter()
  // STREAMINFO: last block, type 0, 34 bytes
  bits.write(1, 1); bits.write(0, 7); bits.write(34, 24)
  bits.write(Math.min(BLOCK, samples.length), 16); bits.write(BLOCK, 16)
  bits.write(0, 24); bits.write(0, 24)
  bits.write(sampleRate, 20); bits.write(0, 3); bits.write(15, 5)
  bits.write(Math.floor(samples.length / 2 ** 32), 4); bits.write(samples.length >>> 0, 32)
  for (let i = 0; i < 16; i++) bits.write(0, 8)
  bytes.push(...bits.bytes())
  for (let start = 0, frame = 0; start < samples.length; start += BLOCK, frame++) {
    const n = Math.min(BLOCK, samples.length - start)
    const f = new BitWriter()
    f.write(0b11111111111110, 14); f.write(0, 1); f.write(0, 1)
    // sample rate in the frame header too, as libFLAC writes it: decoders may see frames alone
    const rateCode = RATE_CODES[sampleRate] ?? 0b1101
    f.write(0b0111, 4); f.write(rateCode, 4); f.write(0b0000, 4); f.write(0b100, 3); f.write(0, 1)
    if (frame < 128) f.write(frame, 8)
    else { f.write(0xc0 | (frame >> 6), 8); f.write(0x80 | (frame & 0x3f), 8) }
    f.write(n - 1, 16)
    if (rateCode === 0b1101) f.write(sampleRate, 16)
    f.write(crc8(f.bytes()), 8)
    f.write(0, 1); f.write(0b000001, 6); f.write(0, 1) // verbatim subframe, no wasted bits
    for (let i = 0; i < n; i++) f.write(Math.max(-32768, Math.min(32767, Math.round(samples[start + i]! * 32767))) & 0xffff, 16)
    const body = f.bytes()
    const crc = crc16(body)
    bytes.push(...body, crc >> 8, crc & 0xff)
  }
  return Uint8Array.from(bytes)
}

const RATE_CODES: Record<number, number> = { 8000: 0b0100, 16000: 0b0101, 22050: 0b0110, 24000: 0b0111, 32000: 0b1000, 44100: 0b1001, 48000: 0b1010, 96000: 0b1011 }

class BitWriter {
  private out: number[] = []
  private acc = 0
  private n = 0
  write(value: number, width: number): void {
    for (let b = width - 1; b >= 0; b--) {
      this.acc = (this.acc << 1) | (Math.floor(value / 2 ** b) & 1)
      if (++this.n === 8) {
        this.out.push(this.acc)
        this.acc = 0
        this.n = 0
      }
    }
  }
  /** The bytes so far, the last one zero-padded. */
  bytes(): number[] {
    return this.n ? [...this.out, this.acc << (8 - this.n)] : [...this.out]
  }
}

function crc8(data: number[]): number {
  let c = 0
  for (const byte of data) {
    c ^= byte
    for (let i = 0; i < 8; i++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff
  }
  return c
}

function crc16(data: number[]): number {
  let c = 0
  for (const byte of data) {
    c ^= byte << 8
    for (let i = 0; i < 8; i++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff
  }
  return c
}

/** A seeded "spoken digit": two tones that depend on the digit, a short envelope and a little noise. */
export function digitAudio(digit: number, seed: number, sampleRate = 16_000, seconds = 0.5): Float32Array {
  let s = seed * 2654435761 >>> 0
  const rand = (): number => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  const n = Math.round(sampleRate * seconds)
  const f1 = 200 + 90 * digit, f2 = 1200 + 250 * digit
  return Float32Array.from({ length: n }, (_, i) => {
    const t = i / sampleRate
    const env = Math.sin((Math.PI * i) / n)
    return 0.5 * env * (0.6 * Math.sin(2 * Math.PI * f1 * t) + 0.3 * Math.sin(2 * Math.PI * f2 * t)) + 0.01 * rand()
  })
}

/** A zip archive written by Python's zipfile (an independent writer): `members` as [file, name in the archive]. */
export function writeZip(out: string, members: [string, string][], method: 'deflated' | 'stored' = 'deflated'): void {
  const code = 'import sys, zipfile\n' +
    `with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_${method.toUpperCase()}) as z:\n` +
    '    for i in range(2, len(sys.argv), 2): z.write(sys.argv[i], sys.argv[i + 1])\n'
  execFileSync(pythonWithH5py(), ['-c', code, out, ...members.flat()], { stdio: ['ignore', 'ignore', 'pipe'] })
}
