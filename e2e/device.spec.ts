import { expect, test } from './fixtures'

test('the Device view shows the WebGPU adapter, and a run trained on it from the Train view', async ({ page, serve }) => {
  await page.goto(serve.url)
  // a tiny dataset of its own: the WebGPU adapter in CI is SwiftShader, which is slow
  await page.getByTestId('yy-seed').fill('91')
  await page.getByTestId('yy-train').fill('64')
  await page.getByTestId('yy-validation').fill('32')
  await page.getByTestId('yy-test').fill('32')
  await page.getByTestId('yy-generate').click()
  await expect(page.getByTestId('dataset-row').filter({ hasText: 'Yin-Yang seed 91' })).toHaveCount(1)

  await page.getByTestId('nav-device').click()
  const adapter = page.getByTestId('device-adapter')
  await expect(adapter).not.toBeEmpty()
  await expect(adapter).not.toContainText('none:')
  await expect(page.getByTestId('device-limits')).toContainText('maxStorageBufferBindingSize')
  await expect(page.getByTestId('device-auto')).toContainText(/trains on the (CPU|GPU)/)
  await expect(page.getByTestId('device-cpu')).toContainText('threads')

  await page.getByTestId('nav-train').click()
  await page.getByTestId('train-dataset').selectOption({ label: 'Yin-Yang seed 91' })
  await page.getByTestId('train-epochs').fill('2')
  await page.getByTestId('train-hidden').fill('8')
  await page.getByTestId('train-backend').selectOption('gpu')
  await page.getByTestId('train-start').click()
  const row = page.locator('[data-testid="run-row"]').first()
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
  await expect(page.getByTestId('run-detail')).toContainText('backend webgpu')
  await expect(page.getByTestId('run-settings-diff')).toContainText('backend gpu')
  await expect(page.getByTestId('accuracy-chart').locator('path[data-series="train"]')).toHaveAttribute('data-points', /^[1-9]/)

  await page.getByTestId('nav-device').click()
  await expect(page.getByTestId('device-runs')).toContainText('webgpu')
})
