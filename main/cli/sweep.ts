/**
 * `axonal sweep plan|run|status|collect|pause|resume|cancel|list`, and `sweep task`, which a Slurm
 * task runs: train one grid point of a sweep directory in this data directory, then leave a marker.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { type CallName, type Input, type JobInfo, type Output, SWEEP_METRICS, type SweepDetail, type SweepMetric, type SweepPlan, type SweepSpecInput } from '../../preload/api'
import type { Api } from '../api/index'
import type { SweepFile, TaskMarker } from '../api/sweeps'
import { SWEEP_EXAMPLES } from '../sweeps/examples'
import { overridesOf } from '../sweeps/grid'
import { type Parsed, UsageError, intOption } from './args'

type Call = <K extends CallName>(name: K, input: Input<K>) => Promise<Output<K>>

export async function sweepCommand(api: Api, call: Call, action: string | undefined, rest: string[], args: Parsed, json: boolean): Promise<number> {
  switch (action) {
    case 'list': {
      const list = await call('sweeps.list', {})
      if (json) console.log(JSON.stringify(list, null, 2))
      else if (list.length === 0) console.log(`no sweeps yet: try \`axonal sweep plan ${Object.keys(SWEEP_EXAMPLES)[0]}\``)
      else for (const s of list) console.log(`${s.id}\t${s.state}\t${s.runner}\t${s.points} runs (${counts(s.counts)})\t${s.name}`)
      return 0
    }
    case 'plan': {
      const plan = await call('sweeps.plan', { spec: await specOf(call, rest[0], args), ...concurrency(args) })
      if (json) console.log(JSON.stringify(plan, null, 2))
      else printPlan(plan)
      return 0
    }
    case 'run': {
      const on = args.options.get('on') ?? 'local'
      if (on !== 'local' && on !== 'slurm') throw new UsageError(`--on ${on}: expected local or slurm`)
      const spec = await specOf(call, rest[0], args)
      const sweep = await call('sweeps.start', { spec, on, ...concurrency(args), ...(on === 'slurm' ? { slurm: slurmOptions(args) } : {}) })
      console.log(`sweep ${sweep.id}: ${sweep.name}, ${sweep.points} runs ${on === 'local' ? `(${sweep.concurrency} at once)` : `on Slurm, job ${sweep.slurm!.jobIds.join(', ')}, in ${sweep.slurm!.sweepDir}`}`)
      if (on === 'slurm') {
        if (!args.flags.has('wait')) {
          console.log(`follow it with \`axonal sweep status ${sweep.id}\`; bring finished runs here with \`axonal sweep collect ${sweep.id}\``)
          return 0
        }
        return waitSlurm(call, sweep.id)
      }
      return followLocal(api, call, sweep.id)
    }
    case 'resume': {
      const sweep = await call('sweeps.resume', { id: idOf(rest), retryFailed: args.flags.has('retry-failed') })
      console.log(`sweep ${sweep.id} resumed: ${counts(sweep.counts)}`)
      if (sweep.runner === 'slurm') return args.flags.has('wait') ? waitSlurm(call, sweep.id) : 0
      return followLocal(api, call, sweep.id)
    }
    case 'status': {
      const by = args.options.get('by')
      if (by !== undefined) {
        const metric = args.options.get('metric') ?? 'testAccuracy'
        if (!(SWEEP_METRICS as readonly string[]).includes(metric)) throw new UsageError(`--metric ${metric}: expected ${SWEEP_METRICS.join(', ')}`)
        const a = await call('sweeps.aggregate', { id: idOf(rest), x: by, metric: metric as SweepMetric })
        if (json) console.log(JSON.stringify(a, null, 2))
        else for (const s of a.series) {
          console.log(s.condition)
          const f = (v: number): string => (metric === 'seconds' ? v.toFixed(1) : `${(100 * v).toFixed(2)}%`)
          for (const p of s.points) console.log(`  ${by}=${String(p.x)}\t${f(p.mean)} ± ${f(p.sd)}\t(${p.n} seed${p.n === 1 ? '' : 's'})`)
        }
        return 0
      }
      const sweep = await call('sweeps.get', { id: idOf(rest) })
      if (json) console.log(JSON.stringify(sweep, null, 2))
      else printStatus(sweep)
      return 0
    }
    case 'collect': {
      const r = await call('sweeps.collect', { id: idOf(rest) })
      if (json) console.log(JSON.stringify({ collected: r.collected, already: r.already, skipped: r.skipped }, null, 2))
      else {
        console.log(`collected ${r.collected.length} task${r.collected.length === 1 ? '' : 's'}${r.collected.length ? ` (${r.collected.join(', ')})` : ''}, ${r.already.length} already here`)
        for (const s of r.skipped) console.log(`skipped ${s.reason}`)
      }
      return r.skipped.length && !r.collected.length && !r.already.length ? 1 : 0
    }
    case 'pause':
    case 'cancel': {
      const sweep = await call(action === 'pause' ? 'sweeps.pause' : 'sweeps.cancel', { id: idOf(rest) })
      console.log(`sweep ${sweep.id} ${sweep.state}: ${counts(sweep.counts)}`)
      return 0
    }
    case 'task':
      return sweepTask(api, call, rest, args)
    default:
      throw new UsageError(`sweep ${action ?? ''}: expected plan, run, status, collect, pause, resume, cancel or list`)
  }
}

/** A spec file, or the name of an example (resources/sweeps), with --dataset and --seeds applied. */
async function specOf(call: Call, arg: string | undefined, args: Parsed): Promise<SweepSpecInput> {
  if (!arg) throw new UsageError(`sweep: give a spec file or an example (${Object.keys(SWEEP_EXAMPLES).join(', ')})`)
  let spec: SweepSpecInput
  if (existsSync(arg)) {
    try {
      spec = JSON.parse(readFileSync(arg, 'utf8')) as SweepSpecInput
    } catch (e) {
      throw new UsageError(`${arg}: not a JSON sweep spec (${e instanceof Error ? e.message : String(e)})`)
    }
  } else if (SWEEP_EXAMPLES[arg]) spec = structuredClone(SWEEP_EXAMPLES[arg]!)
  else throw new UsageError(`sweep: ${arg} is neither a file nor an example (${Object.keys(SWEEP_EXAMPLES).join(', ')})`)
  const dataset = intOption(args, 'dataset')
  if (dataset !== undefined) spec = { ...spec, datasetId: dataset }
  const seeds = args.options.get('seeds')
  if (seeds !== undefined) spec = { ...spec, seeds: seeds.split(',').map((s) => Number(s)) }
  if (spec.datasetId === undefined) {
    // as `train` does: a Yin-Yang preset takes the newest Yin-Yang dataset
    const presets = await call('presets.list', {})
    const p = presets.find((x) => x.id === spec.preset)
    if (p?.dataset === 'yinyang') {
      const d = (await call('datasets.list', {})).filter((x) => x.kind === 'yinyang').at(-1)
      if (d) spec = { ...spec, datasetId: d.id }
    }
  }
  return spec
}

function concurrency(args: Parsed): { concurrency?: number } {
  const k = intOption(args, 'concurrency')
  return k === undefined ? {} : { concurrency: k }
}

function slurmOptions(args: Parsed) {
  const dir = args.options.get('dir')
  if (!dir) throw new UsageError('sweep run --on slurm needs --dir: a directory every node of the cluster sees')
  const o = args.options
  return {
    dir: resolve(dir),
    ...(o.get('partition') ? { partition: o.get('partition')! } : {}),
    ...(o.get('time') ? { time: o.get('time')! } : {}),
    ...(o.get('account') ? { account: o.get('account')! } : {}),
    ...(intOption(args, 'gpus') !== undefined ? { gpus: intOption(args, 'gpus')! } : {}),
    ...(intOption(args, 'cpus') !== undefined ? { cpus: intOption(args, 'cpus')! } : {}),
    ...(intOption(args, 'parallel') !== undefined ? { parallel: intOption(args, 'parallel')! } : {}),
    ...(o.get('node') ? { node: o.get('node')! } : {}),
    ...(o.get('cli') ? { cli: o.get('cli')! } : {}),
    modules: args.lists.get('module') ?? [],
    scratch: args.flags.has('scratch')
  }
}

function idOf(rest: string[]): number {
  const id = Number(rest[0])
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`expected a sweep id, got "${rest[0] ?? ''}"`)
  return id
}

function counts(c: Partial<Record<string, number>>): string {
  return Object.entries(c).map(([k, v]) => `${v} ${k}`).join(', ') || 'empty'
}

const duration = (s: number): string => (s < 90 ? `${s.toFixed(0)} s` : s < 5400 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`)

function printPlan(plan: SweepPlan): void {
  console.log(`${plan.points.length} runs of preset ${plan.spec.preset}${plan.spec.datasetId !== undefined ? ` on dataset ${plan.spec.datasetId}` : ''}, up to ${plan.epochs} epochs of ${plan.trainSamples} training samples each`)
  for (const p of plan.points) console.log(`  ${p.index}\t${p.label}`)
  const e = plan.estimate
  if (e) console.log(`estimate: ${duration(e.secondsPerRun)} a run, ${duration(e.totalSeconds)} in all; ${duration(e.wallSeconds)} at ${e.concurrency} at once\n  (${e.basis})`)
  else console.log('estimate: none (the first point could not be timed here)')
}

function printStatus(s: SweepDetail): void {
  console.log(`sweep ${s.id}: ${s.name} (${s.runner}, ${s.state}) — ${counts(s.counts)}`)
  if (s.slurm) console.log(`  Slurm job${s.slurm.jobIds.length > 1 ? 's' : ''} ${s.slurm.jobIds.join(', ')}, directory ${s.slurm.sweepDir}`)
  const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(2)}%`)
  for (const p of s.grid)
    console.log(`  ${p.index}\t${p.state}${p.slurmState ? ` (${p.slurmState})` : ''}\t${p.runId !== null ? `run ${p.runId}` : '–'}\tepochs ${p.epochsDone}\ttest ${pct(p.testAccuracy)}\t${p.label}`)
}

/** Prints progress until the local sweep stops; Ctrl-C stops its runs (resume continues them). */
function followLocal(api: Api, call: Call, id: number): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    let last = ''
    const check = (): void => {
      call('sweeps.get', { id }).then((s) => {
        const line = counts(s.counts)
        if (line !== last) console.log(`[sweep ${id}] ${line}`)
        last = line
        if (s.state !== 'running') {
          stop()
          process.off('SIGINT', onSigint)
          printStatus(s)
          resolvePromise(s.grid.every((p) => p.state === 'done') ? 0 : 1)
        }
      }, (e: unknown) => { stop(); reject(e as Error) })
    }
    const onSigint = (): void => {
      console.error(`\nstopping: \`axonal sweep resume ${id}\` continues it`)
      void call('sweeps.pause', { id }).then(() => {
        for (const j of api.jobs.unfinished(`sweep-${id}`)) api.jobs.cancel(j)
      })
    }
    process.on('SIGINT', onSigint)
    const stop = api.bus.subscribe((name, payload) => {
      if (name === 'sweeps.changed' && (payload as { id: number }).id === id) check()
      if (name === 'runs.changed') check()
    })
    check()
  })
}

/** Polls Slurm until no task is queued or running, then collects. */
async function waitSlurm(call: Call, id: number): Promise<number> {
  let last = ''
  for (;;) {
    const s = await call('sweeps.get', { id })
    const line = counts(s.counts)
    if (line !== last) console.log(`[sweep ${id}] ${line}`)
    last = line
    if (!s.grid.some((p) => p.runId === null && (p.state === 'queued' || p.state === 'running'))) break
    await new Promise((r) => setTimeout(r, 2000))
  }
  const r = await call('sweeps.collect', { id })
  console.log(`collected ${r.collected.length}, ${r.already.length} already here${r.skipped.length ? `; skipped: ${r.skipped.map((x) => x.reason).join('; ')}` : ''}`)
  printStatus(r.sweep)
  return r.sweep.grid.every((p) => p.state === 'done') ? 0 : 1
}

/** A Slurm task: train grid point `index` of the sweep in `dir` here (resuming its run if it has one). */
async function sweepTask(api: Api, call: Call, rest: string[], args: Parsed): Promise<number> {
  const [dir, indexArg] = rest
  const index = Number(indexArg)
  if (!dir || !Number.isInteger(index) || index < 0) throw new UsageError('sweep task <sweep directory> <task index> --marker FILE')
  const markerFile = args.options.get('marker')
  const file = JSON.parse(readFileSync(resolve(dir, 'sweep.json'), 'utf8')) as SweepFile
  const point = file.points[index]
  if (!point) throw new Error(`${dir}: the sweep has ${file.points.length} points; there is no task ${index}`)
  const mark = (m: Omit<TaskMarker, 'uid' | 'index'>): void => {
    if (!markerFile) return
    writeFileSync(`${markerFile}.tmp`, JSON.stringify({ uid: file.uid, index, ...m }))
    renameSync(`${markerFile}.tmp`, markerFile)
  }
  try {
    const existing = (await call('runs.list', {}))[0]
    let job: JobInfo | null = null, runId: number
    if (existing?.state === 'done') runId = existing.id
    else if (existing) ({ job, run: { id: runId } } = await call('runs.resume', { id: existing.id }))
    else ({ job, run: { id: runId } } = await call('runs.start', { preset: file.spec.preset, ...(file.datasetId !== null ? { datasetId: file.datasetId } : {}), name: `${file.name} · ${point.label}`, overrides: overridesOf(file.spec, point.values) }))
    console.log(`task ${index}: run ${runId} (${point.label})`)
    if (job) await api.jobs.idle()
    const run = await call('runs.get', { id: runId })
    mark({ runId, state: run.state, error: run.error })
    console.log(`task ${index}: run ${runId} ${run.state}${run.result?.testAccuracy !== undefined ? `, test accuracy ${(100 * run.result.testAccuracy).toFixed(2)}%` : ''}`)
    return run.state === 'done' ? 0 : 1
  } catch (e) {
    mark({ runId: null, state: 'failed', error: e instanceof Error ? e.message : String(e) })
    throw e
  }
}
