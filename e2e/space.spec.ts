import { expect, test } from './fixtures'
import { generateShdLike, startRun } from './steps'

test('a small position-learning run in the Space view: positions, epochs, measures and a pruning curve', async ({ page, serve }) => {
  test.setTimeout(150_000)
  await page.goto(serve.url)
  const data = await generateShdLike(page, { seed: 61, train: 60, test: 20 })

  await page.getByTestId('nav-train').click()
  await page.getByTestId('train-preset').selectOption('shd-like-position-small')
  await page.getByTestId('train-dataset').selectOption({ label: data })
  await page.getByTestId('train-epochs').fill('3')
  const id = await startRun(page, 'Position learning, small')
  // the non-spatial control: the same network with freely learned recurrent delays
  await page.getByTestId('settings-editor').locator('summary').click()
  await page.getByTestId('setting-network.hidden.0.recurrentDelay').selectOption('learn')
  await page.getByTestId('setting-lr.delay').fill('0.05')
  await page.getByTestId('train-epochs').fill('2')
  const free = await startRun(page, 'Position learning, small')

  await page.getByTestId('nav-space').click()
  await page.getByTestId('space-run').selectOption(id)
  const canvas = page.getByTestId('space-canvas')
  await expect(canvas).toHaveAttribute('data-neurons', '64', { timeout: 30_000 })
  await expect(canvas).toHaveAttribute('data-edges', /^[1-9]\d*$/)
  for (const m of ['wiring', 'modularity', 'clustering', 'efficiency', 'r2']) await expect(page.getByTestId(`metric-${m}`)).not.toContainText('NaN')
  await expect(page.getByTestId('metric-r2')).not.toContainText('–')

  // scrub to the first epoch's snapshot: the positions of epoch 1
  const before = await canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL())
  await page.getByTestId('space-epoch').fill('0')
  await page.getByTestId('space-epoch').dispatchEvent('change')
  await expect(page.getByTestId('space-epoch-label')).toHaveText('epoch 1 of 3')
  await expect(page.getByTestId('space-analysis')).toContainText('Epoch 1:')
  await expect.poll(() => canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL())).not.toBe(before)
  // a snapshot has no input weights: no specialisation, and no NaN either
  await expect(page.getByTestId('metric-r2')).toContainText('–')

  // fewer synapses drawn above a higher threshold
  const all = Number(await canvas.getAttribute('data-edges'))
  await page.getByTestId('space-threshold').fill('0.99')
  await expect.poll(async () => Number(await canvas.getAttribute('data-edges'))).toBeLessThan(all)

  // the pruning curves, as a job
  await page.getByTestId('space-prune').click()
  await expect(page.getByTestId('space-pruning').locator('path[data-series="keep largest |w|"]')).toHaveAttribute('data-points', '7', { timeout: 60_000 })
  await page.getByTestId('space-neuron-colour').selectOption('class')

  // beside the free-delay run: its graph measures, and no wiring (it has no positions)
  await page.getByTestId('space-compare-run').selectOption(free)
  await page.getByTestId('space-compare-add').click()
  await expect(page.getByTestId('space-compare-row')).toHaveCount(2)
  const row = page.getByTestId('space-compare-row').nth(1)
  await expect(row).not.toContainText('measuring', { timeout: 30_000 })
  await expect(row.locator('td').nth(3)).toHaveText('–')
  await expect(row.locator('td').nth(5)).toHaveText(/^\d\.\d{3}$/)

  // and on its own: drawn on a circle by community, the measures that need positions say so
  await page.getByTestId('space-run').selectOption(free)
  await expect(page.getByTestId('space-analysis')).toContainText('64 neurons without positions', { timeout: 30_000 })
  await expect(canvas).toHaveAttribute('data-neurons', '64')
  await expect(page.getByTestId('metric-wiring')).toContainText('needs positions')
  await expect(page.getByTestId('metric-clustering')).toContainText(/× \d\.\d{3} of shuffled/)
})

test('the Space view says clearly when a run has no positions', async ({ page, serve }) => {
  await page.goto(serve.url)
  await page.getByTestId('yy-seed').fill('62')
  await page.getByTestId('yy-train').fill('300')
  await page.getByTestId('yy-generate').click()
  await expect(page.getByTestId('dataset-row').filter({ hasText: 'Yin-Yang seed 62' })).toHaveCount(1, { timeout: 30_000 })
  await page.getByTestId('nav-train').click()
  await page.getByTestId('train-dataset').selectOption({ label: 'Yin-Yang seed 62' })
  await page.getByTestId('train-epochs').fill('1')
  const id = await startRun(page, 'Yin-Yang', 'done', 60_000)
  await page.getByTestId('nav-space').click()
  await page.getByTestId('space-run').selectOption(id)
  await expect(page.getByTestId('space-error')).toContainText('the network has no recurrent hidden layer')
  await expect(page.getByTestId('space-canvas')).toHaveCount(0)
})
