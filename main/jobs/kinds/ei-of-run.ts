/** The E/I analysis of a stored run (main/ei): its checkpoint or per-epoch snapshot, signs and rewiring history. */
import type { EiAnalysis, EiParams } from '../../../preload/api'
import { eventPropNetwork } from './run-network'
import { eiOfRun, eiProjection, type RewireEpoch } from '../../ei/run'
import { compile, projectionDelays } from '../../snn/model'
import type { Store } from '../../store/index'

export function eiOfStoredRun(store: Store, { runId, at, delayBins, channelBands, keep, fields }: EiParams): EiAnalysis {
  const plan = compile(eventPropNetwork(store, runId, 'the E/I analysis'))
  const x = eiProjection(plan)
  if (x < 0) throw new Error(`run ${runId} has no hidden layer: E/I maps read the projection from the inputs into the first hidden layer`)
  const prj = plan.projections[x]!
  // signs never change during training: any checkpoint has them
  const latest = store.runs.checkpoint(runId, 'latest')
  if (!latest) throw new Error(`run ${runId} has no checkpoint yet: train at least one epoch`)
  const signs = prj.dale ? latest.params.subarray(prj.signOffset, prj.signOffset + prj.nPre) : null
  let source: { weights: ArrayLike<number>; delays: ArrayLike<number> }, epoch: number
  if (typeof at === 'number') {
    const snap = store.runs.eiSnapshot(runId, at)
    if (!snap) {
      const have = store.runs.eiEpochs(runId)
      throw new Error(`run ${runId} has no E/I snapshot of epoch ${at}${have.length ? ` (epochs ${have[0]}–${have.at(-1)} have one)` : ': only runs with Dale or sparse projections keep one per epoch; use best or latest'}`)
    }
    source = snap
    epoch = at
  } else {
    const ckpt = at === 'latest' ? latest : store.runs.checkpoint(runId, 'best')
    if (!ckpt) throw new Error(`run ${runId} has no ${at} checkpoint yet`)
    source = { weights: ckpt.params.subarray(prj.wOffset, prj.wOffset + prj.nPre * prj.nPost), delays: projectionDelays(plan, prj, ckpt.params) }
    epoch = ckpt.epoch + 1
  }
  return eiOfRun(plan, { ...source, signs }, { runId, epoch, at }, { delayBins, channelBands, keep, fields }, rewiring(store.runs.detail(runId).extras))
}

/** The training job's per-epoch rewiring counts (metrics extras). */
function rewiring(extras: { epoch: number; extra: unknown }[]): RewireEpoch[] {
  const out: RewireEpoch[] = []
  for (const { epoch, extra } of extras) {
    const e = extra as { rewire?: { removed: number; regrown: number; clipped: number }; connectivity?: { disconnected: number }[] } | null
    if (!e?.rewire) continue
    out.push({ epoch, ...e.rewire, disconnected: (e.connectivity ?? []).reduce((s, c) => s + c.disconnected, 0) })
  }
  return out.sort((a, b) => a.epoch - b.epoch)
}
