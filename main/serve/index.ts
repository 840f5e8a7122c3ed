/** Entry of `npm run serve` (out/main/serve.js). */
import { runServe } from './run'

runServe(process.argv.slice(2), import.meta.dirname).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
