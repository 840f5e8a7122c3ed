/**
 * Loihi 2's dense synapses with delays, as Lava's bit-accurate DelayDense (research/loihi.md §1.4,
 * §2): 8-bit weights (clipped, then LSB-truncated), per step the spikes' weights summed per
 * (output neuron, delay), that sum floor-shifted by weight_exp, and delivered 1 + d steps later.
 * Weights here are [pre][post] as everywhere in Axonal (Lava stores them [post][pre]). No I/O.
 */

export type SignMode = 'mixed' | 'excitatory' | 'inhibitory'

export function signMode(w: ArrayLike<number>): SignMode {
  let min = Infinity, max = -Infinity
  for (let k = 0; k < w.length; k++) { min = Math.min(min, w[k]!); max = Math.max(max, w[k]!) }
  return min >= 0 ? 'excitatory' : max <= 0 ? 'inhibitory' : 'mixed'
}

/** Lava's clip_weights then truncate_weights (num_weight_bits of magnitude; 8 by default). */
export function loihiWeights(w: ArrayLike<number>, mode: SignMode = signMode(w), bits = 8): Int32Array {
  const out = new Int32Array(w.length)
  const k = 8 - bits + (mode === 'mixed' ? 1 : 0)
  for (let i = 0; i < w.length; i++) {
    let x = Math.round(w[i]!)
    if (mode === 'mixed') x = Math.min(255, Math.max(-256, x))
    else if (mode === 'excitatory') x = Math.min(255, Math.max(0, x))
    else x = -Math.min(255, Math.max(0, -x))
    out[i] = Math.floor(x / 2 ** k) * 2 ** k
  }
  return out
}

/**
 * netx's optimize_weight_bits: the largest left shift that keeps integer weights within 8 bits
 * (MIXED: [−128·2, 127·2]), as weight_exp = −shift; returns the shifted weights.
 * For ml_genn_netx's int8 weights spanning [−128, 127] this doubles them with weight_exp −1, so
 * Lava's sum, shifted back, is Σ W·s exactly.
 */
export function optimizeWeightBits(w: ArrayLike<number>): { weights: Int32Array; weightExp: number; bits: number } {
  const mode = signMode(w)
  let min = Infinity, max = -Infinity
  for (let k = 0; k < w.length; k++) { min = Math.min(min, w[k]!); max = Math.max(max, w[k]!) }
  let scale: number
  if (mode === 'mixed') scale = Math.min(127 / max, -128 / min)
  else if (mode === 'excitatory') scale = max > 0 ? 255 / max : 1
  else scale = min < 0 ? -256 / min : 1
  const scaleBits = Math.floor(Math.log2(scale)) + (mode === 'mixed' ? 1 : 0)
  const weights = Int32Array.from(w, (x) => Math.round(x) * 2 ** scaleBits)
  // bits of precision left: 8 − scaleBits − the trailing zeros all weights share (less one if mixed)
  let n = 0
  while (n < 8 && Array.prototype.every.call(w, (x: number) => Math.round(x) % 2 ** (n + 1) === 0)) n++
  if (mode === 'mixed') n -= 1
  return { weights, weightExp: -scaleBits, bits: 8 - scaleBits - n }
}

/** Floor shift of an integer sum by weight_exp (Lava: acc << exp, or acc >> −exp, arithmetic). */
export function shiftSum(acc: number, weightExp: number): number {
  return weightExp >= 0 ? acc * 2 ** weightExp : Math.floor(acc / 2 ** -weightExp)
}

/**
 * A projection's synapses in flight: a ring of per-step inputs for each post neuron. `emit` adds
 * the spikes of one step (their per-delay sums shifted as Lava does); `take` hands a step's input.
 */
export class DelayLine {
  private readonly ring: Float64Array
  private readonly acc: Float64Array
  private readonly touched: Int32Array
  private readonly marked: Uint8Array
  private readonly slots: number

  constructor(readonly nPre: number, readonly nPost: number, readonly weights: Int32Array, readonly delays: Int32Array, readonly weightExp: number, maxDelay: number) {
    this.slots = maxDelay + 2
    this.ring = new Float64Array(this.slots * nPost)
    this.acc = new Float64Array((maxDelay + 1) * nPost)
    this.touched = new Int32Array((maxDelay + 1) * nPost)
    this.marked = new Uint8Array((maxDelay + 1) * nPost)
  }

  reset(): void {
    this.ring.fill(0)
  }

  /**
   * Spikes of step n (pre indices, with graded payloads, 1 for binary spikes): each reaches its
   * post neuron at step n + 1 + d. Returns the synaptic operations done (nonzero synapses reached).
   */
  emit(n: number, pre: ArrayLike<number>, payload: ArrayLike<number> | null): number {
    const { nPost, weights, delays } = this
    let touched = 0, sops = 0
    for (let s = 0; s < pre.length; s++) {
      const i = pre[s]!, c = payload ? payload[s]! : 1, row = i * nPost
      for (let j = 0; j < nPost; j++) {
        const w = weights[row + j]!
        if (w === 0) continue
        sops++
        const slot = delays[row + j]! * nPost + j
        if (!this.marked[slot]) {
          this.marked[slot] = 1
          this.touched[touched++] = slot
        }
        this.acc[slot]! += w * c
      }
    }
    for (let k = 0; k < touched; k++) {
      const slot = this.touched[k]!, d = Math.floor(slot / nPost), j = slot - d * nPost
      const r = ((n + 1 + d) % this.slots) * nPost + j
      this.ring[r]! += shiftSum(this.acc[slot]!, this.weightExp)
      this.acc[slot] = 0
      this.marked[slot] = 0
    }
    return sops
  }

  /** The input of every post neuron at step n (cleared as it is read), added into `into`. */
  take(n: number, into: Float64Array): void {
    const base = ((n % this.slots) + this.slots) % this.slots * this.nPost
    for (let j = 0; j < this.nPost; j++) {
      into[j]! += this.ring[base + j]!
      this.ring[base + j] = 0
    }
  }
}
