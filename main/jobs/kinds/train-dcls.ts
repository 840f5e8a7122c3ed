/**
 * A DCLS run (settings.method = 'dcls') as the training job runs it: the same epochs of shuffled
 * batches, checkpoints with the optimiser and the shuffling state, validation, early stopping and
 * final test as an EventProp run (train.ts), with main/train/dcls-trainer.ts doing the passes.
 * Each epoch records its wall time, the peak RSS sampled during it and the activations BPTT kept.
 */
import type { z } from 'zod'
import type { MetricPoint, trainSettings } from '../../../preload/api'
import { epochOrder } from '../../data/batching'
import { DclsTrainer } from '../../train/dcls-trainer'
import { SIGMA_OFFSET } from '../../snn/dcls/kernel'
import { DELAY_BINS } from '../../train/delays'
import { Rng, deriveSeed } from '../../util/rng'
import type { Store } from '../../store/index'
import type { JobContext } from './types'
import { type RunData, classIndex, trainingBatch } from './train-data'
import { evaluateSplit, finish } from './train-finish'

type Settings = z.output<typeof trainSettings>
type Checkpoint = ReturnType<Store['runs']['checkpoint']>

export async function trainDcls(runId: number, ctx: JobContext, settings: Settings, data: RunData, ckpt: Checkpoint) {
  const { store } = ctx
  if (settings.backend === 'gpu') throw new Error('the DCLS method runs on the CPU in this version: set backend to cpu or auto')
  const batches = Math.ceil(data.train.size / settings.batchSize)
  const trainer = new DclsTrainer({ network: settings.network, dcls: settings.dcls, seed: settings.seed, epochs: settings.epochs, lr: settings.lr }, batches,
    ckpt ? { params: ckpt.params, adam: ckpt.adam } : {})
  const rng = ckpt ? Rng.fromState(ckpt.state.rng) : new Rng(deriveSeed(settings.seed, 1))
  let best = ckpt?.state.bestAccuracy ?? -1
  let sinceBest = ckpt?.state.sinceBest ?? 0
  const start = ckpt ? ckpt.epoch + 1 : 0
  store.runs.setState(runId, 'running')
  store.runs.setBackend(runId, 'cpu (DCLS, BPTT)')
  ctx.emit('runs.changed', { id: runId })
  const { plan } = trainer
  ctx.log('info', `DCLS: ${plan.inputs} inputs${settings.dcls.channelPool > 1 ? ` (${settings.dcls.channelPool} channels pooled)` : ''} → ${plan.layers.map((l) => l.nOut).join(' → ')}, ${plan.K} taps of ${settings.network.dt} ms, ${plan.paramCount} parameters; BPTT on the CPU`)
  if (ckpt) ctx.log('info', `resuming run ${runId} after epoch ${ckpt.epoch}`)
  const t0 = Date.now()
  const B = settings.batchSize
  const byClass = classIndex(data.train.labels)
  const emit = (epoch: number, m: Omit<MetricPoint, 'epoch'>): void => ctx.emit('run.metrics', { runId, epoch, ...m })
  let stoppedEarly = false
  for (let epoch = start; epoch < settings.epochs; epoch++) {
    trainer.startEpoch(epoch)
    const order = epochOrder(data.train.labels, settings.data.stratified, rng)
    const augRng = new Rng(deriveSeed(settings.seed, 1000 + epoch))
    let loss = 0, correct = 0, seen = 0, spikes = 0
    const e0 = performance.now()
    let peakRss = process.memoryUsage().rss, kept = 0
    for (let b = 0; b < batches; b++) {
      ctx.cancel.throwIfCancelled()
      const batch = trainingBatch(data.train, order.slice(b * B, (b + 1) * B), settings.data.augment, data.channels, augRng, byClass)
      const r = await trainer.trainBatch(batch)
      kept = Math.max(kept, trainer.net.keptBytes)
      peakRss = Math.max(peakRss, process.memoryUsage().rss)
      loss += r.loss; correct += r.correct; seen += r.count; spikes += r.hiddenSpikes
      ctx.progress((epoch + (b + 1) / batches) / settings.epochs, `epoch ${epoch + 1}/${settings.epochs}, batch ${b + 1}/${batches}`)
    }
    const seconds = (performance.now() - e0) / 1000
    const points: (Omit<MetricPoint, 'epoch'> & { extra?: unknown })[] = [{
      split: 'train', loss: loss / seen, accuracy: correct / seen,
      extra: { spikesPerSample: spikes / seen, silent: 0, delays: histogram(trainer.delaysMs(), settings.network.maxDelay), seconds, rssMb: peakRss / 2 ** 20, activationsMb: kept / 2 ** 20, sigma: trainer.sigma(epoch) }
    }]
    if (data.validation.size) {
      const v = await evaluateSplit(trainer, data.validation)
      points.push({ split: 'validation', loss: v.loss / v.count, accuracy: v.correct / v.count })
    }
    const watched = points.find((p) => p.split === settings.earlyStop.split) ?? points[0]!
    const isBest = watched.accuracy > best
    if (isBest) { best = watched.accuracy; sinceBest = 0 } else sinceBest++
    store.runs.saveEpoch(runId, epoch, points, { epoch, params: trainer.params, adam: trainer.adam, state: { rng: rng.getState(), bestAccuracy: best, sinceBest } }, isBest)
    for (const p of points) emit(epoch + 1, { split: p.split, loss: p.loss, accuracy: p.accuracy })
    ctx.log('info', `epoch ${epoch + 1}: ${points.map((p) => `${p.split} loss ${p.loss.toFixed(4)} accuracy ${(100 * p.accuracy).toFixed(2)}%`).join(', ')} (${seconds.toFixed(1)} s, σ ${(Math.abs(trainer.sigma(epoch)) + SIGMA_OFFSET).toFixed(2)} taps)`)
    if (sinceBest >= settings.earlyStop.patience) {
      stoppedEarly = true
      ctx.log('info', `stopping early: no better ${settings.earlyStop.split} accuracy for ${sinceBest} epochs`)
      break
    }
  }
  return finish(ctx, runId, trainer, data, stoppedEarly, (Date.now() - t0) / 1000, ', integer delays')
}

function histogram(delays: Float64Array, max: number): number[] {
  const counts = new Array<number>(DELAY_BINS).fill(0)
  for (const d of delays) counts[Math.min(DELAY_BINS - 1, Math.floor((d / Math.max(max, 1e-9)) * DELAY_BINS))]!++
  return counts
}
