import { expect, test } from './fixtures'
import { generateYinYang } from './steps'

test('a small local sweep from the Sweeps view: plan, start, the grid and the figure fill in', async ({ page, serve }) => {
  test.setTimeout(120_000)
  await page.goto(serve.url)
  await generateYinYang(page, 71, 300)

  await page.getByTestId('nav-sweeps').click()
  await page.getByTestId('sweep-preset').selectOption('yinyang')
  await page.getByTestId('sweep-dataset').selectOption({ label: 'Yin-Yang seed 71' })
  await page.getByTestId('sweep-name').fill('hidden sizes')
  // a key that is not a setting is refused, named
  await page.getByTestId('sweep-grid').fill('network.hidden.0.sise = 8, 16')
  await page.getByTestId('sweep-plan').click()
  await expect(page.getByTestId('sweep-error')).toContainText('network.hidden.0.sise')

  await page.getByTestId('sweep-grid').fill('network.hidden.0.size = 8, 16')
  await page.getByTestId('sweep-base').fill('epochs = 2')
  await page.getByTestId('sweep-seeds').fill('1, 2')
  await page.getByTestId('sweep-concurrency').fill('2')
  await page.getByTestId('sweep-plan').click()
  await expect(page.getByTestId('sweep-plan-result')).toContainText('4 runs')
  await expect(page.getByTestId('sweep-plan-result')).toContainText('at 2 at once')

  await page.getByTestId('sweep-start').click()
  const row = page.getByTestId('sweep-row').filter({ hasText: 'hidden sizes' })
  await expect(row).toHaveCount(1)
  await row.click()
  await expect(page.getByTestId('sweep-point')).toHaveCount(4)
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 90_000 })
  await expect(page.getByTestId('sweep-point').and(page.locator('[data-state="done"]'))).toHaveCount(4)
  // the figure: test accuracy against hidden size, mean ± sd over the two seeds
  const line = page.getByTestId('sweep-figure').locator('path[data-series="all"]')
  await expect(line).toHaveAttribute('data-points', '2')
  await expect(page.getByTestId('sweep-figure').locator('[data-errorbar="all"]')).toHaveCount(2)

  // open a run of the grid in Train
  const first = page.getByTestId('sweep-open-run').first()
  const runId = (await first.textContent())!.replace(/\D+/g, '')
  await first.click()
  await expect(page.getByTestId('area-train')).toBeVisible()
  await expect(page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`)).toHaveClass(/selected/)
  await expect(page.getByTestId('run-detail')).toContainText('hidden sizes')
})
