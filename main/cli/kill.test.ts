import { spawn, spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { Store } from '../store/index'
import { CLI_FILE as CLI, tempHome } from '../testing/tmp'

describe('a process killed while generating a dataset', () => {
  it('leaves a readable store with no half-written dataset, and the job marked interrupted', async () => {
    const home = tempHome()
    const child = spawn(process.execPath, [CLI, '--home', home, 'datasets', 'generate', 'yinyang', '--train', '1500000', '--validation', '0', '--test', '0'])
    let seen = 0
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        for (const m of chunk.toString().matchAll(/writing samples (\d+)\//g)) seen = Math.max(seen, Number(m[1]))
        // well inside the one transaction that writes the samples
        if (seen >= 200_000 && child.exitCode === null) child.kill('SIGKILL')
      })
      child.on('exit', () => resolve())
      child.on('error', reject)
    })
    expect(child.signalCode).toBe('SIGKILL')
    expect(seen).toBeGreaterThanOrEqual(200_000)

    const store = Store.openHome(home)
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(store.datasets.list()).toEqual([])
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM samples').get() as { n: number }).n).toBe(0)
    expect(store.jobs.recoverOrphans()).toBe(1)
    const [job] = store.jobs.list()
    expect(job!.state).toBe('failed')
    expect(job!.error).toMatch(/interrupted/)
    store.close()

    // the store keeps working afterwards
    const again = spawnSync(process.execPath, [CLI, '--home', home, 'datasets', 'generate', 'yinyang', '--train', '100', '--validation', '10', '--test', '10'], { encoding: 'utf8' })
    expect(again.status).toBe(0)
    expect(again.stdout).toMatch(/train 100, validation 10, test 10/)
  }, 60_000)
})
