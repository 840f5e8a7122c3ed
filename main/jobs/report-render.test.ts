/**
 * The report job on a real trained run: PDF through headless Chromium whose text (pdftotext) holds
 * the run's numbers and whose pages (pdftoppm) are drawn, the figures as SVG and PNG, and its
 * refusals: a run that does not exist, a folder that cannot be written.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JobInfo, ReportResult, RunDetail } from '../../preload/api'
import { createApi } from '../api/index'
import { WORKER_FILE, tempHome } from '../testing/tmp'

describe('report job', () => {
  it('renders a trained run as PDF, figures as SVG and PNG, and refuses what it cannot do', async () => {
    const home = tempHome()
    const api = createApi({ home, workerFile: WORKER_FILE })
    const cli = { shell: 'cli' as const }
    await api.call('datasets.generateYinYang', { seed: 6, sizes: { train: 300, validation: 60, test: 100 } }, cli)
    await api.jobs.idle()
    const started = await api.call('runs.start', { preset: 'yinyang', datasetId: 1, overrides: { epochs: 3 } }, cli) as { run: { id: number } }
    await api.jobs.idle()
    const run = await api.call('runs.get', { id: started.run.id }, cli) as RunDetail
    const render = async (format: string, extra: object = {}): Promise<JobInfo> => {
      const job = await api.call('reports.render', { kind: 'run', ids: [run.id], format, ...extra }, cli) as JobInfo
      await api.jobs.idle()
      return api.store.jobs.get(job.id)
    }

    const pdf = await render('pdf')
    expect(pdf.error).toBeNull()
    const r = pdf.result as ReportResult
    expect(r.path).toBe(join(home, 'reports', `run-${run.id}.pdf`))
    const text = execFileSync('pdftotext', [r.path, '-'], { encoding: 'utf8' })
    expect(text).toContain(`Run #${run.id}`)
    expect(text).toContain(`${(100 * run.result!.testAccuracy!).toFixed(2)} %`)
    expect(text).toContain('Confusion matrix')
    // every page drawn, and the figures are there: pages of a light grey scale with dark marks
    const dir = tempHome()
    execFileSync('pdftoppm', ['-r', '30', '-gray', r.path, join(dir, 'page')])
    const pages = readdirSync(dir).filter((f) => f.endsWith('.pgm'))
    expect(pages.length).toBeGreaterThanOrEqual(2)
    for (const p of pages) {
      const img = readFileSync(join(dir, p))
      const pixels = img.subarray(img.length - 200 * 200 > 0 ? img.length - Math.floor(img.length * 0.9) : 0)
      expect(pixels.some((x) => x < 128), `${p} has ink`).toBe(true)
    }

    const svg = await render('svg')
    const files = (svg.result as ReportResult).files
    // accuracy, loss, confusion, delays, activity, raster, and seconds per epoch
    expect(files.filter((f) => f.endsWith('.svg')).length).toBe(7)
    expect(files.filter((f) => f.endsWith('.png')).length).toBe(7)
    expect(files.some((f) => f.endsWith('seconds.svg'))).toBe(true)
    expect(readFileSync(files.find((f) => f.endsWith('accuracy.png'))!).subarray(1, 4).toString()).toBe('PNG')

    await expect(api.call('reports.render', { kind: 'run', ids: [999], format: 'html' }, cli)).rejects.toThrow(/run 999 does not exist/)
    await expect(api.call('reports.render', { kind: 'compare', ids: [run.id], format: 'html' }, cli)).rejects.toThrow(/comparison takes two or more runs/)
    // a folder inside a file cannot be made
    const blocker = join(tempHome(), 'a-file')
    writeFileSync(blocker, 'x')
    const bad = await render('html', { outDir: join(blocker, 'reports') })
    expect(bad.state).toBe('failed')
    expect(bad.error).toContain(`cannot write reports into ${join(blocker, 'reports')}`)
    await api.close()
  }, 120_000)
})
