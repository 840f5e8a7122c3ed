// Fetches the Electron binary with Electron's own installer (its postinstall, which npm does not
// run: see allowScripts in package.json), quietly: offline, the installer prints a raw stack
// trace; one line of it says why. Returns whether the binary is there.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export function installElectron() {
  if (existsSync('node_modules/electron/path.txt')) return true
  const r = spawnSync(process.execPath, ['node_modules/electron/install.js'], { encoding: 'utf8' })
  if (r.status === 0 && existsSync('node_modules/electron/path.txt')) return true
  const why = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim()).find((l) => /error|failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED/i.test(l))
  console.warn(`axonal: could not download the Electron binary${why ? ` (${why.replace(/^\w*Error:\s*/, '')})` : ''}.`)
  return false
}
