/** Entry of the `axonal` command (out/main/cli.js). */
import { UsageError } from './args'
import { runCli } from './run'

runCli(process.argv.slice(2), import.meta.dirname).then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (e: unknown) => {
    console.error(`axonal: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(e instanceof UsageError ? 2 : 1)
  }
)
