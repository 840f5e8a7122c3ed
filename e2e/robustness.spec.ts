import { expect, test } from './fixtures'
import { trainYinYang } from './steps'

test('a small attack sweep from the Robustness view: curves for the run and its baselines, and attacked examples', async ({ page, serve }) => {
  test.setTimeout(120_000)
  await page.goto(serve.url)
  const id = await trainYinYang(page, 101, 500, 6)
  await page.getByTestId('nav-robustness').click()
  await page.getByTestId('robust-run').selectOption(id)
  // a bad ε is refused before anything runs
  await page.getByTestId('robust-eps').fill('0, -0.1')
  await page.getByTestId('robust-run-attack').click()
  await expect(page.getByTestId('robust-error')).toContainText('not a list of numbers of 0 or more')

  await page.getByTestId('robust-eps').fill('0, 0.05, 0.1')
  await page.getByTestId('robust-limit').fill('60')
  await page.getByTestId('robust-run-attack').click()
  const curves = page.getByTestId('robust-curves')
  await expect(curves.locator(`path[data-series="run ${id}"]`)).toHaveAttribute('data-points', '3', { timeout: 60_000 })
  await expect(curves.locator('path[data-series="MLP (undefended)"]')).toHaveAttribute('data-points', '3')
  await expect(page.getByTestId('robust-examples').locator('figure')).toHaveCount(6)
  await expect(page.getByTestId('robust-examples').locator('svg circle').first()).toBeVisible()
  // the sweep as a report
  const download = page.waitForEvent('download')
  await page.getByTestId('robust-report-html').click()
  expect((await download).suggestedFilename()).toMatch(/^attack-\d+\.html$/)
})
