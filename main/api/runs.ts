import { version } from '../../package.json'
import { type Handlers, type RunDetail, type RunRaster, type Split, trainSettings } from '../../preload/api'
import { sequencePatterns } from '../data/sequence'
import { DELAY_BINS, delayEdges } from '../train/delays'
import { PRESETS, fitToDuration, preset, withOverrides } from '../train/presets'
import { Trainer } from '../train/trainer'
import { compile } from '../snn/model'
import type { ApiContext } from './context'

type RunHandlers = Pick<Handlers, 'presets.list' | 'runs.list' | 'runs.get' | 'runs.start' | 'runs.resume' | 'runs.remove' | 'runs.raster'>

export function runHandlers({ store, jobs, bus }: ApiContext): RunHandlers {
  const submit = (runId: number) => {
    const job = jobs.submit('train', { runId })
    store.runs.setJob(runId, job.id)
    bus.emit('runs.changed', { id: runId })
    return { run: store.runs.get(runId), job }
  }
  return {
    'presets.list': () => PRESETS,
    'runs.list': () => store.runs.list(),
    'runs.get': ({ id }) => runDetail(store, id),
    'runs.start': ({ preset: presetId, datasetId, name, overrides }) => {
      const { p, settings, dataset } = prepareRun(store, presetId, datasetId, overrides)
      const run = store.runs.create({
        name: name ?? `${p.title} (seed ${settings.seed})`, preset: p.id, datasetId: dataset, settings,
        seed: settings.seed, codeVersion: version, backend: 'cpu'
      })
      return submit(run.id)
    },
    'runs.resume': ({ id }) => {
      const run = store.runs.get(id)
      if (run.state !== 'failed' && run.state !== 'cancelled')
        throw new Error(`run ${id} is ${run.state}; only a failed or cancelled run can be resumed`)
      return submit(id)
    },
    'runs.remove': ({ id }) => {
      const run = store.runs.get(id)
      if (run.state === 'running' || run.state === 'queued') throw new Error(`run ${id} is ${run.state}; cancel it first`)
      const removed = store.runs.remove(id)
      bus.emit('runs.changed', { id })
      return { removed }
    },
    'runs.raster': ({ id, split, index }) => runRaster(store, id, split, index)
  }
}

/** A run with its metrics, delay histograms over epochs and activity, as the Train view shows it. */
export function runDetail(store: ApiContext['store'], id: number): RunDetail {
  const d = store.runs.detail(id)
  const plan = compile(d.settings.network)
  const delayHistograms = d.extras.flatMap((e) => {
    const h = (e.extra as { delays?: number[] | null }).delays
    return h && h.length === DELAY_BINS ? [{ epoch: e.epoch, counts: h }] : []
  })
  const hidden = plan.populations.reduce((s, p, i) => s + (p.kind === 'lif' && i !== plan.outputPop ? p.size : 0), 0)
  const activity = d.extras.flatMap((e) => {
    const x = e.extra as { spikesPerSample?: number; silent?: number }
    return typeof x.spikesPerSample === 'number' ? [{ epoch: e.epoch, spikesPerSample: x.spikesPerSample, silent: hidden ? (x.silent ?? 0) / hidden : 0 }] : []
  })
  const cost = d.extras.flatMap((e) => {
    const x = e.extra as { seconds?: number; rssMb?: number; activationsMb?: number | null }
    return typeof x.seconds === 'number' ? [{ epoch: e.epoch, seconds: x.seconds, rssMb: x.rssMb ?? NaN, keptMb: x.activationsMb ?? null }] : []
  })
  const { extras: _extras, ...rest } = d
  return { ...rest, delayHistograms, delayEdges: delayEdges(plan), activity, cost }
}

/** One sample of a split through every layer of a run's best (or latest) checkpoint. */
export function runRaster(store: ApiContext['store'], id: number, split: Split, index: number): RunRaster {
  const run = store.runs.get(id)
  const settings = trainSettings.parse(store.runs.settings(id))
  if (settings.method === 'dcls') throw new Error(`run ${id} was trained with DCLS: its spikes are not drawn per sample (its metrics, delays, wall time and memory are)`)
  const ckpt = store.runs.checkpoint(id, 'best') ?? store.runs.checkpoint(id, 'latest')
  if (!ckpt) throw new Error(`run ${id} has no checkpoint yet`)
  const sample = rasterSample(store, run.datasetId, run.preset, split, index)
  const trainer = new Trainer(settings, { params: ckpt.params })
  const f = trainer.inspect(sample)
  const names = ['input', ...settings.network.hidden.map((_, i) => `hidden ${i + 1}`), 'output']
  return {
    runId: id, label: f.label, prediction: f.prediction, dt: settings.network.dt, steps: settings.network.steps,
    // LI outputs do not spike: they are shown by their voltage traces
    layers: f.tapes.filter((_, p) => trainer.plan.populations[p]!.kind !== 'li').map((t, p) => ({
      name: names[p]!, size: trainer.plan.populations[p]!.size,
      steps: t.steps.slice(0, t.length), neurons: t.neurons.slice(0, t.length)
    })),
    outputVoltage: f.outputVoltage ?? new Float32Array(0),
    classNames: run.datasetId === null
      ? Array.from({ length: trainer.plan.populations[trainer.plan.outputPop]!.size }, (_, k) => `class ${k}`)
      : store.datasets.get(run.datasetId).classNames
  }
}

/**
 * Dataset kinds whose input channels carry signed values, and how: Dale's principle on the
 * projection from them would make a value's sign part of the weight's.
 */
const SIGNED_INPUTS: Partial<Record<string, string>> = {
  synthetic: 'encodes signed features, channel i the positive and channel dims + i the negative part of feature i'
}

/** A run's validated settings: the preset with the overrides, sized to the dataset it trains on. */
export function prepareRun(store: ApiContext['store'], presetId: string, datasetId: number | undefined, overrides: Record<string, number | string | boolean>) {
  const p = preset(presetId)
  const settings = withOverrides(p.settings, overrides)
  let dataset: number | null = null
  if (p.dataset !== 'sequence') {
    if (datasetId === undefined) throw new Error(`preset ${p.id} trains on a ${p.accepts.join(' or ')} dataset: choose one`)
    const d = store.datasets.get(datasetId)
    if (!p.accepts.includes(d.kind)) throw new Error(`preset ${p.id} trains on ${p.accepts.join(' or ')} data, but dataset ${d.id} is ${d.kind}`)
    // inputs and outputs are properties of the data, not hyperparameters
    settings.network.inputs = d.numChannels
    settings.network.output.size = d.numClasses
    if (p.dataset === 'any') fitToDuration(settings, d.duration, (path) => path in overrides)
    const first = settings.network.hidden[0]?.inputConn ?? settings.network.output.conn
    if (first?.dale && SIGNED_INPUTS[d.kind])
      throw new Error(`dataset ${d.id} (${d.kind}) ${SIGNED_INPUTS[d.kind]}: Dale's principle cannot give its input channels one sign each. Turn off ${settings.network.hidden.length ? 'network.hidden.0.inputConn.dale' : 'network.output.conn.dale'}`)
    dataset = d.id
  }
  return { p, settings: trainSettings.parse(settings), dataset }
}

function rasterSample(store: ApiContext['store'], datasetId: number | null, presetId: string, split: Split, index: number) {
  if (presetId === 'sequence') {
    const p = sequencePatterns()
    const s = p[index]
    if (!s) throw new Error(`the sequence task has ${p.length} patterns`)
    return s
  }
  if (datasetId === null) throw new Error('the run\'s dataset was deleted')
  return store.datasets.sample(datasetId, split, index)
}
