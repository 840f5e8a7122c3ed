/** Imports dataset files into the store: one transaction, so a bad file or a cancel keeps nothing. */
import { type ImportParams, importParams } from '../../../preload/api'
import { openImport, writeImport } from '../../import/index'
import type { JobDefinition } from './types'

export const importDataset: JobDefinition<ImportParams> = {
  parse: (p) => importParams.parse(p),
  title: (p) => `Import ${p.paths.map((x) => x.split(/[\\/]/).pop()).join(', ')}`,
  async run(params, ctx) {
    ctx.progress(0, 'reading the files')
    const imp = await openImport(params.paths, params.format, params.name)
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
