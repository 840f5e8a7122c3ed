// `npm start`: build, then open the desktop app; where Electron cannot be installed (no access to
// its release host, as on our CI machines), say so and open the same app in the browser shell.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

const bin = (name) => `node_modules/.bin/${name}`
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status === 0

if (!run(bin('electron-vite'), ['build'])) process.exit(1)

// quietly: offline, the installer prints a raw stack trace; one line of it says why
function installElectron() {
  // electron's own installer (its postinstall, which npm does not run: see allowScripts)
  const r = spawnSync(process.execPath, ['node_modules/electron/install.js'], { encoding: 'utf8' })
  if (r.status === 0) return true
  const why = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim()).find((l) => /error|failed|ENOTFOUND|EAI_AGAIN/i.test(l))
  console.warn(`axonal: could not download the Electron binary${why ? ` (${why.replace(/^\w*Error:\s*/, '')})` : ''}.`)
  return false
}
const electronReady = existsSync('node_modules/electron/path.txt') || (installElectron() && existsSync('node_modules/electron/path.txt'))
if (electronReady) {
  if (!run(process.execPath, ['scripts/native-electron.mjs']))
    console.warn('axonal: could not build better-sqlite3 for Electron; see the messages above')
  const child = spawn(bin('electron-vite'), ['preview'], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.warn('\naxonal: the Electron binary is not available here; starting the browser shell instead.')
  console.warn('        Open the URL below in a browser (the token in it is your key).\n')
  const child = spawn(process.execPath, ['out/main/serve.js', ...process.argv.slice(2)], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
}
