/**
 * better-sqlite3 for Electron's ABI. node_modules keeps the Node build (tests, CLI, serve);
 * scripts/native-electron.mjs builds an Electron copy into native/electron, shipped as a resource.
 */
import { app } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export function electronNativeBinding(): string | undefined {
  const p = app.isPackaged
    ? join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : join(app.getAppPath(), 'native', 'electron', 'better_sqlite3.node')
  return existsSync(p) ? p : undefined
}
