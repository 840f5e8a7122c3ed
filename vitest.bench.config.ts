import { defineConfig } from 'vitest/config'

// Benchmarks print figures (samples/s, peak MB); they are not part of `npm test`.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    globalSetup: ['./scripts/vitest-build.ts'],
    testTimeout: 600_000,
    reporters: ['verbose']
  }
})
