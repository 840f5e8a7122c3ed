import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import type { AugmentPreview, DatasetStats, Handlers } from '../../preload/api'
import { blend, dilate, shift } from '../data/augment'
import { Rng } from '../util/rng'
import type { ApiContext } from './context'

type DatasetHandlers = Pick<
  Handlers,
  | 'datasets.list' | 'datasets.get' | 'datasets.points' | 'datasets.sample' | 'datasets.generateYinYang' | 'datasets.remove'
  | 'datasets.generateSynthetic' | 'datasets.generateShdLike' | 'datasets.import' | 'datasets.upload' | 'datasets.pickFiles' | 'datasets.stats' | 'datasets.augment'
>

export function datasetHandlers({ home, store, jobs, bus, pickFiles }: ApiContext): DatasetHandlers {
  const uploads = join(home, 'uploads')
  return {
    'datasets.list': () => store.datasets.list(),
    'datasets.get': ({ id }) => store.datasets.get(id),
    'datasets.points': ({ id, split, limit }) => store.datasets.points(id, split, limit),
    'datasets.sample': ({ id, split, index }) => store.datasets.sample(id, split, index),
    'datasets.generateYinYang': (params) => jobs.submit('generate-yinyang', params),
    'datasets.generateSynthetic': (params) => jobs.submit('generate-synthetic', params),
    'datasets.generateShdLike': (params) => jobs.submit('generate-shd-like', params),
    'datasets.import': (params) => {
      for (const p of params.paths) {
        if (!isAbsolute(p)) throw new Error(`${p}: give an absolute path`)
        if (!existsSync(p)) throw new Error(`${p}: no such file or folder`)
      }
      return jobs.submit('import-dataset', params)
    },
    'datasets.upload': ({ uploadId, name, offset, bytes }) => {
      const id = uploadId ?? randomBytes(8).toString('hex')
      const dir = join(uploads, id)
      mkdirSync(dir, { recursive: true })
      const path = join(dir, name)
      const size = existsSync(path) ? statSync(path).size : 0
      // append only: a chunk must start where the file ends (no holes, no overwrites)
      if (offset !== size) throw new Error(`upload ${id}/${name}: chunk at byte ${offset}, but ${size} bytes are there`)
      const fd = openSync(path, offset === 0 ? 'w' : 'a')
      try {
        writeSync(fd, bytes)
      } finally {
        closeSync(fd)
      }
      return { uploadId: id, path, size: size + bytes.length }
    },
    'datasets.pickFiles': async ({ folder }) => (pickFiles ? { available: true, paths: await pickFiles(folder) } : { available: false, paths: null }),
    'datasets.stats': ({ id, split, limit }): DatasetStats => {
      const d = store.datasets.get(id)
      const labels = store.datasets.labels(id, split)
      const classCounts = new Array<number>(d.numClasses).fill(0)
      for (const l of labels) classCounts[l]!++
      const samples = store.datasets.samplesRange(id, split, 0, limit)
      const rates = new Float32Array(d.numChannels)
      let total = 0, max = 0
      for (const s of samples) {
        for (const u of s.units) if (u < rates.length) rates[u]!++
        total += s.units.length
        max = Math.max(max, s.units.length)
      }
      if (samples.length) for (let c = 0; c < rates.length; c++) rates[c]! /= samples.length
      return { datasetId: id, split, classCounts, sampled: samples.length, spikesPerSample: { mean: samples.length ? total / samples.length : 0, max }, rates }
    },
    'datasets.augment': ({ id, split, index, kind, amount, seed }): AugmentPreview => {
      const d = store.datasets.get(id)
      const original = store.datasets.sample(id, split, index)
      const rng = new Rng(seed)
      if (kind === 'shift') return { original, augmented: shift(original, Math.max(1, Math.round(amount)), d.numChannels, rng), partner: null }
      if (kind === 'dilate') return { original, augmented: dilate(original, Math.min(amount, 0.9), rng), partner: null }
      const labels = store.datasets.labels(id, split)
      const same = [...labels.keys()].filter((i) => labels[i] === original.label && i !== index)
      if (!same.length) throw new Error(`dataset ${id} has no other ${split} sample of class ${original.label} to blend with`)
      const partner = same[rng.int(same.length)]!
      const other = store.datasets.sample(id, split, partner)
      return { original, augmented: blend(original, other, Math.min(Math.max(amount, 0.01), 1), d.numChannels, rng), partner }
    },
    'datasets.remove': ({ id }) => {
      const removed = store.datasets.remove(id)
      if (removed) bus.emit('datasets.changed', { reason: 'removed', id })
      return { removed }
    }
  }
}
