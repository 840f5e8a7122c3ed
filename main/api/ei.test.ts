/**
 * The E/I area through the contract: a small Dale + sparse run on SHD-like data keeps one E/I
 * snapshot per epoch, its metrics carry the rewiring counts, and ei.analyse reads checkpoints and
 * snapshots; bad input (density, E fraction, Dale on signed inputs, an epoch without a snapshot) is
 * refused with the reason.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import type { EiAnalysis, JobInfo, ReportResult } from '../../preload/api'
import { WORKER_FILE, tempHome } from '../testing/tmp'
import { createApi } from './index'

describe('E/I analysis of a Dale + sparse run', () => {
  const api = createApi({ home: tempHome(), workerFile: WORKER_FILE })
  const cli = { shell: 'cli' as const }
  afterAll(() => api.close())

  it('trains, snapshots every epoch, and maps the receptive fields', async () => {
    await api.call('datasets.generateShdLike', { seed: 8, sizes: { train: 64, validation: 0, test: 16 }, spikesPerSample: 1500 }, cli)
    await api.jobs.idle()
    const d = api.store.datasets.list().find((x) => x.kind === 'shd-like')!
    const { run } = (await api.call('runs.start', { preset: 'shd-like-dale-sparse-small', datasetId: d.id, overrides: { epochs: 3, 'rewire.regrow': 'random' } }, cli)) as { run: { id: number }; job: JobInfo }
    await api.jobs.idle()
    expect(api.store.runs.get(run.id).state).toBe('done')
    expect(await api.call('ei.epochs', { runId: run.id }, cli)).toEqual([1, 2, 3])

    const best = (await api.call('ei.analyse', { runId: run.id, at: 'best', keep: 0.2 }, cli)) as EiAnalysis
    expect(best.projection).toMatchObject({ dale: true, density: 0.1, delayMode: 'learn' })
    // 700 × 64 synapses, 10 % kept: the budget holds after rewiring
    expect(best.synapses.total).toBe(700 * 64)
    expect(best.synapses.present).toBe(Math.round(0.1 * 700 * 64))
    expect(best.synapses.excitatory + best.synapses.inhibitory).toBe(best.synapses.present)
    expect(best.projection.excitatoryInputs!).toBeGreaterThan(0.7)
    expect(best.projection.excitatoryInputs!).toBeLessThan(0.9)
    expect(best.fields.length).toBe(64 * best.channelBands * best.delayBins)
    expect([...best.order].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, j) => j))
    expect(best.pruned!.synapses.present).toBe(Math.round(0.2 * best.synapses.present))
    expect(best.rewiring.map((e) => e.epoch)).toEqual([1, 2, 3])
    expect(best.rewiring.every((e) => e.regrown === e.removed)).toBe(true)
    expect(Number.isFinite(best.population.grouping)).toBe(true)

    const first = (await api.call('ei.analyse', { runId: run.id, at: 1, fields: false }, cli)) as EiAnalysis
    expect(first.epoch).toBe(1)
    expect(first.fields.length).toBe(0)
    expect(first.synapses.present).toBe(best.synapses.present)

    await expect(api.call('ei.analyse', { runId: run.id, at: 9 }, cli)).rejects.toThrow(/no E\/I snapshot of epoch 9 \(epochs 1–3 have one\)/)

    // the E/I report: its sections and figures, and the analysis's numbers in its JSON
    const render = async (format: 'html' | 'json'): Promise<ReportResult> => {
      const job = (await api.call('reports.render', { kind: 'ei', ids: [run.id], format }, cli)) as JobInfo
      await api.jobs.idle()
      const done = api.store.jobs.get(job.id)
      expect(done.error).toBeNull()
      return done.result as ReportResult
    }
    const html = await render('html')
    expect(html.sections).toEqual(['summary', 'by-delay', 'rewiring'])
    expect(html.figures).toEqual(['ei-map', 'ei-delay', 'ei-balance-channel', 'ei-rewiring'])
    expect(readFileSync(html.path, 'utf8')).toContain(`${best.synapses.present} of ${best.synapses.total} present`)
    const data = JSON.parse(readFileSync((await render('json')).path, 'utf8')) as { data: { synapses: EiAnalysis['synapses']; population: { grouping: number } } }
    expect(data.data.synapses).toEqual(best.synapses)
    expect(data.data.population.grouping).toBe(best.population.grouping)
  }, 120_000)

  it('refuses a density outside (0, 1], an E fraction outside [0, 1] and Dale on signed inputs', async () => {
    const d = api.store.datasets.list().find((x) => x.kind === 'shd-like')!
    const before = api.store.runs.list().length
    await expect(api.call('runs.start', { preset: 'shd-like-dale-sparse-small', datasetId: d.id, overrides: { 'network.hidden.0.inputConn.density': 0 } }, cli)).rejects.toThrow(/density must lie in \(0, 1\]/)
    await expect(api.call('runs.start', { preset: 'shd-like-dale-sparse-small', datasetId: d.id, overrides: { 'network.hidden.0.inputConn.density': 1.5 } }, cli)).rejects.toThrow(/density must lie in \(0, 1\]/)
    await expect(api.call('runs.start', { preset: 'shd-like-dale-sparse-small', datasetId: d.id, overrides: { 'network.excitatory': -0.1 } }, cli)).rejects.toThrow(/excitatory fraction must lie in \[0, 1\]/)
    await api.call('datasets.generateSynthetic', { seed: 3, sizes: { train: 20, validation: 0, test: 10 } }, cli)
    await api.jobs.idle()
    const s = api.store.datasets.list().find((x) => x.kind === 'synthetic')!
    await expect(api.call('runs.start', { preset: 'any-spikes', datasetId: s.id, overrides: { 'network.hidden.0.inputConn.dale': true } }, cli))
      .rejects.toThrow(/encodes signed features.*Turn off network.hidden.0.inputConn.dale/)
    // nothing was stored for the refused runs
    expect(api.store.runs.list().length).toBe(before)
  })
})
