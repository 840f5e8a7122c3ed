/** Generates the synthetic sparse-coding dataset of the robustness study, all splits in one transaction. */
import { type SyntheticParamsInput, syntheticParams } from '../../../preload/api'
import { dictionary, encodeSynthetic, syntheticSample } from '../../data/synthetic'
import { writeSeededSplits } from './seeded-splits'
import type { JobDefinition } from './types'

type Params = ReturnType<typeof syntheticParams.parse>

export const generateSynthetic: JobDefinition<Params> = {
  parse: (p) => syntheticParams.parse(p as SyntheticParamsInput),
  title: (p) => `Generate synthetic sparse-coding data (seed ${p.seed})`,
  run(p, ctx) {
    const D = dictionary(p)
    const meta = {
      name: p.name ?? `Synthetic groups ${p.groups}×${p.atomsPerGroup} seed ${p.seed}`, kind: 'synthetic' as const, params: p,
      numChannels: 2 * p.dims, numClasses: p.groups, classNames: Array.from({ length: p.groups }, (_, g) => `group ${g}`)
    }
    const datasetId = writeSeededSplits(ctx, meta, p.seed, p.sizes, 5000, (rng) => {
      const { label, y } = syntheticSample(p, D, rng)
      return { label, ...encodeSynthetic(y, p), features: y }
    })
    return { datasetId }
  }
}
