/**
 * EventProp against DCLS on one dataset: the two runs (made by methods.compare) trained one after
 * the other in this job's worker, each epoch's wall time and the process's RSS sampled every 50 ms
 * while each trains (peak, and growth over the RSS before it: the two share a process, so the
 * growth is each method's own footprint as well as RSS can tell), then their accuracies.
 */
import { z } from 'zod'
import { type MethodComparison, type MethodEpoch, trainSettings } from '../../../preload/api'
import { train } from './train'
import type { JobDefinition } from './types'

const params = z.object({ runIds: z.tuple([z.number().int().positive(), z.number().int().positive()]) }).strict()
type Params = z.output<typeof params>

export const compareMethods: JobDefinition<Params> = {
  parse: (p) => params.parse(p),
  title: (p) => `EventProp vs DCLS (runs ${p.runIds.join(', ')})`,
  async run({ runIds }, ctx) {
    const { store } = ctx
    const out: MethodComparison['methods'] = []
    for (const [k, runId] of runIds.entries()) {
      const settings = trainSettings.parse(store.runs.settings(runId))
      const base = process.memoryUsage().rss
      let peak = base
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
      try {
        ctx.log('info', `${settings.method === 'dcls' ? 'DCLS' : 'EventProp'}: run ${runId}`)
        await train.run({ runId }, { ...ctx, progress: (f, m) => ctx.progress((k + f) / runIds.length, `${settings.method === 'dcls' ? 'DCLS' : 'EventProp'}: ${m}`) })
      } finally {
        clearInterval(timer)
      }
      peak = Math.max(peak, process.memoryUsage().rss)
      const detail = store.runs.detail(runId)
      const trainAccuracy = new Map(detail.metrics.filter((m) => m.split === 'train' && Number.isInteger(m.epoch)).map((m) => [m.epoch, m.accuracy]))
      const epochs: MethodEpoch[] = detail.extras.flatMap(({ epoch, extra }) => {
        const e = extra as { seconds?: number; rssMb?: number; activationsMb?: number } | null
        return e && typeof e.seconds === 'number' ? [{ epoch, seconds: e.seconds, rssMb: e.rssMb ?? NaN, trainAccuracy: trainAccuracy.get(epoch) ?? NaN, activationsMb: e.activationsMb ?? null }] : []
      }).sort((a, b) => a.epoch - b.epoch)
      const run = store.runs.get(runId)
      const result = run.result as { testAccuracy?: number } | null
      out.push({
        method: settings.method, runId, preset: run.preset, epochs,
        meanEpochSeconds: epochs.reduce((s, e) => s + e.seconds, 0) / Math.max(1, epochs.length),
        peakRssMb: peak / 2 ** 20, rssGrowthMb: (peak - base) / 2 ** 20, deviceMb: 0, testAccuracy: result?.testAccuracy ?? null,
        keptMb: epochs.some((e) => e.activationsMb !== null) ? Math.max(...epochs.map((e) => e.activationsMb ?? 0)) : null
      })
    }
    const ep = out.find((m) => m.method === 'eventprop')!, dc = out.find((m) => m.method === 'dcls')!
    const comparison: MethodComparison = {
      datasetId: store.runs.get(runIds[0]).datasetId ?? 0, methods: out,
      ratios: {
        epochSeconds: dc.meanEpochSeconds / ep.meanEpochSeconds, rssGrowth: dc.rssGrowthMb / Math.max(1e-9, ep.rssGrowthMb),
        kept: dc.keptMb !== null && ep.keptMb !== null ? dc.keptMb / ep.keptMb : null
      }
    }
    ctx.log('info', `DCLS / EventProp: ${comparison.ratios.epochSeconds.toFixed(2)}× the time per epoch, ${comparison.ratios.kept === null ? '' : `${comparison.ratios.kept.toFixed(2)}× the memory kept for the backward pass, `}${comparison.ratios.rssGrowth.toFixed(2)}× the RSS growth (one process: the second run finds the first's heap)`)
    return comparison
  }
}
