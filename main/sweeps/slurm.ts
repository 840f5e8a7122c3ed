/**
 * A sweep on a Slurm cluster: a job-array batch script whose task k trains grid point k with the
 * headless CLI in its own data directory under the sweep's shared directory (or in node-local
 * scratch, copied back), `sbatch` to submit, `sacct` (or `squeue` where accounting is off) to follow.
 * Slurm schedules; Axonal only writes the script and reads the tasks' stores back (collect.ts).
 */
import { execFileSync } from 'node:child_process'
import type { SlurmSettings } from '../../preload/api'

export interface ScriptOptions extends SlurmSettings {
  uid: string
  sweepDir: string
  node: string
  cli: string
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`

/** The batch script of a sweep's job array (the array range is given to sbatch). */
export function batchScript(o: ScriptOptions): string {
  const sbatch = [
    `--job-name=axonal-${o.uid}`,
    `--output=${o.sweepDir}/logs/task-%a.out`,
    `--cpus-per-task=${o.cpus}`,
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.time ? [`--time=${o.time}`] : []),
    ...(o.gpus > 0 ? [`--gpus-per-task=${o.gpus}`] : []),
    ...(o.account ? [`--account=${o.account}`] : [])
  ]
  const work = o.scratch ? `"\${TMPDIR:-/tmp}/axonal-${o.uid}-$TASK"` : '"$OUT"'
  return [
    '#!/bin/bash',
    `# Axonal sweep ${o.uid}: task k trains grid point k of sweep.json (written by axonal sweep run --on slurm).`,
    ...sbatch.map((l) => `#SBATCH ${l}`),
    'set -euo pipefail',
    ...o.modules.map((m) => `module load ${m}`),
    `SWEEP=${quote(o.sweepDir)}`,
    'TASK="$SLURM_ARRAY_TASK_ID"',
    'OUT="$SWEEP/tasks/$TASK"',
    `WORK=${work}`,
    'mkdir -p "$OUT" "$WORK"',
    // a resubmitted task continues its own store; a new one starts from the dataset's
    '[ -f "$WORK/axonal.sqlite" ] || cp "$( [ -f "$OUT/axonal.sqlite" ] && echo "$OUT" || echo "$SWEEP/base" )/axonal.sqlite" "$WORK/axonal.sqlite"',
    'rm -f "$OUT/task.json"',
    `status=0; ${quote(o.node)} ${quote(o.cli)} --home "$WORK" sweep task "$SWEEP" "$TASK" --marker "$WORK/task.json.part" || status=$?`,
    ...(o.scratch ? ['cp "$WORK/axonal.sqlite" "$OUT/axonal.sqlite.part" && mv "$OUT/axonal.sqlite.part" "$OUT/axonal.sqlite"'] : []),
    // the marker goes last: a task without one is unfinished, whatever its store holds
    '[ -f "$WORK/task.json.part" ] && mv "$WORK/task.json.part" "$OUT/task.json"',
    ...(o.scratch ? ['rm -rf "$WORK"'] : []),
    'exit $status',
    ''
  ].join('\n')
}

/** Submits a job array (e.g. "0-7" or "1,3"); returns its job id. */
export function sbatch(script: string, array: string, parallel?: number): string {
  const out = slurm('sbatch', ['--parsable', `--array=${array}${parallel ? `%${parallel}` : ''}`, script])
  const id = out.trim().split(';')[0]!
  if (!/^\d+$/.test(id)) throw new Error(`sbatch answered "${out.trim()}", not a job id`)
  return id
}

export function scancel(jobId: string): void {
  slurm('scancel', [jobId])
}

/**
 * Slurm's state of each task of an array (PENDING, RUNNING, COMPLETED, FAILED, …) by task index,
 * from sacct, or from squeue for the tasks still queued or running where accounting is off.
 */
export function taskStates(jobId: string): Map<number, string> {
  const states = new Map<number, string>()
  let lines: string[]
  try {
    lines = slurm('sacct', ['-n', '-P', '-X', '-j', jobId, '--format=JobID,State']).split('\n')
  } catch {
    lines = slurm('squeue', ['-h', '-r', '-j', jobId, '-o', '%i|%T']).split('\n')
  }
  for (const line of lines) {
    const [job, state] = line.trim().split('|')
    if (!job || !state) continue
    const m = /^\d+_(\d+)$/.exec(job) ?? null
    if (m) { states.set(Number(m[1]), state.split(' ')[0]!); continue }
    // a pending range: 123_[4-7%2] or 123_[1,3]
    const r = /^\d+_\[([^\]%]+)/.exec(job)
    if (r) for (const part of r[1]!.split(',')) {
      const [a, b] = part.split('-').map(Number)
      for (let k = a!; k <= (b ?? a!); k++) states.set(k, state.split(' ')[0]!)
    }
  }
  return states
}

function slurm(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 })
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string; status?: number }
    if (err.code === 'ENOENT') throw new Error(`${cmd} not found: Slurm's commands are not on this machine's PATH (submit from a Slurm login node, or install slurm-client)`)
    throw new Error(`${cmd} ${args.join(' ')} failed${err.status !== undefined ? ` (exit ${err.status})` : ''}: ${(err.stderr ?? err.message).trim()}`)
  }
}
