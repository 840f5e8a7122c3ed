import { expect, test } from './fixtures'
import { generateShdLike, startRun } from './steps'

test('a small Dale + sparse run in the E/I view: receptive-field grid, epochs scrubbed, pruning, rewiring', async ({ page, serve }) => {
  test.setTimeout(150_000)
  await page.goto(serve.url)
  const data = await generateShdLike(page, { seed: 71, train: 60, test: 20 })

  await page.getByTestId('nav-train').click()
  await page.getByTestId('train-preset').selectOption('shd-like-dale-sparse-small')
  await page.getByTestId('train-dataset').selectOption({ label: data })
  await page.getByTestId('train-epochs').fill('3')
  // Dale and the density are settings of the form like any other
  await page.getByTestId('settings-editor').locator('summary').click()
  await expect(page.getByTestId('setting-network.hidden.0.inputConn.dale')).toBeChecked()
  await expect(page.getByTestId('setting-network.hidden.0.inputConn.density')).toHaveValue('0.1')
  const id = await startRun(page, 'E/I, small')

  await page.getByTestId('nav-ei').click()
  await page.getByTestId('ei-run').selectOption(id)
  const grid = page.getByTestId('ei-fields').locator('canvas')
  await expect(grid).toHaveAttribute('data-neurons', '64', { timeout: 30_000 })
  await expect(page.getByTestId('ei-dale')).toContainText('on')
  await expect(page.getByTestId('ei-synapses')).toContainText('10.0 %')
  await expect(page.getByTestId('ei-grouping')).toContainText(/\d\.\d{3}/)
  await expect(page.getByTestId('ei-rewiring').locator('path[data-series="removed"]')).toHaveAttribute('data-points', '3')

  // scrub from the last epoch to the first: another picture of the fields
  await page.getByTestId('ei-epoch').fill('2')
  await page.getByTestId('ei-epoch').dispatchEvent('change')
  await expect(page.getByTestId('ei-epoch-label')).toHaveText('epoch 3 of 3')
  await expect(page.getByTestId('ei-analysis')).toContainText('Epoch 3:')
  const last = await grid.evaluate((c) => (c as HTMLCanvasElement).toDataURL())
  await page.getByTestId('ei-epoch').fill('0')
  await page.getByTestId('ei-epoch').dispatchEvent('change')
  await expect(page.getByTestId('ei-epoch-label')).toHaveText('epoch 1 of 3')
  await expect(page.getByTestId('ei-analysis')).toContainText('Epoch 1:')
  await expect.poll(() => grid.evaluate((c) => (c as HTMLCanvasElement).toDataURL())).not.toBe(last)

  // pruned to 20 %: a second grid and how well the maps survive
  await page.getByTestId('ei-keep').fill('20')
  await page.getByTestId('ei-keep').dispatchEvent('change')
  await expect(page.getByTestId('ei-fields-pruned').locator('canvas')).toHaveAttribute('data-neurons', '64')
  await expect(page.getByTestId('ei-survival')).toContainText('r =')

  // one neuron's field, picked from the grid
  await grid.click({ position: { x: 5, y: 5 } })
  await expect(page.getByTestId('ei-picked')).toContainText(/neuron \d+/)
})
