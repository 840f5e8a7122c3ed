import { build } from 'electron-vite'

/** Builds out/ so tests exercise the same worker and shell bundles the app ships. */
export default async function setup(): Promise<void> {
  await build({ configFile: 'electron.vite.config.ts', logLevel: 'warn' })
}
