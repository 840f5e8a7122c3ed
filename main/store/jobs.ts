/** Job history: every job's state, progress and outcome, so the UI can re-attach after a reload. */
import type { JobInfo, JobKind, JobState } from '../../preload/api'
import { type Db, nowIso } from './db'

interface JobRow {
  id: number
  kind: JobKind
  title: string
  params: string
  state: JobState
  progress: number
  message: string
  error: string | null
  result: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  pid: number | null
}

export type JobPatch = Partial<Pick<JobInfo, 'state' | 'progress' | 'message' | 'error' | 'result'>>

export class JobRepo {
  constructor(private readonly db: Db) {}

  create(kind: JobKind, title: string, params: unknown): JobInfo {
    const id = Number(
      this.db
        .prepare(`INSERT INTO jobs (kind, title, params, state, created_at, pid) VALUES (?, ?, ?, 'queued', ?, ?)`)
        .run(kind, title, JSON.stringify(params), nowIso(), process.pid).lastInsertRowid
    )
    return this.get(id)
  }

  get(id: number): JobInfo {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined
    if (!row) throw new Error(`job ${id} does not exist`)
    return toInfo(row)
  }

  params(id: number): unknown {
    const row = this.db.prepare('SELECT params FROM jobs WHERE id = ?').get(id) as { params: string } | undefined
    if (!row) throw new Error(`job ${id} does not exist`)
    return JSON.parse(row.params) as unknown
  }

  /** Most recent first. */
  list(limit = 50): JobInfo[] {
    return (this.db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ?').all(limit) as JobRow[]).map(toInfo)
  }

  update(id: number, patch: JobPatch): JobInfo {
    const sets: string[] = []
    const values: unknown[] = []
    for (const [k, v] of Object.entries(patch)) {
      sets.push(`${k} = ?`)
      values.push(k === 'result' ? JSON.stringify(v ?? null) : v)
    }
    if (patch.state === 'running') {
      sets.push('started_at = ?')
      values.push(nowIso())
    }
    if (patch.state === 'done' || patch.state === 'failed' || patch.state === 'cancelled') {
      sets.push('finished_at = ?')
      values.push(nowIso())
    }
    if (sets.length) this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id)
    return this.get(id)
  }

  /**
   * Marks jobs whose owning process is gone (killed, crashed) as failed. A job of a process that is
   * still alive (another shell on the same store) is left alone.
   */
  recoverOrphans(isAlive: (pid: number) => boolean = pidAlive): number {
    const rows = this.db
      .prepare(`SELECT id, pid FROM jobs WHERE state IN ('queued', 'running')`)
      .all() as { id: number; pid: number | null }[]
    let n = 0
    for (const r of rows) {
      if (r.pid !== null && r.pid !== process.pid && isAlive(r.pid)) continue
      if (r.pid === process.pid) continue
      this.update(r.id, { state: 'failed', error: 'interrupted: the process running this job stopped before it finished' })
      n++
    }
    return n
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function toInfo(r: JobRow): JobInfo {
  return {
    id: r.id, kind: r.kind, title: r.title, state: r.state, progress: r.progress, message: r.message,
    error: r.error, result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    createdAt: r.created_at, startedAt: r.started_at, finishedAt: r.finished_at
  }
}

/** Attack sweep results per grid point (main/jobs/kinds/robust-attack.ts), kept so a sweep resumes. */
export class AttackPointRepo {
  constructor(private readonly db: Db) {}

  get(key: string, model: string, eps: number): { accuracy: number; meanPerturbation: number; success: number } | null {
    const r = this.db.prepare('SELECT accuracy, perturbation, success FROM attack_points WHERE key = ? AND model = ? AND eps = ?').get(key, model, eps) as { accuracy: number; perturbation: number; success: number } | undefined
    return r ? { accuracy: r.accuracy, meanPerturbation: r.perturbation, success: r.success } : null
  }

  put(key: string, model: string, p: { eps: number; accuracy: number; meanPerturbation: number; success: number }): void {
    this.db.prepare('INSERT OR REPLACE INTO attack_points (key, model, eps, accuracy, perturbation, success, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(key, model, p.eps, p.accuracy, p.meanPerturbation, p.success, new Date().toISOString())
  }
}
