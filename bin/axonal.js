#!/usr/bin/env node
// The `axonal` command runs the built CLI bundle (npm run build makes out/).
import { existsSync } from 'node:fs'

const cli = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(cli)) {
  console.error('axonal: the app is not built yet; run `npm run build` first')
  process.exit(1)
}
await import(cli.href)
