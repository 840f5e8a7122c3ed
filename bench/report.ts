/** Helpers for benchmarks: time a block, sample peak memory, print one figure per line. */
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
