/**
 * A sweep's grid expanded into runs: every combination of the grid's values (first key slowest),
 * each once per seed, less the points `skip` names. Each point's settings are checked against the
 * preset here, so a key that is not a setting fails before anything is stored. No I/O.
 */
import type { SweepPlan, SweepSpec } from '../../preload/api'
import { preset, withOverrides } from '../train/presets'

type Value = number | string | boolean
export type GridPoint = SweepPlan['points'][number]

export function expandGrid(spec: SweepSpec): { points: GridPoint[]; keys: string[] } {
  const keys = Object.keys(spec.grid)
  if (keys.includes('seed')) throw new Error('sweep: give seeds in "seeds", not as a grid key')
  if (keys.length === 0 && spec.seeds.length < 2) throw new Error('sweep: the grid is empty; give at least one setting with values, or more than one seed')
  if (new Set(spec.seeds).size !== spec.seeds.length) throw new Error('sweep: a seed is repeated in "seeds"')
  for (const k of keys) if (new Set(spec.grid[k]!.map(String)).size !== spec.grid[k]!.length) throw new Error(`sweep: grid key ${k} repeats a value`)
  const p = preset(spec.preset)
  let combos: Record<string, Value>[] = [{}]
  for (const k of keys) combos = combos.flatMap((c) => spec.grid[k]!.map((v) => ({ ...c, [k]: v })))
  const kept = combos.filter((c) => !spec.skip.some((s) => Object.entries(s).every(([k, v]) => k in c && String(c[k]) === String(v))))
  if (kept.length === 0) throw new Error('sweep: every grid point is skipped')
  for (const s of spec.skip) for (const k of Object.keys(s)) if (!keys.includes(k)) throw new Error(`sweep: skip names ${k}, which is not a grid key (${keys.join(', ') || 'none'})`)
  const points: GridPoint[] = []
  for (const c of kept)
    for (const seed of spec.seeds) {
      const values = { ...c, seed }
      // the settings must exist and validate: a wrong key fails here, naming it
      try {
        withOverrides(p.settings, overridesOf(spec, values))
      } catch (e) {
        throw new Error(`sweep point ${describe(values)}: ${e instanceof Error ? e.message : String(e)}`)
      }
      points.push({ index: points.length, values, seed, label: describe(values) })
    }
  return { points, keys }
}

/** The overrides a point's run trains with: one thread unless set, the base, the point's values. */
export function overridesOf(spec: SweepSpec, values: Record<string, Value>): Record<string, Value> {
  return { threads: 1, ...spec.base, ...values }
}

export function describe(values: Record<string, Value>): string {
  return Object.entries(values).map(([k, v]) => `${k}=${String(v)}`).join(' ')
}
