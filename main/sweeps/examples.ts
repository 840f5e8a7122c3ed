/** Example sweeps shipped in resources/sweeps (validated on load; the dataset is chosen when one runs). */
import { sweepSpec, type SweepSpec } from '../../preload/api'
import positionCost from '../../resources/sweeps/position-cost.json'
import shdHiddenSizes from '../../resources/sweeps/shd-hidden-sizes.json'
import yinyangSizeLr from '../../resources/sweeps/yinyang-size-lr.json'

const RAW: Record<string, unknown> = { 'yinyang-size-lr': yinyangSizeLr, 'position-cost': positionCost, 'shd-hidden-sizes': shdHiddenSizes }

export const SWEEP_EXAMPLES: Record<string, SweepSpec> = Object.fromEntries(Object.entries(RAW).map(([id, raw]) => {
  const parsed = sweepSpec.safeParse(raw)
  if (!parsed.success) throw new Error(`sweep example ${id}: ${parsed.error.message}`)
  return [id, parsed.data]
}))
