/**
 * The README's screenshots, one per view, taken from the real app on data made here (a serve
 * shell of its own, so no other test's data shows). Every `npm test` takes them (into
 * test-results/screenshots), so the script stays working; `npm run screenshots` writes them to
 * docs/screenshots/ for the README. Small: 1200×760 CSS pixels, JPEG.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Page, expect, test } from '@playwright/test'
import { AREAS } from '../renderer/lib/areas'
import { type ServeFixture, startServe } from './fixtures'
import { generateShdLike, startRun } from './steps'

const out = process.env.SCREENSHOTS ? 'docs/screenshots' : join('test-results', 'screenshots')
let serve: ServeFixture, stop: () => Promise<void>

test.beforeAll(async () => ({ serve, stop } = await startServe()))
test.afterAll(async () => await stop())

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(out, { recursive: true })
  await page.screenshot({ path: join(out, `${name}.jpg`), type: 'jpeg', quality: 70, fullPage: false })
}

test('a screenshot of each view', async ({ page }) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1200, height: 760 })
  await page.goto(serve.url)
  // data: Yin-Yang, and a small SHD-like set for the raster
  await page.getByTestId('yy-seed').fill('5')
  await page.getByTestId('yy-train').fill('1500')
  await page.getByTestId('yy-generate').click()
  await expect(page.getByTestId('dataset-row').filter({ hasText: 'Yin-Yang seed 5' })).toHaveCount(1, { timeout: 30_000 })
  await generateShdLike(page, { seed: 5, train: 60, test: 20 })
  await page.getByTestId('dataset-row').filter({ hasText: 'SHD-like' }).getByRole('button').first().click()
  await expect(page.getByTestId('spike-raster')).toHaveAttribute('data-spikes', /^[1-9]/)
  await page.getByTestId('spike-raster').scrollIntoViewIfNeeded()
  await shot(page, 'datasets')

  // a short run, its curves and the spikes of one sample
  await page.getByTestId('nav-train').click()
  await page.getByTestId('train-dataset').selectOption({ label: 'Yin-Yang seed 5' })
  await page.getByTestId('train-epochs').fill('8')
  await page.getByTestId('train-start').click()
  await expect(page.locator('[data-testid="run-row"]').first()).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
  await page.getByTestId('show-raster').click()
  await expect(page.getByTestId('raster')).toBeVisible()
  await page.getByTestId('run-detail').scrollIntoViewIfNeeded()
  await shot(page, 'train')

  // a small position-learning run for the Space view
  await page.getByTestId('train-preset').selectOption('shd-like-position-small')
  await page.getByTestId('train-dataset').selectOption({ label: 'SHD-like 20 classes seed 5' })
  await page.getByTestId('train-epochs').fill('3')
  await startRun(page, 'Position learning, small')
  await page.getByTestId('nav-space').click()
  await expect(page.getByTestId('space-canvas')).toHaveAttribute('data-neurons', '64', { timeout: 30_000 })
  await page.getByTestId('space-threshold').fill('0.9')
  await page.getByTestId('space-analysis').scrollIntoViewIfNeeded()
  await shot(page, 'space')

  // a small Dale + sparse run for the E/I view
  await page.getByTestId('nav-train').click()
  await page.getByTestId('train-preset').selectOption('shd-like-dale-sparse-small')
  await page.getByTestId('train-dataset').selectOption({ label: 'SHD-like 20 classes seed 5' })
  await page.getByTestId('train-epochs').fill('4')
  await startRun(page, 'E/I, small')
  await page.getByTestId('nav-ei').click()
  await expect(page.getByTestId('ei-fields').locator('canvas')).toHaveAttribute('data-neurons', '64', { timeout: 30_000 })
  await page.getByTestId('ei-analysis').scrollIntoViewIfNeeded()
  await shot(page, 'ei')

  // a small sweep: hidden size × weight rate, two seeds, and its figure
  await page.getByTestId('nav-sweeps').click()
  await page.getByTestId('sweep-dataset').selectOption({ label: 'Yin-Yang seed 5' })
  await page.getByTestId('sweep-name').fill('Yin-Yang: hidden size × weight rate')
  await page.getByTestId('sweep-grid').fill('network.hidden.0.size = 10, 20, 40\nlr.weight = 0.002, 0.005')
  await page.getByTestId('sweep-base').fill('epochs = 3')
  await page.getByTestId('sweep-seeds').fill('1, 2')
  await page.getByTestId('sweep-start').click()
  await expect(page.getByTestId('sweep-row').first()).toHaveAttribute('data-state', 'done', { timeout: 90_000 })
  await expect(page.getByTestId('sweep-figure').locator('path[data-points="3"]')).toHaveCount(2)
  await page.getByTestId('sweep-detail').scrollIntoViewIfNeeded()
  await shot(page, 'sweeps')

  // the Yin-Yang run on the emulated Loihi 2
  await page.getByTestId('nav-device').click()
  const yy = page.getByTestId('loihi-run').locator('option', { hasText: 'Yin-Yang' }).last()
  const yyId = (await yy.getAttribute('value'))!
  await page.getByTestId('loihi-run').selectOption(yyId)
  await page.getByTestId('loihi-quantise').click()
  await page.getByTestId('loihi-emulate').click()
  await expect(page.getByTestId('loihi-cost')).toBeVisible({ timeout: 60_000 })
  await page.getByTestId('loihi-panel').evaluate((e) => e.scrollIntoView({ block: 'start' }))
  await shot(page, 'device')

  // the Yin-Yang run's report, previewed
  await page.getByTestId('nav-reports').click()
  await page.getByTestId('report-run').selectOption(yyId)
  await page.getByTestId('report-preview').click()
  await expect(page.frameLocator('[data-testid="report-frame"]').locator('figure[data-figure="accuracy"] svg')).toHaveCount(1, { timeout: 60_000 })
  await page.getByTestId('report-frame').evaluate((e) => e.scrollIntoView({ block: 'start' }))
  await shot(page, 'reports')

  // the Yin-Yang run attacked
  await page.getByTestId('nav-robustness').click()
  await page.getByTestId('robust-run').selectOption(yyId)
  await page.getByTestId('robust-eps').fill('0, 0.02, 0.05, 0.1')
  await page.getByTestId('robust-limit').fill('150')
  await page.getByTestId('robust-run-attack').click()
  await expect(page.getByTestId('robust-examples').locator('figure')).toHaveCount(6, { timeout: 90_000 })
  await page.getByTestId('robust-report').evaluate((e) => e.scrollIntoView({ block: 'start' }))
  await shot(page, 'robustness')

  for (const area of AREAS.filter((a) => !['datasets', 'train', 'space', 'ei', 'sweeps', 'device', 'reports', 'robustness'].includes(a.id))) {
    await page.getByTestId(`nav-${area.id}`).click()
    await expect(page.getByTestId(`area-${area.id}`)).toBeVisible()
    await shot(page, area.id)
  }
})
