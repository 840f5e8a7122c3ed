/** The write loop of generators that draw each split's samples from its own seeded stream. */
import { SPLITS, type Split } from '../../../preload/api'
import type { NewDataset, NewSample } from '../../store/datasets'
import { Rng, deriveSeed } from '../../util/rng'
import type { JobContext } from './types'

/**
 * Writes `sizes` samples per split in one transaction: split s draws from Rng(deriveSeed(seed,
 * 10 + s)), so a split's samples do not depend on the other splits' sizes. Checks cancel and
 * reports progress every `every` samples. Returns the dataset id.
 */
export function writeSeededSplits(
  ctx: JobContext, meta: NewDataset, seed: number, sizes: Record<Split, number>, every: number,
  draw: (rng: Rng, split: Split) => Omit<NewSample, 'split' | 'idx'>
): number {
  const total = sizes.train + sizes.validation + sizes.test
  let written = 0
  const id = ctx.store.datasets.create(meta, (insert) => {
    SPLITS.forEach((split, si) => {
      const rng = new Rng(deriveSeed(seed, 10 + si))
      for (let i = 0; i < sizes[split]; i++) {
        if (written % every === 0) {
          ctx.cancel.throwIfCancelled()
          ctx.progress(written / total, `writing samples ${written}/${total}`)
        }
        insert({ split, idx: i, ...draw(rng, split) })
        written++
      }
    })
  })
  ctx.progress(1, `wrote ${total} samples`)
  return id
}
