/**
 * A sweep's figure: a metric against one swept setting, one line per condition (the values of the
 * other swept settings), each point the mean ± sample sd over the seeds that finished. No I/O.
 */
import type { SweepAggregate, SweepMetric, SweepPoint } from '../../preload/api'

type Value = number | string | boolean
export type AggregateSeries = SweepAggregate['series'][number]

export function aggregate(grid: SweepPoint[], keys: string[], x: string, metric: SweepMetric): AggregateSeries[] {
  if (!keys.includes(x)) throw new Error(`sweep: ${x} is not a swept setting (${keys.join(', ') || 'none'})`)
  const others = keys.filter((k) => k !== x)
  const series = new Map<string, Map<string, { x: Value; values: number[] }>>()
  for (const p of grid) {
    const condition = others.map((k) => `${k}=${String(p.values[k])}`).join(' ') || 'all'
    const s = series.get(condition) ?? new Map()
    series.set(condition, s)
    const xv = p.values[x]!
    const cell = s.get(String(xv)) ?? { x: xv, values: [] }
    s.set(String(xv), cell)
    const v = p[metric]
    if (v !== null && Number.isFinite(v)) cell.values.push(v)
  }
  return [...series].map(([condition, cells]) => ({
    condition,
    points: [...cells.values()].filter((c) => c.values.length > 0).map((c) => ({ x: c.x, ...meanSd(c.values) }))
  }))
}

function meanSd(v: number[]): { mean: number; sd: number; n: number } {
  const n = v.length
  const mean = v.reduce((s, x) => s + x, 0) / n
  const sd = n > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0
  return { mean, sd, n }
}
