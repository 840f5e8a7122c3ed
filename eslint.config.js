// Lint: typescript-eslint's recommended rules plus the layer rules of DESIGN.md, enforced per folder.
import tseslint from 'typescript-eslint'

const engines = ['main/data', 'main/snn', 'main/train', 'main/space', 'main/ei', 'main/robust', 'main/loihi', 'main/util']
const engineFiles = engines.map((d) => `${d}/**/*.ts`)

const ban = (names, message) => names.map((name) => ({ name, message }))
const nodeIo = ['node:fs', 'fs', 'node:fs/promises', 'fs/promises', 'node:child_process', 'child_process', 'node:net', 'node:http']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'native/**', 'test-results/**', 'playwright-report/**', '**/*.svelte'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always'],
      'no-console': 'off'
    }
  },
  {
    // Only the Electron shell may import electron; only the store may import better-sqlite3.
    files: ['main/**/*.ts', 'renderer/**/*.ts'],
    ignores: ['main/app/**', 'main/store/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ban(['electron', 'better-sqlite3'], 'only main/app may import electron and only main/store may import better-sqlite3 (DESIGN.md)') }]
    }
  },
  {
    files: ['main/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ban(['electron'], 'the store runs in workers and the CLI too: no electron') }] }
  },
  {
    // Engines are pure: typed arrays in, typed arrays out; no electron, no SQLite, no I/O.
    files: engineFiles,
    rules: {
      'no-restricted-imports': ['error', { paths: ban(['electron', 'better-sqlite3', ...nodeIo], 'engines are pure maths: no electron, SQLite or I/O (DESIGN.md)') }]
    }
  },
  {
    // The contract is shared with the sandboxed renderer: no electron, no Node.
    files: ['preload/api.ts', 'preload/wire.ts', 'renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ban(['electron', 'better-sqlite3', ...nodeIo], 'the contract and renderer run in a sandboxed page') }]
    }
  }
)
