/**
 * A run's samples held in memory (small splits) or streamed from SQLite a batch at a time (large
 * ones) must be the same samples: same sizes, labels, spikes at shuffled indices and ranges.
 */
import { expect, it } from 'vitest'
import { Store } from '../../store/index'
import { tempHome } from '../../testing/tmp'
import { Rng } from '../../util/rng'
import { runData } from './train-data'

it('reads the same samples whether a split is held in memory or streamed', () => {
  const store = Store.openHome(tempHome())
  const rng = new Rng(4)
  const id = store.datasets.create({ name: 'tiny', kind: 'yinyang', params: {}, numChannels: 5, numClasses: 3, classNames: ['a', 'b', 'c'] }, (insert) => {
    for (const split of ['train', 'validation', 'test'] as const)
      for (let idx = 0; idx < 40; idx++) {
        const n = 1 + rng.int(6)
        const times = Float32Array.from({ length: n }, (_, k) => k * 3 + rng.uniform()), units = Uint16Array.from({ length: n }, () => rng.int(5))
        insert({ split, idx, label: rng.int(3), times, units })
      }
  })
  const run = store.runs.create({ name: 'r', preset: 'yinyang', datasetId: id, settings: {}, seed: 1, codeVersion: 'test', backend: 'cpu' })
  expect(store.datasets.storedBytes(id, 'train')).toBeGreaterThan(0)
  const held = runData(store, run.id), streamed = runData(store, run.id, 0)
  const plain = (ss: { times: ArrayLike<number>; units: ArrayLike<number>; label: number }[]) => ss.map((s) => ({ label: s.label, times: Array.from(s.times), units: Array.from(s.units) }))
  for (const split of ['train', 'validation', 'test'] as const) {
    expect(held[split].size).toBe(40)
    expect(streamed[split].size).toBe(40)
    expect(Array.from(held[split].labels)).toEqual(Array.from(streamed[split].labels))
    const idx = [7, 3, 39, 0, 22, 3]
    expect(plain(held[split].at(idx))).toEqual(plain(streamed[split].at(idx)))
    expect(plain(held[split].range(10, 12))).toEqual(plain(streamed[split].range(10, 12)))
    expect(plain(held[split].range(35, 10))).toHaveLength(5)
  }
  expect(held.channels).toBe(5)
  store.close()
})
