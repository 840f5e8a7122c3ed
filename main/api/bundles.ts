/** Run bundles (main/store/bundle.ts): export runs to hand on, import a colleague's into this notebook. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { version } from '../../package.json'
import type { Handlers } from '../../preload/api'
import { exportBundle, importBundle } from '../store/bundle'
import type { ApiContext } from './context'

type BundleHandlers = Pick<Handlers, 'bundles.export' | 'bundles.import'>

export function bundleHandlers({ store, bus }: ApiContext): BundleHandlers {
  const scratch = (): string => mkdtempSync(join(tmpdir(), 'axonal-bundle-'))
  return {
    'bundles.export': ({ runIds, withDataset }) => {
      const dir = scratch()
      try {
        const file = join(dir, 'out.axonal')
        const m = exportBundle(store, runIds, withDataset, file, dir, `Axonal ${version}`)
        return { fileName: `runs-${runIds.join('-')}.axonal`, bytes: new Uint8Array(readFileSync(file)), runs: m.runs.length, datasets: m.datasets.length }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
    'bundles.import': ({ path, bytes, fileName }) => {
      const dir = scratch()
      try {
        let file = path!
        if (bytes) {
          file = join(dir, 'upload.axonal')
          writeFileSync(file, bytes)
        }
        const r = importBundle(store, file, dir, path ?? fileName)
        for (const x of r.runs) bus.emit('runs.changed', { id: x.id })
        for (const d of r.datasets) if (d.created) bus.emit('datasets.changed', { reason: 'added', id: d.id })
        return { runs: r.runs.map((x) => store.runs.get(x.id)), datasets: r.datasets.map((d) => ({ id: d.id, created: d.created })) }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
}
