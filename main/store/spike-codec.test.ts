import { describe, expect, it } from 'vitest'
import { Rng } from '../util/rng'
import { half } from '../util/half'
import { decodeSpikes, encodeSpikes } from './spike-codec'

function roundTrip(times: Float32Array, units: Uint16Array, seconds?: ArrayLike<number>): number {
  const blob = encodeSpikes(times, units, seconds)
  const back = decodeSpikes(blob)
  // bit for bit: compare the float32 patterns, not the values
  expect(Array.from(new Uint32Array(back.times.buffer))).toEqual(Array.from(new Uint32Array(times.buffer, times.byteOffset, times.length)))
  expect(Array.from(back.units)).toEqual(Array.from(units))
  return blob.length
}

/** An SHD-like sample: sorted float16 seconds (as the files store them) and units below 700. */
function shdSample(rng: Rng, n: number) {
  const bits = Uint16Array.from({ length: n }, () => 0x3c00 - 1 - rng.int(0x3c00 - 0x1000)).sort()
  const seconds = Float64Array.from(bits, half)
  return { seconds, times: Float32Array.from(seconds, (t) => t * 1000), units: Uint16Array.from({ length: n }, () => rng.int(700)) }
}

describe('compact spike records', () => {
  it('keep SHD samples (float16 seconds) bit for bit in about 2.3 bytes a spike instead of 6', () => {
    const rng = new Rng(1)
    let bytes = 0, spikes = 0
    for (let k = 0; k < 50; k++) {
      const s = shdSample(rng, 500 + rng.int(8000))
      bytes += roundTrip(s.times, s.units, s.seconds)
      spikes += s.times.length
    }
    expect(bytes / spikes).toBeLessThan(2.6)
  })

  it('keep any sorted float32 times bit for bit, and unsorted or negative ones as they are', () => {
    const rng = new Rng(2)
    const sorted = Float32Array.from({ length: 3000 }, () => rng.uniform() * 1000).sort()
    expect(roundTrip(sorted, Uint16Array.from({ length: 3000 }, () => rng.int(65536)))).toBeLessThan(3000 * 6)
    roundTrip(Float32Array.of(5, 1, 3, -2, 0, -0, 1e-40, 3.4e38), Uint16Array.of(0, 1, 2, 3, 4, 5, 6, 7))
    roundTrip(new Float32Array(0), new Uint16Array(0))
    roundTrip(Float32Array.of(0, 0, 0), Uint16Array.of(0, 0, 0))
  })

  it('falls back when the seconds given are not the times (or not float16)', () => {
    const s = shdSample(new Rng(3), 100)
    roundTrip(s.times, s.units, Float64Array.from(s.seconds, (t) => t + 1e-9))
    const wrong = s.times.slice()
    wrong[7]! += 0.5
    roundTrip(wrong, s.units, s.seconds)
  })

  it('refuses a damaged record instead of decoding garbage', () => {
    const s = shdSample(new Rng(4), 100)
    const blob = encodeSpikes(s.times, s.units, s.seconds)
    expect(() => decodeSpikes(blob.subarray(0, blob.length >> 1))).toThrow(/damaged spike record/)
    expect(() => decodeSpikes(Uint8Array.of(9, 1, 1, 0))).toThrow(/damaged spike record/)
  })
})
