/** Starts the built serve shell on a fresh data directory, once per test file, and gives its URL. */
import { test as base } from '@playwright/test'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface ServeFixture {
  url: string
  origin: string
  token: string
  home: string
}

/** A serve shell on a fresh data directory; `stop` ends it and removes the directory. */
export async function startServe(): Promise<{ serve: ServeFixture; stop: () => Promise<void> }> {
  const home = mkdtempSync(join(tmpdir(), 'axonal-e2e-'))
  const proc: ChildProcess = spawn(process.execPath, [resolve('out/main/serve.js'), '--port', '0', '--home', home, '--no-default'], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const url = await new Promise<string>((res, rej) => {
    let out = ''
    const timer = setTimeout(() => rej(new Error(`serve shell did not start:\n${out}`)), 20_000)
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        res(m[1]!)
      }
    })
    proc.stderr!.on('data', (c: Buffer) => (out += c.toString()))
    proc.on('exit', (code) => rej(new Error(`serve shell exited with ${code}:\n${out}`)))
  })
  const u = new URL(url)
  return {
    serve: { url, origin: u.origin, token: u.searchParams.get('token')!, home },
    stop: async () => {
      proc.kill('SIGTERM')
      await new Promise((r) => proc.once('exit', r))
      rmSync(home, { recursive: true, force: true })
    }
  }
}

export const test = base.extend<object, { serve: ServeFixture }>({
  serve: [
    async ({}, use) => {
      const { serve, stop } = await startServe()
      await use(serve)
      await stop()
    },
    { scope: 'worker' }
  ]
})

export { expect } from '@playwright/test'
