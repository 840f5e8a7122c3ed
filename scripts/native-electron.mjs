// Builds better-sqlite3 for Electron's ABI into native/electron/, leaving node_modules' Node build
// untouched for tests, the CLI and the serve shell (research/stack.md §3.2). Skips when up to date.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const electronVersion = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version
const sqliteVersion = JSON.parse(readFileSync('node_modules/better-sqlite3/package.json', 'utf8')).version
const outDir = resolve('native/electron')
const stampFile = join(outDir, 'stamp.json')
const stamp = JSON.stringify({ electronVersion, sqliteVersion, platform: process.platform, arch: process.arch })

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(join(outDir, 'better_sqlite3.node'))) {
  console.log(`better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} is up to date`)
  process.exit(0)
}

const stage = resolve('node_modules/.cache/electron-native')
rmSync(stage, { recursive: true, force: true })
mkdirSync(join(stage, 'node_modules'), { recursive: true })
writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'stage', version: '0.0.0', dependencies: { 'better-sqlite3': sqliteVersion } }))
cpSync('node_modules/better-sqlite3', join(stage, 'node_modules/better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`better-sqlite3/build`)
})
for (const dep of ['bindings', 'file-uri-to-path']) {
  if (existsSync(`node_modules/${dep}`)) cpSync(`node_modules/${dep}`, join(stage, 'node_modules', dep), { recursive: true })
}

const { rebuild } = await import('@electron/rebuild')
console.log(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}…`)
await rebuild({ buildPath: stage, electronVersion, onlyModules: ['better-sqlite3'], force: true })
mkdirSync(outDir, { recursive: true })
copyFileSync(join(stage, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), join(outDir, 'better_sqlite3.node'))
writeFileSync(stampFile, stamp)
console.log(`wrote ${join(outDir, 'better_sqlite3.node')}`)
