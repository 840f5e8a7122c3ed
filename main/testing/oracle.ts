/** Runs a reference script of scripts/oracles with Debian's python3 (networkx, numpy): JSON in, JSON out. */
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

export function oracle<T>(script: string, input: unknown): T {
  const path = resolve(import.meta.dirname, '../../scripts/oracles', script)
  return JSON.parse(execFileSync('/usr/bin/python3', [path], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 })) as T
}
