/** Generates the synthetic sparse-coding dataset of the robustness study, all splits in one transaction. */
import { SPLITS, type SyntheticParamsInput, syntheticParams } from '../../../preload/api'
import { dictionary, encodeSynthetic, syntheticSample } from '../../data/synthetic'
import { Rng, deriveSeed } from '../../util/rng'
import type { JobDefinition } from './types'

type Params = ReturnType<typeof syntheticParams.parse>

export const generateSynthetic: JobDefinition<Params> = {
  parse: (p) => syntheticParams.parse(p as SyntheticParamsInput),
  title: (p) => `Generate synthetic sparse-coding data (seed ${p.seed})`,
  run(p, ctx) {
    const D = dictionary(p)
    const total = p.sizes.train + p.sizes.validation + p.sizes.test
    let written = 0
    const name = p.name ?? `Synthetic groups ${p.groups}×${p.atomsPerGroup} seed ${p.seed}`
    const datasetId = ctx.store.datasets.create(
      { name, kind: 'synthetic', params: p, numChannels: 2 * p.dims, numClasses: p.groups, classNames: Array.from({ length: p.groups }, (_, g) => `group ${g}`) },
      (insert) => {
        SPLITS.forEach((split, si) => {
          const rng = new Rng(deriveSeed(p.seed, 10 + si))
          for (let i = 0; i < p.sizes[split]; i++) {
            if (written % 5000 === 0) {
              ctx.cancel.throwIfCancelled()
              ctx.progress(written / total, `writing samples ${written}/${total}`)
            }
            const { label, y } = syntheticSample(p, D, rng)
            insert({ split, idx: i, label, ...encodeSynthetic(y, p), features: y })
            written++
          }
        })
      }
    )
    ctx.progress(1, `wrote ${total} samples`)
    return { datasetId }
  }
}
