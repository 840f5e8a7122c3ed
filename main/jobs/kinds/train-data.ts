/**
 * Where a training run's samples come from: its dataset's splits, streamed from SQLite a batch at
 * a time (only labels stay in memory; small splits are read whole), or the sequence task's patterns. Augmentations of the
 * training samples are applied here, per batch, from a seeded RNG.
 */
import type { Split, TrainSettingsInput } from '../../../preload/api'
import { blend, dilate, shift } from '../../data/augment'
import { sequencePatterns } from '../../data/sequence'
import type { SpikeSample } from '../../snn/cpu/network'
import type { Store } from '../../store/index'
import type { Rng } from '../../util/rng'

export interface SplitSource {
  size: number
  labels: Int32Array
  at(indices: readonly number[]): SpikeSample[]
  range(start: number, count: number): SpikeSample[]
}

export type RunData = Record<Split, SplitSource> & { channels: number }

/** Splits whose stored spikes take at most this many bytes are held in memory; larger ones are streamed. */
const IN_MEMORY_BYTES = 8 * 2 ** 20

function memory(samples: SpikeSample[]): SplitSource {
  return {
    size: samples.length,
    labels: Int32Array.from(samples, (s) => s.label),
    at: (idx) => idx.map((i) => samples[i]!),
    range: (start, count) => samples.slice(start, start + count)
  }
}

export function runData(store: Store, runId: number, inMemoryBytes = IN_MEMORY_BYTES): RunData {
  const run = store.runs.get(runId)
  if (run.preset === 'sequence') {
    const p = memory(sequencePatterns())
    return { train: p, validation: p, test: p, channels: 4 }
  }
  if (run.datasetId === null) throw new Error(`run ${runId}: its dataset was deleted`)
  const id = run.datasetId
  const d = store.datasets
  const split = (s: Split): SplitSource => {
    // a small split (Yin-Yang's) is read once: a query per sample would cost more than its pass
    if (d.storedBytes(id, s) <= inMemoryBytes) return memory(d.spikes(id, s))
    const labels = d.labels(id, s)
    return { size: labels.length, labels, at: (idx) => d.samplesAt(id, s, idx), range: (start, count) => d.samplesRange(id, s, start, count) }
  }
  return { train: split('train'), validation: split('validation'), test: split('test'), channels: d.get(id).numChannels }
}

type Augment = NonNullable<TrainSettingsInput['data']>['augment']

/** A training batch: the samples at `indices`, augmented, plus blended extras of the same classes. */
export function trainingBatch(src: SplitSource, indices: readonly number[], aug: Augment, channels: number, rng: Rng, byClass: Map<number, number[]>): SpikeSample[] {
  let batch = src.at(indices)
  if (aug.blend > 0) {
    const extra = Math.round(aug.blend * indices.length)
    const partners: number[] = [], firsts: SpikeSample[] = []
    for (let k = 0; k < extra; k++) {
      const a = batch[rng.int(batch.length)]!
      const same = byClass.get(a.label)!
      partners.push(same[rng.int(same.length)]!)
      firsts.push(a)
    }
    const seconds = src.at(partners)
    batch = batch.concat(firsts.map((a, k) => ({ ...blend(toSpikes(a), toSpikes(seconds[k]!), aug.blendKeep, channels, rng), label: a.label })))
  }
  if (aug.shift > 0) batch = batch.map((s) => ({ ...shift(toSpikes(s), aug.shift, channels, rng), label: s.label }))
  if (aug.dilate > 0) batch = batch.map((s) => ({ ...dilate(toSpikes(s), aug.dilate, rng), label: s.label }))
  return batch
}

function toSpikes(s: SpikeSample): { times: Float32Array; units: Uint16Array } {
  return { times: Float32Array.from(s.times), units: Uint16Array.from(s.units) }
}

export function classIndex(labels: Int32Array): Map<number, number[]> {
  const m = new Map<number, number[]>()
  labels.forEach((l, i) => m.set(l, [...(m.get(l) ?? []), i]))
  return m
}
