/**
 * Loihi 2's CUBA LIF in integers, in the order of Lava's bit-accurate model (`PyLifModelBitAcc`,
 * research/loihi.md §1.3): u decays by (4096 − du − 1)/4096 and v by (4096 − dv)/4096, each
 * product truncated toward zero; the input and the threshold are scaled by 64; u wraps at 24 bits
 * by Lava's rule, v saturates; a spike when v > vth·64 (strict), then v = 0 and u is kept.
 * Products stay below 2^37, exact in a double. No I/O.
 */

export const MAX_24 = 1 << 23

/** A population's parameters, as Lava holds them. */
export interface LifParams {
  /** 12-bit current and voltage decays (0…4095). */
  du: number
  dv: number
  /** 17-bit threshold mantissa (0…131071); the threshold is vth·64. */
  vth: number
  /** Bias mantissa and exponent (bias·2^exp added to v each step). */
  biasMant?: number
  biasExp?: number
}

export function checkLif(p: LifParams, name: string): void {
  const bad = (what: string): never => { throw new Error(`${name}: ${what}`) }
  if (!Number.isInteger(p.du) || p.du < 0 || p.du > 4095) bad(`du ${p.du} is not a 12-bit integer (0…4095)`)
  if (!Number.isInteger(p.dv) || p.dv < 0 || p.dv > 4095) bad(`dv ${p.dv} is not a 12-bit integer (0…4095)`)
  if (!Number.isInteger(p.vth) || p.vth < 0 || p.vth > 131071) bad(`threshold mantissa ${p.vth} does not fit Loihi's 17 bits (0…131071)`)
}

/** Truncation toward zero of x/4096 (Lava: sign(x)·(|x| >> 12)). */
const shift12 = (x: number): number => Math.trunc(x / 4096)

/**
 * One step of every neuron of a population: `u`, `v` updated in place from the input `a` (a_in,
 * before the ×64); spiking neurons' indices are pushed onto `spikes`. Returns how many spiked.
 */
export function lifStep(u: Int32Array, v: Int32Array, a: ArrayLike<number>, p: LifParams, spikes?: number[]): number {
  const decayU = 4096 - (p.du + 1), decayV = 4096 - p.dv
  const biasExp = p.biasExp ?? 0, biasMant = p.biasMant ?? 0
  const bias = biasExp >= 0 ? biasMant * 2 ** biasExp : Math.floor(biasMant / 2 ** -biasExp)
  const vth = p.vth * 64
  let n = 0
  for (let j = 0; j < u.length; j++) {
    const uu = shift12(u[j]! * decayU) + a[j]! * 64
    // Lava's wrap, literally: the second test reads the wrapped value, the result the original
    let w = uu > MAX_24 ? uu - 2 * MAX_24 : uu
    w = w <= -MAX_24 ? uu + 2 * MAX_24 : w
    u[j] = w
    let vv = shift12(v[j]! * decayV) + w + bias
    if (vv > MAX_24 - 1) vv = MAX_24 - 1
    else if (vv < -(MAX_24 - 1)) vv = -(MAX_24 - 1)
    if (vv > vth) {
      v[j] = 0
      spikes?.push(j)
      n++
    } else v[j] = vv
  }
  return n
}
