import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { expect, it } from 'vitest'

// Offline (here: a mirror that refuses connections), Electron's installer fails with a stack
// trace; `npm start` must say so in one line and go on to the browser shell.
it.skipIf(existsSync('node_modules/electron/path.txt'))('an Electron download that fails prints one friendly line, no stack', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: '/nonexistent-cache' }
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', "import { installElectron } from './scripts/electron-install.mjs'; process.exitCode = installElectron() ? 0 : 3"], { encoding: 'utf8', env })
  expect(r.status).toBe(3)
  const lines = r.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^axonal: could not download the Electron binary \(.+\)\.$/)
  expect(r.stderr).not.toMatch(/\n\s+at /)
})
