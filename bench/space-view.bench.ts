/**
 * The Space view's drawing time in Chromium while panning a 1024-neuron layer with about 100 k
 * synapses drawn (the top 10 % of 1024² by |w|). The run is written straight into a store (a dense
 * random recurrent layer at positions in U(−1, 1)²: no training needed to time drawing), then the
 * serve shell and Debian's Chromium show it; each pan step's frame time is read from the canvas.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { it } from 'vitest'
import { preset, withOverrides } from '../main/train/presets'
import { compile } from '../main/snn/model'
import { initParams } from '../main/snn/init'
import { Store } from '../main/store/index'
import { figure } from './report'

it('Space view frame time while panning 100 k synapses', { timeout: 900_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'axonal-bench-space-'))
  let proc: ChildProcess | undefined
  try {
    const store = Store.openHome(home)
    const settings = withOverrides(preset('shd-like-position-small').settings, { 'network.hidden.0.size': 1024, 'network.steps': 10 })
    const plan = compile(settings.network)
    const params = initParams(plan, { ...settings.init, weight: { ...settings.init.weight, recurrent: { mean: 0, sd: 0.1 } } }, 1)
    const run = store.runs.create({ name: 'drawing bench', preset: 'shd-like-position-small', datasetId: null, settings, seed: 1, codeVersion: 'bench', backend: 'cpu' })
    store.runs.saveEpoch(run.id, 0, [{ split: 'train', loss: 1, accuracy: 0 }], { epoch: 0, params, adam: { step: 0, m: params, v: params }, state: { rng: [1, 2, 3, 4], bestAccuracy: 0, sinceBest: 0 } }, true)
    store.runs.setState(run.id, 'done')
    store.close()

    proc = spawn(process.execPath, [resolve('out/main/serve.js'), '--port', '0', '--home', home, '--no-default'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const url = await new Promise<string>((res, rej) => {
      let out = ''
      proc!.stdout!.on('data', (c: Buffer) => {
        out += c.toString()
        const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)
        if (m) res(m[1]!)
      })
      proc!.on('exit', (code) => rej(new Error(`serve exited ${code}: ${out}`)))
    })
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    await page.goto(`${url}#/space`)
    await page.getByTestId('space-nulls').fill('0')
    await page.getByTestId('space-nulls').dispatchEvent('change')
    const canvas = page.getByTestId('space-canvas')
    await canvas.waitFor({ timeout: 600_000 })
    await page.getByTestId('space-threshold').fill('0.9')
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="space-canvas"]')?.getAttribute('data-edges')) > 90_000, undefined, { timeout: 60_000 })
    const edges = Number(await canvas.getAttribute('data-edges'))
    // pan in the page: each step one pointer move, then wait until a frame has been painted
    // (two animation frames), so the time includes rasterising the strokes, not only issuing them
    const frames = await page.evaluate(async () => {
      const c = document.querySelector('[data-testid="space-canvas"]') as HTMLCanvasElement
      const r = c.getBoundingClientRect()
      const at = (dx: number) => ({ clientX: r.left + r.width / 2 + dx, clientY: r.top + r.height / 2 + dx / 2, pointerId: 1, bubbles: true })
      const painted = () => new Promise<void>((res) => requestAnimationFrame(() => requestAnimationFrame(() => res())))
      c.dispatchEvent(new PointerEvent('pointerdown', at(0)))
      await painted()
      const out: number[] = []
      for (let k = 1; k <= 30; k++) {
        const t0 = performance.now()
        c.dispatchEvent(new PointerEvent('pointermove', at(4 * k)))
        await painted()
        out.push(performance.now() - t0)
      }
      c.dispatchEvent(new PointerEvent('pointerup', at(120)))
      return out
    })
    await browser.close()
    frames.sort((a, b) => a - b)
    figure('synapses drawn', edges, 'synapses')
    figure('frame while panning, median', frames[frames.length >> 1]!, 'ms')
    figure('frame while panning, worst', frames.at(-1)!, 'ms')
  } finally {
    proc?.kill('SIGTERM')
    rmSync(home, { recursive: true, force: true })
  }
})
