/** Typed arrays to and from SQLite BLOBs (native byte order; every target we ship is little-endian). */

type Typed = Float32Array | Float64Array | Uint16Array | Uint8Array | Int32Array | Uint32Array

export function toBlob(a: Typed): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength)
}

/** Copies a BLOB into a fresh, aligned typed array; rejects a length that is not whole elements. */
export function fromBlob<T extends Typed>(
  blob: Buffer,
  Ctor: { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number; name: string }
): T {
  if (blob.byteLength % Ctor.BYTES_PER_ELEMENT !== 0)
    throw new Error(`blob of ${blob.byteLength} bytes is not a whole ${Ctor.name}`)
  const copy = new ArrayBuffer(blob.byteLength)
  new Uint8Array(copy).set(blob)
  return new Ctor(copy)
}
