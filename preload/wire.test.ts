import { describe, expect, it } from 'vitest'
import { decode, encode } from './wire'

describe('wire codec', () => {
  it('round-trips JSON with typed arrays as binary', () => {
    const x = Float32Array.of(1.5, -2, 3.25)
    const labels = Uint8Array.of(0, 1, 2, 1, 0)
    const msg = { t: 'result' as const, id: 7, r: { name: 'p', x, nested: [{ labels }], f64: Float64Array.of(Math.PI), n: null } }
    const bytes = encode(msg)
    const back = decode(bytes) as typeof msg
    expect(back.r.name).toBe('p')
    expect(back.r.x).toBeInstanceOf(Float32Array)
    expect(Array.from(back.r.x)).toEqual([1.5, -2, 3.25])
    expect(Array.from(back.r.nested[0]!.labels)).toEqual([0, 1, 2, 1, 0])
    expect(back.r.f64[0]).toBe(Math.PI)
    expect(back.r.n).toBeNull()
    expect(bytes.byteLength).toBeGreaterThan(0)
  })

  it('sends a large array as its raw bytes plus a small header', () => {
    const big = new Float32Array(10_000).map((_, i) => i / 7)
    const bytes = encode({ t: 'event', n: 'e', p: big })
    expect(bytes.byteLength).toBeLessThan(big.byteLength + 128)
    expect((decode(bytes) as { p: Float32Array }).p).toEqual(big)
  })

  it('decodes a message that sits at an odd offset of a larger buffer', () => {
    const bytes = encode({ t: 'event', n: 'e', p: { a: Float64Array.of(1, 2, 3) } })
    const pool = new Uint8Array(bytes.byteLength + 3)
    pool.set(bytes, 3)
    const back = decode(pool.subarray(3)) as { p: { a: Float64Array } }
    expect(Array.from(back.p.a)).toEqual([1, 2, 3])
  })

  it('keeps typed-array views with offsets intact', () => {
    const base = new Float32Array([9, 9, 1, 2, 9])
    const back = decode(encode({ t: 'event', n: 'e', p: base.subarray(2, 4) })) as { p: Float32Array }
    expect(Array.from(back.p)).toEqual([1, 2])
  })

  it('rejects truncated input with a clear error', () => {
    const bytes = encode({ t: 'event', n: 'e', p: Float32Array.of(1, 2, 3, 4) })
    expect(() => decode(bytes.subarray(0, bytes.byteLength - 4))).toThrow(/exceeds message/)
    expect(() => decode(new Uint8Array(2))).toThrow(/shorter/)
  })
})
