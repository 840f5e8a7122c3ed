import type { JobKind } from '../../../preload/api'
import { generateShdLike } from './generate-shd-like'
import { generateSynthetic } from './generate-synthetic'
import { generateYinYang } from './generate-yinyang'
import { importDataset } from './import-dataset'
import { loihiEmulate } from './loihi-emulate'
import { reportRender } from './report-render'
import { robustAttack } from './robust-attack'
import { spaceAnalysis } from './space-analysis'
import { spacePrune } from './space-prune'
import { train } from './train'
import { compareMethods } from './compare-methods'
import type { JobDefinition } from './types'

/** Every job kind the worker can run, by the contract's kind name. */
export const jobKinds: { [K in JobKind]: JobDefinition<never> } = {
  'generate-yinyang': generateYinYang as JobDefinition<never>,
  'generate-synthetic': generateSynthetic as JobDefinition<never>,
  'generate-shd-like': generateShdLike as JobDefinition<never>,
  'import-dataset': importDataset as JobDefinition<never>,
  train: train as JobDefinition<never>,
  'space-prune': spacePrune as JobDefinition<never>,
  'space-analysis': spaceAnalysis as JobDefinition<never>,
  'loihi-emulate': loihiEmulate as JobDefinition<never>,
  'report-render': reportRender as JobDefinition<never>,
  'robust-attack': robustAttack as JobDefinition<never>,
  'compare-methods': compareMethods as JobDefinition<never>
}

export function jobDefinition(kind: JobKind): JobDefinition<unknown> {
  const def = jobKinds[kind] as JobDefinition<unknown> | undefined
  if (!def) throw new Error(`unknown job kind "${kind}"`)
  return def
}
