/**
 * Rendering the run report of a long run: 300 epochs of train and validation metrics, a delay
 * histogram every epoch, a 20-class confusion matrix and a raster of 20 000 spikes, as the
 * document, as self-contained HTML, and as PDF through headless Chromium.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'vitest'
import type { RunDetail } from '../preload/api'
import { printPdf } from '../main/interop/chromium'
import { toHtml } from '../main/report/html'
import { type RunReportData, runReport } from '../main/report/run'
import { Rng } from '../main/util/rng'
import { figure } from './report'

const EPOCHS = 300, SPIKES = 20_000
const rng = new Rng(1)
const run: RunDetail = {
  id: 1, name: 'long run', preset: 'shd-recurrent-delays', datasetId: 1, state: 'done', jobId: null, backend: 'cpu ×2 threads', seed: 1, epochsDone: EPOCHS, bestEpoch: 280,
  result: { testAccuracy: 0.87, bestValidationAccuracy: 0.9, seconds: 36000 }, error: null, createdAt: '', finishedAt: null, preflight: null, sweepId: null, sweepPoint: null,
  metrics: Array.from({ length: EPOCHS }, (_, e) => (['train', 'validation'] as const).map((split) => ({ epoch: e + 1, split, loss: 3 / (e + 2) + rng.uniform() * 0.05, accuracy: 1 - 1 / (e + 2) - rng.uniform() * 0.05 }))).flat(),
  settings: { network: { dt: 1, steps: 1000 }, lr: { weight: 0.001 }, epochs: EPOCHS } as unknown as RunDetail['settings'],
  delayHistograms: Array.from({ length: EPOCHS }, (_, e) => ({ epoch: e + 1, counts: Array.from({ length: 32 }, () => rng.int(1000)) })), delayEdges: Array.from({ length: 33 }, (_, b) => b * 2),
  activity: Array.from({ length: EPOCHS }, (_, e) => ({ epoch: e + 1, spikesPerSample: 3000 + rng.int(500), silent: 0 })),
  cost: Array.from({ length: EPOCHS }, (_, e) => ({ epoch: e + 1, seconds: 10, rssMb: 200, keptMb: 30 }))
}
const data: RunReportData = {
  run, presetSettings: null, dataset: null, app: { version: 'bench', commit: 'bench' },
  confusion: { matrix: Array.from({ length: 20 }, () => Array.from({ length: 20 }, () => rng.int(120))), classNames: Array.from({ length: 20 }, (_, i) => `class ${i}`), samples: 2264, accuracy: 0.87 },
  raster: {
    runId: 1, label: 0, prediction: 0, dt: 1, steps: 1000, outputVoltage: new Float32Array(0), classNames: [],
    layers: [{ name: 'input', size: 700, n: SPIKES * 0.6 }, { name: 'hidden 1', size: 256, n: SPIKES * 0.4 }].map((l) => ({ name: l.name, size: l.size, steps: Int32Array.from({ length: l.n }, () => rng.int(1000)), neurons: Int32Array.from({ length: l.n }, () => rng.int(l.size)) }))
  },
  madeAt: 'now'
}

it('the run report of a 300-epoch run with a 20 000-spike raster', async () => {
  let t = performance.now()
  const doc = runReport(data)
  figure('document (figures as SVG)', performance.now() - t, 'ms')
  t = performance.now()
  const html = toHtml(doc)
  figure('HTML', performance.now() - t, 'ms')
  figure('HTML size', html.length / 1024, 'KiB')
  const dir = mkdtempSync(join(tmpdir(), 'axonal-bench-report-'))
  try {
    writeFileSync(join(dir, 'r.html'), html)
    t = performance.now()
    await printPdf(join(dir, 'r.html'), join(dir, 'r.pdf'))
    figure('PDF (headless Chromium)', performance.now() - t, 'ms')
    figure('PDF size', statSync(join(dir, 'r.pdf')).size / 1024, 'KiB')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
