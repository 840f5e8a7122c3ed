/** `axonal bundle export <run>… -o FILE [--with-dataset]` and `axonal bundle import FILE`. */
import { renameSync, rmSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { CallName, Input, Output } from '../../preload/api'
import { type Parsed, UsageError } from './args'

type Call = <K extends CallName>(name: K, input: Input<K>) => Promise<Output<K>>

export async function bundleCommand(call: Call, action: string | undefined, rest: string[], args: Parsed): Promise<number> {
  if (action === 'export') {
    const o = rest.indexOf('-o')
    const out = o >= 0 ? rest[o + 1] : args.options.get('out')
    if (!out) throw new UsageError('bundle export <run>… -o FILE')
    const runIds = rest.filter((_, i) => o < 0 || (i !== o && i !== o + 1)).map((x) => {
      const n = Number(x)
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`bundle export: "${x}" is not a run id`)
      return n
    })
    if (!runIds.length) throw new UsageError('bundle export: name at least one run')
    const r = await call('bundles.export', { runIds, withDataset: args.flags.has('with-dataset') })
    const file = resolve(out), part = `${file}.${process.pid}.part`
    try {
      writeFileSync(part, r.bytes)
      renameSync(part, file)
    } catch (e) {
      rmSync(part, { force: true })
      throw new Error(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`)
    }
    console.log(`wrote ${file}: ${r.runs} run${r.runs === 1 ? '' : 's'}, ${r.datasets} dataset${r.datasets === 1 ? '' : 's'} ${args.flags.has('with-dataset') ? 'with their samples' : 'by reference'} (${r.bytes.length} bytes)`)
    return 0
  }
  if (action === 'import') {
    if (!rest[0]) throw new UsageError('bundle import FILE')
    const r = await call('bundles.import', { path: resolve(rest[0]) })
    for (const d of r.datasets) console.log(`dataset ${d.id}: ${d.created ? 'added from the bundle' : 'already here (same content)'}`)
    for (const run of r.runs) console.log(`run ${run.id}: ${run.name} (${run.state}, ${run.epochsDone} epochs)`)
    return 0
  }
  throw new UsageError('bundle: expected export or import')
}
