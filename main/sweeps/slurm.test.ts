/**
 * Sweeps on a real single-node Slurm (Debian's slurm-wlm and munge, started here by
 * scripts/slurm/start.sh as root and stopped after): the same grid run locally and as a job array
 * gives the same runs with the same numbers; collecting twice imports once; a foreign or corrupt
 * task store is skipped with its reason and imports nothing.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SweepDetail } from '../../preload/api'
import type { Api } from '../api/index'
import { TINY, notebook, until } from './testing'

const SCRIPTS = resolve(import.meta.dirname, '../../scripts/slurm')
const DIR = '/tmp/axonal-slurm-test'

beforeAll(() => {
  const out = execFileSync(join(SCRIPTS, 'start.sh'), [DIR], { encoding: 'utf8' })
  process.env.SLURM_CONF = /SLURM_CONF=(\S+)/.exec(out)![1]!
}, 60_000)
afterAll(() => {
  execFileSync(join(SCRIPTS, 'stop.sh'), [DIR])
})

const call = <T>(api: Api, name: string, input: unknown): Promise<T> => api.call(name, input, { shell: 'cli' }) as Promise<T>
const finished = (s: SweepDetail): boolean => !s.grid.some((p) => p.runId === null && (p.state === 'queued' || p.state === 'running' || (p.state === 'unknown' && p.slurmState !== 'FAILED')))

describe('a sweep on Slurm', () => {
  it('gives the same runs and numbers as the same sweep run locally, and collects once', async () => {
    const local = await notebook(), cluster = await notebook()
    const a = await call<SweepDetail>(local.api, 'sweeps.start', { spec: { ...TINY, datasetId: local.datasetId }, concurrency: 2 })
    const b = await call<SweepDetail>(cluster.api, 'sweeps.start', { spec: { ...TINY, datasetId: cluster.datasetId }, on: 'slurm', slurm: { dir: join(cluster.home, 'shared'), time: '00:10:00' } })
    expect(b.slurm!.jobIds).toHaveLength(1)
    expect(readFileSync(join(b.slurm!.sweepDir, 'run-task.sh'), 'utf8')).toMatch(/#SBATCH --time=00:10:00/)
    const doneLocal = await until(local.api, a.id, (s) => s.state === 'done')
    await until(cluster.api, b.id, finished, 180_000)

    const first = await call<{ collected: number[]; already: number[]; skipped: unknown[] }>(cluster.api, 'sweeps.collect', { id: b.id })
    expect(first.skipped).toEqual([])
    expect(first.collected).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    const again = await call<{ collected: number[]; already: number[]; sweep: SweepDetail }>(cluster.api, 'sweeps.collect', { id: b.id })
    expect(again.collected).toEqual([])
    expect(again.already).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(cluster.api.store.runs.list()).toHaveLength(8)
    expect(again.sweep.state).toBe('done')

    // same seeds, same settings, same data: the same numbers, epoch by epoch
    for (const p of doneLocal.grid) {
      const q = again.sweep.grid[p.index]!
      const x = local.api.store.runs.detail(p.runId!), y = cluster.api.store.runs.detail(q.runId!)
      expect(y.name).toBe(x.name)
      expect(y.settings).toEqual(x.settings)
      expect(y.metrics.map((m) => [m.epoch, m.split, m.loss, m.accuracy])).toEqual(x.metrics.map((m) => [m.epoch, m.split, m.loss, m.accuracy]))
      expect(q.testAccuracy).toBe(p.testAccuracy)
      expect(cluster.api.store.runs.checkpoint(q.runId!, 'best')!.params).toEqual(local.api.store.runs.checkpoint(p.runId!, 'best')!.params)
    }
    await local.api.close()
    await cluster.api.close()
  }, 300_000)

  it('skips a foreign or corrupt task store with its reason, and resubmits a failed task alone', async () => {
    const { api, home, datasetId } = await notebook()
    const spec = { ...TINY, grid: { 'lr.weight': [0.002, 0.005, 0.01] }, seeds: [1] }
    // node-local scratch this time: each task trains in $TMPDIR and its store is copied back
    const s = await call<SweepDetail>(api, 'sweeps.start', { spec: { ...spec, datasetId }, on: 'slurm', slurm: { dir: join(home, 'shared'), scratch: true } })
    await until(api, s.id, finished, 180_000)
    const task = (k: number, f: string): string => join(s.slurm!.sweepDir, 'tasks', String(k), f)
    // task 0's store damaged, task 1's marker from another sweep, task 2 failed
    writeFileSync(task(0, 'axonal.sqlite'), Buffer.alloc(8192, 7))
    const marker = JSON.parse(readFileSync(task(1, 'task.json'), 'utf8')) as { uid: string }
    writeFileSync(task(1, 'task.json'), JSON.stringify({ ...marker, uid: 'feedfacefeedface' }))
    writeFileSync(task(2, 'task.json'), JSON.stringify({ ...marker, index: 2, runId: null, state: 'failed', error: 'out of memory' }))
    const r = await call<{ collected: number[]; skipped: { index: number; reason: string }[] }>(api, 'sweeps.collect', { id: s.id })
    expect(r.collected).toEqual([])
    expect(r.skipped.map((x) => x.index)).toEqual([0, 1, 2])
    expect(r.skipped[0]!.reason).toMatch(/task 0: its store .*axonal\.sqlite could not be read: .*not a database/)
    expect(r.skipped[1]!.reason).toMatch(/task 1: .* belongs to another sweep or task \(feedfacefeedface/)
    expect(r.skipped[2]!.reason).toMatch(/task 2: its run failed: out of memory/)
    expect(api.store.runs.list()).toEqual([])

    // resubmitting sends the failed task alone (its store holds the finished run: the task says so again), and it is collected
    const detail = await call<SweepDetail>(api, 'sweeps.get', { id: s.id })
    expect(detail.grid[2]!.state).toBe('failed')
    const resumed = await call<SweepDetail>(api, 'sweeps.resume', { id: s.id })
    expect(resumed.slurm!.jobIds).toHaveLength(2)
    await until(api, s.id, (x) => x.grid[2]!.slurmState === 'COMPLETED', 120_000)
    const r2 = await call<{ collected: number[] }>(api, 'sweeps.collect', { id: s.id })
    expect(r2.collected).toEqual([2])
    expect(api.store.runs.list()).toHaveLength(1)
    await api.close()
  }, 300_000)
})
