// `npm start`: build, then open the desktop app; where Electron cannot be installed (no access to
// its release host, as on our CI machines), say so and open the same app in the browser shell.
import { spawnSync, spawn } from 'node:child_process'
import { installElectron } from './electron-install.mjs'

const bin = (name) => `node_modules/.bin/${name}`
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status === 0

if (!run(bin('electron-vite'), ['build'])) process.exit(1)

const electronReady = installElectron()
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
