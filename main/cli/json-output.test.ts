import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { preset } from '../train/presets'
import { Store } from '../store/index'
import { CLI_FILE as CLI, tempHome } from '../testing/tmp'

describe('--json output through a pipe', () => {
  it('arrives whole when it is larger than the pipe buffer', () => {
    const home = tempHome()
    const store = Store.openHome(home)
    const p = preset('yinyang')
    const run = store.runs.create({ name: 'long run', preset: p.id, datasetId: null, settings: p.settings, seed: 1, codeVersion: 'test', backend: 'cpu' })
    // ~2000 points ≈ 200 KB of JSON, three times a 64 KiB pipe buffer
    for (let e = 1; e <= 1000; e++) {
      store.runs.saveMetric(run.id, e, { split: 'train', loss: 1 / e, accuracy: e / 1000 })
      store.runs.saveMetric(run.id, e, { split: 'validation', loss: 1 / e, accuracy: e / 1000 })
    }
    store.close()
    const r = spawnSync(process.execPath, [CLI, '--home', home, 'runs', 'show', String(run.id), '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 })
    expect(r.status).toBe(0)
    expect(r.stdout.length).toBeGreaterThan(3 * 65536)
    const shown = JSON.parse(r.stdout) as { metrics: unknown[] }
    expect(shown.metrics).toHaveLength(2000)
  }, 60_000)
})
