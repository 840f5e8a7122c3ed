/**
 * A training run as a job: epochs of shuffled batches, validation, early stopping on the chosen
 * split, one checkpoint (with the optimiser and the shuffling RNG) committed with each epoch's
 * metrics, and a final test on the best checkpoint. Started again for the same run, it resumes
 * after the last committed epoch.
 */
import { z } from 'zod'
import { type MetricPoint, trainSettings } from '../../../preload/api'
import { epochOrder } from '../../data/batching'
import { Trainer } from '../../train/trainer'
import { chooseEngine } from '../engines'
import { compile } from '../../snn/model'
import { delayHistogram } from '../../train/delays'
import { Rng, deriveSeed } from '../../util/rng'
import type { Store } from '../../store/index'
import type { JobContext, JobDefinition } from './types'
import { type RunData, classIndex, runData, trainingBatch } from './train-data'
import { dataDrivenInit, scaleInputs } from '../../train/data-init'
import { describeActivity, layerActivity, layerVerdict, preflightProblems } from '../../train/preflight'
import { initParams } from '../../snn/init'
import type { SpikeSample } from '../../snn/cpu/network'
import { spaceSnapshot } from '../../space/analysis'
import { eiSnapshot } from '../../ei/run'
import { trainDcls } from './train-dcls'
import { evaluateSplit, finish } from './train-finish'

const params = z.object({ runId: z.number().int().positive() }).strict()
type Params = z.output<typeof params>

export const train: JobDefinition<Params> = {
  parse: (p) => params.parse(p),
  title: (p) => `Train run ${p.runId}`,
  async run({ runId }, ctx) {
    const { store } = ctx
    const settings = trainSettings.parse(store.runs.settings(runId))
    const data = runData(store, runId)
    if (data.train.size === 0) throw new Error(`run ${runId}: the training split is empty`)
    const ckpt = store.runs.checkpoint(runId, 'latest')
    if (settings.method === 'dcls') return trainDcls(runId, ctx, settings, data, ckpt)
    // a new run starts from its initialisation, checked before any engine is set up
    const initial = ckpt ? null : startingParams(runId, ctx, settings, data)
    const choice = await chooseEngine(compile(settings.network), settings.backend, settings.threads, settings.batchSize, ctx.batchWorkerFile)
    const batchesPerEpoch = Math.ceil(data.train.size / settings.batchSize)
    const trainer = new Trainer(settings, { ...(ckpt ? { params: ckpt.params, adam: ckpt.adam } : { params: initial! }), engine: choice.engine, batchesPerEpoch })
    try {
      ctx.log('info', choice.reason)
      return await trainRun(runId, ctx, settings, data, trainer, ckpt)
    } finally {
      await trainer.close()
    }
  }
}

type Settings = z.output<typeof trainSettings>
type Checkpoint = ReturnType<Store['runs']['checkpoint']>

/** Most doublings (or halvings) of a layer's input weights the pre-flight's rescale tries. */
const MAX_RESCALES = 8

/**
 * A new run's parameters: the preset's fixed initialisation or the data-driven one, then the
 * pre-flight check on the first training samples (stored with the run, shown in the Train view
 * and the CLI). A silent or saturated hidden layer stops the run here, or is rescaled, or only
 * warned about, as the settings ask.
 */
function startingParams(runId: number, ctx: JobContext, settings: Settings, data: RunData): Float64Array {
  const plan = compile(settings.network)
  const probe = data.train.range(0, Math.min(data.train.size, settings.init.data.samples))
  let params: Float64Array
  if (settings.init.mode === 'data') {
    const r = dataDrivenInit(plan, settings.init, settings.init.data, settings.seed, probe)
    for (const p of r.projections) {
      const prj = plan.projections[p.projection]!
      const drawn = p.detail ?? `weights Normal(${p.mean.toPrecision(3)}, ${p.sd.toPrecision(3)})`
      ctx.log(p.note ? 'warn' : 'info', `data-driven init: projection ${prj.pre} → ${prj.post}: presynaptic rate ${(1000 * p.rate).toFixed(0)} spikes/s, ${drawn}${p.note ? ` (${p.note})` : ''}`)
    }
    params = r.params
  } else params = initParams(plan, settings.init, settings.seed)
  if (settings.preflight === 'off') return params
  let layers = layerActivity(plan, params, probe)
  let problems = preflightProblems(layers)
  const factors = new Map<string, number>()
  for (let round = 0; settings.preflight === 'rescale' && problems.length && round < MAX_RESCALES; round++) {
    for (const l of layers) {
      const verdict = layerVerdict(l)
      if (!verdict) continue
      const f = verdict === 'saturated' ? 0.5 : 2
      scaleInputs(plan, params, l.population, f)
      factors.set(l.layer, (factors.get(l.layer) ?? 1) * f)
    }
    layers = layerActivity(plan, params, probe)
    problems = preflightProblems(layers)
  }
  const rescaled = [...factors].map(([layer, f]) => `input weights of ${layer} ×${f}`)
  for (const l of layers) ctx.log('info', `pre-flight on ${probe.length} samples: ${describeActivity(l)}`)
  if (rescaled.length) ctx.log('warn', `pre-flight rescaled ${rescaled.join(', ')}`)
  ctx.store.runs.setPreflight(runId, { samples: probe.length, layers, problems, rescaled })
  ctx.emit('runs.changed', { id: runId })
  if (problems.length === 0) return params
  const message = `pre-flight check: ${problems.join('; ')}`
  if (settings.preflight === 'warn') {
    ctx.log('warn', message)
    return params
  }
  throw new Error(`${message}. Try the data-driven initialisation (init.mode = data), preflight = rescale, or other input weights (init.weight.input)`)
}

async function trainRun(runId: number, ctx: JobContext, settings: Settings, data: RunData, trainer: Trainer, ckpt: Checkpoint) {
  const { store } = ctx
  const rng = ckpt ? Rng.fromState(ckpt.state.rng) : new Rng(deriveSeed(settings.seed, 1))
  let best = ckpt?.state.bestAccuracy ?? -1
  let sinceBest = ckpt?.state.sinceBest ?? 0
  const start = ckpt ? ckpt.epoch + 1 : 0
  store.runs.setState(runId, 'running')
  store.runs.setBackend(runId, trainer.engine.name)
  ctx.emit('runs.changed', { id: runId })
  ctx.log('info', `training on ${trainer.engine.name}`)
  if (ckpt) ctx.log('info', `resuming run ${runId} after epoch ${ckpt.epoch}`)
  const t0 = Date.now()
  const B = settings.batchSize
  const batches = Math.ceil(data.train.size / B)
  const byClass = classIndex(data.train.labels)
  // long epochs also report a few times within the epoch
  const reportEvery = batches >= 40 ? Math.ceil(batches / 4) : Infinity
  const emit = (epoch: number, m: Omit<MetricPoint, 'epoch'>): void => ctx.emit('run.metrics', { runId, epoch, ...m })
  let stoppedEarly = false

  for (let epoch = start; epoch < settings.epochs; epoch++) {
    trainer.startEpoch(epoch)
    const order = epochOrder(data.train.labels, settings.data.stratified, rng)
    // augmentations draw from their own stream per epoch, so a resumed run repeats them exactly
    const augRng = new Rng(deriveSeed(settings.seed, 1000 + epoch))
    let loss = 0, correct = 0, seen = 0, spikes = 0
    const e0 = performance.now()
    let peakRss = process.memoryUsage().rss, kept: number | null = null
    const load = (b: number): SpikeSample[] => trainingBatch(data.train, order.slice(b * B, (b + 1) * B), settings.data.augment, data.channels, augRng, byClass)
    let next = batches > 0 ? load(0) : []
    for (let b = 0; b < batches; b++) {
      ctx.cancel.throwIfCancelled()
      // the next batch is read from the store while worker threads compute this one
      const pending = trainer.trainBatch(next)
      if (b + 1 < batches) next = load(b + 1)
      const r = await pending
      peakRss = Math.max(peakRss, process.memoryUsage().rss)
      if (trainer.engine.keptBytes !== undefined) kept = Math.max(kept ?? 0, trainer.engine.keptBytes)
      loss += r.loss; correct += r.correct; seen += r.count; spikes += r.hiddenSpikes
      ctx.progress((epoch + (b + 1) / batches) / settings.epochs, `epoch ${epoch + 1}/${settings.epochs}, batch ${b + 1}/${batches}`)
      if ((b + 1) % reportEvery === 0 && b + 1 < batches) {
        const partial = { split: 'train' as const, loss: loss / seen, accuracy: correct / seen }
        store.runs.saveMetric(runId, epoch + (b + 1) / batches, partial)
        emit(epoch + (b + 1) / batches, partial)
      }
    }
    const seconds = (performance.now() - e0) / 1000
    const silent = await trainer.endEpoch()
    const rewire = trainer.rewireCounts()
    const connectivity = trainer.connectivity()
    for (const c of connectivity)
      if (c.disconnected.length)
        ctx.log('warn', `epoch ${epoch + 1}: rewiring left ${c.disconnected.length} neuron${c.disconnected.length === 1 ? '' : 's'} of population ${c.post} without any input from population ${c.pre} (${c.disconnected.slice(0, 12).join(', ')}${c.disconnected.length > 12 ? ', …' : ''})`)
    if (rewire) ctx.log('info', `epoch ${epoch + 1}: rewiring removed ${rewire.removed} and regrew ${rewire.regrown} synapses${rewire.clipped ? `; ${rewire.clipped} Dale weights clipped at 0` : ''}`)
    const points: (Omit<MetricPoint, 'epoch'> & { extra?: unknown })[] = [{
      split: 'train', loss: loss / seen, accuracy: correct / seen,
      extra: {
        spikesPerSample: spikes / seen, silent, delays: delayHistogram(trainer.plan, trainer.params), seconds, rssMb: peakRss / 2 ** 20, activationsMb: kept === null ? null : kept / 2 ** 20,
        ...(rewire ? { rewire, connectivity: connectivity.map((c) => ({ ...c, disconnected: c.disconnected.length })) } : {})
      }
    }]
    if (data.validation.size) {
      const v = await evaluateSplit(trainer, data.validation)
      points.push({ split: 'validation', loss: v.loss / v.count, accuracy: v.correct / v.count })
    }
    const watched = points.find((p) => p.split === settings.earlyStop.split) ?? points[0]!
    const isBest = watched.accuracy > best
    if (isBest) { best = watched.accuracy; sinceBest = 0 } else sinceBest++
    store.runs.saveEpoch(runId, epoch, points, {
      epoch, params: trainer.params, adam: trainer.adam.state, state: { rng: rng.getState(), bestAccuracy: best, sinceBest }
    }, isBest, spaceSnapshot(trainer.plan, trainer.params) ?? undefined, eiSnapshot(trainer.plan, trainer.params) ?? undefined)
    for (const p of points) emit(epoch + 1, { split: p.split, loss: p.loss, accuracy: p.accuracy })
    ctx.log('info', `epoch ${epoch + 1}: ${points.map((p) => `${p.split} loss ${p.loss.toFixed(4)} accuracy ${(100 * p.accuracy).toFixed(2)}%`).join(', ')}`)
    if (sinceBest >= settings.earlyStop.patience) {
      stoppedEarly = true
      ctx.log('info', `stopping early: no better ${settings.earlyStop.split} accuracy for ${sinceBest} epochs`)
      break
    }
  }
  return finish(ctx, runId, trainer, data, stoppedEarly, (Date.now() - t0) / 1000)
}

