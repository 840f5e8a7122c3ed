/** Generates the structured SHD-like dataset, all splits in one transaction. */
import { SPLITS, type ShdLikeParamsInput, shdLikeParams } from '../../../preload/api'
import { shdLikeModel, shdLikeSample } from '../../data/shd-like'
import { Rng, deriveSeed } from '../../util/rng'
import type { JobDefinition } from './types'

type Params = ReturnType<typeof shdLikeParams.parse>

export const generateShdLike: JobDefinition<Params> = {
  parse: (p) => shdLikeParams.parse(p as ShdLikeParamsInput),
  title: (p) => `Generate SHD-like data (seed ${p.seed})`,
  run(p, ctx) {
    const model = shdLikeModel(p)
    const total = p.sizes.train + p.sizes.validation + p.sizes.test
    let written = 0
    const name = p.name ?? `SHD-like ${p.classes} classes seed ${p.seed}`
    const datasetId = ctx.store.datasets.create(
      { name, kind: 'shd-like', params: p, numChannels: p.channels, numClasses: p.classes, classNames: Array.from({ length: p.classes }, (_, c) => `word ${c}`) },
      (insert) => {
        SPLITS.forEach((split, si) => {
          const rng = new Rng(deriveSeed(p.seed, 10 + si))
          for (let i = 0; i < p.sizes[split]; i++) {
            if (written % 200 === 0) {
              ctx.cancel.throwIfCancelled()
              ctx.progress(written / total, `writing samples ${written}/${total}`)
            }
            const s = shdLikeSample(p, model, rng, split === 'test')
            insert({ split, idx: i, label: s.label, times: s.times, units: s.units, speaker: s.speaker })
            written++
          }
        })
      }
    )
    ctx.progress(1, `wrote ${total} samples`)
    return { datasetId }
  }
}
