/** `axonal report run|compare|sweep|space|ei|loihi|attack <ids…> [--format html|pdf|csv|json|svg] [-o DIR]`. */
import { resolve } from 'node:path'
import { type CallName, type Input, type JobInfo, type Output, REPORT_FORMATS, REPORT_KINDS, type ReportResult } from '../../preload/api'
import { type Parsed, UsageError } from './args'

type Call = <K extends CallName>(name: K, input: Input<K>) => Promise<Output<K>>

export async function reportCommand(call: Call, kind: string | undefined, rest: string[], args: Parsed, json: boolean, follow: (job: JobInfo) => Promise<JobInfo>): Promise<number> {
  if (!kind || !(REPORT_KINDS as readonly string[]).includes(kind)) throw new UsageError(`report: expected ${REPORT_KINDS.join(', ')}, then ids`)
  const o = rest.indexOf('-o')
  const outDir = o >= 0 ? rest[o + 1] : args.options.get('out')
  if (o >= 0 && !outDir) throw new UsageError('-o needs a folder')
  const ids = rest.filter((_, i) => o < 0 || (i !== o && i !== o + 1)).map((x) => {
    const n = Number(x)
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`report ${kind}: "${x}" is not an id`)
    return n
  })
  const format = args.options.get('format') ?? 'html'
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${format}: expected ${REPORT_FORMATS.join(', ')}`)
  const job = await call('reports.render', { kind: kind as 'run', ids, format: format as 'html', ...(outDir ? { outDir: resolve(outDir) } : {}) })
  const done = await follow(job)
  if (done.state !== 'done') return 1
  const r = done.result as ReportResult
  if (json) console.log(JSON.stringify(r, null, 2))
  else {
    console.log(`wrote ${r.path}${r.bytes ? ` (${r.bytes} bytes)` : ''}: sections ${r.sections.join(', ')}; figures ${r.figures.join(', ') || 'none'}`)
    for (const f of r.files) console.log(`  ${f}`)
  }
  return 0
}
