/** Steps several specs take through the UI (the serve shell is shared, so each waits for its own results). */
import { type Page, expect } from '@playwright/test'

/** Generates SHD-like data from the Datasets view; returns the dataset's name. */
export async function generateShdLike(page: Page, o: { seed: number; train: number; test: number; spikes?: number }): Promise<string> {
  await page.getByTestId('yy-seed').fill(String(o.seed))
  await page.getByTestId('shdlike-train').fill(String(o.train))
  await page.getByTestId('shdlike-test').fill(String(o.test))
  if (o.spikes !== undefined) await page.getByTestId('shdlike-spikes').fill(String(o.spikes))
  await page.getByTestId('shdlike-generate').click()
  const name = `SHD-like 20 classes seed ${o.seed}`
  await expect(page.getByTestId('dataset-row').filter({ hasText: name })).toHaveCount(1, { timeout: 30_000 })
  return name
}

/** Starts the run set up in the Train view and waits for its own row to reach `state`; returns its id. */
export async function startRun(page: Page, title: string, state: 'done' | 'failed' = 'done', timeout = 90_000): Promise<string> {
  await page.locator('[data-testid="runs-table"], [data-testid="no-runs"]').first().waitFor()
  const before = await page.getByTestId('run-row').count()
  await page.getByTestId('train-start').click()
  await expect(page.getByTestId('run-row')).toHaveCount(before + 1)
  const row = page.locator('[data-testid="run-row"]').first()
  await expect(row).toContainText(title)
  await expect(row).toHaveAttribute('data-state', state, { timeout })
  return (await row.getAttribute('data-run-id'))!
}

/** Generates a Yin-Yang dataset of its own seed from the Datasets view; returns its name. */
export async function generateYinYang(page: Page, seed: number, train: number): Promise<string> {
  await page.getByTestId('yy-seed').fill(String(seed))
  await page.getByTestId('yy-train').fill(String(train))
  await page.getByTestId('yy-generate').click()
  const name = `Yin-Yang seed ${seed}`
  await expect(page.getByTestId('dataset-row').filter({ hasText: name })).toHaveCount(1, { timeout: 30_000 })
  return name
}

/** A Yin-Yang run of a few epochs on a dataset of its own, from the Train view; returns its id. */
export async function trainYinYang(page: Page, seed: number, train: number, epochs: number): Promise<string> {
  const name = await generateYinYang(page, seed, train)
  await page.getByTestId('nav-train').click()
  await page.getByTestId('train-dataset').selectOption({ label: name })
  await page.getByTestId('train-epochs').fill(String(epochs))
  return startRun(page, 'Yin-Yang')
}
