/**
 * `axonal loihi <run>`: quantise, map and emulate a run on Loihi 2 (a job), print the report, and
 * write NIR or NetX files; `axonal loihi import <file.nir> --dataset N` makes a run of a NIR graph.
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { CallName, Input, JobInfo, LoihiReport, Output } from '../../preload/api'
import type { Api } from '../api/index'
import { type Parsed, UsageError, intOption } from './args'

type Call = <K extends CallName>(name: K, input: Input<K>) => Promise<Output<K>>

export async function loihiCommand(api: Api, call: Call, action: string | undefined, rest: string[], args: Parsed, json: boolean, follow: (job: JobInfo) => Promise<JobInfo>): Promise<number> {
  if (action === 'import') {
    const file = rest[0]
    const datasetId = intOption(args, 'dataset')
    if (!file || datasetId === undefined) throw new UsageError('loihi import <file.nir> --dataset ID [--name TEXT] [--dt MS] [--steps N]')
    const dt = args.options.get('dt'), steps = intOption(args, 'steps'), name = args.options.get('name')
    const r = await call('loihi.importNir', { path: resolve(file), datasetId, ...(name ? { name } : {}), ...(dt ? { dt: Number(dt) } : {}), ...(steps ? { steps } : {}) })
    console.log(`run ${r.run.id}: ${r.run.name}`)
    for (const n of r.notes) console.log(`note: ${n}`)
    return 0
  }
  const runId = Number(action)
  if (!Number.isInteger(runId) || runId <= 0) throw new UsageError(`loihi: expected a run id or "import", got "${action ?? ''}"`)
  const split = args.options.get('split') ?? 'test'
  if (!['train', 'validation', 'test'].includes(split)) throw new UsageError(`--split ${split}: expected train, validation or test`)
  const percentile = args.options.get('percentile')
  const common = { runId, ...(percentile ? { percentile: Number(percentile) } : {}), delays: args.flags.has('clamp-delays') ? 'clamp' as const : 'refuse' as const }
  for (const [flag, format] of [['export', 'nir'], ['netx', 'netx']] as const) {
    const path = args.options.get(flag)
    if (!path) continue
    const r = await call('loihi.export', { ...common, format })
    writeFileSync(resolve(path), r.bytes)
    console.log(`wrote ${resolve(path)} (${r.bytes.length} bytes): ${r.contents}`)
  }
  const limit = intOption(args, 'limit'), threads = intOption(args, 'threads')
  const job = await call('loihi.emulate', { ...common, split: split as 'test', ...(limit ? { limit } : {}), ...(threads !== undefined ? { threads } : {}) })
  const done = await follow(job)
  if (done.state !== 'done') return 1
  const r = done.result as LoihiReport
  if (json) {
    console.log(JSON.stringify(r, null, 2))
    return 0
  }
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`
  console.log(`run ${runId}, epoch ${r.epoch}, on Loihi 2 (emulated, bit-accurate to Lava's fixed-point model), ${r.samples} ${r.split} samples at ${r.samplesPerSecond.toFixed(1)} samples/s on ${r.threads} thread${r.threads === 1 ? '' : 's'}`)
  console.log(`accuracy\tfloat ${pct(r.accuracy.float)}\temulated ${pct(r.accuracy.emulated)}\t(same prediction on ${pct(r.accuracy.agreement)})`)
  for (const l of r.layers) console.log(`layer ${l.name}\t${l.size} ${l.kind.toUpperCase()}\tdu ${l.du} dv ${l.dv} vth ${l.vth}\tweight scale 2^${l.scaleExp}`)
  for (const p of r.projections) console.log(`synapses ${p.name}\t${p.synapses}\tRMS error ${(100 * p.relativeRms).toFixed(2)}%\tsaturated ${p.clipped}\trounded to 0 ${p.zeroed}\tdelays ≤ ${p.maxDelay} steps${p.delaysClamped ? ` (${p.delaysClamped} clamped)` : ''}`)
  for (const s of r.spikes) console.log(`spikes/sample ${s.layer}\tfloat ${s.float.toFixed(1)}\temulated ${s.emulated.toFixed(1)}`)
  console.log(`mapping\t${r.mapping.layers.map((l) => `${l.layer}: ${l.cores} core${l.cores === 1 ? '' : 's'} of ≤ ${l.perCore} neurons`).join(', ')}; ${r.mapping.cores.length} cores on ${r.mapping.chips} chip${r.mapping.chips === 1 ? '' : 's'}: fits ${r.mapping.board ?? 'no board'}`)
  const c = r.cost
  console.log(`cost (model estimate)\t${c.synapticOps.toFixed(0)} synaptic ops, ${(1000 * c.seconds).toFixed(3)} ms, ${(1e3 * c.dynamicJoules).toFixed(4)} mJ dynamic, ${(1e3 * c.totalJoules).toFixed(4)} mJ total a sample`)
  for (const j of r.jetson.filter((x) => x.batch === 1)) console.log(`Jetson Orin Nano (measured, ${j.paper})\t${j.model}\t${j.latencyMs} ms, ${j.totalMj} mJ total, ${j.dynamicMj} mJ dynamic a sample`)
  for (const n of r.notes) console.log(`note: ${n}`)
  return 0
}
