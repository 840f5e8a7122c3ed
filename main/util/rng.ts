/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna) seeded through splitmix32.
 *
 * Integer-only 32-bit arithmetic, so a seed gives the same stream on every platform and in every
 * JS engine; that is what makes datasets and runs byte-reproducible. The state is four u32 words
 * and can be saved and restored (checkpoints resume mid-stream).
 */
export class Rng {
  private s: Uint32Array

  constructor(seed: number) {
    this.s = new Uint32Array(4)
    let x = seed >>> 0
    for (let i = 0; i < 4; i++) {
      // splitmix32 spreads a small seed over the whole state and never yields all zeros
      x = (x + 0x9e3779b9) >>> 0
      let z = x
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      this.s[i] = (z ^ (z >>> 16)) >>> 0
    }
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s
    const s0 = s[0]!, s1 = s[1]!, s2 = s[2]!, s3 = s[3]!
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = (s1 << 9) >>> 0
    s[2] = s2 ^ s0
    s[3] = s3 ^ s1
    s[1] = s1 ^ s[2]!
    s[0] = s0 ^ s[3]!
    s[2] = s[2]! ^ t
    s[3] = rotl(s[3]!, 11)
    return r
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5
    const lo = this.nextU32() >>> 6
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** Uniform integer in [0, n). Rejection sampling keeps it unbiased. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) throw new RangeError(`Rng.int: bad range ${n}`)
    const limit = 0x100000000 - (0x100000000 % n)
    for (;;) {
      const v = this.nextU32()
      if (v < limit) return v % n
    }
  }

  /** Standard normal via Box–Muller (one value per call; simple and reproducible). */
  normal(mean = 0, sd = 1): number {
    let u = 0
    while (u === 0) u = this.uniform()
    const v = this.uniform()
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  getState(): number[] {
    return Array.from(this.s)
  }

  static fromState(state: readonly number[]): Rng {
    if (state.length !== 4) throw new Error('Rng.fromState: need 4 words')
    const r = new Rng(0)
    r.s.set(state)
    return r
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}

/** Derives an independent seed for a named sub-stream (a split, a worker, an epoch). */
export function deriveSeed(seed: number, stream: number): number {
  const r = new Rng((seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0)
  return r.nextU32()
}
