import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { tempHome } from '../testing/tmp'
import { Store } from './index'
import { SCHEMA_VERSION } from './migrations/index'

const sample = (idx: number, label = 0) => ({
  split: 'train' as const, idx, label,
  times: Float32Array.of(1, 2.5, idx), units: Uint16Array.of(0, 3, 1), features: Float64Array.of(0.1 * idx, 0.2)
})
const meta = { name: 'd', kind: 'yinyang' as const, params: { seed: 1 }, numChannels: 4, numClasses: 3, classNames: ['a', 'b', 'c'] }

describe('store', () => {
  const home = tempHome()

  it('migrates a new file to the current schema in WAL mode and reopens it', () => {
    const s = Store.openHome(home)
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(s.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    s.close()
    const again = Store.openHome(home)
    expect(again.datasets.list()).toEqual([])
    again.close()
  })

  it('refuses a store written by a newer version', () => {
    const file = join(tempHome(), 'newer.sqlite')
    const db = new Database(file)
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(() => Store.open(file)).toThrow(/newer than this build/)
  })

  it('stores samples as typed-array blobs and reads them back identically', () => {
    const s = Store.openHome(home)
    const id = s.datasets.create(meta, (insert) => {
      for (let i = 0; i < 10; i++) insert(sample(i, i % 3))
    })
    const d = s.datasets.get(id)
    expect(d.splits).toEqual({ train: 10 })
    expect(d.duration).toBe(9)
    const one = s.datasets.sample(id, 'train', 4)
    expect(Array.from(one.times)).toEqual([1, 2.5, 4])
    expect(Array.from(one.units)).toEqual([0, 3, 1])
    expect(one.label).toBe(1)
    const pts = s.datasets.points(id, 'train', 3)
    expect(pts.total).toBe(10)
    expect(Array.from(pts.labels)).toEqual([0, 1, 2])
    expect(pts.x[2]).toBeCloseTo(0.2, 6)
    s.close()
  })

  it('keeps nothing of a dataset whose writing fails', () => {
    const s = Store.openHome(home)
    const before = s.datasets.list().length
    expect(() =>
      s.datasets.create(meta, (insert) => {
        insert(sample(0))
        insert({ ...sample(1), label: 7 })
      })
    ).toThrow(/label 7 outside 0…2/)
    expect(() =>
      s.datasets.create(meta, (insert) => insert({ ...sample(0), units: Uint16Array.of(1) }))
    ).toThrow(/3 times but 1 units/)
    expect(s.datasets.list().length).toBe(before)
    const orphans = s.db.prepare('SELECT COUNT(*) AS n FROM samples WHERE dataset_id NOT IN (SELECT id FROM datasets)').get() as { n: number }
    expect(orphans.n).toBe(0)
    s.close()
  })

  it('never reuses the id of a deleted run or dataset', () => {
    const s = Store.open(join(tempHome(), 'ids.sqlite'))
    const run = () => s.runs.create({ name: 'r', preset: 'yinyang', datasetId: null, settings: {}, seed: 1, codeVersion: '0', backend: 'cpu' }).id
    const a = run(), b = run()
    expect(s.runs.remove(b)).toBe(true)
    expect(run()).toBe(b + 1)
    expect(a).toBe(b - 1)
    const d1 = s.datasets.create(meta, (insert) => insert(sample(0)))
    s.datasets.remove(d1)
    expect(s.datasets.create(meta, (insert) => insert(sample(0)))).toBe(d1 + 1)
    s.close()
  })

  it('removes a dataset with its samples', () => {
    const s = Store.openHome(home)
    const id = s.datasets.create(meta, (insert) => insert(sample(0)))
    expect(s.datasets.remove(id)).toBe(true)
    expect(s.datasets.remove(id)).toBe(false)
    expect(() => s.datasets.get(id)).toThrow(/does not exist/)
    const left = s.db.prepare('SELECT COUNT(*) AS n FROM samples WHERE dataset_id = ?').get(id) as { n: number }
    expect(left.n).toBe(0)
    s.close()
  })

  it('marks jobs of a dead process as failed and leaves a live one alone', () => {
    const s = Store.openHome(tempHome())
    const dead = s.jobs.create('generate-yinyang', 'dead', {})
    const alive = s.jobs.create('generate-yinyang', 'alive', {})
    s.db.prepare('UPDATE jobs SET pid = ?, state = ? WHERE id = ?').run(999_999_1, 'running', dead.id)
    s.db.prepare('UPDATE jobs SET pid = ?, state = ? WHERE id = ?').run(424_242, 'running', alive.id)
    expect(s.jobs.recoverOrphans((pid) => pid === 424_242)).toBe(1)
    expect(s.jobs.get(dead.id).state).toBe('failed')
    expect(s.jobs.get(dead.id).error).toMatch(/interrupted/)
    expect(s.jobs.get(alive.id).state).toBe('running')
    s.close()
  })
})
