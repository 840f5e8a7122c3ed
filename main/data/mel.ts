/**
 * The RawHD audio front end (research/algorithms.md §D.5, at the file's own sample rate):
 * pre-emphasis, Hann windows of 25 ms every 10 ms, power spectrum, a triangular Mel filterbank,
 * log power in dB relative to the loudest bin, shifted to start at 0 and scaled to 0…1. Then an
 * integrate-and-fire encoder turns each band into spikes: the band's value is added every frame
 * and a spike fires (at the frame's start) each time the sum reaches 1.
 */
export interface MelOptions {
  bands: number
  windowMs: number
  hopMs: number
  preEmphasis: number
  /** Floor of the dB range below the loudest bin. */
  dynamicRangeDb: number
  fMin: number
  /** Upper edge in Hz (default: half the sample rate). */
  fMax?: number
}

export const DEFAULT_MEL: MelOptions = { bands: 40, windowMs: 25, hopMs: 10, preEmphasis: 0.95, dynamicRangeDb: 80, fMin: 0 }

const hzToMel = (f: number): number => 2595 * Math.log10(1 + f / 700)
const melToHz = (m: number): number => 700 * (10 ** (m / 2595) - 1)

/** Triangular filters on the bins of an nFft-point spectrum: [band][bin]. */
export function melFilterbank(bands: number, nFft: number, sampleRate: number, fMin: number, fMax: number): Float64Array[] {
  const bins = nFft / 2 + 1
  const lo = hzToMel(fMin), hi = hzToMel(fMax)
  const edges = Array.from({ length: bands + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (bands + 1)))
  return Array.from({ length: bands }, (_, b) => {
    const f = new Float64Array(bins)
    const [l, c, r] = [edges[b]!, edges[b + 1]!, edges[b + 2]!]
    for (let k = 0; k < bins; k++) {
      const hz = (k * sampleRate) / nFft
      if (hz > l && hz < r) f[k] = hz <= c ? (hz - l) / (c - l) : (r - hz) / (r - c)
    }
    return f
  })
}

/** In-place radix-2 FFT of (re, im), length a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      ;[re[i], re[j]] = [re[j]!, re[i]!]
      ;[im[i], im[j]] = [im[j]!, im[i]!]
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len
    for (let i = 0; i < n; i += len)
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(ang * k), wi = Math.sin(ang * k)
        const a = i + k, b = a + len / 2
        const xr = re[b]! * wr - im[b]! * wi, xi = re[b]! * wi + im[b]! * wr
        re[b] = re[a]! - xr
        im[b] = im[a]! - xi
        re[a]! += xr
        im[a]! += xi
      }
  }
}

/** Log-Mel energies, [frame][band] flattened, scaled to 0…1. */
export function logMel(signal: Float32Array, sampleRate: number, o: MelOptions = DEFAULT_MEL): { frames: number; bands: number; values: Float64Array } {
  const win = Math.round((o.windowMs / 1000) * sampleRate), hop = Math.round((o.hopMs / 1000) * sampleRate)
  let nFft = 1
  while (nFft < win) nFft <<= 1
  const x = new Float64Array(signal.length)
  for (let i = 0; i < signal.length; i++) x[i] = signal[i]! - (i ? o.preEmphasis * signal[i - 1]! : 0)
  const frames = Math.max(1, 1 + Math.floor((x.length - win) / hop))
  const bank = melFilterbank(o.bands, nFft, sampleRate, o.fMin, o.fMax ?? sampleRate / 2)
  const hann = Float64Array.from({ length: win }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / win))
  const power = new Float64Array(frames * o.bands)
  const re = new Float64Array(nFft), im = new Float64Array(nFft)
  for (let f = 0; f < frames; f++) {
    re.fill(0)
    im.fill(0)
    for (let i = 0; i < win; i++) re[i] = (x[f * hop + i] ?? 0) * hann[i]!
    fft(re, im)
    for (let b = 0; b < o.bands; b++) {
      const w = bank[b]!
      let s = 0
      for (let k = 0; k < w.length; k++) if (w[k]) s += w[k]! * (re[k]! * re[k]! + im[k]! * im[k]!)
      power[f * o.bands + b] = s
    }
  }
  let max = 0
  for (const p of power) max = Math.max(max, p)
  const values = new Float64Array(power.length)
  for (let i = 0; i < power.length; i++) {
    const db = 10 * Math.log10(Math.max(power[i]!, 1e-20) / Math.max(max, 1e-20))
    values[i] = Math.max(0, db + o.dynamicRangeDb) / o.dynamicRangeDb
  }
  return { frames, bands: o.bands, values }
}

/** Integrate-and-fire encoding of [frame][band] values in 0…1: at most one spike per band and frame. */
export function encodeFrames(values: Float64Array, frames: number, bands: number, hopMs: number): { times: Float32Array; units: Uint16Array } {
  const acc = new Float64Array(bands)
  const times: number[] = [], units: number[] = []
  for (let f = 0; f < frames; f++)
    for (let b = 0; b < bands; b++) {
      acc[b]! += values[f * bands + b]!
      if (acc[b]! >= 1) {
        acc[b]! -= 1
        times.push(f * hopMs)
        units.push(b)
      }
    }
  return { times: Float32Array.from(times), units: Uint16Array.from(units) }
}
