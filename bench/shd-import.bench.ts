/**
 * Importing a full-size SHD training file and streaming batches from the cache. The file is made
 * by scripts/fixtures/shd.py in the official layout: 8156 samples, 700 channels, about 4000
 * spikes per sample (log-normal), times as float16 like the published file. Reports import time
 * and rate, peak RSS, cache size against file size, and the rate at which shuffled batches of 32
 * come out of SQLite (to compare with training, ~87 samples/s for the SHD-size network).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'vitest'
import { epochOrder } from '../main/data/batching'
import { writeShdFixture } from '../main/import/fixtures'
import { openImport, writeImport } from '../main/import/index'
import { Store } from '../main/store/index'
import { CancelFlag } from '../main/util/cancel'
import { Rng } from '../main/util/rng'
import { figure, measureAsync, measure } from './report'

it('SHD-size import and batch streaming', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'axonal-bench-'))
  try {
    const file = join(dir, 'shd_train.h5')
    const t0 = performance.now()
    // SHD_SAMPLES=24468 (3×) checks that import memory does not grow with the file
    writeShdFixture(file, { samples: Number(process.env.SHD_SAMPLES ?? 8156), spikes: 4000, seed: 11, sidecar: false })
    figure('fixture written (h5py, not part of the import)', (performance.now() - t0) / 1000, 's')
    const fileMb = statSync(file).size / 2 ** 20
    const dbFile = join(dir, 'axonal.sqlite')
    const store = Store.open(dbFile)
    const baseMb = process.memoryUsage().rss / 2 ** 20
    const run = await measureAsync(async () => {
      const imp = await openImport([file], 'shd')
      try {
        return await writeImport(store, imp, { cancel: new CancelFlag(), progress: () => {} })
      } finally {
        imp.dispose()
      }
    })
    store.db.pragma('wal_checkpoint(TRUNCATE)')
    const cacheMb = (statSync(dbFile).size + (existsSync(`${dbFile}-wal`) ? statSync(`${dbFile}-wal`).size : 0)) / 2 ** 20
    const id = run.result.datasetId
    let spikes = 0
    for (let start = 0; start < run.result.samples; start += 1024) for (const s of store.datasets.samplesRange(id, 'train', start, 1024)) spikes += s.times.length
    figure('samples imported', run.result.samples, 'samples')
    figure('spikes per sample', spikes / run.result.samples, 'spikes')
    figure('import time', run.seconds, 's')
    figure('import rate', run.result.samples / run.seconds, 'samples/s')
    figure('RSS before the import', baseMb, 'MB')
    figure('import peak RSS', run.peakRssMb, 'MB')
    figure('HDF5 file size', fileMb, 'MB')
    figure('cache size (SQLite)', cacheMb, 'MB')
    figure('cache / file', cacheMb / fileMb, '×')

    const labels = store.datasets.labels(id, 'train')
    const stream = measure(() => {
      let n = 0
      for (const stratified of [false, true]) {
        const order = epochOrder(labels, stratified, new Rng(1))
        for (let b = 0; b < order.length; b += 32) n += store.datasets.samplesAt(id, 'train', order.slice(b, b + 32)).length
      }
      return n
    })
    figure('batch streaming (shuffled and stratified epochs, batch 32)', stream.result / stream.seconds, 'samples/s')
    figure('batch streaming peak RSS', stream.peakRssMb, 'MB')
    store.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
