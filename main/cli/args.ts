/** A small argv parser: positionals, `--flag value`, and boolean flags listed by the caller. */
export interface Parsed {
  positionals: string[]
  options: Map<string, string>
  flags: Set<string>
  /** Options that may repeat (--set a=1 --set b=2). */
  lists: Map<string, string[]>
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export function parseArgs(argv: string[], booleans: readonly string[] = [], repeatable: readonly string[] = []): Parsed {
  const out: Parsed = { positionals: [], options: new Map(), flags: new Set(), lists: new Map() }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (!a.startsWith('--')) {
      out.positionals.push(a)
      continue
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (booleans.includes(name)) {
      out.flags.add(name)
      continue
    }
    const value = inline ?? argv[++i]
    if (value === undefined) throw new UsageError(`--${name} needs a value`)
    if (repeatable.includes(name)) out.lists.set(name, [...(out.lists.get(name) ?? []), value])
    else out.options.set(name, value)
  }
  return out
}

export function intOption(p: Parsed, name: string): number | undefined {
  const v = p.options.get(name)
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n)) throw new UsageError(`--${name}: "${v}" is not an integer`)
  return n
}
