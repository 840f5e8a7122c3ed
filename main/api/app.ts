import { version } from '../../package.json'
import type { Handlers } from '../../preload/api'
import { SCHEMA_VERSION } from '../store/migrations/index'
import type { ApiContext } from './context'

export function appHandlers({ home }: ApiContext): Pick<Handlers, 'app.info'> {
  return {
    'app.info': (_input, ctx) => ({
      version, shell: ctx.shell, node: process.versions.node, electron: process.versions.electron ?? null,
      platform: `${process.platform}-${process.arch}`, home, schemaVersion: SCHEMA_VERSION
    })
  }
}
