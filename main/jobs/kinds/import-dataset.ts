/** Imports dataset files into the store: one transaction, so a bad file or a cancel keeps nothing. */
import { type ImportParams, importParams } from '../../../preload/api'
import { openImport, writeImport } from '../../import/index'
import { CancelledError } from '../../util/cancel'
import type { JobDefinition } from './types'

export const importDataset: JobDefinition<ImportParams> = {
  parse: (p) => importParams.parse(p),
  title: (p) => `Import ${p.paths.map((x) => x.split(/[\\/]/).pop()).join(', ')}`,
  async run(params, ctx) {
    ctx.progress(0, 'reading the files')
    // decompressing a .gz is one long stream: the shared cancel flag is polled and aborts it
    const abort = new AbortController()
    const poll = setInterval(() => ctx.cancel.cancelled && abort.abort(), 100)
    let imp
    try {
      imp = await openImport(params.paths, params.format, params.name, abort.signal)
    } catch (e) {
      if (abort.signal.aborted) throw new CancelledError()
      throw e
    } finally {
      clearInterval(poll)
    }
    try {
      ctx.log('info', `${imp.kind}: ${imp.total} samples in ${imp.source.join(', ')}`)
      const r = await writeImport(ctx.store, imp, ctx)
      ctx.progress(1, r.created ? `imported ${r.samples} samples` : `already imported as dataset ${r.datasetId}`)
      ctx.log('info', r.created ? `dataset ${r.datasetId} "${imp.name}": ${r.samples} samples` : `the same content is dataset ${r.datasetId}; nothing imported`)
      return r
    } finally {
      imp.dispose()
    }
  }
}
