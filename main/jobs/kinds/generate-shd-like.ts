/** Generates the structured SHD-like dataset, all splits in one transaction. */
import { type ShdLikeParamsInput, shdLikeParams } from '../../../preload/api'
import { shdLikeModel, shdLikeSample } from '../../data/shd-like'
import { writeSeededSplits } from './seeded-splits'
import type { JobDefinition } from './types'

type Params = ReturnType<typeof shdLikeParams.parse>

export const generateShdLike: JobDefinition<Params> = {
  parse: (p) => shdLikeParams.parse(p as ShdLikeParamsInput),
  title: (p) => `Generate SHD-like data (seed ${p.seed})`,
  run(p, ctx) {
    const model = shdLikeModel(p)
    const meta = {
      name: p.name ?? `SHD-like ${p.classes} classes seed ${p.seed}`, kind: 'shd-like' as const, params: p,
      numChannels: p.channels, numClasses: p.classes, classNames: Array.from({ length: p.classes }, (_, c) => `word ${c}`)
    }
    const datasetId = writeSeededSplits(ctx, meta, p.seed, p.sizes, 200, (rng, split) => {
      const s = shdLikeSample(p, model, rng, split === 'test')
      return { label: s.label, times: s.times, units: s.units, speaker: s.speaker }
    })
    return { datasetId }
  }
}
