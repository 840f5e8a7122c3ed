import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'

test('a Yin-Yang run from the Train view shows live curves, compares, resumes and shows spikes', async ({ page, serve }) => {
  await page.goto(serve.url)
  // data first: a small Yin-Yang dataset of its own (the serve shell is shared with other spec files)
  await page.getByTestId('yy-seed').fill('77')
  await page.getByTestId('yy-train').fill('600')
  await page.getByTestId('yy-validation').fill('200')
  await page.getByTestId('yy-test').fill('200')
  await page.getByTestId('yy-generate').click()
  await expect(page.getByTestId('dataset-row').filter({ hasText: 'Yin-Yang seed 77' })).toHaveCount(1)

  await page.getByTestId('nav-train').click()
  await expect(page.getByTestId('preset-source')).toContainText('arXiv 2501.07331')
  await page.getByTestId('train-dataset').selectOption({ label: 'Yin-Yang seed 77' })
  await page.getByTestId('train-epochs').fill('12')
  await page.getByTestId('train-hidden').fill('30')
  // any setting, through the full editor
  await page.getByTestId('settings-editor').locator('summary').click()
  await page.getByTestId('setting-lr.delay').fill('0.2')
  await page.getByTestId('setting-network.hidden.0.tauM').fill('15')
  await page.getByTestId('train-start').click()

  // the curves grow while the run trains
  const trainCurve = page.getByTestId('accuracy-chart').locator('path[data-series="train"]')
  await expect(trainCurve).toHaveAttribute('data-points', /^[1-9]/)
  const first = Number(await trainCurve.getAttribute('data-points'))
  // it grows while the run trains (a fast machine may already have finished all 12 epochs)
  await expect.poll(async () => Number(await trainCurve.getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThanOrEqual(Math.min(first + 1, 12))
  const row = page.locator('[data-testid="run-row"]').first()
  await expect(page.getByTestId('run-detail')).toContainText('preset yinyang')
  await expect(page.getByTestId('run-settings-diff')).toContainText('lr.delay 0.2')
  await expect(page.getByTestId('run-settings-diff')).toContainText('network.hidden.0.tauM 15')
  await expect(page.getByTestId('run-settings-diff')).toContainText('epochs 12')
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
  await expect(row.getByTestId('run-test-accuracy')).toContainText('%')
  await expect(page.getByTestId('delay-histogram')).toBeVisible()
  // its colour scale, with counts
  await expect(page.getByTestId('delay-colour-scale')).toContainText('synapses')

  // spikes of one sample through every layer
  await page.getByTestId('show-raster').click()
  const raster = page.getByTestId('raster')
  await expect(raster).toContainText('predicted')
  await expect(page.getByTestId('raster-prediction')).toHaveText(/^(yin|yang|dot)$/)
  await expect(raster).toHaveAttribute('data-layers', 'input,hidden 1')

  // every plot saves as an image and its data as CSV
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('loss-chart').getByTestId('export-csv').click()])
  expect(csv.suggestedFilename()).toBe('loss.csv')
  const text = readFileSync((await csv.path())!, 'utf8')
  expect(text.split('\r\n')[0]).toBe('series,epoch,loss')
  expect(text).toMatch(/\r\ntrain,1,\d/)
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('accuracy-chart').getByTestId('export-svg').click()])
  expect(readFileSync((await svg.path())!, 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
  const [png] = await Promise.all([page.waitForEvent('download'), raster.getByTestId('export-png').click()])
  expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG')

  // a second run, cancelled, resumed, then compared with the first
  await page.getByTestId('train-epochs').fill('2000')
  await page.getByTestId('train-patience').fill('2000')
  await page.getByTestId('train-seed').fill('2')
  await page.getByTestId('train-start').click()
  const second = page.locator('[data-testid="run-row"]').first()
  await expect(second).toHaveAttribute('data-state', 'running')
  await expect(page.getByTestId('accuracy-chart').locator('path[data-series="train"]')).toHaveAttribute('data-points', /^[1-9]/, { timeout: 30_000 })
  // the Runs table counts epochs while the run trains (from the metrics, not only state changes)
  await expect.poll(async () => Number(await second.getByTestId('run-epochs').textContent()), { timeout: 30_000 }).toBeGreaterThanOrEqual(2)
  await second.getByTestId('run-cancel').click()
  await expect(second).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 })
  await second.getByTestId('run-resume').click()
  await expect(second).toHaveAttribute('data-state', /running|queued/)
  await second.getByTestId('run-cancel').click()
  await expect(second).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 })

  const firstRow = page.locator('[data-testid="run-row"]').nth(1)
  await firstRow.getByTestId('run-compare').check()
  await expect(page.getByTestId('accuracy-chart').locator('path[data-series^="#"]').first()).toBeVisible()
  await expect(page.getByTestId('accuracy-chart').getByTestId('chart-note')).toContainText('dashed: run')

  // deleting a run asks first and can be undone
  const runs = await page.getByTestId('run-row').count()
  await firstRow.getByTestId('run-delete').click()
  await firstRow.getByTestId('run-delete-confirm').click()
  await expect(page.getByTestId('run-row')).toHaveCount(runs - 1)
  await page.getByTestId('undo-delete').click()
  await expect(page.getByTestId('run-row')).toHaveCount(runs)

  // the job tray shows the resumed run once, with its jobs counted
  await expect(page.getByTestId('job-tray').getByTestId('job').filter({ hasText: 'Train run' }).filter({ hasText: '2 jobs (resumed)' })).toHaveCount(1)
  // and the Device view lists the newest runs first
  await page.getByTestId('nav-device').click()
  await page.getByTestId('device-runs').locator('tbody tr').nth(1).waitFor()
  const ids = await page.getByTestId('device-runs').locator('tbody tr td:first-child').allTextContents()
  const nums = ids.map((t) => Number(t.match(/#(\d+)/)![1]))
  expect(nums).toEqual([...nums].sort((a, b) => b - a))
})
