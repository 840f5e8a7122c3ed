import { expect, test } from './fixtures'
import { trainYinYang } from './steps'

test('a trained run on the emulated Loihi 2: quantise, map, emulate, cost, export and import NIR', async ({ page, serve }) => {
  test.setTimeout(120_000)
  await page.goto(serve.url)
  const id = await trainYinYang(page, 81, 600, 6)

  await page.getByTestId('nav-device').click()
  await page.getByTestId('loihi-run').selectOption(id)
  await page.getByTestId('loihi-quantise').click()
  await expect(page.getByTestId('loihi-layers')).toContainText('hidden 1')
  await expect(page.getByTestId('loihi-board').locator('rect[data-core]')).toHaveCount(2)

  await page.getByTestId('loihi-limit').fill('300')
  await page.getByTestId('loihi-emulate').click()
  await expect(page.getByTestId('loihi-emulated-accuracy')).toHaveText(/^\d+\.\d\d%$/, { timeout: 60_000 })
  await expect(page.getByTestId('loihi-accuracy')).toContainText('yin')
  await expect(page.getByTestId('loihi-spikes')).toContainText('hidden 1')
  await expect(page.getByTestId('loihi-cost')).toContainText('Jetson Orin Nano')

  const download = page.waitForEvent('download')
  await page.getByTestId('loihi-export-nir').click()
  const file = await download
  expect(file.suggestedFilename()).toBe(`run-${id}.nir`)
  await expect(page.getByTestId('loihi-exported')).toContainText('CubaLIF')
  const path = await file.path()

  // the exported graph comes back as a run of its own
  await page.getByTestId('loihi-import').setInputFiles(path)
  await expect(page.getByTestId('loihi-import-note')).toContainText(/Imported as run \d+: Imported from/)
})
