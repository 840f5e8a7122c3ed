/**
 * Local sweeps end to end: the built job worker trains the runs (two at once), a killed runner is
 * finished by `sweep resume` with every grid point recorded once, and bad specs store nothing.
 */
import { spawn, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SweepDetail } from '../../preload/api'
import { Store } from '../store/index'
import { CLI_FILE } from '../testing/tmp'
import { TINY, notebook, until } from './testing'

describe('a local sweep', () => {
  it('trains every grid point once, two at a time, and stores them with the sweep', async () => {
    const { api, datasetId } = await notebook()
    let most = 0
    const stop = api.bus.subscribe((name) => {
      if (name === 'job.update') most = Math.max(most, api.jobs.unfinished('sweep-1').filter((id) => api.store.jobs.get(id).state === 'running').length)
    })
    const started = await api.call('sweeps.start', { spec: { ...TINY, datasetId }, concurrency: 2 }, { shell: 'cli' }) as SweepDetail
    expect(started.points).toBe(8)
    const s = await until(api, started.id, (x) => x.state === 'done')
    stop()
    expect(s.counts).toEqual({ done: 8 })
    expect(most).toBe(2)
    expect(new Set(s.grid.map((p) => p.runId)).size).toBe(8)
    for (const p of s.grid) {
      const run = api.store.runs.get(p.runId!)
      expect(run.sweepId).toBe(started.id)
      expect(run.sweepPoint).toBe(p.index)
      expect(run.name).toBe(`tiny · ${p.label}`)
      const settings = api.store.runs.settings(run.id) as { seed: number; threads: number; lr: { weight: number }; network: { hidden: { tauM: number }[] } }
      expect([settings.seed, settings.lr.weight, settings.network.hidden[0]!.tauM, settings.threads]).toEqual([p.values.seed, p.values['lr.weight'], p.values['network.hidden.0.tauM'], 1])
      expect(p.testAccuracy).toBeGreaterThan(0)
    }
    // its report: a figure per swept setting and every run
    const job = await api.call('reports.render', { kind: 'sweep', ids: [started.id], format: 'json' }, { shell: 'cli' }) as { id: number }
    await api.jobs.idle()
    const r = api.store.jobs.get(job.id).result as { sections: string[]; figures: string[] }
    expect(r.sections).toEqual(['by-lr.weight', 'by-network.hidden.0.tauM', 'grid'])
    expect(r.figures).toEqual(['sweep-lr.weight', 'sweep-network.hidden.0.tauM'])
    await api.close()
  }, 180_000)

  it('killed mid-sweep, is finished by sweep resume with every run recorded once', async () => {
    const { api, home, datasetId } = await notebook()
    await api.close()
    const spec = join(home, 'spec.json')
    writeFileSync(spec, JSON.stringify({ ...TINY, base: { epochs: 8, 'network.hidden.0.size': 40 }, datasetId }))
    const child = spawn(process.execPath, [CLI_FILE, '--home', home, 'sweep', 'run', spec, '--concurrency', '2'])
    let out = ''
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        // some runs done, others running or queued: kill the runner outright
        const m = /(\d+) done/.exec(out.split('\n').filter((l) => l.startsWith('[sweep')).at(-1) ?? '')
        if (m && Number(m[1]) >= 2 && child.exitCode === null) child.kill('SIGKILL')
      })
      child.on('exit', () => resolve())
      child.on('error', reject)
    })
    expect(child.signalCode).toBe('SIGKILL')
    const before = Store.openHome(home)
    const states = before.runs.ofSweep(1).map((r) => r.state)
    before.close()
    expect(states.filter((s) => s === 'done').length).toBeGreaterThanOrEqual(2)
    expect(states.filter((s) => s === 'done').length).toBeLessThan(8)

    const again = spawnSync(process.execPath, [CLI_FILE, '--home', home, 'sweep', 'resume', '1'], { encoding: 'utf8' })
    expect(again.stderr).toBe('')
    expect(again.status).toBe(0)
    const store = Store.openHome(home)
    const runs = store.runs.ofSweep(1)
    expect(runs.map((r) => r.sweepPoint)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(runs.every((r) => r.state === 'done')).toBe(true)
    expect(store.runs.list().length).toBe(8)
    // one metric row per epoch and split: nothing trained twice into the record
    for (const r of runs) {
      const d = store.runs.detail(r.id)
      const train = d.metrics.filter((m) => m.split === 'train' && Number.isInteger(m.epoch)).map((m) => m.epoch)
      expect(train).toEqual([1, 2, 3, 4, 5, 6, 7, 8].slice(0, r.epochsDone))
    }
    expect(store.sweeps.get(1).state).toBe('done')
    store.close()
  }, 240_000)

  it('refuses a bad spec or an unreachable Slurm, naming the problem, and stores nothing', async () => {
    const { api, datasetId } = await notebook()
    const call = (spec: object, extra: object = {}) => api.call('sweeps.start', { spec: { datasetId, ...spec }, ...extra }, { shell: 'cli' })
    await expect(call({ preset: 'yinyang', grid: { 'lr.wieght': [1, 2] } })).rejects.toThrow(/lr\.wieght: no such setting/)
    await expect(call({ preset: 'yinyang', grid: {} })).rejects.toThrow(/the grid is empty/)
    await expect(call({ preset: 'shd-recurrent-delays', grid: { epochs: [1, 2] } })).rejects.toThrow(/trains on shd or shd-like data, but dataset \d+ is yinyang/)
    const path = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      await expect(call(TINY, { on: 'slurm', slurm: { dir: join(api.home, 'cluster') } })).rejects.toThrow(/sbatch not found/)
    } finally {
      process.env.PATH = path
    }
    expect(api.store.sweeps.list()).toEqual([])
    expect(api.store.runs.list()).toEqual([])
    await api.close()
  }, 60_000)
})
