/** Helpers for benchmarks: time a block, sample peak memory, print one figure per line, SHD-size samples. */
import type { SpikeSample } from '../main/snn/cpu/network'
import type { Rng } from '../main/util/rng'
export function measure<T>(fn: () => T): { result: T; seconds: number; peakRssMb: number } {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const t0 = performance.now()
  const result = fn()
  const seconds = (performance.now() - t0) / 1000
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  return { result, seconds, peakRssMb: peak / 2 ** 20 }
}

/** `measure` for async work (worker threads, GPU), which lets the RSS sampler run meanwhile. */
export async function measureAsync<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const t0 = performance.now()
  const result = await fn()
  const seconds = (performance.now() - t0) / 1000
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  return { result, seconds, peakRssMb: peak / 2 ** 20 }
}

export function figure(name: string, value: number, unit: string): void {
  console.log(`[bench] ${name}: ${value.toFixed(value < 10 ? 3 : 1)} ${unit}`)
}

/**
 * An SHD-like sample for the SHD-size benches: 2500–3500 spikes at uniform times over the first
 * `steps − 1` ms on uniform channels, in time order (as SHD files store them), a random label of 20.
 */
export function shdSizeSample(rng: Rng, steps: number, inputs: number): SpikeSample {
  const n = 2500 + rng.int(1000)
  const times = new Float32Array(n), units = new Uint16Array(n)
  const draws = Array.from({ length: n }, () => [rng.uniform() * (steps - 1), rng.int(inputs)] as const)
  // SHD files store each sample's spikes in time order
  draws.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  draws.forEach(([t, u], k) => {
    times[k] = t
    units[k] = u
  })
  return { times, units, label: rng.int(20) }
}
