/**
 * DCLS's Gaussian kernel per synapse and its derivatives (the DCLS library's "gauss" version):
 * with c = P + K//2 and σ = |SIG| + 0.27, g[n] = exp(−½((n − c)/σ)²) for taps n = 0 … K − 1 and
 * k[n] = W·g[n] / (Σ g + 1e-7). Tap n delays by K − 1 − n steps. At evaluation the position is
 * rounded and the synapse is one tap of weight W (σ → 0; the "max" version with rounded P).
 * Layouts: W, P [out][in]; kernels by delay, kd[(in·K + d)·out + o], so that a convolution over
 * an input event runs contiguously over outputs. No I/O.
 */

export const SIGMA_OFFSET = 0.27
const EPS = 1e-7

/** Training kernels of a layer (W and P at their offsets in `params`): kd[(i·K + d)·O + o] = k_oi[K − 1 − d]. */
export function gaussKernels(params: ArrayLike<number>, wOff: number, pOff: number, nIn: number, nOut: number, K: number, sig: number, out: Float64Array): void {
  const sigma = Math.abs(sig) + SIGMA_OFFSET, half = K >> 1
  const g = new Float64Array(K)
  for (let o = 0; o < nOut; o++)
    for (let i = 0; i < nIn; i++) {
      const c = params[pOff + o * nIn + i]! + half, w = params[wOff + o * nIn + i]!
      let G = 0
      for (let n = 0; n < K; n++) {
        const z = (n - c) / sigma
        g[n] = Math.exp(-0.5 * z * z)
        G += g[n]!
      }
      const s = w / (G + EPS)
      for (let n = 0; n < K; n++) out[(i * K + (K - 1 - n)) * nOut + o] = s * g[n]!
    }
}

/**
 * ∂L/∂W and ∂L/∂P from ∂L/∂kd (same layout as the kernels), added into `grad` at the layer's
 * offsets: ∂k[n]/∂W = g[n]/(G + ε); with g'[n] = ∂g[n]/∂P = g[n]·(n − c)/σ² and G' = Σ g',
 * ∂k[n]/∂P = W·(g'[n] − g[n]·G'/(G + ε))/(G + ε).
 */
export function gaussKernelGrads(
  params: ArrayLike<number>, wOff: number, pOff: number, nIn: number, nOut: number, K: number, sig: number, dkd: Float64Array, grad: Float64Array
): void {
  const sigma = Math.abs(sig) + SIGMA_OFFSET, half = K >> 1
  const g = new Float64Array(K), gp = new Float64Array(K)
  for (let o = 0; o < nOut; o++)
    for (let i = 0; i < nIn; i++) {
      const at = o * nIn + i
      const c = params[pOff + at]! + half, w = params[wOff + at]!
      let G = 0, Gp = 0
      for (let n = 0; n < K; n++) {
        const z = (n - c) / sigma
        g[n] = Math.exp(-0.5 * z * z)
        gp[n] = (g[n]! * (n - c)) / (sigma * sigma)
        G += g[n]!
        Gp += gp[n]!
      }
      const inv = 1 / (G + EPS)
      let dW = 0, dP = 0
      for (let n = 0; n < K; n++) {
        const d = dkd[(i * K + (K - 1 - n)) * nOut + o]!
        dW += d * g[n]! * inv
        dP += d * (gp[n]! - g[n]! * Gp * inv)
      }
      grad[wOff + at]! += dW
      grad[pOff + at]! += w * inv * dP
    }
}

/** Delay (steps) of a synapse at evaluation: the rounded position's tap, K//2 − round(P), within 0 … K − 1. */
export function evalDelay(p: number, K: number): number {
  const half = K >> 1
  const n = Math.min(K - 1, Math.max(0, Math.round(p + half)))
  return K - 1 - n
}

/** σ's SIG after `epoch` completed epochs of `epochs` (the recipe's exponential decay from K//2 to `final` over a fraction of the run). */
export function sigmaAt(epoch: number, epochs: number, K: number, final: number, fraction: number): number {
  const init = K >> 1
  const last = Math.floor(epochs * fraction)
  if (init <= final || last <= 0) return Math.min(init, final)
  const alpha = Math.pow(final / init, 1 / last)
  // decrease_sig: one factor per epoch below the last while SIG > final
  let sig = init
  for (let e = 0; e < Math.min(epoch, last); e++) if (sig > final) sig *= alpha
  return sig
}
