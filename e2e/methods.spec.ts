import { expect, test } from './fixtures'
import { generateShdLike } from './steps'

test('EventProp against DCLS from the Train view: both runs train, and their time and memory overlay', async ({ page, serve }) => {
  test.setTimeout(240_000)
  await page.goto(serve.url)
  const data = await generateShdLike(page, { seed: 81, train: 24, test: 8, spikes: 1500 })
  await page.getByTestId('nav-train').click()
  await page.getByTestId('train-preset').selectOption('shd-dcls')
  await page.getByTestId('train-dataset').selectOption({ label: data })
  await page.getByTestId('methods-compare').locator('summary').click()
  await page.getByTestId('methods-epochs').fill('1')
  await page.getByTestId('methods-start').click()
  await expect(page.getByTestId('methods-job')).toContainText(/EventProp run (\d+), then DCLS run (\d+)/)
  const [, ep, dc] = (await page.getByTestId('methods-job').textContent())!.match(/EventProp run (\d+), then DCLS run (\d+)/)!
  for (const id of [ep!, dc!]) await expect(page.locator(`[data-testid="run-row"][data-run-id="${id}"]`)).toHaveAttribute('data-state', 'done', { timeout: 200_000 })
  // the EventProp run is shown, the DCLS run overlaid (dashed)
  await expect(page.getByTestId('seconds-chart').locator('path[data-series="EventProp"]')).toHaveAttribute('data-points', '1')
  await expect(page.getByTestId('seconds-chart').locator(`path[data-series="#${dc} DCLS"]`)).toHaveAttribute('data-points', '1')
  await expect(page.getByTestId('kept-chart').locator(`path[data-series="#${dc} DCLS"]`)).toHaveCount(1)
  await expect(page.getByTestId('accuracy-chart').locator(`path[data-series="#${dc} train"]`)).toHaveCount(1)
})
