import { expect, test } from './fixtures'
import { generateShdLike } from './steps'

test('a run whose hidden layer stays silent stops at the pre-flight check and says why', async ({ page, serve }) => {
  await page.goto(serve.url)
  // sparse SHD-like data: 300 spikes per sample over 700 channels
  const data = await generateShdLike(page, { seed: 91, train: 40, test: 10, spikes: 300 })

  await page.getByTestId('nav-train').click()
  await page.getByTestId('train-preset').selectOption('shd-feedforward-no-delays')
  await page.getByTestId('train-dataset').selectOption({ label: data })
  await page.getByTestId('train-hidden').fill('32')
  await page.getByTestId('train-epochs').fill('1')
  // the papers' fixed initialisation instead of the data-driven default
  await page.getByTestId('settings-editor').locator('summary').click()
  await page.getByTestId('setting-init.mode').selectOption('fixed')
  await page.getByTestId('train-start').click()

  const row = page.locator('[data-testid="run-row"]').first()
  await expect(row).toHaveAttribute('data-state', 'failed', { timeout: 60_000 })
  await expect(page.getByTestId('run-error')).toContainText('pre-flight check: hidden 1 is silent')
  await expect(page.getByTestId('run-error')).toContainText('init.mode = data')
  await expect(page.getByTestId('run-preflight')).toContainText('100 %')
  await expect(page.getByTestId('preflight-problem')).toHaveCount(1)

  // the same run with preflight = rescale: input weights doubled until the layer fires, then it trains
  await page.getByTestId('setting-preflight').selectOption('rescale')
  await page.getByTestId('train-start').click()
  const second = page.locator('[data-testid="run-row"]').first()
  await expect(second).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
  await expect(page.getByTestId('preflight-rescaled')).toContainText('input weights of hidden 1 ×')
  await expect(page.getByTestId('preflight-problem')).toHaveCount(0)
})
