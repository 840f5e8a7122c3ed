/** Runs a reference script of scripts/oracles with Debian's python3 (networkx, numpy): JSON in, JSON out. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export function oracle<T>(script: string, input: unknown): T {
  const path = resolve(import.meta.dirname, '../../scripts/oracles', script)
  return JSON.parse(execFileSync('/usr/bin/python3', [path], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 })) as T
}

/** Writes a value to a JSON file in a temporary folder and reads it back (an exported checkpoint). */
export function throughFile<T>(name: string, value: T): T {
  const dir = mkdtempSync(join(tmpdir(), 'axonal-oracle-'))
  try {
    const file = join(dir, name)
    writeFileSync(file, JSON.stringify(value))
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
