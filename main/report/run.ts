/**
 * The report of one run, and of runs compared: settings (every one, the preset's value beside
 * it), dataset and content hash, seed, app version and commit, backend, curves, final and best
 * metrics, the confusion matrix on the test split, delay histograms over epochs, and one sample's
 * spikes through every layer. A run still training is reported as "in progress" with what it has.
 * No I/O: the data is gathered by the report job.
 */
import type { DatasetSummary, RunDetail, RunRaster } from '../../preload/api'
import type { Block, ReportDocument, Section } from './document'
import { heatFigure, lineFigure, matrixFigure, rasterFigure } from './figures'

export interface RunReportData {
  run: RunDetail
  /** The preset's own settings, to show what the run changed. */
  presetSettings: unknown | null
  dataset: (DatasetSummary & { contentHash: string | null }) | null
  app: { version: string; commit: string }
  confusion: { matrix: number[][]; classNames: string[]; samples: number; accuracy: number } | null
  raster: RunRaster | null
  madeAt: string
}

export function leaves(x: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  if (x !== null && typeof x === 'object' && !Array.isArray(x)) for (const [k, v] of Object.entries(x)) for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv)
  else if (Array.isArray(x)) x.forEach((v, i) => { for (const [kk, vv] of leaves(v, `${prefix}.${i}`)) out.set(kk, vv) })
  else out.set(prefix, x)
  return out
}

const pct = (x: number | undefined | null): string => (x === undefined || x === null ? '–' : `${(100 * x).toFixed(2)} %`)

export function curves(runs: RunDetail[], id: string, metric: 'accuracy' | 'loss'): ReturnType<typeof lineFigure> {
  const series = runs.flatMap((r) => (['train', 'validation'] as const).map((split) => ({
    name: runs.length > 1 ? `#${r.id} ${split}` : split, dashed: split === 'validation',
    points: r.metrics.filter((m) => m.split === split && Number.isInteger(m.epoch)).map((m) => ({ x: m.epoch, y: metric === 'accuracy' ? 100 * m.accuracy : m.loss }))
  }))).filter((s) => s.points.length)
  return lineFigure(id, metric === 'accuracy' ? 'Accuracy by epoch' : 'Loss by epoch', series, 'epoch', metric === 'accuracy' ? 'accuracy (%)' : 'cross-entropy loss (nats)')
}

export function runReport(d: RunReportData): ReportDocument {
  const r = d.run
  const inProgress = r.state === 'running' || r.state === 'queued'
  const facts: [string, string][] = [
    ['Run', `#${r.id} ${r.name}`], ['State', inProgress ? `${r.state}: in progress, ${r.epochsDone} epochs so far` : r.state],
    ['Preset', r.preset], ['Seed', String(r.seed)], ['Backend', r.backend],
    ['Dataset', d.dataset ? `#${d.dataset.id} ${d.dataset.name} (${d.dataset.kind}; ${Object.entries(d.dataset.splits).map(([k, v]) => `${k} ${v}`).join(', ')})` : 'none (the sequence task, or deleted)'],
    ['Dataset content hash', d.dataset?.contentHash ?? 'none (generated: its parameters are below)'],
    ['Axonal', `${d.app.version} (commit ${d.app.commit})`], ['Made', d.madeAt]
  ]
  const metrics: Block = {
    kind: 'table', head: ['metric', 'value'], rows: [
      ['epochs trained', r.epochsDone], ['best epoch', r.bestEpoch ?? '–'],
      ['best validation (or train) accuracy', pct(r.result?.bestValidationAccuracy)], ['test accuracy (best checkpoint)', pct(r.result?.testAccuracy)],
      ['training time', r.result?.seconds !== undefined ? `${r.result.seconds.toFixed(1)} s` : '–'],
      ...(['train', 'validation'] as const).flatMap((s) => {
        const last = r.metrics.filter((m) => m.split === s && Number.isInteger(m.epoch)).at(-1)
        return last ? [[`final ${s} accuracy (epoch ${last.epoch})`, pct(last.accuracy)], [`final ${s} loss`, last.loss.toFixed(4)]] : []
      })
    ]
  }
  const mine = leaves(r.settings), base = leaves(d.presetSettings)
  const settings: Block = { kind: 'table', head: ['setting', 'this run', 'preset'], rows: [...mine].map(([k, v]) => [k, String(v), base.has(k) ? (base.get(k) === v ? '=' : String(base.get(k))) : '–']) }
  const sections: Section[] = [
    { id: 'summary', title: 'Results', blocks: [...(inProgress ? [{ kind: 'text' as const, text: `This run is ${r.state}: the report holds its first ${r.epochsDone} epochs.` }] : []), ...(r.error ? [{ kind: 'text' as const, text: `Error: ${r.error}` }] : []), metrics] },
    { id: 'curves', title: 'Learning curves', blocks: [{ kind: 'figure', figure: curves([r], 'accuracy', 'accuracy') }, { kind: 'figure', figure: curves([r], 'loss', 'loss') }] }
  ]
  if (d.confusion) {
    const c = d.confusion
    sections.push({ id: 'confusion', title: 'Confusion matrix (test split, best checkpoint)', blocks: [
      { kind: 'text', text: `${c.samples} test samples, ${pct(c.accuracy)} correct. Rows: true class; columns: predicted.` },
      { kind: 'figure', figure: matrixFigure('confusion', 'Confusion matrix', c.matrix, c.classNames, c.classNames, 'predicted class', 'true class') }
    ] })
  }
  if (r.delayHistograms.length) {
    sections.push({ id: 'delays', title: 'Delays over epochs', blocks: [{ kind: 'figure', figure: heatFigure('delays', 'Delay histogram by epoch (all learned or positional delays)', r.delayHistograms.map((h) => h.counts), r.delayHistograms.map((h) => h.epoch), r.delayEdges, 'delay (ms)', 'epoch') }] })
  }
  if (r.cost.length) sections.push(costSection([r]))
  if (r.activity.length) {
    sections.push({ id: 'activity', title: 'Hidden activity', blocks: [{ kind: 'figure', figure: lineFigure('activity', 'Hidden spikes per sample by epoch', [{ name: 'spikes per sample', points: r.activity.map((a) => ({ x: a.epoch, y: a.spikesPerSample })) }], 'epoch', 'spikes per sample') }] })
  }
  if (d.raster) {
    const x = d.raster
    sections.push({ id: 'raster', title: 'One test sample through every layer', blocks: [
      { kind: 'text', text: `Label ${x.classNames[x.label] ?? x.label}, predicted ${x.classNames[x.prediction] ?? x.prediction}.` },
      { kind: 'figure', figure: rasterFigure('raster', 'Spikes of test sample 0', x.layers.map((l) => ({ name: l.name, size: l.size, times: Array.from(l.steps, (s) => (s + 1) * x.dt), neurons: Array.from(l.neurons) })), x.steps * x.dt) }
    ] })
  }
  sections.push({ id: 'settings', title: 'Settings (every one; "=" where the preset has the same value)', blocks: [settings] })
  if (d.dataset) sections.push({ id: 'dataset', title: 'Dataset', blocks: [{ kind: 'table', head: ['field', 'value'], rows: [['name', d.dataset.name], ['kind', d.dataset.kind], ['channels', d.dataset.numChannels], ['classes', d.dataset.classNames.join(', ')], ['source files', d.dataset.source.join(', ') || '–'], ['parameters', JSON.stringify(d.dataset.params)]] }] })
  return { kind: 'run', title: `Run #${r.id}: ${r.name}`, facts, sections, data: d }
}

/** Seconds per epoch and memory kept for the backward pass, by run (EventProp and DCLS compared here). */
function costSection(runs: RunDetail[]): ReportDocument['sections'][number] {
  const label = (r: RunDetail): string => `#${r.id} ${r.settings.method === 'dcls' ? 'DCLS' : 'EventProp'}`
  const withKept = runs.filter((r) => r.cost.some((c) => c.keptMb !== null))
  return {
    id: 'cost', title: 'Cost per epoch', blocks: [
      { kind: 'figure', figure: lineFigure('seconds', 'Wall time per epoch', runs.map((r) => ({ name: label(r), points: r.cost.map((c) => ({ x: c.epoch, y: c.seconds })) })), 'epoch', 'seconds') },
      ...(withKept.length ? [{ kind: 'figure' as const, figure: lineFigure('kept', 'Memory one batch keeps for its backward pass', withKept.map((r) => ({ name: label(r), points: r.cost.filter((c) => c.keptMb !== null).map((c) => ({ x: c.epoch, y: c.keptMb! })) })), 'epoch', 'MB') }] : []),
      { kind: 'table', head: ['run', 'method', 'mean seconds per epoch', 'peak RSS (MB)', 'kept for backward (MB)'], rows: runs.map((r) => [`#${r.id}`, r.settings.method === 'dcls' ? 'DCLS (BPTT)' : 'EventProp',
        (r.cost.reduce((s, c) => s + c.seconds, 0) / Math.max(1, r.cost.length)).toFixed(2), Math.max(...r.cost.map((c) => c.rssMb)).toFixed(0),
        r.cost.some((c) => c.keptMb !== null) ? Math.max(...r.cost.map((c) => c.keptMb ?? 0)).toFixed(1) : '–'])
      }
    ]
  }
}

export function compareReport(runs: RunReportData[], madeAt: string, app: RunReportData['app']): ReportDocument {
  if (runs.length < 2) throw new Error('a comparison needs at least two runs')
  const all = runs.map((d) => leaves(d.run.settings))
  const keys = [...new Set(all.flatMap((m) => [...m.keys()]))]
  const differing = keys.filter((k) => new Set(all.map((m) => JSON.stringify(m.get(k)))).size > 1)
  return {
    kind: 'compare', title: `Runs ${runs.map((d) => `#${d.run.id}`).join(', ')} compared`,
    facts: [['Runs', runs.map((d) => `#${d.run.id} ${d.run.name}`).join('; ')], ['Axonal', `${app.version} (commit ${app.commit})`], ['Made', madeAt]],
    sections: [
      { id: 'results', title: 'Results', blocks: [{ kind: 'table', head: ['run', 'state', 'epochs', 'best epoch', 'best validation', 'test'], rows: runs.map((d) => [`#${d.run.id} ${d.run.name}`, d.run.state, d.run.epochsDone, d.run.bestEpoch ?? '–', pct(d.run.result?.bestValidationAccuracy), pct(d.run.result?.testAccuracy)]) }] },
      { id: 'curves', title: 'Learning curves', blocks: [{ kind: 'figure', figure: curves(runs.map((d) => d.run), 'accuracy', 'accuracy') }, { kind: 'figure', figure: curves(runs.map((d) => d.run), 'loss', 'loss') }] },
      ...(runs.some((d) => d.run.cost.length) ? [costSection(runs.map((d) => d.run))] : []),
      { id: 'settings', title: 'Settings that differ', blocks: [differing.length ? { kind: 'table', head: ['setting', ...runs.map((d) => `#${d.run.id}`)], rows: differing.map((k) => [k, ...all.map((m) => String(m.get(k) ?? '–'))]) } : { kind: 'text', text: 'The runs have the same settings.' }] }
    ],
    data: runs
  }
}
