/** Report documents from run data: every section and figure in the HTML; CSV and JSON carry the metrics exactly. */
import { describe, expect, it } from 'vitest'
import type { RunDetail } from '../../preload/api'
import { csv, figures, toCsvRows } from './document'
import { toHtml } from './html'
import { type RunReportData, compareReport, runReport } from './run'

function run(id: number, lr: number, state: RunDetail['state'] = 'done'): RunDetail {
  const metrics = [1, 2, 3].flatMap((e) => [
    { epoch: e, split: 'train' as const, loss: 1 / (e + 0.123456789), accuracy: 0.5 + e / 10 + 1e-9 * id },
    { epoch: e, split: 'validation' as const, loss: 1.1 / (e + 0.3), accuracy: 0.45 + e / 11 }
  ])
  return {
    id, name: `run ${id}`, preset: 'yinyang', datasetId: 1, state, jobId: null, backend: 'cpu ×1 thread', seed: 1, epochsDone: 3, bestEpoch: 3,
    result: state === 'done' ? { testAccuracy: 0.8765, bestValidationAccuracy: 0.7227, seconds: 12.5 } : null, error: null, createdAt: '', finishedAt: null, preflight: null,
    sweepId: null, sweepPoint: null, metrics, settings: { lr: { weight: lr }, epochs: 3 } as unknown as RunDetail['settings'],
    delayHistograms: [{ epoch: 1, counts: [3, 1, 0] }, { epoch: 2, counts: [2, 2, 0] }], delayEdges: [0, 1, 2, 3], activity: [{ epoch: 1, spikesPerSample: 30, silent: 0 }], cost: []
  }
}

const data = (r: RunDetail): RunReportData => ({
  run: r, presetSettings: { lr: { weight: 0.001 }, epochs: 100 },
  dataset: { id: 1, name: 'Yin-Yang', kind: 'yinyang', source: [], sourceBytes: 0, numChannels: 4, numClasses: 3, classNames: ['yin', 'yang', 'dot'], duration: 30, splits: { train: 10, test: 5 }, params: { seed: 4 }, createdAt: '', contentHash: null },
  app: { version: '0.1.0', commit: 'abc1234' },
  confusion: { matrix: [[3, 1, 0], [0, 4, 1], [0, 0, 5]], classNames: ['yin', 'yang', 'dot'], samples: 14, accuracy: 12 / 14 },
  raster: { runId: r.id, label: 0, prediction: 0, dt: 0.5, steps: 60, layers: [{ name: 'input', size: 4, steps: Int32Array.of(1, 5), neurons: Int32Array.of(0, 3) }, { name: 'hidden 1', size: 10, steps: Int32Array.of(8), neurons: Int32Array.of(2) }], outputVoltage: new Float32Array(0), classNames: ['yin', 'yang', 'dot'] },
  madeAt: '2026-12-02T00:00:00Z'
})

describe('run report', () => {
  const doc = runReport(data(run(3, 0.003)))
  const html = toHtml(doc)

  it('holds every section and figure, self-contained', () => {
    for (const s of ['summary', 'curves', 'confusion', 'delays', 'activity', 'raster', 'settings', 'dataset']) expect(html).toContain(`data-section="${s}"`)
    for (const f of ['accuracy', 'loss', 'confusion', 'delays', 'activity', 'raster']) expect(html).toMatch(new RegExp(`data-figure="${f}"><figcaption>[^<]+</figcaption><svg`))
    expect(html).not.toMatch(/<script|src="http|href="http|@import|url\(/)
    expect(html).toContain("default-src 'none'")
    expect(html).toContain('87.65 %')
    expect(html).toContain('0.1.0 (commit abc1234)')
    // the settings table shows the preset's value where the run differs
    expect(html).toMatch(/<td>lr\.weight<\/td><td>0\.003<\/td><td>0\.001<\/td>/)
    // every axis has its unit
    expect(html).toContain('accuracy (%)')
    expect(html).toContain('delay (ms)')
    expect(html).toContain('time (ms)')
  })

  it('CSV and JSON round-trip the metrics exactly', () => {
    const rows = csv(toCsvRows(doc)).trim().split('\r\n').map((l) => l.split(','))
    const acc = rows.filter((r) => r[0] === 'accuracy' && r[1] === 'train').map((r) => Number(r[3]) / 100)
    expect(acc).toEqual(doc.data && (doc.data as RunReportData).run.metrics.filter((m) => m.split === 'train').map((m) => (100 * m.accuracy) / 100))
    const loss = rows.filter((r) => r[0] === 'loss' && r[1] === 'validation').map((r) => Number(r[3]))
    expect(loss).toEqual(run(3, 0.003).metrics.filter((m) => m.split === 'validation').map((m) => m.loss))
    const back = JSON.parse(JSON.stringify(doc.data)) as RunReportData
    expect(back.run.metrics).toEqual(run(3, 0.003).metrics)
    expect(figures(doc).map((f) => f.id)).toEqual(['accuracy', 'loss', 'confusion', 'delays', 'activity', 'raster'])
  })

  it('says a run still training is in progress, with the epochs it has', () => {
    const html2 = toHtml(runReport(data(run(4, 0.003, 'running'))))
    expect(html2).toContain('running: in progress, 3 epochs so far')
  })

  it('compares runs: overlaid curves and the settings that differ', () => {
    const c = toHtml(compareReport([data(run(3, 0.003)), data(run(5, 0.01))], 'now', { version: '0.1.0', commit: 'x' }))
    expect(c).toContain('#3 train')
    expect(c).toContain('#5 validation')
    expect(c).toMatch(/<td>lr\.weight<\/td><td>0\.003<\/td><td>0\.01<\/td>/)
    expect(c).not.toMatch(/<td>epochs<\/td>/)
    expect(() => compareReport([data(run(3, 0.003))], 'now', { version: '', commit: '' })).toThrow(/at least two runs/)
  })
})
