// Prints one closing line over both suites (vitest's and Playwright's JSON reports).
import { existsSync, readFileSync } from 'node:fs'

let passed = 0, failed = 0, skipped = 0
const unit = '.test-report/unit.json'
const e2e = '.test-report/e2e.json'
if (existsSync(unit)) {
  const r = JSON.parse(readFileSync(unit, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + r.numTodoTests
}
if (existsSync(e2e)) {
  const s = JSON.parse(readFileSync(e2e, 'utf8')).stats
  passed += s.expected + s.flaky
  failed += s.unexpected
  skipped += s.skipped
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
