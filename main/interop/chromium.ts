/**
 * PDF and PNG from HTML without a GUI: headless Chromium's printer and screenshot (the same engine
 * the app's e2e tests drive). Chosen over a PDF library because it lays out the very HTML and SVG
 * of the report (fonts, tables, print styles) instead of a second rendering of them. Where no
 * Chromium or Chrome is installed, a clear message says so.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe']

export function chromiumPath(): string {
  const found = [process.env.AXONAL_CHROMIUM, ...CANDIDATES].find((p) => p && existsSync(p))
  if (!found) throw new Error(`PDF and PNG need Chromium or Chrome, and none was found (looked at ${CANDIDATES.slice(0, 4).join(', ')}; set AXONAL_CHROMIUM to its path): install it (Debian: apt-get install chromium), or export HTML and print that`)
  return found
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(chromiumPath(), ['--headless', '--no-sandbox', '--disable-gpu', '--disable-extensions', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage', ...args], { timeout: 120_000 }, (err, _out, stderr) => {
      if (err) reject(new Error(`Chromium failed: ${(stderr || err.message).trim().split('\n').filter((l) => !/dbus|Fontconfig/i.test(l)).slice(-2).join(' ')}`))
      else resolve()
    })
  })
}

export function printPdf(htmlFile: string, pdfFile: string): Promise<void> {
  return run(['--no-pdf-header-footer', `--print-to-pdf=${pdfFile}`, pathToFileURL(htmlFile).href])
}

export function screenshot(htmlFile: string, pngFile: string, width: number, height: number): Promise<void> {
  return run([`--screenshot=${pngFile}`, `--window-size=${width},${height}`, '--hide-scrollbars', pathToFileURL(htmlFile).href])
}
