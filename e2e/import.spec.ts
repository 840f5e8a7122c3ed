import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeShdFixture, writeZip } from '../main/import/fixtures'
import { expect, test } from './fixtures'

test('an SHD file is imported by path, shown as a raster and a class histogram, and augmented', async ({ page, serve }) => {
  const dir = mkdtempSync(join(tmpdir(), 'axonal-e2e-shd-'))
  writeShdFixture(join(dir, 'shd_train.h5'), { samples: 60, spikes: 300, seed: 21, sidecar: false })
  writeShdFixture(join(dir, 'shd_test.h5'), { samples: 20, spikes: 300, seed: 22, sidecar: false })
  await page.goto(serve.url)
  await page.getByTestId('import-paths').fill(`${join(dir, 'shd_train.h5')}\n${join(dir, 'shd_test.h5')}`)
  await page.getByTestId('import-name').fill('SHD fixture')
  await page.getByTestId('import-start').click()

  const row = page.getByTestId('dataset-row').filter({ hasText: 'SHD fixture' })
  await expect(row).toHaveCount(1, { timeout: 30_000 })
  await expect(row).toContainText('train 60')
  await expect(row).toContainText('shd_train.h5, shd_test.h5')
  await row.getByRole('button', { name: 'SHD fixture' }).click()

  // class histogram: 20 bars that add up to the split
  const bars = page.getByTestId('class-histogram').locator('rect.bar')
  await expect(bars).toHaveCount(20)
  const counts = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))))
  expect(counts.reduce((a, b) => a + b, 0)).toBe(60)
  await expect(page.getByTestId('rate-plot').locator('path')).toHaveAttribute('data-channels', '700')
  // channels are whole numbers: no fractional ticks
  const ticks = await page.getByTestId('rate-plot').locator('[data-tick]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-tick'))))
  expect(ticks.length).toBeGreaterThan(3)
  expect(ticks.every((t) => Number.isInteger(t))).toBe(true)

  // the raster: all spikes of the sample; the wheel zooms into time
  const raster = page.getByTestId('spike-raster')
  await expect(raster).toHaveAttribute('data-spikes', /^[1-9]\d*$/)
  const before = await raster.getAttribute('data-view')
  await raster.hover()
  await page.mouse.wheel(0, -300)
  await expect.poll(() => raster.getAttribute('data-view')).not.toBe(before)
  await expect(page.getByTestId('sample-label')).toContainText('speaker')
  // the file's /extra/meta_info, per speaker
  await expect(page.getByTestId('sample-label')).toContainText('gender')
  await expect(page.getByTestId('speaker-meta').locator('tbody tr')).toHaveCount(12)
  await expect(page.getByTestId('speaker-meta')).toContainText('body height')

  // augmentation preview: a channel shift drawn over the original
  await page.getByTestId('augment-kind').selectOption('shift')
  await page.getByTestId('augment-preview').click()
  await expect(page.getByTestId('augment-summary')).toContainText('shift:')
  await expect(raster).toHaveAttribute('data-overlay-spikes', /^[1-9]\d*$/)
  await page.getByTestId('augment-kind').selectOption('blend')
  await page.getByTestId('augment-preview').click()
  await expect(page.getByTestId('augment-summary')).toContainText('blended with sample')

  // the same file as an .h5.zip archive (zipped by Python's zipfile): the same content, found
  writeZip(join(dir, 'shd_train.h5.zip'), [[join(dir, 'shd_train.h5'), 'shd_train.h5']])
  await page.getByTestId('import-paths').fill(join(dir, 'shd_train.h5.zip'))
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-status')).toContainText('already imported', { timeout: 30_000 })
  await page.getByTestId('import-paths').fill(`${join(dir, 'shd_train.h5')}\n${join(dir, 'shd_test.h5')}`)

  // the same files again: found, not imported twice
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('job').first()).toContainText('already imported', { timeout: 30_000 })
  await expect(page.getByTestId('dataset-row').filter({ hasText: 'SHD fixture' })).toHaveCount(1)
})

test('files uploaded from the browser are imported, and a bad file fails with its name', async ({ page, serve }) => {
  const dir = mkdtempSync(join(tmpdir(), 'axonal-e2e-up-'))
  writeShdFixture(join(dir, 'ssc_train.h5'), { samples: 30, classes: 35, spikes: 100, seed: 31, sidecar: false })
  writeShdFixture(join(dir, 'shd_train.h5'), { samples: 10, seed: 32, sidecar: false, variant: 'label-out-of-range' })
  await page.goto(serve.url)
  await page.getByTestId('import-upload').setInputFiles(join(dir, 'ssc_train.h5'))
  const row = page.getByTestId('dataset-row').filter({ hasText: 'SSC (train)' })
  await expect(row).toHaveCount(1, { timeout: 30_000 })
  await expect(row).toContainText('35')

  await page.getByTestId('import-upload').setInputFiles(join(dir, 'shd_train.h5'))
  const failed = page.getByTestId('job').filter({ hasText: 'shd_train.h5' }).first()
  await expect(failed).toHaveAttribute('data-state', 'failed', { timeout: 30_000 })
  await expect(failed).toContainText('shd_train.h5: sample 5 has label 23, outside 0…19')
  // the reason shows where the import was started, too
  const status = page.getByTestId('import-status')
  await expect(status).toHaveAttribute('data-state', 'failed')
  await expect(status).toContainText('sample 5 has label 23')

  // a second failure replaces the first one's message there
  writeFileSync(join(dir, 'text_train.h5'), 'not hdf5 at all')
  await page.getByTestId('import-paths').fill(join(dir, 'text_train.h5'))
  await page.getByTestId('import-start').click()
  await expect(status).toContainText('text_train.h5: not a readable HDF5 file (file signature not found)', { timeout: 30_000 })
  await expect(status).not.toContainText('label 23')
})
