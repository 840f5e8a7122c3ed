/**
 * A preset's settings as editable leaves: dotted paths ("lr.weight", "network.hidden.0.size")
 * with their values, grouped for the form, and the overrides a start sends (the leaves that
 * differ from the preset). Each field's control comes from the settings schema, in main (the
 * preset's `fields`); main validates whatever comes back.
 */
import type { SettingField } from '../../preload/api'

export type Leaf = number | string | boolean
export type { SettingField }

/** The leaves of a settings object, in order (for comparing a run with its preset). */
export function flatten(value: unknown, prefix = ''): { path: string; value: Leaf }[] {
  if (value === null || typeof value !== 'object') return [{ path: prefix, value: value as Leaf }]
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k))
}

/** Fields under their top-level group ("network", "lr", …); plain top-level settings go under "run". */
export function groups(fields: SettingField[]): { name: string; fields: SettingField[] }[] {
  const out = new Map<string, SettingField[]>()
  for (const f of fields) {
    const name = f.path.includes('.') ? f.path.split('.')[0]! : 'run'
    out.set(name, [...(out.get(name) ?? []), f])
  }
  return [...out].map(([name, fs]) => ({ name, fields: fs }))
}

/** The leaves of `values` that differ from the preset's. */
export function overrides(base: { path: string; value: Leaf }[], values: Record<string, Leaf>): Record<string, Leaf> {
  const out: Record<string, Leaf> = {}
  for (const f of base) {
    const v = values[f.path]
    if (v !== undefined && v !== null && v !== f.value) out[f.path] = v
  }
  return out
}
