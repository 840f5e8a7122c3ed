import { expect, test } from './fixtures'

test('a run whose hidden layer stays silent stops at the pre-flight check and says why', async ({ page, serve }) => {
  await page.goto(serve.url)
  // sparse SHD-like data: 300 spikes per sample over 700 channels
  await page.getByTestId('yy-seed').fill('91')
  await page.getByTestId('shdlike-train').fill('40')
  await page.getByTestId('shdlike-test').fill('10')
  await page.getByTestId('shdlike-spikes').fill('300')
  await page.getByTestId('shdlike-generate').click()
  await expect(page.getByTestId('dataset-row').filter({ hasText: 'SHD-like 20 classes seed 91' })).toHaveCount(1, { timeout: 30_000 })

  await page.getByTestId('nav-train').click()
  await page.getByTestId('train-preset').selectOption('shd-feedforward-no-delays')
  await page.getByTestId('train-dataset').selectOption({ label: 'SHD-like 20 classes seed 91' })
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
