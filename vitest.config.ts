import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['main/**/*.test.ts', 'preload/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', ['json', { outputFile: '.test-report/unit.json' }]],
    // Job and shell tests run the built worker and entry points: build once before the suite.
    globalSetup: ['./scripts/vitest-build.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
