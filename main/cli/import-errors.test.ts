import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { CLI_FILE as CLI, tempHome } from '../testing/tmp'

it('a file that is not HDF5 gets one line of error, no library trace, and a clean progress line', () => {
  const dir = tempHome()
  const bad = join(dir, 'shd_train.h5')
  writeFileSync(bad, 'spikes,times\n1,2\n')
  const r = spawnSync(process.execPath, [CLI, '--home', tempHome(), 'datasets', 'import', bad], { encoding: 'utf8' })
  expect(r.status).toBe(1)
  expect(r.stderr.trim().split('\n')).toEqual([`job 1 failed: ${bad}: not a readable HDF5 file (file signature not found)`])
  expect(r.stdout + r.stderr).not.toContain('HDF5-DIAG')
  expect(r.stdout).not.toMatch(/failed failed/)
})
