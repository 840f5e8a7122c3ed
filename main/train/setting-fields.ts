/**
 * A preset's settings as the form's fields, each with the control its schema calls for: the
 * leaves of the value, walked together with the zod schema that validates it, so a number is a
 * number field, a boolean a checkbox and an enumeration a list of exactly its choices, whatever
 * the setting is called.
 */
import type { z } from 'zod'
import type { SettingField } from '../../preload/api'

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType; entries?: Record<string, string> }

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def

/** Strips defaults, optionals and refinements down to the schema of the value itself. */
function core(s: z.ZodType): Def {
  let d = defOf(s)
  while (d.innerType || (d.type === 'pipe' && d.in)) d = defOf((d.innerType ?? d.in)!)
  return d
}

export function settingFields(schema: z.ZodType, value: unknown, path = ''): SettingField[] {
  const d = core(schema)
  if (d.type === 'object' && d.shape && value && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      const child = d.shape![k]
      if (!child) throw new Error(`setting "${path ? `${path}.${k}` : k}" is not in the schema`)
      return settingFields(child, v, path ? `${path}.${k}` : k)
    })
  if (d.type === 'array' && d.element && Array.isArray(value)) return value.flatMap((v, i) => settingFields(d.element!, v, `${path}.${i}`))
  if (d.type === 'enum' && d.entries) return [{ path, value: value as string, kind: 'choice', options: Object.values(d.entries) }]
  if (d.type === 'number') return [{ path, value: value as number, kind: 'number' }]
  if (d.type === 'boolean') return [{ path, value: value as boolean, kind: 'boolean' }]
  if (d.type === 'string') return [{ path, value: value as string, kind: 'text' }]
  throw new Error(`setting "${path}": no form control for schema type ${d.type}`)
}
