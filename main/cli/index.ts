/** Entry of the `axonal` command (out/main/cli.js). */
import { UsageError } from './args'
import { runCli } from './run'

/**
 * Exits once stdout and stderr have handed over what was written: writes to a pipe are
 * asynchronous, and process.exit() right after a large `--json` print would cut it at the pipe's
 * buffer (64 KiB).
 */
function exitAfterFlush(code: number): void {
  let pending = 2
  const done = (): void => {
    if (--pending === 0) process.exit(code)
  }
  process.stdout.write('', done)
  process.stderr.write('', done)
}

runCli(process.argv.slice(2), import.meta.dirname).then(
  (code) => {
    if (code >= 0) exitAfterFlush(code)
  },
  (e: unknown) => {
    console.error(`axonal: ${e instanceof Error ? e.message : String(e)}`)
    exitAfterFlush(e instanceof UsageError ? 2 : 1)
  }
)
