import { spawn, spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { Store } from '../store/index'
import { CLI_FILE as CLI, tempHome } from '../testing/tmp'

const cli = (home: string, ...args: string[]) => spawnSync(process.execPath, [CLI, '--home', home, ...args], { encoding: 'utf8' })

describe('a training run killed mid-run', () => {
  it('resumes after its last committed epoch and finishes with every epoch recorded once', async () => {
    const home = tempHome()
    expect(cli(home, 'datasets', 'generate', 'yinyang', '--train', '400', '--validation', '100', '--test', '100').status).toBe(0)
    const sets = ['--set', 'epochs=8', '--set', 'network.hidden.0.size=20', '--set', 'earlyStop.patience=100', '--set', 'batchSize=8']
    const child = spawn(process.execPath, [CLI, '--home', home, 'train', '--preset', 'yinyang', ...sets])
    await new Promise<void>((resolve) => {
      let out = ''
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString()
        if (/epoch 3\tvalidation/.test(out) && child.exitCode === null) child.kill('SIGKILL')
      })
      child.on('exit', () => resolve())
    })
    expect(child.signalCode).toBe('SIGKILL')

    const before = Store.openHome(home)
    const killed = before.runs.get(1)
    expect(killed.state).toBe('running')
    const committed = killed.epochsDone
    expect(committed).toBeGreaterThanOrEqual(3)
    expect(committed).toBeLessThan(8)
    before.close()

    const resumed = cli(home, 'train', '--resume', '1')
    expect(resumed.status).toBe(0)
    expect(resumed.stdout).toMatch(/test accuracy \d+\.\d+%/)
    const after = Store.openHome(home)
    const run = after.runs.detail(1)
    expect(run.state).toBe('done')
    expect(run.epochsDone).toBe(8)
    // whole epochs once each (points within an epoch sit at fractional epochs)
    const trainEpochs = run.metrics.filter((m) => m.split === 'train' && Number.isInteger(m.epoch)).map((m) => m.epoch)
    expect(trainEpochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(run.metrics.filter((m) => m.split === 'validation').length).toBe(8)
    const log = after.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'train'`).get() as { n: number }
    expect(log.n).toBe(2)
    after.close()
  }, 120_000)
})
