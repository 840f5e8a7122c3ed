/** The Reports area: reports rendered as jobs (main/jobs/kinds/report-render.ts) and their files. */
import { readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import type { Handlers } from '../../preload/api'
import type { ApiContext } from './context'

type ReportHandlers = Pick<Handlers, 'reports.render' | 'reports.file'>

export function reportHandlers({ home, store, jobs }: ApiContext): ReportHandlers {
  return {
    'reports.render': (p) => {
      // what does not exist is refused now, not in the job
      if (p.kind === 'sweep') store.sweeps.get(p.ids[0]!)
      else if (p.kind === 'attack') {
        const job = store.jobs.get(p.ids[0]!)
        if (job.kind !== 'robust-attack' || job.state !== 'done') throw new Error(`job ${job.id} is not a finished attack sweep (${job.kind}, ${job.state})`)
      } else for (const id of p.ids) store.runs.get(id)
      return jobs.submit('report-render', p)
    },
    'reports.file': ({ path }) => {
      const dir = resolve(home, 'reports'), file = resolve(path)
      const rel = relative(dir, file)
      if (rel.startsWith('..') || rel === '' || resolve(dir, rel) !== file) throw new Error(`${path} is not a report of this data directory`)
      return { fileName: rel.split(/[\\/]/).at(-1)!, bytes: new Uint8Array(readFileSync(join(dir, rel))) }
    }
  }
}
