import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'
import { preset, withOverrides } from '../train/presets'
import { Store } from '../store/index'
import { CLI_FILE as CLI, tempHome } from '../testing/tmp'

it('runs show prints the settings and what changed, the test result last, and one epoch convention', () => {
  const home = tempHome()
  const store = Store.openHome(home)
  const p = preset('yinyang')
  const settings = withOverrides(p.settings, { 'lr.weight': 0.003 })
  const run = store.runs.create({ name: 'r', preset: p.id, datasetId: null, settings, seed: 1, codeVersion: 'test', backend: 'cpu' })
  const params = new Float64Array(4)
  const ckpt = (epoch: number) => ({ epoch, params, adam: { step: 1, m: params, v: params }, state: { rng: [1, 2, 3, 4], bestAccuracy: 0.5, sinceBest: 0 } })
  for (let e = 0; e < 4; e++) store.runs.saveEpoch(run.id, e, [{ split: 'train', loss: 1 / (e + 1), accuracy: 0.2 * e }], ckpt(e), e === 2)
  store.runs.saveMetric(run.id, 3, { split: 'test', loss: 0.4, accuracy: 0.61 })
  store.runs.setState(run.id, 'done', { result: { bestEpoch: 3, testAccuracy: 0.61, seconds: 1, stoppedEarly: false } })
  store.close()

  const out = spawnSync(process.execPath, [CLI, '--home', home, 'runs', 'show', String(run.id)], { encoding: 'utf8' }).stdout.trim().split('\n')
  expect(out).toContain('changed from the preset: lr.weight=0.003')
  expect(out).toContain('settings:')
  expect(out).toContain('  lr.weight\t0.003')
  expect(out.at(-1)).toBe('test (best epoch 3): loss 0.4000, accuracy 61.00%')
  const json = JSON.parse(spawnSync(process.execPath, [CLI, '--home', home, 'runs', 'show', String(run.id), '--json'], { encoding: 'utf8' }).stdout) as { bestEpoch: number; result: { bestEpoch: number } }
  expect(json.bestEpoch).toBe(json.result.bestEpoch)
})
