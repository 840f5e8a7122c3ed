/**
 * Temporary folders that never outlive their purpose: each is named with the owning process id
 * (`axonal-<kind>-<pid>-XXXXXX` in the OS temp folder), removed when its user disposes of it or the
 * process exits, and, if the process was killed first, removed by the next start of the app or
 * CLI (`cleanStaleTemp`), which finds the owner gone.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const live = new Set<string>()
let hooked = false

/** A new folder of this process; removed at exit unless released earlier with `removeTemp`. */
export function makeTemp(kind: 'import' | 'xdg' | 'export'): string {
  const dir = mkdtempSync(join(tmpdir(), `axonal-${kind}-${process.pid}-`))
  live.add(dir)
  if (!hooked) {
    hooked = true
    process.once('exit', () => {
      for (const d of live) rmSync(d, { recursive: true, force: true })
    })
  }
  return dir
}

export function removeTemp(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  live.delete(dir)
}

const OURS = /^axonal-(import|xdg|export)-(\d+)-/

/** Removes the temporary folders of processes that no longer run; returns how many. */
export function cleanStaleTemp(root = tmpdir()): number {
  let n = 0
  let names: string[]
  try {
    names = readdirSync(root)
  } catch {
    return 0
  }
  for (const name of names) {
    const m = OURS.exec(name)
    if (!m || alive(Number(m[2]))) continue
    rmSync(join(root, name), { recursive: true, force: true })
    n++
  }
  return n
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it runs, under another user
    return (e as { code?: string }).code === 'EPERM'
  }
}
