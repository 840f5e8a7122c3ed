/**
 * Messages between a renderer and main, and the binary codec the WebSocket transport uses.
 *
 * JSON turns a typed array into `{"0":…,"1":…}`, so the codec writes a JSON header in which each
 * typed array is replaced by a placeholder, followed by the arrays' raw bytes, 8-byte aligned:
 *
 *   [u32 LE header length][header UTF-8][pad to 8][array 0 bytes][pad][array 1 bytes]…
 *
 * Decoding copies each array into its own buffer (a ws Buffer may sit at any offset of a pool).
 * Electron's MessagePort clones structurally and needs no codec.
 */

export type WireMessage =
  | { t: 'call'; id: number; m: string; a: unknown }
  | { t: 'result'; id: number; r: unknown }
  | { t: 'error'; id: number; e: WireError }
  | { t: 'event'; n: string; p: unknown }

export interface WireError {
  name: string
  message: string
}

const TYPED = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array
} as const
type TypedName = keyof typeof TYPED
type AnyTyped = InstanceType<(typeof TYPED)[TypedName]>

const MARK = '__axonal_ta'
interface Placeholder {
  [MARK]: TypedName
  o: number
  n: number
}

const align8 = (n: number): number => (n + 7) & ~7

function typedName(v: unknown): TypedName | null {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return null
  const name = v.constructor.name
  return Object.hasOwn(TYPED, name) ? (name as TypedName) : null
}

export function encode(message: WireMessage): Uint8Array<ArrayBuffer> {
  const arrays: AnyTyped[] = []
  const offsets: number[] = []
  let bodyLength = 0
  const header = JSON.stringify(message, (_key, value: unknown) => {
    const name = typedName(value)
    if (name === null) return value
    const arr = value as AnyTyped
    bodyLength = align8(bodyLength)
    offsets.push(bodyLength)
    arrays.push(arr)
    const placeholder: Placeholder = { [MARK]: name, o: bodyLength, n: arr.length }
    bodyLength += arr.byteLength
    return placeholder
  })
  const headerBytes = new TextEncoder().encode(header)
  const bodyStart = align8(4 + headerBytes.length)
  const out = new Uint8Array(bodyStart + bodyLength)
  new DataView(out.buffer).setUint32(0, headerBytes.length, true)
  out.set(headerBytes, 4)
  arrays.forEach((arr, i) => {
    out.set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength), bodyStart + (offsets[i] ?? 0))
  })
  return out
}

export function decode(bytes: Uint8Array): WireMessage {
  if (bytes.byteLength < 4) throw new Error('wire: message shorter than its header length field')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const headerLength = view.getUint32(0, true)
  if (4 + headerLength > bytes.byteLength) throw new Error('wire: header length exceeds message')
  const header = new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))
  const bodyStart = align8(4 + headerLength)
  return JSON.parse(header, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || !(MARK in value)) return value
    const p = value as Placeholder
    const Ctor = TYPED[p[MARK]]
    if (!Ctor) throw new Error(`wire: unknown typed array ${String(p[MARK])}`)
    const byteLength = p.n * Ctor.BYTES_PER_ELEMENT
    const start = bodyStart + p.o
    if (start + byteLength > bytes.byteLength) throw new Error('wire: typed array exceeds message')
    const copy = new ArrayBuffer(byteLength)
    new Uint8Array(copy).set(bytes.subarray(start, start + byteLength))
    return new Ctor(copy)
  }) as WireMessage
}

export function toWireError(err: unknown): WireError {
  if (err instanceof Error) return { name: err.name, message: err.message }
  return { name: 'Error', message: String(err) }
}

/** An error reported by main for a call; keeps the remote error's name. */
export class RemoteError extends Error {
  constructor(e: WireError) {
    super(e.message)
    this.name = e.name
  }
}
