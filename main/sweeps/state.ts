/**
 * A sweep's grid as this notebook knows it: every point with its run (if it has one) and that
 * run's metrics, and the sweep's summary. The Sweeps calls, the figure and the sweep report all
 * read it from here; Slurm's own word on tasks without a run is added by main/api/sweeps.ts.
 */
import type { SweepDetail, SweepPoint, SweepSummary } from '../../preload/api'
import type { Store } from '../store/index'
import type { SweepRow } from '../store/sweeps'
import { expandGrid } from './grid'

/** Every grid point from the sweep's local runs; `metrics` adds each run's final train accuracy (a query a run). */
export function localGrid(store: Store, sweep: SweepRow, metrics = true): SweepPoint[] {
  const runs = new Map(store.runs.ofSweep(sweep.id).map((r) => [r.sweepPoint!, r]))
  const train = metrics ? store.sweeps.trainAccuracy([...runs.values()].map((r) => r.id)) : new Map<number, number>()
  return expandGrid(sweep.spec).points.map((p) => {
    const r = runs.get(p.index)
    return {
      ...p, runId: r?.id ?? null, state: r?.state ?? 'pending', testAccuracy: r?.result?.testAccuracy ?? null, bestValidationAccuracy: r?.result?.bestValidationAccuracy ?? null,
      trainAccuracy: r ? train.get(r.id) ?? null : null, epochsDone: r?.epochsDone ?? 0, seconds: r?.result?.seconds ?? null
    }
  })
}

export function sweepSummary(s: SweepRow, grid: SweepPoint[]): SweepSummary {
  const counts: SweepSummary['counts'] = {}
  for (const p of grid) counts[p.state] = (counts[p.state] ?? 0) + 1
  return { id: s.id, uid: s.uid, name: s.name, preset: s.spec.preset, datasetId: s.spec.datasetId ?? null, runner: s.runner, state: s.state, concurrency: s.concurrency, points: grid.length, counts, createdAt: s.createdAt, finishedAt: s.finishedAt }
}

/** The sweep with its grid (`grid`: the local one unless given). */
export function sweepDetail(s: SweepRow, grid: SweepPoint[]): SweepDetail {
  return { ...sweepSummary(s, grid), spec: s.spec, keys: Object.keys(s.spec.grid), grid, slurm: s.slurm }
}
