/** Starts the browser shell on a data directory and prints its URL with the token. */
import { join } from 'node:path'
import { ensureDefaultDataset } from '../api/defaults'
import { defaultHome } from '../api/home'
import { createApi } from '../api/index'
import { startServeShell } from './server'

/** `outMain` is the folder of the built entry (out/main); the worker and renderer sit beside it. */
export async function runServe(argv: string[], outMain: string): Promise<void> {
  const portText = option(argv, '--port') ?? process.env.AXONAL_PORT ?? '7719'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: "${portText}" is not a port number`)
  const home = option(argv, '--home') ?? defaultHome()
  const api = createApi({ home, workerFile: join(outMain, 'job-worker.js'), resumeSweeps: true })
  if (!argv.includes('--no-default')) ensureDefaultDataset(api)
  const shell = await startServeShell({ api, port, rendererDir: join(outMain, '..', 'renderer') })
  console.log(`Axonal is serving the data directory ${home}`)
  console.log(`Open ${shell.url}`)
  const stop = (): void => {
    void shell.close().then(() => api.close()).then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

export function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
