/**
 * A preset's settings as an editable list of leaves: dotted paths ("lr.weight",
 * "network.hidden.0.size") with their values, grouped for the form, and the overrides a start
 * sends (the leaves that differ from the preset). Main validates whatever comes back.
 */
export type Leaf = number | string | boolean

export interface SettingField {
  path: string
  value: Leaf
  /** Choices for enumerated settings. */
  options?: readonly string[]
}

const DELAYS = ['none', 'fixed', 'learn', 'position'] as const
const CHOICES: [RegExp, readonly string[]][] = [
  [/^network\.readout$/, ['avg-exp', 'avg', 'sum', 'max', 'first-spike']],
  [/^network\.hidden\.\d+\.(input|recurrent)Delay$|^network\.output\.delay$/, DELAYS],
  [/^init\.mode$/, ['fixed', 'data']],
  [/^preflight$/, ['stop', 'rescale', 'warn', 'off']],
  [/^earlyStop\.split$/, ['train', 'validation']],
  [/^backend$/, ['auto', 'gpu', 'cpu']]
]

export function flatten(value: unknown, prefix = ''): SettingField[] {
  if (value === null || typeof value !== 'object') {
    const leaf = value as Leaf
    const options = CHOICES.find(([re]) => re.test(prefix))?.[1]
    return [{ path: prefix, value: leaf, ...(options ? { options } : {}) }]
  }
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
export function overrides(base: SettingField[], values: Record<string, Leaf>): Record<string, Leaf> {
  const out: Record<string, Leaf> = {}
  for (const f of base) {
    const v = values[f.path]
    if (v !== undefined && v !== null && v !== f.value) out[f.path] = v
  }
  return out
}
