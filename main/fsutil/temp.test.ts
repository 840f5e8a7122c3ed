import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLI_FILE, tempHome } from '../testing/tmp'
import { cleanStaleTemp, makeTemp, removeTemp } from './temp'

describe('temporary folders', () => {
  it('removes the folders of processes that no longer run, and keeps those of live ones', () => {
    const root = tempHome()
    // a pid that certainly ran and ended: a finished child's
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!
    mkdirSync(join(root, `axonal-import-${dead}-abc123`))
    mkdirSync(join(root, `axonal-xdg-${dead}-def456`))
    mkdirSync(join(root, `axonal-import-${process.pid}-ghi789`))
    mkdirSync(join(root, 'someone-else-1'))
    expect(cleanStaleTemp(root)).toBe(2)
    expect(readdirSync(root).sort()).toEqual([`axonal-import-${process.pid}-ghi789`, 'someone-else-1'])
  })

  it('names a folder after its process and removes it when released', () => {
    const d = makeTemp('import')
    expect(d).toContain(`axonal-import-${process.pid}-`)
    expect(existsSync(d)).toBe(true)
    removeTemp(d)
    expect(existsSync(d)).toBe(false)
  })

  it('a CLI run leaves no folder behind (the WebGPU runtime folder included)', () => {
    const r = spawnSync(process.execPath, [CLI_FILE, '--home', tempHome(), 'device', '--json'], { encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`axonal-xdg-${r.pid}-`) || n.startsWith(`axonal-import-${r.pid}-`))).toEqual([])
  })
})
