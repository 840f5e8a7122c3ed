/** Generates a Yin-Yang dataset and caches it in the store, all splits in one transaction. */
import { type YinYangParams, yinYangParams, SPLITS } from '../../../preload/api'
import {
  YINYANG_CLASS_NAMES, encodeYinYang, generateYinYangSplit, yinYangChannels
} from '../../data/yinyang'
import type { JobDefinition } from './types'

/** Samples between cancel checks and progress reports. */
const CHUNK = 20_000

export const generateYinYang: JobDefinition<YinYangParams> = {
  parse: (p) => yinYangParams.parse(p),
  title: (p) => `Generate Yin-Yang (seed ${p.seed}, ${p.sizes.train + p.sizes.validation + p.sizes.test} samples)`,
  run(params, ctx) {
    const total = params.sizes.train + params.sizes.validation + params.sizes.test
    // Drawing points is a small share of the work; writing rows dominates.
    const drawShare = 0.1
    const points = SPLITS.map((split, i) => {
      ctx.cancel.throwIfCancelled()
      ctx.progress((drawShare * i) / SPLITS.length, `drawing ${split} points`)
      return { split, p: generateYinYangSplit(params, split, params.sizes[split]) }
    })
    let written = 0
    const name = params.name ?? `Yin-Yang seed ${params.seed}`
    const datasetId = ctx.store.datasets.create(
      {
        name, kind: 'yinyang', params, numChannels: yinYangChannels(params.encoding),
        numClasses: 3, classNames: [...YINYANG_CLASS_NAMES]
      },
      (insert) => {
        for (const { split, p } of points) {
          for (let i = 0; i < p.labels.length; i++) {
            if (written % CHUNK === 0) {
              ctx.cancel.throwIfCancelled()
              ctx.progress(drawShare + ((1 - drawShare) * written) / total, `writing samples ${written}/${total}`)
            }
            const x = p.x[i]!, y = p.y[i]!
            const spikes = encodeYinYang(x, y, params.rBig, params.encoding)
            insert({ split, idx: i, label: p.labels[i]!, ...spikes, features: Float64Array.of(x, y) })
            written++
          }
        }
        ctx.cancel.throwIfCancelled()
      }
    )
    ctx.progress(1, `wrote ${total} samples`)
    ctx.log('info', `dataset ${datasetId} "${name}": ${total} samples`)
    return { datasetId }
  }
}
