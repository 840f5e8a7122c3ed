/**
 * The compact form of a sample's spikes in the cache: one BLOB instead of float32 times (4 bytes)
 * and uint16 units (2 bytes) per spike. Lossless: decoding gives back the very float32 times and
 * units that were stored.
 *
 *   byte 0: time mode; then varint count, varint unit width w (bits), then the times, then the
 *   units packed w bits each (little-endian bit order).
 *   mode 1 (SHD/SSC's float16 seconds): times are the source's binary16 seconds, as varint deltas
 *     of their bit patterns (monotone for sorted non-negative values); decoded as
 *     fround(half(bits) · 1000) ms, exactly what the importer computes from the file.
 *   mode 2 (sorted non-negative float32 ms): varint deltas of the float32 bit patterns.
 *   mode 3 (anything else): the float32 times as they are.
 * Units need w = ⌈log2(max + 1)⌉ bits: 10 for SHD's 700 channels. An SHD sample thus takes about
 * 1 byte per spike for times and 1.25 for units.
 */
import { half } from '../util/half'

const F16_SECONDS = 1, F32_SORTED = 2, F32_RAW = 3

export interface Spikes {
  times: Float32Array
  units: Uint16Array
}

export function encodeSpikes(times: Float32Array, units: Uint16Array, sourceSeconds?: ArrayLike<number>): Buffer {
  const n = times.length
  if (units.length !== n) throw new Error(`${n} times but ${units.length} units`)
  let maxUnit = 0
  for (let k = 0; k < n; k++) if (units[k]! > maxUnit) maxUnit = units[k]!
  const width = Math.max(1, 32 - Math.clz32(maxUnit))
  const out = new Writer(16 + 5 * n)
  const f16 = sourceSeconds ? halfBits(sourceSeconds, times) : null
  const bits = new Uint32Array(times.buffer, times.byteOffset, n)
  const mode = f16 ? F16_SECONDS : sortedNonNegative(times) ? F32_SORTED : F32_RAW
  out.byte(mode)
  out.varint(n)
  out.varint(width)
  if (mode === F16_SECONDS) {
    let prev = 0
    for (let k = 0; k < n; k++) { out.varint(f16![k]! - prev); prev = f16![k]! }
  } else if (mode === F32_SORTED) {
    let prev = 0
    for (let k = 0; k < n; k++) { out.varint(bits[k]! - prev); prev = bits[k]! }
  } else for (let k = 0; k < n; k++) out.u32(bits[k]!)
  let acc = 0, have = 0
  for (let k = 0; k < n; k++) {
    acc |= units[k]! << have
    have += width
    while (have >= 8) { out.byte(acc & 0xff); acc >>>= 8; have -= 8 }
  }
  if (have > 0) out.byte(acc & 0xff)
  return out.done()
}

export function decodeSpikes(blob: Uint8Array): Spikes {
  // one pass over the bytes with local state: this runs for every sample of every batch
  const b = blob, end = b.length
  let p = 0
  const varint = (): number => {
    if (p >= end) throw new Error('damaged spike record (too short)')
    return slowVarint(b[p++]!)
  }
  if (end < 3) throw new Error('damaged spike record (too short)')
  const mode = b[p++]!, n = varint(), width = varint()
  if (mode < F16_SECONDS || mode > F32_RAW || width < 1 || width > 16) throw new Error(`damaged spike record (mode ${mode}, unit width ${width})`)
  if (n > end * 8) throw new Error('damaged spike record (count)')
  const times = new Float32Array(n), bits = new Uint32Array(times.buffer)
  if (mode === F16_SECONDS) {
    const table = halfMs()
    let prev = 0
    for (let k = 0; k < n; k++) {
      const byte = b[p++]!
      let v = byte & 0x7f
      if (byte & 0x80) v = slowVarint(byte)
      prev += v
      if (prev > 0xffff) throw new Error('damaged spike record (time)')
      bits[k] = table[prev]!
    }
  } else if (mode === F32_SORTED) {
    let prev = 0
    for (let k = 0; k < n; k++) {
      const byte = b[p++]!
      let v = byte & 0x7f
      if (byte & 0x80) v = slowVarint(byte)
      prev = (prev + v) >>> 0
      bits[k] = prev
    }
  } else {
    if (p + 4 * n > end) throw new Error('damaged spike record (too short)')
    for (let k = 0; k < n; k++, p += 4) bits[k] = (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
  }
  if (p + Math.ceil((n * width) / 8) !== end) throw new Error('damaged spike record (length)')
  const units = new Uint16Array(n)
  const mask = (1 << width) - 1
  let acc = 0, have = 0
  for (let k = 0; k < n; k++) {
    while (have < width) { acc |= b[p++]! << have; have += 8 }
    units[k] = acc & mask
    acc >>>= width
    have -= width
  }
  return { times, units }

  // a varint whose first byte is already read (the loops above inline the one-byte case)
  function slowVarint(first: number): number {
    let v = first & 0x7f, scale = 128, byte = first
    while (byte & 0x80) {
      if (p >= end) throw new Error('damaged spike record (too short)')
      byte = b[p++]!
      v += (byte & 0x7f) * scale
      scale *= 128
    }
    return v
  }
}

let HALF_MS: Uint32Array | undefined
/** float32 bit patterns of fround(half(bits) · 1000) for every binary16 pattern (256 KiB, made once). */
function halfMs(): Uint32Array {
  if (!HALF_MS) {
    const f = new Float32Array(65536)
    for (let h = 0; h < 65536; h++) f[h] = half(h) * 1000
    HALF_MS = new Uint32Array(f.buffer)
  }
  return HALF_MS
}

/** The binary16 bit patterns of these seconds, if each is a sorted non-negative binary16 value whose ms form is `times`; else null. */
function halfBits(seconds: ArrayLike<number>, times: Float32Array): Uint16Array | null {
  if (seconds.length !== times.length) return null
  const table = halfMs(), want = new Uint32Array(times.buffer, times.byteOffset, times.length)
  const out = new Uint16Array(seconds.length)
  let prev = 0
  for (let k = 0; k < seconds.length; k++) {
    const b = toHalfBits(seconds[k]!)
    if (b < prev || table[b] !== want[k]) return null
    out[k] = prev = b
  }
  return out
}

const F32 = new Float32Array(1), U32 = new Uint32Array(F32.buffer)

/** The bit pattern of a non-negative finite binary16 value x, or −1 when x is not one. */
function toHalfBits(x: number): number {
  if (!(x >= 0) || Object.is(x, -0)) return -1
  F32[0] = x
  if (F32[0] !== x) return -1
  const u = U32[0]!, e = (u >>> 23) - 127, m = u & 0x7fffff
  if (u === 0) return 0
  if (e >= -14 && e <= 15) return (m & 0x1fff) === 0 ? ((e + 15) << 10) | (m >>> 13) : -1
  // binary16 subnormals: multiples of 2^-24 below 2^-14
  const q = x * 2 ** 24
  return e < -14 && Number.isInteger(q) && q < 1024 ? q : -1
}

function sortedNonNegative(t: Float32Array): boolean {
  for (let k = 0; k < t.length; k++) if (!(t[k]! >= 0) || Object.is(t[k], -0) || (k > 0 && t[k]! < t[k - 1]!)) return false
  return true
}

class Writer {
  private buf: Uint8Array
  private n = 0
  constructor(size: number) { this.buf = new Uint8Array(size) }
  private room(k: number): void {
    if (this.n + k <= this.buf.length) return
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.n + k))
    b.set(this.buf.subarray(0, this.n))
    this.buf = b
  }
  byte(v: number): void { this.room(1); this.buf[this.n++] = v }
  u32(v: number): void { this.room(4); for (let i = 0; i < 4; i++) this.buf[this.n++] = (v >>> (8 * i)) & 0xff }
  varint(v: number): void {
    this.room(5)
    while (v >= 0x80) { this.buf[this.n++] = (v & 0x7f) | 0x80; v = Math.floor(v / 128) }
    this.buf[this.n++] = v
  }
  done(): Buffer { return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.n) }
}
