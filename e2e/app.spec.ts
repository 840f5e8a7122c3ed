import { AREAS } from '../renderer/lib/areas'
import { expect, test } from './fixtures'

test('the app loads and every navigation item opens its area', async ({ page, serve }) => {
  // every request the page makes succeeds (no favicon.ico 404)
  const failed: string[] = []
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`) })
  await page.goto(serve.url)
  await expect(page.getByTestId('app-info')).toContainText('serve')
  for (const area of AREAS) {
    await page.getByTestId(`nav-${area.id}`).click()
    await expect(page.getByTestId(`area-${area.id}`)).toBeVisible()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(area.label)
    if (area.coming) await expect(page.getByTestId('coming')).toContainText('Not available yet')
  }
  expect(failed).toEqual([])
})

test('a wrong token is refused, for the page and for the socket', async ({ page, serve }) => {
  const res = await page.goto(`${serve.origin}/?token=wrong`)
  expect(res?.status()).toBe(403)
  await expect(page.locator('body')).toContainText('wrong token')
  // a page served without the cookie cannot open the socket either
  const socketRefused = await page.evaluate(async (origin) => {
    return await new Promise<boolean>((resolve) => {
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/rpc?token=wrong`)
      ws.onopen = () => resolve(false)
      ws.onerror = () => resolve(true)
    })
  }, serve.origin)
  expect(socketRefused).toBe(true)
})
