/**
 * A report rendered from the lab notebook (main/report): its data gathered from the store (the
 * confusion matrix and a raster computed from the best checkpoint, a Space analysis or a Loihi 2
 * emulation run here), the document built, and written as HTML, PDF (headless Chromium), CSV of
 * every plotted series, JSON of all its data, or the figures alone as SVG and PNG. Files are
 * written to a temporary name and renamed, so nothing half-written is left.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { version } from '../../../package.json'
import { reportParams, trainSettings, type AttackReport, type LoihiReport, type SweepAggregate } from '../../../preload/api'
import { runDetail, runRaster } from '../../api/runs'
import { printPdf, screenshot } from '../../interop/chromium'
import { DEFAULT_COST } from '../../loihi/cost'
import { emulateShare, quantiseRun, summarise } from '../../loihi/report'
import { type ReportDocument, csv, figures, toCsvRows } from '../../report/document'
import { toHtml } from '../../report/html'
import { attackReport, eiReport, loihiReport, spaceReport, sweepReport } from '../../report/areas'
import { eiOfStoredRun } from './ei-of-run'
import { compileDcls } from '../../snn/dcls/model'
import { DclsNetwork, binSample } from '../../snn/dcls/network'
import { type RunReportData, compareReport, runReport } from '../../report/run'
import { CpuNetwork } from '../../snn/cpu/network'
import { compile } from '../../snn/model'
import { analyseSpace, DEFAULT_SPACE } from '../../space/analysis'
import type { Store } from '../../store/index'
import { aggregate } from '../../sweeps/aggregate'
import { localGrid, sweepDetail } from '../../sweeps/state'
import { PRESETS } from '../../train/presets'
import type { JobContext, JobDefinition } from './types'
import { runData } from './train-data'
import { spacePlan } from './space-plan'
import { loihiCheckpoint } from './loihi-run'

type Params = ReturnType<typeof reportParams.parse>

/** The commit the app was built from (a build-time constant; "unknown" when run from source). */
declare const __AXONAL_COMMIT__: string | undefined
const COMMIT = typeof __AXONAL_COMMIT__ === 'string' ? __AXONAL_COMMIT__ : gitCommit()

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: import.meta.dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || 'unknown'
  } catch {
    return 'unknown'
  }
}

const app = { version, commit: COMMIT }

function gatherRun(store: Store, id: number, ctx: JobContext): RunReportData {
  const run = runDetail(store, id)
  const presetSettings = PRESETS.find((p) => p.id === run.preset)?.settings ?? null
  const dataset = run.datasetId === null ? null : { ...store.datasets.get(run.datasetId), contentHash: store.datasets.contentHash(run.datasetId) }
  const ckpt = store.runs.checkpoint(id, 'best') ?? store.runs.checkpoint(id, 'latest')
  let confusion: RunReportData['confusion'] = null, raster: RunReportData['raster'] = null
  if (ckpt) {
    const src = runData(store, id).test
    const settings = trainSettings.parse(store.runs.settings(id))
    if (src.size > 0 && settings.method === 'dcls') {
      // DCLS: the confusion matrix from its own evaluation (integer delays); no per-sample raster
      const plan = compileDcls(settings.network, settings.dcls), net = new DclsNetwork(plan)
      const k = settings.network.output.size
      const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0))
      let correct = 0
      for (let start = 0; start < src.size; start += 64) {
        ctx.cancel.throwIfCancelled()
        const chunk = src.range(start, Math.min(64, src.size - start))
        const f = net.forward(ckpt.params.slice(), chunk.map((s) => binSample(plan, s)), { train: false, sig: 0 })
        chunk.forEach((s, b) => { matrix[s.label]![f.predictions[b]!]!++; if (f.predictions[b] === s.label) correct++ })
      }
      const classNames = dataset?.classNames ?? Array.from({ length: k }, (_, i) => `class ${i}`)
      confusion = { matrix, classNames, samples: src.size, accuracy: correct / src.size }
    } else if (src.size > 0) {
      const plan = compile(settings.network)
      const net = new CpuNetwork(plan)
      net.setParams(ckpt.params)
      const k = plan.populations[plan.outputPop]!.size
      const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0))
      let correct = 0
      for (let start = 0; start < src.size; start += 256) {
        ctx.cancel.throwIfCancelled()
        for (const s of src.range(start, Math.min(256, src.size - start))) {
          const p = net.forward(s).prediction
          matrix[s.label]![p]!++
          if (p === s.label) correct++
        }
        ctx.progress(0.8 * Math.min(1, (start + 256) / src.size), `run ${id}: confusion matrix, ${Math.min(src.size, start + 256)} of ${src.size} test samples`)
      }
      const classNames = dataset?.classNames ?? Array.from({ length: k }, (_, i) => `class ${i}`)
      confusion = { matrix, classNames, samples: src.size, accuracy: correct / src.size }
      raster = runRaster(store, id, 'test', 0)
    }
  }
  return { run, presetSettings, dataset, app, confusion, raster, madeAt: new Date().toISOString() }
}

function build(p: Params, ctx: JobContext): ReportDocument {
  const { store } = ctx
  const made: [string, string][] = [['Axonal', `${app.version} (commit ${app.commit})`], ['Made', new Date().toISOString()]]
  switch (p.kind) {
    case 'run':
      return runReport(gatherRun(store, p.ids[0]!, ctx))
    case 'compare':
      return compareReport(p.ids.map((id) => gatherRun(store, id, ctx)), new Date().toISOString(), app)
    case 'sweep': {
      const s = store.sweeps.get(p.ids[0]!)
      const detail = sweepDetail(s, localGrid(store, s))
      const figs: SweepAggregate[] = detail.keys.map((x) => ({ x, metric: 'testAccuracy', xValues: s.spec.grid[x] ?? [], series: aggregate(detail.grid, detail.keys, x, 'testAccuracy') }))
      return sweepReport(detail, figs, made)
    }
    case 'space': {
      const id = p.ids[0]!
      const plan = spacePlan(store, id)
      const ckpt = store.runs.checkpoint(id, 'best') ?? store.runs.checkpoint(id, 'latest')
      if (!ckpt) throw new Error(`run ${id} has no checkpoint yet`)
      ctx.progress(0.3, `run ${id}: Space analysis`)
      const a = analyseSpace(plan, ckpt.params, { ...DEFAULT_SPACE, clusteringNulls: 20, spatialNulls: 20 })
      return spaceReport({ runId: id, epoch: ckpt.epoch + 1, ...a }, store.runs.get(id).name, made)
    }
    case 'ei': {
      const id = p.ids[0]!
      ctx.progress(0.3, `run ${id}: E/I analysis`)
      const a = eiOfStoredRun(store, { runId: id, at: 'best', delayBins: 12, channelBands: 40, keep: 0.2, fields: true })
      return eiReport(a, store.runs.get(id).name, made)
    }
    case 'attack': {
      const job = store.jobs.get(p.ids[0]!)
      if (job.kind !== 'robust-attack' || job.state !== 'done') throw new Error(`job ${job.id} is not a finished attack sweep (${job.kind}, ${job.state})`)
      return attackReport(job.result as AttackReport, job.id, made)
    }
    case 'loihi': {
      const id = p.ids[0]!
      const { plan, ckpt, classNames } = loihiCheckpoint(store, id, 'best')
      const { net, description } = quantiseRun(plan, ckpt.params, { percentile: 99, delays: 'refuse', maxClipped: 0.05 })
      const src = runData(store, id).test
      if (src.size === 0) throw new Error(`run ${id}: its dataset has no test samples to emulate`)
      const samples = src.range(0, src.size)
      ctx.progress(0.3, `run ${id}: emulating ${src.size} test samples on Loihi 2`)
      const r = emulateShare(plan, ckpt.params, net, samples)
      const report: LoihiReport = { runId: id, epoch: ckpt.epoch + 1, split: 'test', threads: 1, ...summarise(net, description, samples.map((s) => s.label), classNames, r.float, r.emulated, DEFAULT_COST) }
      return loihiReport(report, store.runs.get(id).name, made)
    }
  }
}

/** Writes bytes to `file` through a temporary name in the same folder. */
function writeAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.part`
  try {
    writeFileSync(tmp, data)
    renameSync(tmp, file)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw new Error(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

export const reportRender: JobDefinition<Params> = {
  parse: (p) => reportParams.parse(p),
  title: (p) => `Report: ${p.kind} ${p.ids.join(', ')} (${p.format})`,
  async run(p, ctx) {
    const doc = build(p, ctx)
    const dir = resolve(p.outDir ?? join(dirname(ctx.store.file), 'reports'))
    try {
      mkdirSync(dir, { recursive: true })
    } catch (e) {
      throw new Error(`cannot write reports into ${dir}: ${e instanceof Error ? e.message : String(e)}`)
    }
    const base = `${p.kind}-${p.ids.join('-')}`
    const files: string[] = []
    let file = join(dir, `${base}.${p.format === 'svg' ? 'figures' : p.format}`)
    ctx.progress(0.85, `writing ${p.format}`)
    if (p.format === 'html') writeAtomic(file, toHtml(doc))
    else if (p.format === 'json') writeAtomic(file, JSON.stringify({ kind: doc.kind, title: doc.title, facts: doc.facts, sections: doc.sections.map((s) => ({ id: s.id, title: s.title, blocks: s.blocks.map((b) => (b.kind === 'figure' ? { kind: 'figure', id: b.figure.id, title: b.figure.title, rows: b.figure.rows } : b)) })), data: doc.data }, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 2))
    else if (p.format === 'csv') writeAtomic(file, csv(toCsvRows(doc)))
    else if (p.format === 'pdf') {
      const html = join(dir, `${base}.${process.pid}.html`)
      const tmp = `${file}.${process.pid}.part`
      try {
        writeFileSync(html, toHtml(doc))
        await printPdf(html, tmp)
        renameSync(tmp, file)
      } finally {
        rmSync(html, { force: true })
        rmSync(tmp, { force: true })
      }
    } else {
      // the figures alone: one SVG each, and a PNG of each where Chromium can draw it
      file = join(dir, `${base}-figures`)
      mkdirSync(file, { recursive: true })
      for (const f of figures(doc)) {
        const svg = join(file, `${f.id}.svg`)
        writeAtomic(svg, f.svg)
        files.push(svg)
        const w = Number(/width="(\d+)"/.exec(f.svg)?.[1] ?? 520), h = Number(/height="(\d+)"/.exec(f.svg)?.[1] ?? 240)
        const page = join(file, `${f.id}.${process.pid}.html`)
        try {
          writeFileSync(page, `<!doctype html><html><body style="margin:0;background:#fff">${f.svg}</body></html>`)
          await screenshot(page, join(file, `${f.id}.png`), w, h)
          files.push(join(file, `${f.id}.png`))
        } catch (e) {
          ctx.log('warn', `no PNG of ${f.id}: ${e instanceof Error ? e.message : String(e)}`)
        } finally {
          rmSync(page, { force: true })
        }
      }
    }
    ctx.progress(1, `wrote ${file}`)
    return { path: file, fileName: file.split(/[\\/]/).at(-1)!, format: p.format, bytes: p.format === 'svg' ? 0 : statSync(file).size, sections: doc.sections.map((s) => s.id), figures: figures(doc).map((f) => f.id), files }
  }
}
