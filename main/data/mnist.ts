/**
 * MNIST's IDX files and the latency code that turns an image into spikes: each pixel with
 * intensity p ≥ threshold fires once, at tMax·(1 − p) ms (brighter is earlier); channel =
 * row·width + column.
 */
export interface Idx {
  dims: number[]
  data: Uint8Array
}

/** Parses an IDX file of unsigned bytes (magic 0x0000_08_nd); errors say what is wrong. */
export function parseIdx(bytes: Uint8Array, what: string): Idx {
  if (bytes.length < 4) throw new Error(`${what}: too short to be an IDX file`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint16(0) !== 0) throw new Error(`${what}: not an IDX file (bad magic number)`)
  const type = bytes[2]!, nd = bytes[3]!
  if (type !== 0x08) throw new Error(`${what}: IDX data type 0x${type.toString(16)}, expected unsigned bytes (0x08)`)
  if (nd < 1 || nd > 3 || bytes.length < 4 + 4 * nd) throw new Error(`${what}: IDX header names ${nd} dimensions`)
  const dims = Array.from({ length: nd }, (_, i) => view.getUint32(4 + 4 * i))
  const size = dims.reduce((a, b) => a * b, 1)
  const data = bytes.subarray(4 + 4 * nd)
  if (data.length !== size) throw new Error(`${what}: the header promises ${size} bytes of data (${dims.join('×')}), the file has ${data.length}`)
  return { dims, data }
}

export interface LatencyCode {
  tMax: number
  threshold: number
}

export const DEFAULT_LATENCY: LatencyCode = { tMax: 20, threshold: 0.1 }

export function latencyEncode(pixels: Uint8Array, code: LatencyCode = DEFAULT_LATENCY): { times: Float32Array; units: Uint16Array } {
  const order: [number, number][] = []
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i]! / 255
    if (p >= code.threshold) order.push([code.tMax * (1 - p), i])
  }
  order.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  return { times: Float32Array.from(order, (o) => o[0]), units: Uint16Array.from(order, (o) => o[1]) }
}
