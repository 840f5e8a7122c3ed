/**
 * The command-line shell. Every command goes through the same validated contract calls as the
 * app; long work runs as jobs and prints their progress.
 */
import { join, resolve } from 'node:path'
import type { CallName, DatasetSummary, Input, JobInfo, JobLog, Output, PruneResult } from '../../preload/api'
import { defaultHome } from '../api/home'
import { type Api, createApi } from '../api/index'
import { runServe } from '../serve/run'
import { loihiCommand } from './loihi'
import { reportCommand } from './report'
import { bundleCommand } from './bundle'
import { attackCommand } from './attack'
import { eiCommand } from './ei'
import { compareMethodsCommand } from './methods'
import { sweepCommand } from './sweep'
import { type Parsed, UsageError, intOption, parseArgs } from './args'

export const HELP = `axonal — a lab workbench for spiking neural networks in which space is time

Usage: axonal [--home DIR] <command> [options]

Commands:
  datasets list [--json]             list cached datasets
  datasets show <id> [--json]        one dataset's metadata and splits
  datasets import <path>...          import the official files: SHD/SSC .h5, .h5.gz or .h5.zip (one per split,
      [--format auto|shd|mnist|rawhd]  e.g. shd_train.h5.gz shd_test.h5.gz), the four MNIST idx files,
      [--name TEXT]                    or the RawHD (hd_audio) folder; importing the same content twice is a no-op
  datasets generate yinyang          generate the Yin-Yang dataset (no download needed)
      [--seed N] [--train N] [--validation N] [--test N] [--name TEXT] [--bias]
  datasets generate synthetic        the sparse-coding dataset of the robustness study
      [--seed N] [--train N] [--validation N] [--test N] [--name TEXT]
  datasets generate shd-like         SHD's shape (700 channels, 1 s, 20 classes, 12 speakers) with
      [--seed N] [--train N] [--validation N] [--test N] [--spikes N] [--name TEXT]
                                     classes made of channel sweeps: learning at SHD size without the files
  datasets remove <id>               delete a dataset and its samples
  train --preset ID                  train a network and store the run like the app does
      [--dataset ID] [--name TEXT] [--set key=value]... [--backend auto|gpu|cpu]
      (Yin-Yang presets use the newest Yin-Yang dataset, generating the default if there is none)
  train --resume RUN                 continue a failed or cancelled run from its last epoch
  presets list                       the experiment presets and their source papers
  runs list [--json]                 training runs with their state and final accuracy
  runs show <id> [--json]            one run's settings and metrics
  jobs list [--json]                 recent jobs and their states
  space <run> [--checkpoint best|latest] [--epoch N] [--nulls N] [--seed N] [--json]
  space <run> --prune [--split test|validation|train] [--json]   pruning curves by |w| and by length
                                     wiring, modularity, clustering, efficiency and specialisation of a
                                     position-learning run, against shuffled-weight and permuted-position nulls
                                     (a recurrent run without positions: the graph measures only)
  ei <run> [--epoch N | --checkpoint best|latest] [--keep PCT] [--delay-bins N] [--bands N] [--json]
                                     E/I statistics of the receptive fields (inputs → first hidden layer) over
                                     input channel × delay: E and I synapses, balance per delay bin and channel
                                     band, E/I grouping vs shuffled, the same after pruning to PCT %, rewiring
  compare-methods --dataset ID [--epochs 5] [--threads 1] [--set key=value]… [--eventprop P --dcls P] [--json]
                                     EventProp and DCLS (surrogate-gradient BPTT with Gaussian-kernel delays)
                                     train the same network on the same data, one after the other: seconds,
                                     peak RSS and accuracy per epoch, and the ratios (SHD/SHD-like, RawHD pairs
                                     by default)
  sweep plan <spec|example>          the runs a sweep makes and an estimate of their cost
      [--dataset ID] [--seeds 1,2,3] [--concurrency K]   (examples: resources/sweeps; a spec is JSON: preset, grid, seeds, base, skip)
  sweep run <spec|example>           store the sweep and train its runs here, K at once (--on local), or submit
      [--on local|slurm] [--concurrency K]  a Slurm job array (--on slurm --dir SHARED [--partition P] [--time T]
                                     [--gpus N] [--cpus N] [--account A] [--module M]... [--parallel K] [--scratch] [--wait])
  sweep status|collect|pause|resume|cancel <id>   follow a sweep; collect copies finished Slurm tasks' runs
      [--retry-failed]                 here (again: a no-op); resume restarts what is not done (Slurm: failed tasks)
  sweep status <id> --by KEY         the figure: mean ± sd over seeds against one swept setting, per condition
      [--metric testAccuracy|bestValidationAccuracy|trainAccuracy|seconds]
  sweep list [--json]                the sweeps in this data directory
  loihi <run> [--split test]         quantise a run for Loihi 2 (8-bit weights, delays ≤ 62 steps), map it onto
      [--limit N] [--threads N]        cores, emulate it bit-accurately on a split (a job): float vs emulated
      [--percentile P]
      [--clamp-delays] [--json]        accuracy, spikes, cores and chips, energy and latency against a Jetson
      [--export model.nir] [--netx model.net]   and write it as a NIR graph or a lava-dl NetX network
  loihi import <file.nir> --dataset ID   a NIR graph as a run on a dataset [--name TEXT] [--dt MS] [--steps N]
  report run <id> | compare <id> <id>… | sweep <id> | space <id> | ei <id> | loihi <id> | attack <job id>
      [--format html|pdf|csv|json|svg] [-o DIR]   a report from the notebook: self-contained HTML, PDF
                                     (headless Chromium), CSV of every plotted series, JSON of all its
                                     data, or the figures alone (SVG and PNG); default DIR: <home>/reports
  bundle export <run>… -o FILE [--with-dataset]   runs with their checkpoints (and, asked, their dataset) in one file
  bundle import FILE                 a bundle into this notebook: datasets matched by content hash or added
  attack --run N --attack KIND --eps 0,0.05,0.1   attack a trained run through its exact input gradients
      [--alongside M,K]                (and more runs on the same data, curves overlaid):
      [--norm linf|l2] [--steps 10]    fgsm, ifgsm, pgd or noise on analog inputs (Yin-Yang, synthetic),
      [--limit N] [--baselines]        shift(-random) (ε ms), delete(-random) or insert(-random) (ε = fraction)
                                     on spikes; delay-jitter (σ ms), delay-round (grid ms), weight-bits (k) on
                                     the network;
                                     --baselines adds linear, MLP and (synthetic) the group-ℓ2 sparse coder
  sparse-code train|attack --dataset N [--attack KIND --eps …]   the group-ℓ2 sparse coder and a linear
      [--dictionary generator|learned] [--atoms K] [--lambda L]   readout on its codes (FISTA; dictionary:
                                     the synthetic generator's, or per class K principal directions of the
                                     training split), beside linear and MLP baselines; train: clean accuracy
  device [--json]                    the WebGPU adapter and its limits, the CPU, and what --backend auto picks
  serve [--port N] [--no-default]    serve the app to a browser on 127.0.0.1 (prints a URL with a token);
                                     a new data directory starts with the Yin-Yang default unless --no-default
  help                               this text

Options:
  --home DIR   data directory (default: $AXONAL_HOME, else the OS data folder)`

const BOOLEANS = ['json', 'help', 'bias', 'no-default', 'prune', 'wait', 'scratch', 'retry-failed', 'clamp-delays', 'with-dataset', 'baselines'] as const

export async function runCli(argv: string[], outMain: string): Promise<number> {
  const args = parseArgs(argv, BOOLEANS, ['set', 'module'])
  const [group, action, ...rest] = args.positionals
  if (args.flags.has('help') || group === undefined || group === 'help') {
    console.log(HELP)
    return 0
  }
  const home = args.options.get('home') ?? defaultHome()
  if (group === 'serve') {
    const port = args.options.get('port')
    await runServe(['--home', home, ...(port ? ['--port', port] : []), ...(args.flags.has('no-default') ? ['--no-default'] : [])], outMain)
    return -1 // keeps running
  }
  const api = createApi({ home, workerFile: join(outMain, 'job-worker.js') })
  try {
    return await command(api, group, action, rest, args)
  } finally {
    await api.close()
  }
}

async function command(api: Api, group: string, action: string | undefined, rest: string[], args: Parsed): Promise<number> {
  const call = <K extends CallName>(name: K, input: Input<K>): Promise<Output<K>> =>
    api.call(name, input, { shell: 'cli' }) as Promise<Output<K>>
  const json = args.flags.has('json')
  const key = `${group} ${action ?? ''}`.trim()
  if (group === 'space' && args.flags.has('prune')) return prune(api, call, action, args, json)
  if (group === 'space') return space(call, action, args, json)
  if (group === 'ei') return eiCommand(call, action, args, json)
  if (group === 'compare-methods') return compareMethodsCommand(call, args, json, parseSets(args.lists.get('set') ?? []), (job) => follow(api, job, !json))
  if (group === 'sweep') return sweepCommand(api, call, action, rest, args, json)
  if (group === 'attack') return attackCommand(call, args, json, (job) => follow(api, job, !json))
  if (group === 'sparse-code') {
    if (action === 'train') {
      // the coders are fitted from the data each time (seeded): "train" evaluates them clean
      args.options.set('attack', 'noise')
      args.options.set('eps', '0')
    } else if (action !== 'attack') throw new UsageError('sparse-code train|attack --dataset N [--dictionary generator|learned] [--atoms K] [--lambda L] …')
    return attackCommand(call, args, json, (job) => follow(api, job, !json), true)
  }
  if (group === 'bundle') return bundleCommand(call, action, rest, args)
  if (group === 'report') return reportCommand(call, action, rest, args, json, (job) => follow(api, job, !json))
  if (group === 'loihi') return loihiCommand(api, call, action, rest, args, json, (job) => follow(api, job, !json))
  switch (key) {
    case 'datasets list': {
      const list = await call('datasets.list', {})
      if (json) console.log(JSON.stringify(list, null, 2))
      else if (list.length === 0) console.log('no datasets yet: try `axonal datasets generate yinyang`')
      else for (const d of list) console.log(describe(d))
      return 0
    }
    case 'datasets show': {
      const d = await call('datasets.get', { id: idArg(rest) })
      console.log(json ? JSON.stringify(d, null, 2) : `${describe(d)}\n  classes: ${d.classNames.join(', ')}\n  params: ${JSON.stringify(d.params)}`)
      return 0
    }
    case 'datasets remove': {
      const { removed } = await call('datasets.remove', { id: idArg(rest) })
      console.log(removed ? 'removed' : 'no such dataset')
      return removed ? 0 : 1
    }
    case 'datasets import': {
      if (!rest.length) throw new UsageError('datasets import: give the files (or the RawHD folder) to import')
      const format = args.options.get('format') ?? 'auto'
      if (!['auto', 'shd', 'mnist', 'rawhd'].includes(format)) throw new UsageError(`--format ${format}: expected auto, shd, mnist or rawhd`)
      const name = args.options.get('name')
      const job = await call('datasets.import', {
        paths: rest.map((p) => resolve(p)), format: format as 'auto', ...(name !== undefined ? { name } : {})
      })
      const final = await follow(api, job)
      if (final.state !== 'done') return 1
      const r = final.result as { datasetId: number; created: boolean }
      if (!r.created) console.log(`already imported (same content):`)
      console.log(describe(await call('datasets.get', { id: r.datasetId })))
      return 0
    }
    case 'datasets generate': {
      if (rest[0] !== 'yinyang' && rest[0] !== 'synthetic' && rest[0] !== 'shd-like') throw new UsageError('datasets generate: the generators are "yinyang", "synthetic" and "shd-like"')
      const sizes: Record<string, number> = {}
      for (const s of ['train', 'validation', 'test'] as const) {
        const v = intOption(args, s)
        if (v !== undefined) sizes[s] = v
      }
      const seed = intOption(args, 'seed')
      const name = args.options.get('name')
      const spikes = intOption(args, 'spikes')
      const job = rest[0] === 'shd-like' ? await call('datasets.generateShdLike', {
        ...(seed !== undefined ? { seed } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(spikes !== undefined ? { spikesPerSample: spikes } : {}),
        ...(Object.keys(sizes).length ? { sizes: { train: 2000, validation: 0, test: 500, ...sizes } } : {})
      }) : rest[0] === 'synthetic' ? await call('datasets.generateSynthetic', {
        ...(seed !== undefined ? { seed } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(Object.keys(sizes).length ? { sizes: { train: 4000, validation: 500, test: 1000, ...sizes } } : {})
      }) : await call('datasets.generateYinYang', {
        ...(seed !== undefined ? { seed } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(Object.keys(sizes).length ? { sizes: { train: 5000, validation: 1000, test: 1000, ...sizes } } : {}),
        ...(args.flags.has('bias') ? { encoding: { early: 1.5, late: 20, bias: true, biasTime: 0 } } : {})
      })
      const final = await follow(api, job)
      if (final.state !== 'done') return 1
      const { datasetId } = final.result as { datasetId: number }
      console.log(describe(await call('datasets.get', { id: datasetId })))
      return 0
    }
    case 'presets list': {
      for (const p of await call('presets.list', {}))
        console.log(`${p.id}\t${p.title}\n\tsource: ${p.source.title}, arXiv ${p.source.arxiv}${p.reported ? `\n\treported: ${p.reported}` : ''}`)
      return 0
    }
    case 'runs list': {
      const runs = await call('runs.list', {})
      if (json) console.log(JSON.stringify(runs, null, 2))
      else for (const r of runs) console.log(`${r.id}\t${r.state}\t${r.preset}\tepochs ${r.epochsDone}\t${r.result?.testAccuracy !== undefined ? `test ${(100 * r.result.testAccuracy).toFixed(2)}%` : ''}\t${r.name}`)
      return 0
    }
    case 'runs show': {
      const r = await call('runs.get', { id: idArg(rest) })
      if (json) console.log(JSON.stringify(r, null, 2))
      else {
        console.log(`${r.id}\t${r.name}\t${r.state}\tpreset ${r.preset}\tseed ${r.seed}\tbackend ${r.backend}`)
        if (r.error) console.log(`error: ${r.error}`)
        // the settings that differ from the preset, then every setting
        const base = (await call('presets.list', {})).find((p) => p.id === r.preset)
        const mine = leaves(r.settings), theirs = base ? leaves(base.settings) : new Map<string, unknown>()
        const changed = [...mine].filter(([k, v]) => theirs.get(k) !== v)
        console.log(changed.length ? `changed from the preset: ${changed.map(([k, v]) => `${k}=${String(v)}`).join(' ')}` : 'the preset as it is')
        console.log('settings:')
        for (const [k, v] of mine) console.log(`  ${k}\t${String(v)}`)
        console.log('metrics:')
        for (const m of r.metrics.filter((x) => x.split !== 'test')) console.log(`  epoch ${epochLabel(m.epoch)}\t${m.split}\tloss ${m.loss.toFixed(4)}\taccuracy ${(100 * m.accuracy).toFixed(2)}%`)
        const test = r.metrics.find((x) => x.split === 'test')
        if (test) console.log(`test (best epoch ${r.bestEpoch ?? '-'}): loss ${test.loss.toFixed(4)}, accuracy ${(100 * test.accuracy).toFixed(2)}%`)
      }
      return 0
    }
    case 'train': {
      const backend = args.options.get('backend')
      if (backend !== undefined && !['auto', 'gpu', 'cpu'].includes(backend)) throw new UsageError(`--backend ${backend}: expected auto, gpu or cpu`)
      if (backend !== undefined && intOption(args, 'resume') !== undefined) throw new UsageError('--backend applies to new runs; a resumed run keeps its settings')
      let started
      const resume = intOption(args, 'resume')
      if (resume !== undefined) started = await call('runs.resume', { id: resume })
      else {
        const presetId = args.options.get('preset')
        if (!presetId) throw new UsageError('train needs --preset ID (see `axonal presets list`) or --resume RUN')
        const presets = await call('presets.list', {})
        const p = presets.find((x) => x.id === presetId)
        if (!p) throw new UsageError(`unknown preset "${presetId}"; presets: ${presets.map((x) => x.id).join(', ')}`)
        let datasetId = intOption(args, 'dataset')
        if (datasetId === undefined && p.dataset === 'yinyang') datasetId = await yinYangDataset(api, call)
        const name = args.options.get('name')
        started = await call('runs.start', {
          preset: presetId, overrides: { ...parseSets(args.lists.get('set') ?? []), ...(backend ? { backend } : {}) },
          ...(datasetId !== undefined ? { datasetId } : {}), ...(name ? { name } : {})
        })
      }
      console.log(`run ${started.run.id}: ${started.run.name}`)
      const stopMetrics = api.bus.subscribe((n, payload) => {
        if (n === 'job.log') {
          // how the run starts: the initialisation and the pre-flight check
          const l = payload as JobLog
          if (l.jobId === started.job.id && /^(pre-flight|data-driven init)/.test(l.message)) console.log(`  ${l.level === 'warn' ? 'warning: ' : ''}${l.message}`)
          return
        }
        if (n !== 'run.metrics') return
        const m = payload as { runId: number; epoch: number; split: string; loss: number; accuracy: number }
        if (m.runId === started.run.id && Number.isInteger(m.epoch))
          console.log(`  epoch ${epochLabel(m.epoch)}\t${m.split}\tloss ${m.loss.toFixed(4)}\taccuracy ${(100 * m.accuracy).toFixed(2)}%`)
      })
      const final = await follow(api, started.job, false)
      stopMetrics()
      const run = await call('runs.get', { id: started.run.id })
      if (run.result?.testAccuracy !== undefined)
        console.log(`run ${run.id} ${run.state}: test accuracy ${(100 * run.result.testAccuracy).toFixed(2)}% (best epoch ${run.bestEpoch ?? '-'}), ${run.result.seconds?.toFixed(1)} s`)
      else console.log(`run ${run.id} ${run.state}${run.error ? `: ${run.error}` : ''}`)
      return final.state === 'done' ? 0 : 1
    }
    case 'device': {
      const d = await call('device.info', {})
      if (json) console.log(JSON.stringify(d, null, 2))
      else {
        console.log(d.gpu ? `webgpu\t${d.gpu.description || d.gpu.device} (vendor ${d.gpu.vendor || '-'}, architecture ${d.gpu.architecture || '-'})${d.gpu.software ? ', software adapter' : ''}` : `webgpu\tnone: ${d.gpuError}`)
        if (d.gpu) for (const [k, v] of Object.entries(d.gpu.limits)) console.log(`\t${k} ${v}`)
        console.log(`cpu\t${d.cpu.model}, ${d.cpu.cores} threads`)
        console.log(`auto\t${d.auto.backend}: ${d.auto.reason}`)
      }
      return 0
    }
    case 'jobs list': {
      const jobs = await call('jobs.list', {})
      if (json) console.log(JSON.stringify(jobs, null, 2))
      else for (const j of jobs) console.log(`${j.id}\t${j.state}\t${Math.round(j.progress * 100)}%\t${j.title}${j.error ? `\t${j.error}` : ''}`)
      return 0
    }
    default:
      throw new UsageError(`unknown command "${key}"; see \`axonal help\``)
  }
}

/** The newest Yin-Yang dataset, or the default one generated now. */
async function yinYangDataset(api: Api, call: <K extends CallName>(name: K, input: Input<K>) => Promise<Output<K>>): Promise<number> {
  const existing = (await call('datasets.list', {})).filter((d) => d.kind === 'yinyang').at(-1)
  if (existing) return existing.id
  console.log('no Yin-Yang dataset yet: generating the default one')
  const job = await call('datasets.generateYinYang', { name: 'Yin-Yang (default)' })
  const done = await follow(api, job, false)
  if (done.state !== 'done') throw new Error('could not generate the Yin-Yang dataset')
  return (done.result as { datasetId: number }).datasetId
}

function parseSets(list: string[]): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {}
  for (const item of list) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new UsageError(`--set ${item}: expected key=value`)
    const v = item.slice(eq + 1)
    out[item.slice(0, eq)] = v === 'true' ? true : v === 'false' ? false : v !== '' && Number.isFinite(Number(v)) ? Number(v) : v
  }
  return out
}

/** Prints a job's progress until it ends; Ctrl-C cancels it. */
function follow(api: Api, job: JobInfo, verbose = true): Promise<JobInfo> {
  return new Promise((resolve) => {
    const onSigint = (): void => {
      console.error('\ncancelling…')
      api.jobs.cancel(job.id)
    }
    process.on('SIGINT', onSigint)
    const stop = api.bus.subscribe((name, payload) => {
      if (name !== 'job.update') return
      const j = payload as JobInfo
      if (j.id !== job.id) return
      if (verbose) console.log(`[job ${j.id}] ${String(Math.round(j.progress * 100)).padStart(3)}% ${j.state}${j.message && j.message !== j.state ? ` ${j.message}` : ''}`)
      if (j.state === 'done' || j.state === 'failed' || j.state === 'cancelled') {
        if (j.error) console.error(`job ${j.id} failed: ${j.error}`)
        stop()
        process.off('SIGINT', onSigint)
        resolve(j)
      }
    })
  })
}

function idArg(rest: string[]): number {
  const id = Number(rest[0])
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`expected a dataset id, got "${rest[0] ?? ''}"`)
  return id
}

function describe(d: DatasetSummary): string {
  const splits = Object.entries(d.splits).map(([k, v]) => `${k} ${v}`).join(', ')
  return `${d.id}\t${d.name}\t${d.kind}\t${d.numChannels} channels, ${d.numClasses} classes\t${splits}`
}

/** Whole epochs as they are; points within an epoch with two decimals. */
function epochLabel(epoch: number): string {
  return Number.isInteger(epoch) ? String(epoch) : epoch.toFixed(2)
}

/** `axonal space <run>`: the Space analysis of a recurrent run's checkpoint (position-learning or not). */
async function space(call: <K extends CallName>(name: K, input: Input<K>) => Promise<Output<K>>, runArg: string | undefined, args: Parsed, json: boolean): Promise<number> {
  const runId = Number(runArg)
  if (!Number.isInteger(runId) || runId <= 0) throw new UsageError(`space: expected a run id, got "${runArg ?? ''}"`)
  const checkpoint = args.options.get('checkpoint') ?? 'best'
  if (checkpoint !== 'best' && checkpoint !== 'latest') throw new UsageError(`--checkpoint ${checkpoint}: expected best or latest`)
  const nulls = intOption(args, 'nulls'), epoch = intOption(args, 'epoch')
  const a = await call('space.analyse', {
    runId, checkpoint, ...(epoch !== undefined ? { epoch } : {}), ...(nulls !== undefined ? { clusteringNulls: nulls, spatialNulls: nulls } : {}),
    ...(intOption(args, 'seed') !== undefined ? { seed: intOption(args, 'seed')! } : {})
  })
  if (json) {
    console.log(JSON.stringify({ ...a, positions: Array.from(a.positions), weights: undefined, delays: undefined, communities: Array.from(a.communities) }, null, 2))
    return 0
  }
  const m = a.measures
  const f = (x: number | null, d = 3): string => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(d))
  console.log(`run ${runId}, ${epoch !== undefined ? 'epoch' : `${checkpoint} checkpoint, epoch`} ${a.epoch}: hidden layer ${a.layer}, ${a.n} neurons ${a.positioned ? `in ${a.dims}-D` : 'without positions'}`)
  for (const note of a.notes) console.log(`note: ${note}`)
  if (a.positioned) console.log(`wiring cost\t${f(m.wiringCost, 4)}\t× ${f(m.wiringCostRatio)} of permuted positions (${a.nulls.spatial} nulls)`)
  else console.log('wiring cost\t–\t(no positions)')
  console.log(`wiring efficiency\t${f(m.wiringEfficiency)}`)
  console.log(`modularity\t${f(m.modularity)}\t${m.communities} Louvain communities`)
  console.log(`clustering\t${f(m.clustering, 4)}\t× ${f(m.clusteringRatio)} of shuffled weights (${a.nulls.clustering} nulls)`)
  console.log(`global efficiency\t${f(m.efficiency, 4)}\t× ${f(m.efficiencyRatio)} of shuffled weights (${a.nulls.efficiency} nulls)`)
  console.log(m.specialisationR2 === null ? `specialisation R²\t–\t(${a.positioned ? 'needs the input weights: best or latest checkpoint' : 'no positions'})` : `specialisation R²\t${f(m.specialisationR2)}\t(in-sample, per axis ${m.specialisationR2PerAxis.map((r) => f(r)).join(', ')}; held out ${f(m.specialisationR2HeldOut)})`)
  return 0
}

/** `axonal space <run> --prune`: the pruning curves, as a job. */
async function prune(api: Api, call: <K extends CallName>(name: K, input: Input<K>) => Promise<Output<K>>, runArg: string | undefined, args: Parsed, json: boolean): Promise<number> {
  const runId = Number(runArg)
  if (!Number.isInteger(runId) || runId <= 0) throw new UsageError(`space: expected a run id, got "${runArg ?? ''}"`)
  const split = args.options.get('split') ?? 'test'
  if (!['train', 'validation', 'test'].includes(split)) throw new UsageError(`--split ${split}: expected train, validation or test`)
  const job = await call('space.prune', { runId, split: split as 'test' })
  const done = await follow(api, job, !json)
  if (done.state !== 'done') return 1
  const r = done.result as PruneResult
  if (json) console.log(JSON.stringify(r, null, 2))
  else {
    console.log(`run ${runId}, epoch ${r.epoch}: accuracy on ${r.samples} ${r.split} samples ${(100 * r.accuracy).toFixed(2)}%`)
    console.log('kept %\tlargest |w|\tshortest')
    r.keep.forEach((k, i) => console.log(`${k}\t${(100 * r.magnitude[i]!).toFixed(2)}%\t${(100 * r.length[i]!).toFixed(2)}%`))
    console.log(`preferred classes: ${r.preferredClass.filter((c) => c >= 0).length} of ${r.preferredClass.length} neurons respond; same-class distance / all ${r.classClustering === null ? '–' : r.classClustering.toFixed(3)}`)
  }
  return 0
}

/** Every leaf of a settings object as "dotted.path" → value, in order. */
function leaves(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value === null || typeof value !== 'object') out.set(prefix, value)
  else for (const [k, v] of Object.entries(value as Record<string, unknown>)) leaves(v, prefix ? `${prefix}.${k}` : k, out)
  return out
}
