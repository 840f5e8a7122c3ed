/**
 * The command-line shell. Every command goes through the same validated contract calls as the
 * app; long work runs as jobs and prints their progress.
 */
import { join } from 'node:path'
import type { CallName, DatasetSummary, Input, JobInfo, Output } from '../../preload/api'
import { defaultHome } from '../api/home'
import { type Api, createApi } from '../api/index'
import { runServe } from '../serve/run'
import { type Parsed, UsageError, intOption, parseArgs } from './args'

export const HELP = `axonal — a lab workbench for spiking neural networks in which space is time

Usage: axonal [--home DIR] <command> [options]

Commands:
  datasets list [--json]             list cached datasets
  datasets show <id> [--json]        one dataset's metadata and splits
  datasets generate yinyang          generate the Yin-Yang dataset (no download needed)
      [--seed N] [--train N] [--validation N] [--test N] [--name TEXT] [--bias]
  datasets remove <id>               delete a dataset and its samples
  jobs list [--json]                 recent jobs and their states
  serve [--port N] [--no-default]    serve the app to a browser on 127.0.0.1 (prints a URL with a token);
                                     a new data directory starts with the Yin-Yang default unless --no-default
  help                               this text

Options:
  --home DIR   data directory (default: $AXONAL_HOME, else the OS data folder)

Later releases add train, import, sweep, emulate and report commands.`

const BOOLEANS = ['json', 'help', 'bias', 'no-default'] as const

export async function runCli(argv: string[], outMain: string): Promise<number> {
  const args = parseArgs(argv, BOOLEANS)
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
    case 'datasets generate': {
      if (rest[0] !== 'yinyang') throw new UsageError('datasets generate: the only generator is "yinyang"')
      const sizes: Record<string, number> = {}
      for (const s of ['train', 'validation', 'test'] as const) {
        const v = intOption(args, s)
        if (v !== undefined) sizes[s] = v
      }
      const seed = intOption(args, 'seed')
      const name = args.options.get('name')
      const job = await call('datasets.generateYinYang', {
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

/** Prints a job's progress until it ends; Ctrl-C cancels it. */
function follow(api: Api, job: JobInfo): Promise<JobInfo> {
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
      console.log(`[job ${j.id}] ${String(Math.round(j.progress * 100)).padStart(3)}% ${j.state} ${j.message}`)
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
