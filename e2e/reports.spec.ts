import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { trainYinYang } from './steps'

test('a run\'s report from the Reports view and from its page: preview offline, HTML and PDF downloads', async ({ page, serve, context }) => {
  test.setTimeout(120_000)
  await page.goto(serve.url)
  const id = await trainYinYang(page, 93, 400, 4)

  // from the run's page
  await page.locator(`[data-testid="run-row"][data-run-id="${id}"] button`).first().click()
  await page.getByTestId('run-report').click()
  await expect(page.getByTestId('area-reports')).toBeVisible()
  await expect(page.getByTestId('report-run')).toHaveValue(id)

  // the preview: every section, figures as inline SVG, and not one request leaves the page
  const requests: string[] = []
  context.on('request', (r) => { if (!r.url().startsWith(serve.url.split('?')[0]!)) requests.push(r.url()) })
  await page.getByTestId('report-preview').click()
  const frame = page.frameLocator('[data-testid="report-frame"]')
  await expect(frame.locator('h1')).toContainText(`Run #${id}`, { timeout: 60_000 })
  for (const s of ['summary', 'curves', 'confusion', 'raster', 'settings', 'dataset']) await expect(frame.locator(`[data-section="${s}"]`)).toHaveCount(1)
  for (const f of ['accuracy', 'loss', 'confusion', 'delays', 'activity', 'raster']) await expect(frame.locator(`figure[data-figure="${f}"] svg`)).toHaveCount(1)
  expect(requests.filter((u) => !u.startsWith('ws:') && !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith('about:'))).toEqual([])

  for (const [button, ext] of [['report-html', 'html'], ['report-pdf', 'pdf']] as const) {
    const download = page.waitForEvent('download')
    await page.getByTestId(button).click()
    const file = await download
    expect(file.suggestedFilename()).toBe(`run-${id}.${ext}`)
    const bytes = readFileSync((await file.path())!)
    if (ext === 'pdf') expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    else expect(bytes.toString()).toContain('<svg')
  }
  await expect(page.getByTestId('report-path')).toContainText(`run-${id}.pdf`)
})
