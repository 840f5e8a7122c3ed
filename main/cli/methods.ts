/** `axonal compare-methods --dataset N [--epochs 5]`: EventProp and DCLS on the same network and data, epoch by epoch. */
import type { CallName, Input, JobInfo, MethodComparison, Output } from '../../preload/api'
import { type Parsed, UsageError, intOption } from './args'

type Call = <K extends CallName>(name: K, input: Input<K>) => Promise<Output<K>>

export async function compareMethodsCommand(call: Call, args: Parsed, json: boolean, sets: Record<string, number | string | boolean>, follow: (job: JobInfo) => Promise<JobInfo>): Promise<number> {
  const datasetId = intOption(args, 'dataset')
  if (datasetId === undefined) throw new UsageError('compare-methods --dataset ID [--epochs N] [--threads N] [--eventprop PRESET --dcls PRESET] [--set key=value]…')
  const epochs = intOption(args, 'epochs'), threads = intOption(args, 'threads')
  const eventprop = args.options.get('eventprop'), dcls = args.options.get('dcls')
  const { job, runIds } = await call('methods.compare', {
    datasetId, overrides: sets, ...(epochs !== undefined ? { epochs } : {}), ...(threads !== undefined ? { threads } : {}),
    ...(eventprop ? { eventprop } : {}), ...(dcls ? { dcls } : {})
  })
  if (!json) console.log(`runs ${runIds[0]} (EventProp) and ${runIds[1]} (DCLS), job ${job.id}`)
  const done = await follow(job)
  if (done.state !== 'done') return 1
  const r = done.result as MethodComparison
  if (json) {
    console.log(JSON.stringify(r, null, 2))
    return 0
  }
  const name = (m: MethodComparison['methods'][number]): string => (m.method === 'dcls' ? 'DCLS' : 'EventProp')
  console.log('method\tepoch\tseconds\ttrain accuracy\tpeak RSS (MB)\tkept for the backward pass (MB)')
  for (const m of r.methods)
    for (const e of m.epochs) console.log(`${name(m)}\t${e.epoch}\t${e.seconds.toFixed(2)}\t${(100 * e.trainAccuracy).toFixed(1)} %\t${e.rssMb.toFixed(0)}\t${e.activationsMb === null ? '–' : e.activationsMb.toFixed(1)}`)
  for (const m of r.methods)
    console.log(`${name(m)} (run ${m.runId}, ${m.preset}): ${m.meanEpochSeconds.toFixed(2)} s per epoch, ${m.keptMb === null ? '' : `${m.keptMb.toFixed(1)} MB kept for the backward pass, `}peak RSS ${m.peakRssMb.toFixed(0)} MB (+${m.rssGrowthMb.toFixed(0)} MB while it trained), test accuracy ${m.testAccuracy === null ? '–' : `${(100 * m.testAccuracy).toFixed(2)} %`}`)
  console.log(`DCLS / EventProp: ${r.ratios.epochSeconds.toFixed(2)}× the time per epoch${r.ratios.kept === null ? '' : `, ${r.ratios.kept.toFixed(2)}× the memory kept for the backward pass`}, ${r.ratios.rssGrowth.toFixed(2)}× the RSS growth (both in one process: the second run finds the first's heap)`)
  return 0
}
