import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'
import { execFileSync } from 'node:child_process'

const r = (p: string): string => resolve(import.meta.dirname, p)

// the commit a build comes from, for reports ("unknown" outside a git checkout)
function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: import.meta.dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return 'unknown'
  }
}

export default defineConfig({
  main: {
    define: { __AXONAL_COMMIT__: JSON.stringify(commit()) },
    // Five Node entries share one bundle graph: the Electron shell, the serve shell, the CLI, the
    // job worker and the threaded engine's batch worker. Only index.js may import 'electron'.
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: r('main/app/index.ts'),
          serve: r('main/serve/index.ts'),
          cli: r('main/cli/index.ts'),
          'job-worker': r('main/jobs/worker.ts'),
          'batch-worker': r('main/jobs/batch-worker.ts'),
          'loihi-worker': r('main/jobs/loihi-worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: r('preload/index.ts') },
        // sandboxed preloads must be CommonJS although package.json is "type": "module"
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: r('renderer'),
    base: './',
    build: { outDir: r('out/renderer'), rolldownOptions: { input: { index: r('renderer/index.html') } } },
    // the renderer's root is renderer/; the Svelte config sits at the repository root
    plugins: [svelte({ configFile: r('svelte.config.js') })]
  }
})
